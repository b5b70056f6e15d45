/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the guest sees (arch-um/): the dispatcher that decides each
 * syscall's outcome, and the personality options it applies.
 */
#ifndef UMVM_DISPATCH_H
#define UMVM_DISPATCH_H

#include <stdio.h>
#include "guest.h"
#include "os.h"

#define MAX_SYSCALL	512

struct personality {
	const char *hostname;		/* --hostname */
	const char *release;		/* --kernel-release */
	int fake_root;			/* -0/--root-id (--fake-root) */
	const char *ownership_db;	/* --ownership-db FILE */
	int deny_net;			/* --deny-net */
	int policy;			/* --deny or --policy gave a rule */
	int path_views;			/* -r/-b/-w: the path layer is on */
	short deny[MAX_SYSCALL];	/* --deny: errno, 0 = allowed */
	FILE *trace;			/* --trace, or NULL */
	int stats;			/* --stats */
	int unhandled;			/* --unhandled */
	int bench_emulate;		/* umvm bench: emulate bench_nr */
	long bench_nr;			/* its call (0: getppid) */
	int pinned;			/* guest pinned to the tracer's CPU */
	/*
	 * The guest's pid namespace is a container's (umvm oci, rootful):
	 * every traced process in it is the container's, also those of
	 * other monitors (exec); only the monitors are outside.
	 */
	int container_pids;
};

extern struct personality pers;

/*
 * Build the handler table from pers; call once before the guest runs.
 * Then, when every feature (guest tracers too) has registered its hooks,
 * dispatch_seal() refuses what is left unhandled (deny.c).
 */
void dispatch_init(void);
void dispatch_seal(void);
/* Handlers: return the outcome; for OUT_EMULATE set sc->ret. */
typedef enum outcome (*sc_handler)(struct gthread *t, struct gsyscall *sc);
/* Exit handlers: return 1 when they changed sc->ret. */
typedef int (*sc_exit_handler)(struct gthread *t, struct gsyscall *sc);

/*
 * Add a hook to syscall @nr (either handler may be NULL); for features'
 * init functions, called from dispatch_init().  An entry handler that
 * changes argument registers edits t->regs with regs_set_arg() and sets
 * GT_REGS_DIRTY: the loop writes them before the host runs the call and
 * puts the guest's own values back at the exit stop, so such a handler
 * must return OUT_PASS_SEE_EXIT.
 */
void dispatch_hook(long nr, sc_handler entry, sc_exit_handler exit);
/*
 * An entry hook that only cares when the call's address ranges @r name
 * may touch umvm's scratch window (scratch.c): a seccomp filter stops the
 * call only then.
 */
void dispatch_hook_range(const struct os_filter_range *r, sc_handler entry);
/*
 * 1 when the personality may need to see syscall @nr (other backends stop
 * at every call anyway); valid after dispatch_seal().
 */
int dispatch_needs_stop(long nr);
/* What a seccomp filter must stop, with the range rules; after sealing. */
const struct os_filter_spec *dispatch_filter_spec(void);
/*
 * At an entry stop (t->regs read) of a call of ABI @abi (enum sc_abi, as
 * the host reported it): decide, and set t->sc.ret to emulate.
 */
enum outcome dispatch_entry(struct gthread *t, int abi);
/* At an exit stop (t->sc.ret holds the host's result): 1 if changed. */
int dispatch_exit(struct gthread *t);
/* The call is complete as far as the monitor sees it. */
void dispatch_done(struct gthread *t);
/*
 * A new guest thread appeared (@parent may be NULL), made with
 * @clone_flags (CLONE_VM for vfork); a thread exec'ed; a thread is gone.
 */
void dispatch_new_thread(struct gthread *child, struct gthread *parent,
			 unsigned long clone_flags);
void dispatch_exec(struct gthread *t);
void dispatch_thread_gone(struct gthread *t);
/*
 * A non-leader exec'd: the leader's record @t goes on as the exec'ing
 * thread @old (which is deleted next); what @t's own call held is let go.
 */
