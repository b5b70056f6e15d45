/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Synchronous fault signals caught by handlers: si_addr and si_code of
 * SIGSEGV (ACCERR/MAPERR) and SIGBUS, fixing the fault and returning,
 * siglongjmp out of a handler, and traps.
 */
#include "tests.h"
#include <fcntl.h>
#include <setjmp.h>
#include <sys/mman.h>

static sigjmp_buf jb;
static volatile int got_sig, got_code, addr_ok, fix;
static void *volatile expect_addr;
static long pagesz;

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got_sig = sig;
	got_code = si->si_code;
	addr_ok = si->si_addr == expect_addr;
	if (fix) {
		/* make the page writable and let the store run again */
		mprotect((void *)((unsigned long)si->si_addr & ~(pagesz - 1)),
			 pagesz, PROT_READ | PROT_WRITE);
		return;
	}
	siglongjmp(jb, 1);
}

static const char *code_name(int sig, int code)
{
	if (sig == SIGSEGV && code == SEGV_MAPERR)
		return "SEGV_MAPERR";
	if (sig == SIGSEGV && code == SEGV_ACCERR)
		return "SEGV_ACCERR";
	if (sig == SIGBUS && code == BUS_ADRERR)
		return "BUS_ADRERR";
	if (code == SI_KERNEL)
		return "SI_KERNEL";
	return "other";
}

static void report(const char *what)
{
	printf("%s: %s %s, si_addr %s\n", what, t_signame(got_sig),
	       code_name(got_sig, got_code), addr_ok ? "matches" : "differs");
}

int main(void)
{
	struct sigaction sa;
	volatile char *volatile p;
	char *dir, path[4200];
	int fd;

	t_init();
	pagesz = sysconf(_SC_PAGESIZE);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
	sigaction(SIGTRAP, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);

	/* Write to a read-only page; the handler fixes it and returns. */
	p = mmap(NULL, pagesz, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		t_fatal("mmap");
	expect_addr = (void *)(p + 100);
	fix = 1;
	p[100] = 42;
	fix = 0;
	report("write to read-only page");
	check(p[100] == 42, "store completed after the handler fixed the page");

	/* Read from PROT_NONE. */
	mprotect((void *)p, pagesz, PROT_NONE);
	expect_addr = (void *)(p + 8);
	if (sigsetjmp(jb, 1) == 0) {
		(void)p[8];
		printf("read from PROT_NONE did not fault\n");
	}
	report("read from PROT_NONE page");

	/* Access after munmap. */
	munmap((void *)p, pagesz);
	expect_addr = (void *)(p + 16);
	if (sigsetjmp(jb, 1) == 0) {
		p[16] = 1;
		printf("write to unmapped page did not fault\n");
	}
	report("write to unmapped page");

	/* SIGBUS: mapping beyond the end of a file. */
	dir = t_tmpdir();
	snprintf(path, sizeof(path), "%s/small", dir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, "abc", 3) != 3)
		t_fatal("create file");
	p = mmap(NULL, 2 * pagesz, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		t_fatal("mmap file");
	check(p[0] == 'a' && p[2] == 'c', "file mapping readable");
	expect_addr = (void *)(p + pagesz);
	if (sigsetjmp(jb, 1) == 0) {
		(void)p[pagesz];
		printf("read beyond EOF did not fault\n");
	}
	report("read beyond end of file");
	close(fd);
	t_rmtree(dir);

	/* Trap instruction. */
	got_sig = 0;
	if (sigsetjmp(jb, 1) == 0)
		__builtin_trap();
	printf("__builtin_trap: %s\n", t_signame(got_sig));

#if defined(__x86_64__) || defined(__i386__)
	{
		volatile int zero = 0, one = 1;

		got_sig = 0;
		if (sigsetjmp(jb, 1) == 0)
			one = one / zero;
		printf("integer division by zero: %s\n", t_signame(got_sig));
		got_sig = 0;
		if (sigsetjmp(jb, 1) == 0)
			__asm__ volatile("int3");
		printf("int3: %s\n", t_signame(got_sig));
	}
#endif
	/* The mask was restored by siglongjmp: a later fault is still caught. */
	got_sig = 0;
	expect_addr = NULL;
	if (sigsetjmp(jb, 1) == 0)
		*(volatile int *)expect_addr = 1;
	report("store through NULL");
	return t_done();
}
