/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The x86_64 syscall ABI keeps rdi, rsi, rdx, r10, r8 and r9: a call
 * that fails leaves them as they were, and compilers rely on it.  Under
 * a path view (umvm run -r /) a relative path is rewritten for the host;
 * when a later argument of the same call fails, umvm answers the call
 * itself, and the guest must still see its own registers.  The getppid
 * just before puts a thread of the sysemu backend in its PTRACE_SYSCALL
 * mode, where an emulated call rewrites registers.
 */
#include "tests.h"

#if defined(__x86_64__)
static void two_path_call(long nr, const char *a, const char *b,
			  unsigned long out[3], long *ret)
{
	register long r10 __asm__("r10") = 0x1010;
	register long r8 __asm__("r8") = 0x0808;
	register long r9 __asm__("r9") = 0x0909;
	long rax = SYS_getppid, rdx = 0x0d0d;
	const char *rdi = a, *rsi = b;

	__asm__ volatile("syscall\n\t"
			 "mov %[nr], %%rax\n\t"
			 "syscall"
			 : "+a"(rax), "+D"(rdi), "+S"(rsi), "+d"(rdx),
			   "+r"(r10), "+r"(r8), "+r"(r9)
			 : [nr] "r"(nr)
			 : "rcx", "r11", "memory");
	*ret = rax;
	out[0] = (unsigned long)rdi;
	out[1] = (unsigned long)rsi;
	out[2] = (unsigned long)rdx ^ r10 ^ r8 ^ r9;
}

static void one(const char *name, long nr, const char *a, const char *b)
{
	unsigned long out[3];
	long ret;

	two_path_call(nr, a, b, out, &ret);
	check(ret == -ENOENT, "%s: fails with ENOENT (%s)", name,
	      t_errname(ret < 0 ? (int)-ret : 0));
	check(out[0] == (unsigned long)a && out[1] == (unsigned long)b &&
	      out[2] == (0x0d0dUL ^ 0x1010 ^ 0x0808 ^ 0x0909),
	      "%s: argument registers kept", name);
}

int main(void)
{
	char *dir;
	int fd;

	t_init();
	dir = t_tmpdir();
	if (chdir(dir) < 0)
		t_fatal("chdir");
	fd = open("exists", O_CREAT | O_WRONLY, 0644);
	if (fd < 0)
		t_fatal("creat");
	close(fd);
	one("rename to a missing directory", SYS_rename, "exists",
	    "missing/x");
	one("link to a missing directory", SYS_link, "exists", "missing/x");
	one("symlink in a missing directory", SYS_symlink, "exists",
	    "missing/x");
	unlink("exists");
	if (chdir("/") < 0 || rmdir(dir) < 0)
		t_fatal("cleanup");
	return t_done();
}
#else
int main(void)
{
	t_skip("x86_64 only");
}
#endif
