/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest tracers, inside skas/: the record of a traced guest thread and
 * what the three parts share.  ptrace-guest.c holds and releases tracee
 * stops, ptrace-wait.c answers the tracer's waits, ptrace-request.c its
 * ptrace requests.
 */
#ifndef UMVM_PTRACE_GUEST_H
#define UMVM_PTRACE_GUEST_H

#include "dispatch.h"
#include "skas.h"

/* What a held tracee does when its tracer resumes it. */
enum hold {
	H_NONE,
	H_ENTRY,	/* at a syscall entry, not yet dispatched */
	H_EMU_EXIT,	/* an emulated call's exit, shown at its entry stop */
	H_EXIT,		/* at a syscall exit */
	H_SIGNAL,	/* at a signal-delivery stop */
	H_EVENT,	/* at an event stop (exec, a new child's first stop) */
	H_DEAD,		/* gone; the exit status waits for the tracer */
};

/* gthread.vwait */
enum {
	VW_NONE,
	VW_HELD,	/* held at a wait's entry */
	VW_PASS,	/* its wait goes to the host when dispatched again */
	VW_IN_HOST,	/* blocked in the host's wait */
};

struct vtrace {
	pid_t tracer;		/* tgid of the guest's tracer */
	unsigned long opts;	/* PTRACE_O_* the tracer set */
	int syscalls;		/* resumed with PTRACE_SYSCALL */
	int seized;		/* by PTRACE_SEIZE: group-stops are shown */
	int interrupt;		/* PTRACE_INTERRUPT asked for a stop */
	int opts_pending;	/* umvm's host options follow opts */
	int entry_shown;	/* this entry was shown already */
	enum hold held;
	int status;		/* wait status of the held stop */
	int reported;		/* the tracer has waited for it */
};

/* Exits of tracees that are not the tracer's children: reported here. */
struct dead {
	pid_t tid, tracer;
	int status;
	struct dead *next;
};
extern struct dead *dead;

struct vtrace *vtrace_new(pid_t tracer, unsigned long opts);
/* The tracer resumed @t (with @sig): umvm carries on where it held it. */
void vtrace_release(struct gthread *t, int sig);
void vtrace_set_syscalls(struct gthread *t, int on);
void vtrace_apply_opts(struct gthread *t);
/* Stop tracing @t (PTRACE_DETACH, or its tracer went). */
void vtrace_untrace(struct gthread *t, int sig);

/* ptrace-wait.c */
enum outcome vtrace_wait4(struct gthread *t, struct gsyscall *sc);
enum outcome vtrace_waitid(struct gthread *t, struct gsyscall *sc);
int vtrace_wait_exit(struct gthread *t, struct gsyscall *sc);
/* Process @pid, a child of @parent, exited; @parent reaped @pid (0: all). */
void vtrace_child_exited(pid_t pid, pid_t parent);
void vtrace_reaped(pid_t parent, pid_t pid);

#endif /* UMVM_PTRACE_GUEST_H */
