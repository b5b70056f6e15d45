// SPDX-License-Identifier: GPL-2.0
/*
 * Single-step a child through a stretch of code that makes syscalls and
 * check it behaves: the syscalls take effect once (getppid sees the
 * parent, a write lands in the pipe exactly once) and the child exits
 * normally.  Run inside the UML guest, this exercises the stepping rows of
 * UML's resume table.  Prints "uml_step: ok (N steps)" and exits 0.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int fds[2], status;
	long steps = 0;
	pid_t pid, me = getpid();
	char buf[8];

	if (pipe(fds))
		return 2;
	pid = fork();
	if (pid == 0) {
		long r;

		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		raise(SIGSTOP);
		r = syscall(SYS_getppid);
		if (syscall(SYS_write, fds[1], "x", 1) != 1)
			_exit(3);
		_exit(r == me ? 0 : 4);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status)) {
		printf("uml_step: FAIL child did not stop\n");
		return 1;
	}
	for (;;) {
		if (ptrace(PTRACE_SINGLESTEP, pid, NULL, NULL)) {
			perror("uml_step: PTRACE_SINGLESTEP");
			return 1;
		}
		if (waitpid(pid, &status, 0) != pid)
			return 1;
		if (!WIFSTOPPED(status))
			break;
		if (WSTOPSIG(status) != SIGTRAP) {
			printf("uml_step: FAIL stopped by signal %d\n",
			       WSTOPSIG(status));
			return 1;
		}
		if (++steps > 2000000) {
			printf("uml_step: FAIL too many steps\n");
			kill(pid, SIGKILL);
			return 1;
		}
	}
	close(fds[1]);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		printf("uml_step: FAIL child status 0x%x\n", status);
		return 1;
	}
	if (read(fds[0], buf, sizeof(buf)) != 1) {
		printf("uml_step: FAIL the write did not land exactly once\n");
		return 1;
	}
	printf("uml_step: ok (%ld steps)\n", steps);
	return 0;
}
