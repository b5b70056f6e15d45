/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The helpers a mechanism (bench/mech-*.c) is built from: the child that
 * makes the calls, the report it sends back, the checks made on it, CPU
 * pinning and the seccomp filter.  bench/mech-child.c; it calls nothing
 * of the runner's nor of any mechanism's but the hooks it is given.
 */
#ifndef UMVM_MECH_CHILD_H
#define UMVM_MECH_CHILD_H

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

/*
 * Fork a child pinned to @cpu (-1: leave it).  The parent gets the pid
 * and *rfd, which reads the child's report; the child gets 0 and *wfd.
 */
pid_t mech_fork(int cpu, int *rfd, int *wfd);
/*
 * In the child: note the call's native result, m->arm(), time the calls,
 * m->disarm(), and send the report on @wfd.  Never returns.
 */
void mech_child_run(const struct mechanism *m, const struct mech_params *p,
		    int helper_cpu, int wfd) __attribute__((noreturn));
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

#endif
