/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A personality: one thing umvm changes in what the guest sees (uname,
 * the fake root's ids, the path view, --deny-net ...), described as data.
 *
 * Each personality is one `const struct personality` in a file of its
 * own, filled with designated initializers, and one line in the array of
 * arch-um/personalities.c.  The dispatcher (arch-um/dispatch.c) walks
 * that array: it asks each personality whether the options enabled it,
 * runs its init, takes its syscall hooks into the per-syscall chains and
 * calls its lifecycle hooks.  It knows no personality by name, and no
 * personality calls the dispatcher back.  A NULL member means "nothing to
 * do there".
 */
#ifndef UMVM_PERSONALITY_H
#define UMVM_PERSONALITY_H

#include "dispatch.h"
#include "umvm.h"

/*
 * One row of a personality's syscall table: the call @nr, the calls of
 * list @nrs (NRS(...)), or every call for which @match says 1 (a class,
 * or a set the options chose), and their handlers.  With @range, the
 * entry handler only matters when the call's address ranges may touch
 * umvm's scratch window: a seccomp filter then stops the call only in
 * that case.
 */
struct sc_hook {
	long nr;
	const long *nrs;
	int (*match)(long nr);
	const struct os_filter_range *range;
	sc_handler entry;
	sc_exit_handler exit;
	/*
	 * With @exit: asked at the entry whether this call needs it (1) or
	 * not (0); NULL: it always does.  A call no exit hook needs passes
	 * without its exit stop.
	 */
	sc_exit_handler want_exit;
};

/* personality.sees: stops it needs beyond its hooks' calls */
#define SEES_EVERY_ENTRY	0x1	/* every call stops (trace, stats ...) */
#define SEES_EVERY_EXIT		0x2	/* and every passed call's exit */

struct personality {
	const char *name;
	/*
	 * On when the option *@option (a member of pers) is set, or when
	 * @enabled() says so; neither: always on.
	 */
	const int *option;
	int (*enabled)(void);
	/* Once, before its hooks are taken and before the guest runs. */
	void (*init)(void);
	const struct sc_hook *hooks;
	unsigned int nhooks;
	unsigned int sees;
	/* GT_* flags a new thread takes from its parent. */
	int inherit;
	/* At each entry stop, before any hook: sees every call (--unhandled). */
	void (*note_entry)(struct gthread *t);
	/* The call is complete and was not reported yet (trace, stats). */
	void (*call_done)(struct gthread *t);
	/*
	 * Lifecycle: a new guest thread (@parent may be NULL; @clone_flags
	 * has CLONE_VM when it shares its parent's memory), an exec, a
	 * thread gone, the end of the guest.
	 */
	void (*new_thread)(struct gthread *child, struct gthread *parent,
			   unsigned long clone_flags);
	void (*exec)(struct gthread *t);
	void (*thread_gone)(struct gthread *t);
	/*
	 * A non-leader exec'd: the leader's record @t goes on as the
	 * exec'ing thread @old, whose record is deleted next (without its
	 * thread_gone): @t takes over what @old kept, and lets go of its own.
	 */
	void (*replaced)(struct gthread *t, struct gthread *old);
	void (*end)(void);
};

/* A part of the path view: named @what, on under -r/-R/-b/-w. */
#define VIEW_PART(what)							\
	.name = what,							\
	.option = &pers.path_views

/* A list of calls for sc_hook.nrs. */
#define NRS(...)	((const long[]){ __VA_ARGS__, -1 })

/* The hook table, given inline: .hooks and its row count .nhooks. */
#define HOOKS(...)							\
	.hooks = (const struct sc_hook[]){ __VA_ARGS__ },		\
	.nhooks = sizeof((const struct sc_hook[]){ __VA_ARGS__ }) /	\
		  sizeof(struct sc_hook)

/* arch-um/personalities.c: every personality, in hook order. */
extern const struct personality *const personalities[];
extern const unsigned int nr_personalities;

#endif /* UMVM_PERSONALITY_H */
