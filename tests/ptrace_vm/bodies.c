// SPDX-License-Identifier: GPL-2.0
/*
 * The tracee side of the PTRACE_VM conformance suite (bodies.h): forking
 * a traced child and the bodies it runs.  x86_64 only: the bodies make
 * raw syscalls.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "bodies.h"
#include "harness.h"
#include "tracer.h"
#include "../progs/seccomp_filter.h"

#ifndef __x86_64__
#error "the PTRACE_VM conformance suite is written for x86_64"
#endif

/* ------------------------------------------------------------------ */
/* Tracee side: raw syscalls, no libc in between. */

static inline long rsys(long nr, long a, long b, long c, long d, long e)
{
	register long r10 asm("r10") = d;
	register long r8 asm("r8") = e;
	long ret;

	asm volatile ("syscall"
		      : "=a" (ret)
		      : "a" (nr), "D" (a), "S" (b), "d" (c), "r" (r10),
			"r" (r8)
		      : "rcx", "r11", "memory");
	return ret;
}

#define rsys0(nr)		rsys(nr, 0, 0, 0, 0, 0)
#define rsys1(nr, a)		rsys(nr, (long)(a), 0, 0, 0, 0)
#define rsys3(nr, a, b, c)	rsys(nr, (long)(a), (long)(b), (long)(c), 0, 0)

/* Shared with the tracees through fork(). */
static pid_t tracer_pid;
static char *exec_argv[] = { "ptrace_vm_test", EXEC_CHILD_ARG, NULL };
static char *exec_envp[] = { NULL };

/*
 * Fork a tracee that runs @body and exits with its result.  It is left in
 * its initial SIGSTOP signal-delivery stop; its first syscall after that
 * is the first one @body makes.
 */
pid_t spawn(body_fn body, long options)
{
	int status;
	pid_t pid;

	tracer_pid = getpid();
	pid = fork();
	ASSERT_TRUE(pid >= 0);
	if (pid == 0) {
		if (ptrace(PTRACE_TRACEME, 0, 0, 0))
			_exit(99);
		rsys3(SYS_kill, rsys0(SYS_getpid), SIGSTOP, 0);
		rsys1(SYS_exit_group, body());
		_exit(98);
	}
	ASSERT_EQ(waitpid(pid, &status, __WALL), pid);
	ASSERT_TRUE(WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP);
	ASSERT_OK(ptrace(PTRACE_SETOPTIONS, pid, 0,
			 PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL | options));
	return pid;
}

/* ------------------------------------------------------------------ */
/* Tracee bodies */

int body_getpid(void)
{
	return rsys0(SYS_getpid) > 0 ? 0 : 1;
}

int body_getpid_fake(void)
{
	return rsys0(SYS_getpid) == FAKE_RET ? 0 : 1;
}

int body_getpid_enosys(void)
{
	return rsys0(SYS_getpid) == -ENOSYS ? 0 : 1;
}

int body_getpid_twice(void)
{
	long a = rsys0(SYS_getpid);
	long b = rsys0(SYS_getpid);

	return a > 0 && a == b ? 0 : 1;
}

int body_getpid_getppid(void)
{
	rsys0(SYS_getpid);
	return rsys0(SYS_getppid) == tracer_pid ? 0 : 1;
}

int body_getpid_then_getppid_enosys(void)
{
	long a = rsys0(SYS_getpid);
	long b = rsys0(SYS_getppid);

	return a > 0 && b == -ENOSYS ? 0 : 1;
}

/* The host probe of the 2009 UML patch: getpid, then pipe. */
int body_getpid_pipe(void)
{
	int fds[2] = { -1, -1 };
	long r;

	rsys0(SYS_getpid);
	r = rsys1(SYS_pipe, fds);
	return r == -ENOSYS && fds[0] == -1 && fds[1] == -1 ? 0 : 1;
}

int body_write_pipe(void)
{
	int n = -1;
	long r;

	r = rsys3(SYS_write, tpipe[1], "X", 1);
	if (rsys3(SYS_ioctl, tpipe[0], FIONREAD, &n))
		return 2;
	return r == -ENOSYS && n == 0 ? 0 : 1;
}

int body_read_pipe(void)
{
	char c = 0;
	long r = rsys3(SYS_read, tpipe[0], &c, 1);

	return r == 1 && c == 'x' ? 0 : 1;
}

int body_read_skipped(void)
{
	char c = 0;
	long r = rsys3(SYS_read, tpipe[0], &c, 1);

	return r == 1 && c == 0 ? 0 : 1;
}

static int body_kill_self(int sig)
{
	rsys3(SYS_kill, rsys0(SYS_getpid), sig, 0);
	return rsys0(SYS_getppid) == tracer_pid ? 0 : 1;
}

int body_sigusr1(void)
{
	return body_kill_self(SIGUSR1);
}

int body_sigstop(void)
{
	return body_kill_self(SIGSTOP);
}

int body_pause(void)
{
	for (;;)
		rsys0(SYS_pause);
	return 0;
}

int body_fork(void)
{
	long child = rsys0(SYS_fork);
	int status = -1;

	if (child == 0)
		rsys1(SYS_exit_group, 0);
	if (child < 0)
		return 2;
	if (rsys(SYS_wait4, child, (long)&status, 0, 0, 0) != child)
		return 3;
	return status == 0 ? 0 : 1;
}

int body_execve_enosys(void)
{
	long r = rsys3(SYS_execve, "/proc/self/exe", exec_argv, exec_envp);

	return r == -ENOSYS ? 0 : 1;
}

int body_execve(void)
{
	rsys3(SYS_execve, "/proc/self/exe", exec_argv, exec_envp);
	return 1;
}

/* Trace getpid with SECCOMP_RET_TRACE, allow the rest. */
static int install_seccomp(void)
{
	struct sock_filter filter[] = {
		FILTER_X86_64(SECCOMP_RET_ALLOW),
		FILTER_CALL(SYS_getpid, SECCOMP_RET_TRACE | 0x55),
		FILTER_RET(SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {
		.len = sizeof(filter) / sizeof(filter[0]),
		.filter = filter,
	};

	if (rsys(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -1;
	return rsys3(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) ? -1 : 0;
}

/* Skip the test when this kernel has no seccomp filters. */
void require_seccomp_filter(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(install_seccomp() ? 1 : 0);
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		test_skip("no seccomp filters on this kernel");
}

int body_seccomp_getpid(void)
{
	if (install_seccomp())
		return 3;
	return body_getpid();
}

int body_seccomp_getpid_enosys(void)
{
	if (install_seccomp())
		return 3;
	return body_getpid_enosys();
}
