// SPDX-License-Identifier: GPL-2.0
/*
 * Other processes by pid: signals to a process outside the guest (the
 * runner starts one and passes its pid), kill(-1), and ptrace of it.
 *   usage: pids PID
 */
#include <signal.h>
#include <sys/ptrace.h>
#include "escape.h"

int main(int argc, char **argv)
{
	pid_t pid;

	if (argc != 2)
		return 2;
	pid = atoi(argv[1]);
	if (kill(pid, 0) == 0)
		escaped("kill() reached a process outside the guest");
	if (ptrace(PTRACE_ATTACH, pid, 0, 0) == 0)
		escaped("ptrace attached to a process outside the guest");
	blocked("processes outside the guest stayed out of reach: %s",
		strerror(errno));
}
