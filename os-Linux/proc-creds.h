/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside os-Linux/ only: what a thread may do, as the host decides it,
 * read from /proc/<tid>/.  One reader for the two that need it: the test
 * that a thread's credentials are umvm's (proc-creds.c) and the pin
 * helpers that take a thread's credentials (pinhelp.c).
 */
#ifndef UMVM_PROC_CREDS_H
#define UMVM_PROC_CREDS_H

#include <stdint.h>
#include <sys/types.h>

#define CREDS_MAX_GROUPS	64

struct proc_creds {
	uint32_t uid[4], gid[4];	/* real, effective, saved, filesystem */
	int ngroups;
	gid_t groups[CREDS_MAX_GROUPS];
	unsigned long long cap_eff, cap_prm, cap_amb;
	char userns[64];	/* ns/user: capabilities are per namespace */
	char label[256];	/* attr/current: the LSM's label, or "" */
};

/* Thread @tid's credentials, or -errno (-E2BIG: too many groups). */
int proc_creds_read(pid_t tid, struct proc_creds *c);

#endif /* UMVM_PROC_CREDS_H */
