/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest tracers, a module of skas/ of its own: the record of a traced
 * guest thread and what its parts share.  ptrace-guest.c decides which
 * stops a tracer sees and carries on when it resumes them (the loop
 * calls it through the stop hooks of skas.h, nothing else),
 * ptrace-hold.c holds a stop, ptrace-sysemu.c runs PTRACE_SYSEMU,
 * ptrace-wait.c answers the tracer's waits, ptrace-request.c its ptrace
 * requests.  The module goes back into the loop only through skas.h's
 * skas_entry() and skas_*resume*() family.
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
	H_SECCOMP,	/* at a TRACE of the guest's own seccomp filter */
	H_EMU_ENTRY,	/* at a syscall entry the tracer emulates */
	H_EMU_EXIT_HOST, /* at the exit the host shows for a skipped call */
	H_DEAD,		/* gone; the exit status waits for the tracer */
};

/* gthread.vwait */
enum {
	VW_NONE,
	VW_HELD,	/* held at a wait's entry */
	VW_PASS,	/* its wait goes to the host when dispatched again */
	VW_SIGNAL,	/* the same, for a signal that must interrupt it */
	VW_IN_HOST,	/* blocked in the host's wait */
	VW_IN_HOST_SIG,	/* in the host's wait, to be interrupted */
};

struct vtrace {
	/*
	 * tgid of the guest's tracer; 0: detached while running under the
	 * host's SYSEMU, umvm has yet to take the thread back.
	 */
	pid_t tracer;
	unsigned long opts;	/* PTRACE_O_* the tracer set */
	int syscalls;		/* resumed with PTRACE_SYSCALL */
	int seized;		/* by PTRACE_SEIZE: group-stops are shown */
	int interrupt;		/* PTRACE_INTERRUPT asked for a stop */
	/*
	 * PTRACE_SYSEMU or PTRACE_SYSEMU_SINGLESTEP: the tracer emulates the
	 * thread's syscalls.  While host_emu, umvm drives the thread with
	 * that host request itself (its backend's state set aside): the
	 * host skips each call, as it would natively.
	 */
	int emu;
	int host_emu;
	int converted;		/* H_EMU_ENTRY reached by umvm's request */
	int step;		/* resumed with PTRACE_SINGLESTEP */
	int seccomp_in_call;	/* H_SECCOMP: dispatched at its entry */
	int opts_pending;	/* umvm's host options follow opts */
	int entry_shown;	/* this entry was shown already */
	enum hold held;
	int status;		/* wait status of the held stop */
	int reported;		/* the tracer has waited for it */
};

/* ptrace-hold.c */
struct vtrace *vtrace_new(pid_t tracer, unsigned long opts);
/* Any vtrace was ever made: guest tracing is in use. */
int vtrace_tracing(void);
/* Keep @t stopped for its tracer, which waits for @status. */
void vtrace_hold(struct gthread *t, enum hold kind, int status);
/* The status of a syscall stop, as the tracer's options make it. */
int vtrace_trap_status(const struct gthread *t);
/* Wake @tracer's threads held in wait (@how: VW_*, what they do next). */
void vtrace_wake(pid_t tracer, int how);
void vtrace_apply_opts(struct gthread *t);

/* ptrace-guest.c: the hooks the loop calls (skas_set_tracer()). */
extern const struct stop_hooks guest_tracer;
/* The tracer resumed @t (with @sig): umvm carries on where it held it. */
void vtrace_release(struct gthread *t, int sig);
/* The stops the tracer's resume request @req asks for. */
void vtrace_set_mode(struct gthread *t, int req);
/* Stop tracing @t (PTRACE_DETACH, or its tracer went). */
void vtrace_untrace(struct gthread *t, int sig);

/*
 * ptrace-sysemu.c: a tracer's PTRACE_SYSEMU.  A syscall stop (@seccomp:
 * a seccomp event stop) of any thread, before the backend sees it: 1
 * when it belongs to a tracer's SYSEMU and was taken.
 */
int vsysemu_stop(struct gthread *t, int seccomp);
/* The tracer resumed @t from a stop of @kind: 1 when this resumed it. */
int vsysemu_release(struct gthread *t, enum hold kind, int sig);
/* An event stop no tracer sees: 1 when it resumed @t. */
int vsysemu_event(struct gthread *t, int sig);
/* Untraced while running under SYSEMU: 1 when umvm must take it back. */
int vsysemu_orphan_start(struct gthread *t);
/* At a signal or event stop: 1 when @t was such a thread (now freed). */
int vsysemu_orphan(struct gthread *t);
void vsysemu_gone(struct gthread *t);

/* ptrace-wait.c */
/* @tid, traced by @tracer but not its child, is gone with @status. */
void vtrace_dead(pid_t tid, pid_t tracer, int status);
enum outcome vtrace_wait4(struct gthread *t, struct gsyscall *sc);
enum outcome vtrace_waitid(struct gthread *t, struct gsyscall *sc);
int vtrace_wait_exit(struct gthread *t, struct gsyscall *sc);
/* Process @pid, a child of @parent, exited; @parent reaped @pid (0: all). */
void vtrace_child_exited(pid_t pid, pid_t parent);
void vtrace_reaped(pid_t parent, pid_t pid);

#endif /* UMVM_PTRACE_GUEST_H */
