// SPDX-License-Identifier: GPL-2.0
/*
 * The cost of one syscall of a traced process, as its tracer sees it:
 *   tracer_bench sysemu|syscall|none [N]
 *     ->  "sysemu: 12.34 us/call (N calls)"
 * A child makes N getppid calls.  sysemu: the tracer emulates each with
 * PTRACE_SYSEMU (one stop, as UML runs its processes); syscall: it stops
 * each at entry and exit with PTRACE_SYSCALL (as strace does); none: no
 * tracer.  Run it natively and under umvm: the ratio is what a guest
 * tracer pays for umvm emulating its ptrace and wait calls.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <stddef.h>
#include <time.h>
#include <unistd.h>

#ifndef PTRACE_SYSEMU
#define PTRACE_SYSEMU	31
#endif

static void child(long n, int traced)
{
	if (traced && ptrace(PTRACE_TRACEME, 0, 0, 0))
		_exit(2);
	kill(getpid(), SIGSTOP);
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	syscall(SYS_exit_group, 0);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "sysemu";
	long n = argc > 2 ? atol(argv[2]) : 10000, calls = 0;
	int sysemu = !strcmp(mode, "sysemu"), none = !strcmp(mode, "none");
	struct timespec a, b;
	int st;
	pid_t pid;

	if (!sysemu && !none && strcmp(mode, "syscall")) {
		fprintf(stderr, "usage: tracer_bench sysemu|syscall|none [N]\n");
		return 2;
	}
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0)
		child(n, !none);
	if (waitpid(pid, &st, WUNTRACED) != pid || !WIFSTOPPED(st))
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &a);
	if (none) {
		kill(pid, SIGCONT);
		waitpid(pid, &st, 0);
		calls = n;
	} else {
		int req = sysemu ? PTRACE_SYSEMU : PTRACE_SYSCALL;

		ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESYSGOOD);
		for (;;) {
			if (ptrace(req, pid, 0, 0))
				return 1;
			if (waitpid(pid, &st, 0) != pid || !WIFSTOPPED(st))
				break;
			if (ptrace(PTRACE_PEEKUSER, pid,
				   offsetof(struct user_regs_struct, orig_rax),
				   0) != SYS_getppid) {
				if (sysemu)	/* exit_group: let it run */
					req = PTRACE_CONT;
				continue;
			}
			calls++;
			if (sysemu)
				ptrace(PTRACE_POKEUSER, pid,
				       offsetof(struct user_regs_struct, rax),
				       4242);
		}
		if (!sysemu)
			calls /= 2;	/* entry and exit */
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%s: %.2f us/call (%ld calls)\n", mode,
	       ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / 1e3 /
	       (calls ? calls : 1), calls);
	return calls == n ? 0 : 1;
}
