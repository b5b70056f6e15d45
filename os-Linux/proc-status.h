/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside os-Linux/ only: the host's /proc/<tid>/status, which several
 * os_* functions read a line or two of.
 */
#ifndef UMVM_PROC_STATUS_H
#define UMVM_PROC_STATUS_H

#include <stdio.h>
#include <sys/types.h>

/* /proc/<tid>/status open for reading, or NULL with errno set. */
FILE *proc_status_open(pid_t tid);

#endif /* UMVM_PROC_STATUS_H */
