/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside os-Linux/ only: the host's /proc/<tid>/status, which several
 * os_* functions read a line or two of, and its descriptors' links.
 */
#ifndef UMVM_PROC_STATUS_H
#define UMVM_PROC_STATUS_H

#include <stdio.h>
#include <sys/types.h>

/* /proc/<tid>/status open for reading, or NULL with errno set. */
FILE *proc_status_open(pid_t tid);

/*
 * Where @tid's descriptor @fd (AT_FDCWD: its working directory) is seen
 * from the monitor: its /proc link, which leads to the open file itself
 * (a pipe, a socket, a deleted file, an O_PATH symlink); -EBADF for a
 * negative @fd.
 */
int proc_fd_link(pid_t tid, int fd, char *out, size_t len);

#endif /* UMVM_PROC_STATUS_H */
