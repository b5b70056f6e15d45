/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sigaltstack(): handlers run on the alternate stack, a nested signal raised
 * inside such a handler stays on it, SS_ONSTACK is reported, and a thread's
 * stack overflow is caught on its own alternate stack.
 */
#include "tests.h"
#include <pthread.h>
#include <setjmp.h>
#include <stdint.h>
#include <sys/mman.h>

#define ALT_SIZE (64 * 1024)

static char *alt;
static volatile int depth, max_depth, on_alt[3], onstack_flag[3], eperm_inside;

static int addr_on_alt(void *p)
{
	return (char *)p >= alt && (char *)p < alt + ALT_SIZE;
}

static void usr2_handler(int sig)
{
	volatile char marker;
	stack_t ss;

	(void)sig;
	depth++;
	if (depth > max_depth)
		max_depth = depth;
	on_alt[1] = addr_on_alt((void *)&marker);
	if (sigaltstack(NULL, &ss) == 0)
		onstack_flag[1] = !!(ss.ss_flags & SS_ONSTACK);
	depth--;
}

static void usr1_handler(int sig)
{
	volatile char marker;
	stack_t ss, nss;

	(void)sig;
	depth++;
	max_depth = depth;
	on_alt[0] = addr_on_alt((void *)&marker);
	if (sigaltstack(NULL, &ss) == 0)
		onstack_flag[0] = !!(ss.ss_flags & SS_ONSTACK);
	/* Changing the stack while running on it is refused. */
	nss.ss_sp = alt;
	nss.ss_size = ALT_SIZE;
	nss.ss_flags = 0;
	errno = 0;
	eperm_inside = sigaltstack(&nss, NULL) == -1 && errno == EPERM;
	raise(SIGUSR2);
	depth--;
}

static void hup_handler(int sig)
{
	volatile char marker;

	(void)sig;
	on_alt[2] = addr_on_alt((void *)&marker);
}

/* Per-thread stack overflow caught on the thread's alternate stack. */
static __thread sigjmp_buf jb;
static __thread char *thr_alt;
static volatile int segv_on_alt;

static void segv_handler(int sig)
{
	volatile char marker;

	(void)sig;
	segv_on_alt = (char *)&marker >= thr_alt && (char *)&marker < thr_alt + ALT_SIZE;
	siglongjmp(jb, 1);
}

static volatile int recurse_limit = 1 << 30;

static __attribute__((noinline)) int recurse(int n)
{
	volatile char buf[1024];

	buf[0] = (char)n;
	buf[sizeof(buf) - 1] = (char)n;
	if (n >= recurse_limit)
		return 0;
	return recurse(n + 1) + buf[0] + buf[sizeof(buf) - 1];
}

static void *overflow_thread(void *arg)
{
	stack_t ss;

	(void)arg;
	thr_alt = mmap(NULL, ALT_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (thr_alt == MAP_FAILED)
		return (void *)0L;
	ss.ss_sp = thr_alt;
	ss.ss_size = ALT_SIZE;
	ss.ss_flags = 0;
	if (sigaltstack(&ss, NULL))
		return (void *)0L;
	if (sigsetjmp(jb, 1) == 0) {
		recurse(0);
		return (void *)2L;
	}
	return (void *)1L;
}

int main(void)
{
	struct sigaction sa;
	stack_t ss, old;
	pthread_attr_t attr;
	pthread_t th;
	void *ret;

	t_init();
	alt = mmap(NULL, ALT_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (alt == MAP_FAILED)
		t_fatal("mmap");

	check(sigaltstack(NULL, &old) == 0 && (old.ss_flags & SS_DISABLE),
	      "no alternate stack initially");
	ss.ss_sp = alt;
	ss.ss_size = ALT_SIZE;
	ss.ss_flags = 0;
	check(sigaltstack(&ss, NULL) == 0, "sigaltstack set");
	check(sigaltstack(NULL, &old) == 0 && old.ss_sp == alt &&
	      old.ss_size == ALT_SIZE && old.ss_flags == 0, "sigaltstack query");
	ss.ss_size = 1024;
	errno = 0;
	check(sigaltstack(&ss, NULL) == -1 && errno == ENOMEM, "too small: ENOMEM");

	memset(&sa, 0, sizeof(sa));
	sa.sa_flags = SA_ONSTACK;
	sa.sa_handler = usr1_handler;
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = usr2_handler;
	sigaction(SIGUSR2, &sa, NULL);
	sa.sa_flags = 0;
	sa.sa_handler = hup_handler;
	sigaction(SIGHUP, &sa, NULL);

	raise(SIGUSR1);
	check(max_depth == 2, "nested handler ran inside the outer one");
	check(on_alt[0], "outer handler on the alternate stack");
	check(onstack_flag[0], "outer handler sees SS_ONSTACK");
	check(eperm_inside, "sigaltstack change while on it: EPERM");
	check(on_alt[1], "nested handler on the alternate stack");
	check(onstack_flag[1], "nested handler sees SS_ONSTACK");
	check(sigaltstack(NULL, &old) == 0 && !(old.ss_flags & SS_ONSTACK),
	      "SS_ONSTACK clear after return");

	on_alt[2] = 1;
	raise(SIGHUP);
	check(!on_alt[2], "handler without SA_ONSTACK on the normal stack");

	ss.ss_flags = SS_DISABLE;
	check(sigaltstack(&ss, NULL) == 0, "disable the alternate stack");
	on_alt[0] = 1;
	raise(SIGUSR1);
	check(!on_alt[0], "SA_ONSTACK handler with a disabled stack on the normal stack");

	memset(&sa, 0, sizeof(sa));
	sa.sa_flags = SA_ONSTACK | SA_NODEFER;
	sa.sa_handler = segv_handler;
	sigaction(SIGSEGV, &sa, NULL);
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 128 * 1024);
	pthread_create(&th, &attr, overflow_thread, NULL);
	pthread_join(th, &ret);
	check((long)ret == 1, "thread stack overflow caught by SIGSEGV handler");
	check(segv_on_alt, "SIGSEGV handler ran on the thread's alternate stack");
	return t_done();
}
