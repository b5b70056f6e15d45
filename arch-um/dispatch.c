// SPDX-License-Identifier: GPL-2.0
/*
 * The dispatcher: at each syscall entry, decide what the guest sees.
 *
 * dispatch_init() walks the personalities (personalities.c) and builds
 * from their hook tables one chain of handlers per syscall number; a
 * syscall with no handler passes to the host.  Handlers return results as
 * a value or -errno in sc->ret; the backend writes that into the guest's
 * return register, the one place a result becomes visible.
 */
#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include "dispatch.h"
#include "personality.h"
#include "scratch.h"
#include "sysent.h"
#include "view.h"
#include "os.h"
#include "umvm.h"

/*
 * Each syscall has a short chain of hooks, run in the order of the
 * personalities array: policy first, then path views, then identity.
 * The first entry hook that emulates the call ends the chain; every exit
 * hook of a call that was passed runs, in reverse order.
 */
#define MAX_HOOKS	6

struct hooks {
	unsigned char n_entry, n_exit;
	unsigned char guard;	/* the entry hooks include a range guard */
	sc_handler entry[MAX_HOOKS];
	sc_exit_handler exit[MAX_HOOKS];
	sc_exit_handler want[MAX_HOOKS];	/* does this call need exit[i]? */
};

static struct hooks hooks[MAX_SYSCALL];
static const struct os_filter_range *ranges[MAX_SYSCALL];
static int sealed;

/* The personalities the options enabled, in array order. */
static const struct personality *on[64];
static unsigned int n_on;
static unsigned int sees;	/* SEES_* of any of them */

#define EACH_ON(p) \
	for (const struct personality *const *p = on; p < on + n_on; p++)

static void add_hook(long nr, sc_handler entry, sc_exit_handler exit,
		     sc_exit_handler want)
{
	struct hooks *h;

	if (nr < 0 || nr >= MAX_SYSCALL || sealed)
		die(EXIT_SETUP, "internal error: hook for syscall %ld "
		    "registered out of place", nr);
	h = &hooks[nr];
	if ((entry && h->n_entry == MAX_HOOKS) ||
	    (exit && h->n_exit == MAX_HOOKS))
		die(EXIT_SETUP, "internal error: more than %d hooks for %s",
		    MAX_HOOKS, sysent_get(nr)->name);
	if (entry)
		h->entry[h->n_entry++] = entry;
	if (exit) {
		h->want[h->n_exit] = want;
		h->exit[h->n_exit++] = exit;
	}
}

void dispatch_hook(long nr, sc_handler entry, sc_exit_handler exit)
{
	add_hook(nr, entry, exit, NULL);
}

static void take_hook(const struct sc_hook *k)
{
	if (k->match) {
		for (long nr = 0; nr < MAX_SYSCALL; nr++)
			if (k->match(nr))
				add_hook(nr, k->entry, k->exit, k->want_exit);
		return;
	}
	if (k->nrs) {
		for (const long *nr = k->nrs; *nr >= 0; nr++)
			add_hook(*nr, k->entry, k->exit, k->want_exit);
		return;
	}
	add_hook(k->nr, k->entry, k->exit, k->want_exit);
	if (k->range) {
		hooks[k->nr].guard = 1;
		ranges[k->nr] = k->range;
	}
}

/* 1 when call @nr stops whatever its arguments (see filter_spec()). */
static int always_stop(long nr)
{
	const struct hooks *h;

	/* --unhandled counts calls that nothing else needs to see. */
	if (sees & SEES_EVERY_ENTRY)
		return 1;
	if (nr < 0)
		return 0;
	/* Unknown numbers are refused under restricting options. */
	if (nr >= MAX_SYSCALL || sysent_unknown(sysent_get(nr)))
		return deny_restricting();
	h = &hooks[nr];
	return h->n_entry > h->guard || h->n_exit;
}

static int has_hook(long nr)
{
	return nr >= 0 && nr < MAX_SYSCALL &&
	       (hooks[nr].n_entry || hooks[nr].n_exit);
}

const struct os_filter_spec *dispatch_filter_spec(void)
{
	static struct os_filter_range list[MAX_SYSCALL];
	static struct os_filter_spec spec;
	int n = 0;

	for (long nr = 0; nr < MAX_SYSCALL; nr++)
		if (ranges[nr] && !always_stop(nr))
			list[n++] = *ranges[nr];
	spec = (struct os_filter_spec){
		.stop = always_stop,
		.max_nr = MAX_SYSCALL,
		.ranges = list,
		.nranges = n,
		.window = scratch_window(),
	};
	return &spec;
}

void dispatch_init(const struct guest_threads *table)
{
	threads_set(table);
	pers.path_views = view_active();
	for (unsigned int i = 0; i < nr_personalities; i++) {
		const struct personality *p = personalities[i];

		if ((p->option && !*p->option) || (p->enabled && !p->enabled()))
			continue;
		if (n_on == ARRAY_SIZE(on))
			die(EXIT_SETUP, "internal error: too many personalities");
		on[n_on++] = p;
		if (p->init)
			p->init();
		for (unsigned int k = 0; k < p->nhooks; k++)
			take_hook(&p->hooks[k]);
		sees |= p->sees;
	}
}

void dispatch_seal(void)
{
	/* What the options must see and nothing handles is refused. */
	for (long nr = 0; nr < MAX_SYSCALL; nr++)
		if (deny_refuses(nr, has_hook(nr)))
			dispatch_hook(nr, deny_enosys, NULL);
	sealed = 1;
}

