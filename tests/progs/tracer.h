/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the test programs that are guest tracers themselves
 * (ptrace_seccomp.c, ptrace_sysemu.c): waiting for a stop and reading a
 * register, making a syscall.  Include after tests.h.
 */
#ifndef UMVM_TESTS_TRACER_H
#define UMVM_TESTS_TRACER_H

#include <stddef.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>

#define OFF(r)	offsetof(struct user_regs_struct, r)

/* Wait for @pid: its stop as status >> 8, or -1 when it did not stop. */
static inline int stop_of(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid)
		t_fatal("waitpid");
	if (!WIFSTOPPED(st))
		return -1;
	return st >> 8;
}

/* The stopped tracee's register at offset @off (OFF(name)) */
static inline long reg(pid_t pid, size_t off)
{
	return ptrace(PTRACE_PEEKUSER, pid, off, 0);
}

/* A syscall made by a tracee: its result, or -errno */
static inline long raw(long nr, long a, long b, long c)
{
	long r = syscall(nr, a, b, c);

	return r < 0 ? -errno : r;
}

#define raw0(nr)	raw(nr, 0, 0, 0)

/*
 * Fork a child that runs @child(@fd, @arg), @fd the write end of a new
 * pipe, and never returns; the read end goes to *@results.
 */
static inline pid_t fork_piped(void (*child)(int fd, int arg), int arg,
			       int *results)
{
	int fds[2];
	pid_t pid;

	if (pipe(fds))
		t_fatal("pipe");
	pid = fork();
	if (pid < 0)
		t_fatal("fork");
	if (pid == 0) {
		close(fds[0]);
		child(fds[1], arg);
	}
	close(fds[1]);
	*results = fds[0];
	return pid;
}

#endif /* UMVM_TESTS_TRACER_H */
