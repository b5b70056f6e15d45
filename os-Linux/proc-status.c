// SPDX-License-Identifier: GPL-2.0
/*
 * A host thread's /proc/<tid>/ files: its status (ids, signal masks and
 * its tracer, one "Name:\tvalue" line each) and its descriptors' links.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include "proc-status.h"

FILE *proc_status_open(pid_t tid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	return fopen(path, "re");
}

int proc_fd_link(pid_t tid, int fd, char *out, size_t len)
{
	if (fd == AT_FDCWD)
		snprintf(out, len, "/proc/%d/cwd", (int)tid);
	else if (fd >= 0)
		snprintf(out, len, "/proc/%d/fd/%d", (int)tid, fd);
	else
		return -EBADF;
	return 0;
}
