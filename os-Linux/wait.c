// SPDX-License-Identifier: GPL-2.0
/*
 * Waiting for guest stops.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/wait.h>
#include "os.h"
#include "proc-status.h"

int os_wait_any(struct os_stop *stop)
{
	pid_t tid = waitpid(-1, &stop->status, __WALL);

	if (tid < 0)
		return -errno;
	stop->tid = tid;
	return 0;
}

int os_poll_any(struct os_stop *stop)
{
	pid_t tid = waitpid(-1, &stop->status, __WALL | WNOHANG);

	if (tid < 0)
		return -errno;
	stop->tid = tid;
	return 0;
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
