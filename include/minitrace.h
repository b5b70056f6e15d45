/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The benchmark's minimal hand-written tracers (os-Linux/minitrace.c).
 */
#ifndef UMVM_MINITRACE_H
#define UMVM_MINITRACE_H

enum mini_mech {
	MINI_SYSEMU,		/* PTRACE_SYSEMU, emulate: 1 stop */
	MINI_SYSCALL_EMULATE,	/* PTRACE_SYSCALL, nr = -1: 2 stops */
	MINI_SYSCALL_PASS,	/* PTRACE_SYSCALL, pass: 2 stops */
	MINI_VM_SKIPCALL,	/* PTRACE_VM + VM_SKIPCALL: 1 stop */
	MINI_VM_SKIPEXIT,	/* PTRACE_VM + VM_SKIPEXIT: 1 stop */
};

struct mini_result {
	double ns_per_call;
	double stops_per_call;
};

/*
 * Trace a child making @n getppid calls with @mech; tracer and child on
 * one CPU (@same_cpu) or on two.  0 or -errno.
 */
int mini_trace(enum mini_mech mech, long n, int same_cpu,
	       struct mini_result *res);

#endif
