// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/<tid>/status: ids, signal masks and the tracer of a host thread,
 * one "Name:\tvalue" line each.
 */
#include <stdio.h>
#include "proc-status.h"

FILE *proc_status_open(pid_t tid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	return fopen(path, "re");
}
