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

/* The parsed options that enable and shape the personalities. */
struct pers_options {
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

extern struct pers_options pers;

/*
 * arch-um's view of skas's thread table, passed down at dispatch_init():
 * the thread @tid, whether @pid is a guest process, each guest process.
 */
struct guest_threads {
	struct gthread *(*find)(pid_t tid);
	int (*is_guest)(pid_t pid);
	void (*each_process)(void (*fn)(pid_t tgid, void *arg), void *arg);
};

/*
 * Build the handler table from the personalities the options in pers
 * enable; call once before the guest runs.  Then, when every feature
 * outside arch-um (the guest tracers) has registered its hooks,
 * dispatch_seal() refuses what is left unhandled (deny.c).
 */
void dispatch_init(const struct guest_threads *threads);
void dispatch_seal(void);
/* Handlers: return the outcome; for OUT_EMULATE set sc->ret. */
typedef enum outcome (*sc_handler)(struct gthread *t, struct gsyscall *sc);
/* Exit handlers: return 1 when they changed sc->ret. */
typedef int (*sc_exit_handler)(struct gthread *t, struct gsyscall *sc);

/*
 * Add a hook to syscall @nr (either handler may be NULL), before
 * dispatch_seal(): for the guest tracers (skas/), which are no
 * personality yet; a personality lists its hooks in its table
 * (personality.h).  An entry handler that changes argument registers
 * edits t->regs with regs_set_arg() and sets GT_REGS_DIRTY: the loop
 * writes them before the host runs the call and puts the guest's own
 * values back at the exit stop, so such a handler must return
 * OUT_PASS_SEE_EXIT.
 */
void dispatch_hook(long nr, sc_handler entry, sc_exit_handler exit);
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

/*
 * arch-um/guest-threads.c: arch-um's lookups in the thread table
 * (struct guest_threads, set by dispatch_init()).
 */
void threads_set(const struct guest_threads *threads);
struct gthread *threads_find(pid_t tid);
int threads_has_pid(pid_t pid);
void threads_each_process(void (*fn)(pid_t tgid, void *arg), void *arg);

/*
 * text-lines.c: call @fn for each line of text file @path; -errno when it
 * cannot be read (dies when it is no text).
 */
typedef void (*text_line_fn)(const char *path, int lineno, char *line);
int text_lines(const char *path, text_line_fn fn);

/* errno names: "EACCES" -> 13, or -1 */
int errno_by_name(const char *name);

/*
 * The options' parsers (arch-um/policy.c, inject.c, ownerdb.c), called
 * while the command line is read; each dies on a malformed argument or
 * file (with file:line).
 */
void policy_load(const char *path);		/* --policy FILE */
void inject_parse(const char *arg);	/* --inject SYSCALL:error=E[:when=N] */
void ownerdb_load(const char *path);		/* --ownership-db FILE */

/*
 * Failing closed (arch-um/deny.c).  deny_restricting(): a restricting
 * option is active.  deny_allow(): a call of a class the caller's option
 * needs is harmless as it is (e.g. connect for --deny-net).
 * deny_refuses(): at dispatch_seal(), 1 when call @nr (@hooked: it has a
 * hook) is left for deny_enosys(), which refuses it.  deny_unknown():
 * another ABI or an unknown number, decided (1, *o set) or not (0).
 * deny_needed_by(): the option a call escapes, or NULL; *refused: it was
 * refused.
 */
int deny_restricting(void);
void deny_allow(long nr, unsigned int classes);
int deny_refuses(long nr, int hooked);
enum outcome deny_enosys(struct gthread *t, struct gsyscall *sc);
int deny_unknown(struct gthread *t, enum outcome *o);
const char *deny_needed_by(long nr, int *refused);

/* The guest is gone: each personality writes what must persist. */
void personality_end(void);

#endif /* UMVM_DISPATCH_H */
