// SPDX-License-Identifier: GPL-2.0
/*
 * A child with a pipe to or from its parent (the guest's start gate, an
 * OCI hook's input, the benchmark's children): the pipe first, stdio's
 * buffers flushed (the child would write them again), then fork(); when
 * that fails, nothing is left open.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include "os.h"

pid_t os_fork_piped(int fds[2], int flags)
{
	pid_t pid;
	int err;

	if (pipe2(fds, flags) < 0)
		return -errno;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		err = errno;
		close(fds[0]);
		close(fds[1]);
		return -err;
	}
	return pid;
}
