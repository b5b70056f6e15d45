/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the benchmark's mechanisms (bench/mech-*.c): the guest
 * loop, the report a child sends back, and CPU pinning.
 */
#ifndef UMVM_MECH_COMMON_H
#define UMVM_MECH_COMMON_H

#include <stdint.h>
#include <sys/types.h>
#include "mech.h"

/* What a benchmark child writes to its pipe before it exits. */
struct mech_report {
	int64_t err;		/* 0 or -errno of the step that failed */
	int64_t step;		/* which step failed (MSTEP_*) */
	uint64_t ns;		/* wall time of the timed calls */
	uint64_t calls;		/* calls made while intercepted */
	uint64_t stops;		/* counted in-process (handlers), else 0 */
	int64_t native;		/* the call's result before interception */
	int64_t last;		/* the result of the last timed call */
};

enum { MSTEP_NONE, MSTEP_FILTER, MSTEP_LISTENER, MSTEP_SUD, MSTEP_SIGNAL,
       MSTEP_THREAD, MSTEP_NNP };

/* Fork a child pinned to @cpu (-1: leave it); *rfd reads its report. */
pid_t mech_fork(int cpu, int *rfd, int *wfd);
/* In the child: warm up, time p->calls calls, fill @rep (not err). */
void mech_guest_loop(const struct mech_params *p, struct mech_report *rep);
/* In the child: send @rep with raw syscalls and exit_group(0). */
void mech_child_done(int wfd, const struct mech_report *rep)
	__attribute__((noreturn));
/*
 * In the parent: read the report, reap the child (killing it if need
 * be; @pid 0 when the caller reaped it already, with status @reaped),
 * check the result and fill @res.  @stops: counted by the tracer, or 0
 * to take the child's own count.
 */
int mech_finish(pid_t pid, int rfd, int reaped, const struct mech_params *p,
		unsigned long stops, struct mech_result *res);
/* The call the interception is armed for (another one in MODE_OTHER). */
long mech_filter_nr(const struct mech_params *p);
/* Pin the calling thread to @cpu; the two CPUs a run uses. */
int mech_pin(int cpu);
void mech_cpus(int two_cpus, int *tracer_cpu, int *guest_cpu);
/* A BPF filter: @ret for syscall @nr (unless arg 5 is MECH_MARKER). */
int mech_install_filter(long nr, unsigned int ret, unsigned int flags,
			int marker);
#define MECH_MARKER	0x6d766d75

int mech_ptrace(enum mech_id m, const struct mech_params *p,
		struct mech_result *res);
int mech_notif(const struct mech_params *p, struct mech_result *res);
int mech_trap(const struct mech_params *p, struct mech_result *res);
int mech_sud(const struct mech_params *p, struct mech_result *res);

#endif
