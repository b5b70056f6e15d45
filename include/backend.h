/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interception backends.  Each one realizes the three outcomes of
 * guest.h with the fewest host stops its mechanism allows:
 *
 *                    EMULATE   PASS   PASS_SEE_EXIT   not needed
 *   vm (PTRACE_VM)      1        1         2             1
 *   seccomp             1        1         2             0
 *   sysemu              1        2         3             2
 *   syscall             2        2         2             2
 *
 * "Not needed": a call the personality has no hook for.  Only the seccomp
 * backend lets those run with no stop (a filter built before the guest
 * starts, see ->prepare).
 *
 * A backend is one const struct, chosen once after the probe.  Backends
 * hold no policy: the dispatcher (arch-um/) decides the outcome.
 */
#ifndef UMVM_BACKEND_H
#define UMVM_BACKEND_H

#include "guest.h"

struct os_start;
struct os_filter_spec;

/* What a syscall stop (SIGTRAP | 0x80) turned out to be. */
enum sc_stop {
	SC_ENTRY,	/* a new syscall: dispatch it, then call ->entry() */
	SC_EXIT,	/* the exit the monitor asked to see: call ->exit() */
	SC_DONE,	/* the call completed; the backend resumed the thread */
	SC_RESUMED,	/* an internal step; the backend resumed the thread */
	/*
	 * A TRACE of the guest's own seccomp filter (skas/syscall-stop.c), at
	 * a call not dispatched yet (its entry, as for SC_ENTRY, if it goes
	 * on) or at one dispatched at its entry stop (IN_CALL).
	 */
	SC_GUEST_SECCOMP,
	SC_GUEST_SECCOMP_IN_CALL,
};

struct backend_ops {
	const char *name;	/* --backend= value */
	const char *check;	/* probe line: "Checking <check>..." */
	/* 0 when the host can do it, else -errno; may print detail. */
	int (*probe)(void);
	/*
	 * Before the guest starts: fill in what the guest must set up for
	 * this backend (the seccomp filter @spec describes, os.h).  NULL:
	 * nothing.  Returns 0 or -errno.
	 */
	int (*prepare)(struct os_start *st, const struct os_filter_spec *spec);
	/*
	 * Classify a syscall stop of t: a SIGTRAP|0x80 stop, or a seccomp
	 * event stop (then t->flags has GT_SECCOMP_STOP).
	 */
	enum sc_stop (*syscall_stop)(struct gthread *t);
	/*
	 * Carry out @o at an entry stop (t->regs hold the entry registers,
	 * t->sc.ret the result for OUT_EMULATE) and resume the thread.
	 * Returns 1 when the call is complete as far as the monitor is
	 * concerned, 0 when more stops follow, -errno on failure.
	 */
	int (*entry)(struct gthread *t, enum outcome o);
	/* At the exit stop: write t->sc.ret when @changed, then resume. */
	int (*exit)(struct gthread *t, int changed);
	/*
	 * At an entry stop: the ABI of the call (enum sc_abi), as the host
	 * kernel reported it.  NULL: ask with PTRACE_GET_SYSCALL_INFO.
	 */
	int (*abi)(struct gthread *t);
	/* Resume after any stop that is not a syscall stop. */
	int (*resume)(struct gthread *t, int sig);
	/*
	 * Resume after a fork, vfork, clone or exec event, which the host
	 * reports inside the syscall, between its entry and exit.  NULL:
	 * ->resume(t, 0).
	 */
	int (*resume_event)(struct gthread *t);
	/*
	 * The request that single-steps a thread out of a signal or event
	 * stop, for a guest's debugger: one that still reports syscalls
	 * where the host has one (PTRACE_VM_SINGLESTEP).  0: PTRACE_SINGLESTEP.
	 */
	int step_request;
	/*
	 * 1 when calls the personality does not need make no stop: the
	 * loop must then not rely on t->sc for them (e.g. clone's flags).
	 */
	int filtered;
};

/*
 * The members every backend fills the same way, from its functions'
 * names: BACKEND_OPS(vm) is .name "vm", .probe vm_probe, .syscall_stop
 * vm_syscall_stop, .entry vm_entry, .exit vm_exit, .resume vm_resume.
 */
#define BACKEND_OPS(prefix)						\
	.name = #prefix,						\
	.probe = prefix##_probe,					\
	.syscall_stop = prefix##_syscall_stop,				\
	.entry = prefix##_entry,					\
	.exit = prefix##_exit,						\
	.resume = prefix##_resume

extern const struct backend_ops backend_vm;
extern const struct backend_ops backend_seccomp;
extern const struct backend_ops backend_sysemu;
extern const struct backend_ops backend_syscall;

/* All backends, best first (the order 'auto' tries). */
extern const struct backend_ops *const backends[];
extern const int nr_backends;

const struct backend_ops *backend_by_name(const char *name);

#endif /* UMVM_BACKEND_H */