void dispatch_thread_replaced(struct gthread *t, struct gthread *old);
/*
 * At an entry stop, before dispatch_entry(): 1 when umvm must first run
 * a call of its own in the thread (t->regs changed; see scratch.h), and
 * at that call's exit dispatch_injected() with its result.
 */
int dispatch_prepare(struct gthread *t, int abi);
void dispatch_injected(struct gthread *t, long ret);
/* The guest is gone: print what --stats collected. */
void dispatch_report(FILE *out, unsigned long stops, uint64_t elapsed_ns);

/* 1 when syscall @nr has at least one hook. */
int dispatch_has_hook(long nr);

/* handlers in arch-um/ */
enum outcome sys_uname(struct gthread *t, struct gsyscall *sc);
int sys_sched_getaffinity_exit(struct gthread *t, struct gsyscall *sc);
enum outcome sys_sched_setaffinity(struct gthread *t, struct gsyscall *sc);
enum outcome sys_bench_getppid(struct gthread *t, struct gsyscall *sc);

/* affinity.c: the CPU mask the guest would have had natively. */
void affinity_init(void);

/* trace.c */
void trace_syscall(FILE *f, struct gthread *t);
/* stats.c */
void stats_add(const struct gsyscall *sc);

/*
 * textfile.c: call @fn for each line of text file @path; -errno when it
 * cannot be read (dies when it is no text).
 */
typedef void (*text_line_fn)(const char *path, int lineno, char *line);
int text_lines(const char *path, text_line_fn fn);

/* errno names: "EACCES" -> 13, or -1 */
int errno_by_name(const char *name);

/*
 * Policy features (arch-um/policy.c, inject.c, denynet.c), registered
 * first: they decide whether a call happens at all.
 */
/* --policy FILE: parse it now; a bad file dies with file:line. */
void policy_load(const char *path);
/* Returns 1 when --deny or --policy gave any rule. */
int policy_init(void);
/* --inject SYSCALL:error=ERRNO[:when=FIRST[..LAST]]: parse, or die. */
void inject_parse(const char *arg);
void inject_init(void);
void denynet_init(void);

/*
 * -0/--root-id, the fake root (arch-um/creds.c, fakeroot.c, fakestat.c,
 * ownerdb.c), registered last, after the path layer.
 */
void creds_init(void);
void creds_new_thread(struct gthread *child, struct gthread *parent);
void fakeroot_init(void);
void fakestat_init(void);
/* --ownership-db FILE: load now (dies on a malformed file). */
void ownerdb_load(const char *path);
/* Write the records back (atomically); 0 or -errno. */
int ownerdb_save(void);

/*
 * Failing closed (arch-um/deny.c).  deny_restricting(): a restricting
 * option is active.  deny_allow(): a call of a class the caller's option
 * needs is harmless as it is (e.g. connect for --deny-net).  deny_init():
 * refuse what is left (from dispatch_seal()).  deny_unknown(): another
 * ABI or an unknown number, decided (1, *o set) or not (0).
 * deny_needed_by(): the option a call escapes, or NULL; *refused: it was
 * refused.
 */
int deny_restricting(void);
void deny_allow(long nr, unsigned int classes);
void deny_init(void);
int deny_unknown(struct gthread *t, enum outcome *o);
const char *deny_needed_by(long nr, int *refused);

/* --unhandled (arch-um/unhandled.c) */
void unhandled_note(struct gthread *t);
void unhandled_report(FILE *out);

/*
 * skas/threads.c: 1 when @pid is a thread of the guest; call @fn for each
 * guest process (its thread-group id).
 */
int guest_pid(pid_t pid);
void guest_each_process(void (*fn)(pid_t tgid, void *arg), void *arg);

/* arch-um/pid.c: under a view, pids reach only guest processes. */
void pid_init(void);

/* The guest is gone: write what must persist, print --unhandled. */
void personality_end(void);

#endif /* UMVM_DISPATCH_H */
