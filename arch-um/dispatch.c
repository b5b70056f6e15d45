// SPDX-License-Identifier: GPL-2.0
/*
 * The dispatcher: at each syscall entry, decide what the guest sees.
 *
 * The personality options fill one handler table indexed by syscall
 * number; a syscall with no handler passes to the host.  Handlers return
 * results as a value or -errno in sc->ret; the backend writes that into
 * the guest's return register, the one place a result becomes visible.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include "dispatch.h"
#include "sysent.h"
#include "view.h"
#include "os.h"
#include "umvm.h"

struct personality pers;

/*
 * Each syscall has a short chain of hooks, run in the order the features
 * registered them in dispatch_init(): policy first, then path views, then
 * identity.  The first entry hook that emulates the call ends the chain;
 * every exit hook of a call that was passed runs, in reverse order.
 */
#define MAX_HOOKS	6

struct hooks {
	unsigned char n_entry, n_exit;
	sc_handler entry[MAX_HOOKS];
	sc_exit_handler exit[MAX_HOOKS];
};

static struct hooks hooks[MAX_SYSCALL];

void dispatch_hook(long nr, sc_handler entry, sc_exit_handler exit)
{
	struct hooks *h;

	if (nr < 0 || nr >= MAX_SYSCALL)
		return;
	h = &hooks[nr];
	if (entry && h->n_entry < MAX_HOOKS)
		h->entry[h->n_entry++] = entry;
	if (exit && h->n_exit < MAX_HOOKS)
		h->exit[h->n_exit++] = exit;
}

int dispatch_needs_stop(long nr)
{
	/* --unhandled counts calls that nothing else needs to see. */
	if (pers.trace || pers.stats || pers.unhandled)
		return 1;
	if (nr < 0 || nr >= MAX_SYSCALL)
		return 0;
	return hooks[nr].n_entry || hooks[nr].n_exit;
}

int dispatch_has_hook(long nr)
{
	return nr >= 0 && nr < MAX_SYSCALL &&
	       (hooks[nr].n_entry || hooks[nr].n_exit);
}

void dispatch_init(void)
{
	/* Whether a call happens at all: --deny and --policy, --inject. */
	policy_init();
	inject_init();
	if (pers.deny_net)
		denynet_init();
	pers.path_views = view_active();
	path_init();
	affinity_init();
	dispatch_hook(__NR_sched_getaffinity, NULL, sys_sched_getaffinity_exit);
	dispatch_hook(__NR_sched_setaffinity, sys_sched_setaffinity, NULL);
	if (pers.hostname || pers.release)
		dispatch_hook(__NR_uname, sys_uname, NULL);
	/* Identity last: it sees the paths the path layer made. */
	if (pers.fake_root) {
		creds_init();
		fakeroot_init();
		fakestat_init();
	}
	if (pers.bench_emulate)
		dispatch_hook(pers.bench_nr ? pers.bench_nr : __NR_getppid,
			      sys_bench_getppid, NULL);
}

enum outcome dispatch_entry(struct gthread *t)
{
	struct gsyscall *sc = &t->sc;
	enum outcome o = OUT_PASS;
	long nr = regs_syscall_nr(&t->regs);

	view_unpin(sc);
	sc->nr = nr;
	sc->ret_known = 0;
	sc->reported = 0;
	for (int i = 0; i < 6; i++)
		sc->args[i] = regs_arg(&t->regs, i);
	if (unlikely(pers.unhandled))
		unhandled_note(t);
	if (likely(nr >= 0 && nr < MAX_SYSCALL && regs_native_abi(&t->regs)) &&
	    !(t->flags & GT_SETUP)) {
		const struct hooks *h = &hooks[nr];

		for (int i = 0; i < h->n_entry && o != OUT_EMULATE &&
		     o != OUT_HOLD; i++) {
			enum outcome hr = h->entry[i](t, sc);

			if (hr != OUT_PASS)
				o = hr;
		}
		if (o == OUT_PASS && h->n_exit)
			o = OUT_PASS_SEE_EXIT;
	}
	/* The trace shows every result, so it sees every exit. */
	if (o == OUT_PASS && pers.trace)
		o = OUT_PASS_SEE_EXIT;
	if (o == OUT_EMULATE)
		sc->ret_known = 1;
	/* exit and exit_group never return: report them now. */
	if (nr == __NR_exit || nr == __NR_exit_group) {
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

	if (sc->nr < 0 || sc->nr >= MAX_SYSCALL || (t->flags & GT_SETUP))
		return 0;
	for (int i = hooks[sc->nr].n_exit - 1; i >= 0; i--)
		changed |= hooks[sc->nr].exit[i](t, sc);
	return changed;
}

void dispatch_done(struct gthread *t)
{
	view_unpin(&t->sc);
	if (t->flags & GT_SETUP || t->sc.reported)
		return;
	if (pers.trace)
		trace_syscall(pers.trace, t);
	if (pers.stats)
		stats_add(&t->sc);
}

void dispatch_new_thread(struct gthread *child, struct gthread *parent)
{
	if (parent)
		child->flags |= parent->flags & (GT_OWN_AFFINITY | GT_OTHER_UID);
	if (pers.fake_root)
		creds_new_thread(child, parent);
	if (parent && child->tgid != parent->tgid && view_active())
		exec_new_process(child->tgid, parent->tgid);
}

/* The benchmark's emulated call: what getppid would return, no host call. */
enum outcome sys_bench_getppid(struct gthread *t, struct gsyscall *sc)
{
	static pid_t monitor;

	(void)t;
	if (!monitor)
		monitor = getpid();
	sc->ret = monitor;
	return OUT_EMULATE;
}

/*
 * A thread that dies inside a call never reaches its exit stop: its
 * exit hooks run now, as for a call that failed, so that they free what
 * they keep from the entry (exec's path), and its pinned directories are
 * closed.
 */
void dispatch_thread_gone(struct gthread *t)
{
	struct gsyscall *sc = &t->sc;

	if (sc->outcome == OUT_PASS_SEE_EXIT && !sc->ret_known) {
		sc->ret = -ESRCH;
		sc->ret_known = 1;
		dispatch_exit(t);
	}
	view_unpin(sc);
}
