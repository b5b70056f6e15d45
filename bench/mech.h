/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The benchmark's interception mechanisms (bench/mech-*.c): each one
 * intercepts one chosen syscall of a child process with the same tiny
 * handler, and either emulates it (the host never runs it; the guest sees
 * MECH_RESULT) or passes it to the host.  Stops are counted by the tracer,
 * supervisor or signal handler, never assumed.
 */
#ifndef UMVM_MECH_H
#define UMVM_MECH_H

enum mech_id {
	MECH_NATIVE,		/* no interception */
	MECH_PTRACE_SYSCALL,	/* PTRACE_SYSCALL, getpid rewrite: 2 stops */
	MECH_PTRACE_SYSEMU,	/* PTRACE_SYSEMU: 1 stop to emulate */
	MECH_PTRACE_VM,		/* PTRACE_VM: VM_SKIPCALL / VM_SKIPEXIT */
	MECH_SECCOMP_TRACE,	/* SECCOMP_RET_TRACE + PTRACE_CONT */
	MECH_SECCOMP_NOTIF,	/* SECCOMP_RET_USER_NOTIF, supervisor thread */
	MECH_SECCOMP_TRAP,	/* SECCOMP_RET_TRAP, SIGSYS handler */
	MECH_SUD,		/* Syscall User Dispatch, SIGSYS handler */
	MECH_COUNT
};

enum mech_mode {
	MODE_EMULATE,		/* the handler answers MECH_RESULT */
	MODE_PASS,		/* the host runs the call */
	MODE_OTHER,		/* interception armed for another call only */
	MODE_COUNT
};

/* What an emulated call returns (checked by the guest). */
#define MECH_RESULT	4242

struct mech_params {
	long nr;		/* the syscall the guest loops on (no args) */
	long calls;		/* timed calls */
	enum mech_mode mode;
	int two_cpus;		/* tracer/supervisor and guest on two CPUs */
};

struct mech_result {
	double ns_per_call;
	double stops_per_call;	/* counted stops / calls intercepted */
	char why[96];		/* when not available: the reason */
};

/* Short name for options and JSON ("sysemu"), and the display name. */
const char *mech_key(enum mech_id m);
const char *mech_title(enum mech_id m);
const char *mech_mode_key(enum mech_mode mode);
/* -1 when unknown. */
int mech_by_key(const char *key);
/*
 * Whether @m can do @mode at all (1) or not by design (0, with @why
 * saying so, e.g. SYSEMU has nothing to filter on).
 */
int mech_supports(enum mech_id m, enum mech_mode mode, const char **why);

/*
 * One run: a child makes warm-up calls, then p->calls timed calls of
 * p->nr under @m.  0, or -errno with res->why filled in (n/a).
 */
int mech_measure(enum mech_id m, const struct mech_params *p,
		 struct mech_result *res);

/* Syscalls the guest may loop on: harmless, without arguments. */
int mech_syscall_ok(long nr);

#endif /* UMVM_MECH_H */
