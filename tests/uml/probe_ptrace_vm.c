// SPDX-License-Identifier: GPL-2.0
/*
 * Does this host kernel have PTRACE_VM?  Stop a traced child and resume it
 * with an unknown tag: EINVAL means the requests exist, EIO that they do
 * not.  Prints "ptrace_vm: yes" or "ptrace_vm: no"; exits 0 or 1 (2 when
 * ptrace itself does not work).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../include/ptrace_vm.h"

int main(void)
{
	int status, err;
	pid_t pid = fork();
	long r;

	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		raise(SIGSTOP);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status)) {
		perror("probe_ptrace_vm: traced child");
		return 2;
	}
	r = ptrace(PTRACE_VM, pid, (void *)0x80000000UL, NULL);
	err = errno;
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	if (r == 0 || (err != EINVAL && err != EIO)) {
		fprintf(stderr, "probe_ptrace_vm: unexpected %ld (%s)\n", r,
			strerror(err));
		return 2;
	}
	printf("ptrace_vm: %s\n", err == EINVAL ? "yes" : "no");
	return err == EINVAL ? 0 : 1;
}
