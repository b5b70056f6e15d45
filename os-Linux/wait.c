// SPDX-License-Identifier: GPL-2.0
/*
 * Waiting for guest stops.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include "os.h"
#include "proc-status.h"

/* Say what kind of stop a wait status is, the way the loop serves it. */
static void decode(struct os_stop *stop)
{
	int status = stop->status;

	stop->sig = WIFSTOPPED(status) ? WSTOPSIG(status) : 0;
	stop->event = WIFSTOPPED(status) ? status >> 16 : 0;
	stop->interrupt = stop->event == PTRACE_EVENT_STOP;
	if (!WIFSTOPPED(status))
		stop->kind = OS_GONE;
	else if (stop->sig == (SIGTRAP | 0x80))
		stop->kind = OS_SYSCALL_STOP;
	else if (stop->event == PTRACE_EVENT_SECCOMP)
		stop->kind = OS_SECCOMP_STOP;
	else if (stop->event)
		stop->kind = OS_EVENT_STOP;
	else
		stop->kind = OS_SIGNAL_STOP;
}

static int wait_any(struct os_stop *stop, int flags)
{
	pid_t tid = waitpid(-1, &stop->status, __WALL | flags);

	if (tid < 0)
		return -errno;
	stop->tid = tid;
	if (tid)
		decode(stop);
	return 0;
}

int os_wait_any(struct os_stop *stop)
{
	return wait_any(stop, 0);
}

int os_poll_any(struct os_stop *stop)
{
	return wait_any(stop, WNOHANG);
}

int os_wait_pid(pid_t pid, int *status)
{
	pid_t r;

	do
		r = waitpid(pid, status, __WALL);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : r;
}

/* The thread group and the parent process of thread @tid, from /proc. */
int os_proc_ids(pid_t tid, pid_t *tgid, pid_t *ppid)
{
	char line[128];
	int found = 0, v;
	FILE *f;

	f = proc_status_open(tid);
	if (!f)
		return -errno;
	while (found != 3 && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Tgid: %d", &v) == 1) {
			*tgid = v;
			found |= 1;
		} else if (sscanf(line, "PPid: %d", &v) == 1) {
			*ppid = v;
			found |= 2;
		}
	}
	fclose(f);
	return found == 3 ? 0 : -EIO;
}
