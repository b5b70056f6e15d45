/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest record: what the tracing thread knows about each guest thread
 * and about the syscall it has in flight.
 */
#ifndef UMVM_GUEST_H
#define UMVM_GUEST_H

#include <limits.h>
#include <stdint.h>
#include <sys/types.h>
#include "regs.h"

/* What the monitor does with a syscall, decided at its entry stop. */
enum outcome {
	OUT_EMULATE,		/* the host never runs it; ret is the result */
	OUT_PASS,		/* the host runs it; the monitor needs no exit */
	OUT_PASS_SEE_EXIT,	/* the host runs it; the monitor sees its exit */
	OUT_HOLD,		/* the thread waits, stopped, and the call is
				 * dispatched again later (skas_entry()) */
};

struct gthread;

struct gsyscall {
	long nr;		/* as the guest passed it (x32: with its bit) */
	int abi;		/* enum sc_abi: as the host kernel reported it */
	unsigned long args[6];
	long ret;		/* result: value or -errno */
	enum outcome outcome;
	unsigned int stops;	/* host stops this call has cost so far */
	int ret_known;		/* ret holds the real result */
	int reported;		/* trace and stats have it already */
	uint64_t t_monitor;	/* ns spent in the monitor for this call */
	unsigned long hook_state;	/* the view's note from entry to exit */
	unsigned long hook_data[3];	/* the fake root's notes, likewise */
	int npins;		/* directories held open for the call: */
	struct {
		pid_t holder;	/* by a pin helper (pinhelp.c), 0: by umvm */
		int fd;
	} pins[4];
	/*
	 * Where the guest's path being pinned starts: PATH_ABSOLUTE, or
	 * the dirfd of a relative one (AT_FDCWD: the working directory).
	 */
	int path_start;
	int pre_pin;		/* resolve.c's check left this pin (fd + 1) */
	int pre_pin_dir;	/* ... of the parent directory */
	/*
	 * Set by an entry hook: umvm makes the call itself, with the
	 * guest's own credentials (arch-um/perform.c), once every entry
	 * hook has passed it; it returns the call's result or -errno.
	 */
	long (*perform)(struct gthread *t, struct gsyscall *sc);
	/* under the last pin: the name it was given ("": the file itself) */
	char pin_name[NAME_MAX + 2];
	unsigned int exits;	/* bit i: the call needs exit hook i */
};

#define PATH_ABSOLUTE	(-1)	/* gsyscall.path_start */

/* gthread.flags */
#define GT_SETUP	0x1	/* still in umvm's start-up code, before exec */
#define GT_OWN_AFFINITY	0x2	/* the guest set its own CPU affinity */
#define GT_LEADER	0x4	/* thread-group leader */
#define GT_REGS_DIRTY	0x8	/* a handler changed argument registers */
#define GT_EARLY	0x10	/* a new child held at its first stop until
				 * its parent's fork event names it */
#define GT_SECCOMP_STOP	0x20	/* the stop being served is a seccomp event */
#define GT_ALL_SYSCALLS	0x40	/* a guest's tracer wants every syscall */
#define GT_INJECT	0x100	/* runs a call umvm made (scratch.c); its
				 * own comes again after that call's exit */
#define GT_AGAIN	0x200	/* set by an exit hook: the call is made
				 * again (its result is not shown) */
#define GT_REENTRY	0x400	/* its call comes again after one of
				 * umvm's own: a guest's tracer saw it */
#define GT_FILTERED	0x800	/* has a seccomp filter of its own: the
				 * host runs it on a call umvm skips at a
				 * PTRACE_SYSCALL entry stop (guest-filter.c) */
#define GT_CREDS_KNOWN	0x1000	/* GT_CREDS_SAME is up to date */
#define GT_CREDS_SAME	0x2000	/* has umvm's credentials (perform.c) */

struct vtrace;
struct gscratch;

struct gthread {
	pid_t tid;
	pid_t tgid;
	pid_t ptgid;		/* the parent process, 0 for umvm */
	struct vtrace *vt;	/* traced by a guest process, or NULL */
	int vwait;		/* held in wait for tracees: VW_* */
	int flags;
	int bstate;		/* owned by the backend */
	struct host_regs regs;	/* as read at the last entry stop */
	struct gsyscall sc;	/* the syscall in flight */
	struct gscratch *scr;	/* arch-um/scratch.c: its address space,
				 * scratch slot, calls umvm makes in it */
	unsigned long cpu_ticks;	/* CPU time seen at the last placement tick */
	uint64_t early_ns;	/* GT_EARLY: when its first stop came */
	struct gthread *hnext;	/* thread table hash chain */
	struct gthread *next;	/* list of all threads */
	struct gthread **pprev;
};

#endif /* UMVM_GUEST_H */