/* Which exit hooks the call in flight needs (sc->exits); 0: none. */
static unsigned int wanted_exits(struct gthread *t, const struct hooks *h)
{
	unsigned int mask = 0;

	for (int i = 0; i < h->n_exit; i++)
		if (!h->want[i] || h->want[i](t, &t->sc))
			mask |= 1U << i;
	t->sc.exits = mask;
	return mask;
}

/*
 * Every entry hook passed a call that umvm can make itself: it does, and
 * the exit hooks see the result as after the host's.  A rewritten
 * argument register is not needed then: the guest keeps its own.
 */
static enum outcome perform(struct gthread *t)
{
	struct gsyscall *sc = &t->sc;

	sc->ret = sc->perform(t, sc);
	sc->ret_known = 1;
	dispatch_exit(t);
	return OUT_EMULATE;
}

enum outcome dispatch_entry(struct gthread *t, int abi)
{
	struct gsyscall *sc = &t->sc;
	enum outcome o = OUT_PASS;
	long nr = regs_syscall_nr(&t->regs);

	if (unlikely(!sealed))
		die(EXIT_SETUP, "internal error: dispatch before dispatch_seal()");
	view_unpin(sc);
	sc->perform = NULL;
	sc->path_start = PATH_ABSOLUTE;
	sc->exits = ~0U;
	sc->nr = nr;
	sc->abi = abi;
	sc->ret_known = 0;
	sc->reported = 0;
	for (int i = 0; i < 6; i++)
		sc->args[i] = regs_arg(&t->regs, i);
	if (unlikely(sees & SEES_EVERY_ENTRY))
		EACH_ON(p)
			if ((*p)->note_entry)
				(*p)->note_entry(t);
	if (t->flags & GT_SETUP) {
		/* umvm's own start-up code, before the guest's execve */
	} else if (unlikely(deny_unknown(t, &o))) {
		/* another ABI, or a number umvm does not know */
	} else {
		const struct hooks *h = &hooks[nr];

		for (int i = 0; i < h->n_entry && o != OUT_EMULATE &&
		     o != OUT_HOLD; i++) {
			enum outcome hr = h->entry[i](t, sc);

			if (hr != OUT_PASS)
				o = hr;
		}
		if (o == OUT_PASS && wanted_exits(t, h))
			o = OUT_PASS_SEE_EXIT;
		if (sc->perform && (o == OUT_PASS || o == OUT_PASS_SEE_EXIT))
			o = perform(t);
	}
	/* The trace shows every result, so it sees every exit. */
	if (o == OUT_PASS && (sees & SEES_EVERY_EXIT))
		o = OUT_PASS_SEE_EXIT;
	if (o == OUT_EMULATE)
		sc->ret_known = 1;
	/* exit and exit_group never return: report them now. */
	if (abi == ABI_NATIVE && (nr == __NR_exit || nr == __NR_exit_group)) {
		if (o == OUT_PASS_SEE_EXIT)
			o = OUT_PASS;
		sc->outcome = o;
		dispatch_done(t);
		sc->reported = 1;
	}
	sc->outcome = o;
	return o;
}

int dispatch_exit(struct gthread *t)
{
	struct gsyscall *sc = &t->sc;
	int changed = 0;

	if (sc->abi != ABI_NATIVE || sc->nr < 0 || sc->nr >= MAX_SYSCALL ||
	    (t->flags & GT_SETUP))
		return 0;
	for (int i = hooks[sc->nr].n_exit - 1; i >= 0; i--)
		if (sc->exits & (1U << i))
			changed |= hooks[sc->nr].exit[i](t, sc);
	return changed;
}

void dispatch_done(struct gthread *t)
{
	/* What the call held (pinned directories, scratch) is let go. */
	view_unpin(&t->sc);
	scratch_done(t);
	if (t->flags & GT_SETUP || t->sc.reported)
		return;
	EACH_ON(p)
		if ((*p)->call_done)
			(*p)->call_done(t);
}

int dispatch_prepare(struct gthread *t, int abi)
{
	return scratch_prepare(t, abi);
}

void dispatch_injected(struct gthread *t, long ret)
{
	scratch_injected(t, ret);
}

void dispatch_new_thread(struct gthread *child, struct gthread *parent,
			 unsigned long clone_flags)
{
	/* the guest tracers' (skas/guest-filter.c), no personality yet */
	if (parent)
		child->flags |= parent->flags & GT_FILTERED;
	EACH_ON(p) {
		if (parent)
			child->flags |= parent->flags & (*p)->inherit;
		if ((*p)->new_thread)
			(*p)->new_thread(child, parent, clone_flags);
	}
}

void dispatch_exec(struct gthread *t)
{
	EACH_ON(p)
		if ((*p)->exec)
			(*p)->exec(t);
}

/*
 * A thread that dies inside a call never reaches its exit stop: its
 * exit hooks run now, as for a call that failed, so that they free what
 * they keep from the entry (exec's path), and its pinned directories are
 * closed.
 */
static void call_gone(struct gthread *t)
{
	struct gsyscall *sc = &t->sc;

	if (sc->outcome == OUT_PASS_SEE_EXIT && !sc->ret_known) {
		sc->ret = -ESRCH;
		sc->ret_known = 1;
		dispatch_exit(t);
	}
	view_unpin(sc);
}

void dispatch_thread_gone(struct gthread *t)
{
	call_gone(t);
	EACH_ON(p)
		if ((*p)->thread_gone)
			(*p)->thread_gone(t);
}

void dispatch_thread_replaced(struct gthread *t, struct gthread *old)
{
	call_gone(t);
	EACH_ON(p)
		if ((*p)->replaced)
			(*p)->replaced(t, old);
}

void personality_end(void)
{
	EACH_ON(p)
		if ((*p)->end)
			(*p)->end();
}
