// SPDX-License-Identifier: GPL-2.0
/*
 * Waiting for guest stops.
 */
#include <errno.h>
#include <sys/wait.h>
#include "os.h"

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
