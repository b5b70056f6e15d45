/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The benchmark's interception mechanisms (bench/mech-*.c): each one
 * intercepts one chosen syscall of a child process with the same tiny
 * handler, and either emulates it (the host never runs it; the guest sees
 * MECH_RESULT) or passes it to the host.  Stops are counted by the tracer,
 * supervisor or signal handler, never assumed.
 *
 * A mechanism is a `const struct mechanism`; the runner (bench/mech.c)
 * lists them in mechanisms[] and knows none by name.  The mechanisms use
 * the helpers of bench/mech-child.h, never the runner.
 */
#ifndef UMVM_MECH_H
#define UMVM_MECH_H

enum mech_mode {
	MODE_EMULATE,		/* the handler answers MECH_RESULT */
	MODE_PASS,		/* the host runs the call */
	MODE_OTHER,		/* interception armed for another call only */
	MODE_COUNT
};
#define MODE_BIT(mode)	(1u << (mode))
#define MODES_ALL	(MODE_BIT(MODE_EMULATE) | MODE_BIT(MODE_PASS) | \
			 MODE_BIT(MODE_OTHER))

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

struct ptrace_kind;		/* bench/mech-ptrace.c's own */

struct mechanism {
	const char *key;	/* for options and JSON ("ptrace-sysemu") */
	const char *title;	/* the report's name ("PTRACE_SYSEMU") */
	/* A row's variant per mode; NULL: the mode's key ("other call"). */
	const char *variant[MODE_COUNT];
	unsigned int modes;	/* MODE_BIT()s it can do */
	const char *cannot;	/* why not the others, by design */
	/* A tracer or supervisor runs beside the guest: two-CPU rows. */
	int cross_process;
	/*
	 * In the child, before the timed calls: intercept p->nr.  0, or
	 * -errno and *step the MSTEP_* that failed.  @helper_cpu is where a
	 * supervisor thread goes.  NULL: nothing to arm.
	 */
	int (*arm)(const struct mech_params *p, int helper_cpu, int *step);
	/* In the child, after the timed calls: the stops it counted. */
	unsigned long (*disarm)(void);
	/*
	 * A tracer in the parent: the whole run.  NULL: the runner forks
	 * the child and waits for its report.
	 */
	int (*trace)(const struct mechanism *m, const struct mech_params *p,
		     struct mech_result *res);
	const struct ptrace_kind *ptrace;	/* trace's own data */
};

/* No interception: the reference row. */
extern const struct mechanism mech_native;
/* Every intercepting mechanism, in the report's order. */
extern const struct mechanism *const mechanisms[];
extern const int nr_mechanisms;

/* The mechanisms, each defined in its file; only mechanisms[] names them. */
extern const struct mechanism mech_ptrace_syscall, mech_ptrace_sysemu,
	mech_ptrace_vm, mech_seccomp_trace;		/* mech-ptrace.c */
extern const struct mechanism mech_seccomp_notif,
	mech_seccomp_trap;				/* mech-seccomp.c */
extern const struct mechanism mech_sud;			/* mech-sud.c */

const char *mech_mode_key(enum mech_mode mode);
/* A row's variant: "emulate", "pass (VM_SKIPEXIT)", "other call". */
const char *mech_variant(const struct mechanism *m, enum mech_mode mode);
/* An intercepting mechanism by key, or NULL. */
const struct mechanism *mech_by_key(const char *key);

/*
 * One run: a child makes warm-up calls, then p->calls timed calls of
 * p->nr under @m.  0, or -errno with res->why filled in (n/a).
 */
int mech_measure(const struct mechanism *m, const struct mech_params *p,
		 struct mech_result *res);

/* Syscalls the guest may loop on: harmless, without arguments. */
int mech_syscall_ok(long nr);

#endif /* UMVM_MECH_H */
