// SPDX-License-Identifier: GPL-2.0
/*
 * Traced children for probing what the host's ptrace can do, the way UML
 * checks its host at boot: by behaviour, never by version number.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include "os.h"

pid_t os_probe_child(void (*body)(void))
{
	pid_t parent = getpid(), pid = fork();
	int status;

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		/* umvm died first: TRACEME would make init its tracer. */
		if (getppid() != parent)
			_exit(120);
		if (ptrace(PTRACE_TRACEME, 0, 0, 0) < 0)
			_exit(120);
		/* A bare kill: raise() would make more syscalls after it. */
		syscall(SYS_kill, getpid(), SIGSTOP);
		body();
		_exit(0);
	}
	if (os_wait_pid(pid, &status) < 0 || !WIFSTOPPED(status) ||
	    WSTOPSIG(status) != SIGSTOP) {
		os_probe_kill(pid);
		return -ECHILD;
	}
	if (ptrace(PTRACE_SETOPTIONS, pid, 0,
		   PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL) < 0) {
		int err = -errno;

		os_probe_kill(pid);
		return err;
	}
	return pid;
}

int os_probe_wait(pid_t pid)
{
	int status;
	int r = os_wait_pid(pid, &status);

	return r < 0 ? r : status;
}

void os_probe_kill(pid_t pid)
{
	int status;

	kill(pid, SIGKILL);
	while (waitpid(pid, &status, __WALL) == pid &&
	       !WIFEXITED(status) && !WIFSIGNALED(status))
		;
}
