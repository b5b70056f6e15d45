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
#include <linux/sched.h>
#include "dispatch.h"
#include "scratch.h"
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
	unsigned char guard;	/* the entry hooks include a range guard */
	sc_handler entry[MAX_HOOKS];
	sc_exit_handler exit[MAX_HOOKS];
};

static struct hooks hooks[MAX_SYSCALL];
static const struct os_filter_range *ranges[MAX_SYSCALL];
static int sealed;

void dispatch_hook(long nr, sc_handler entry, sc_exit_handler exit)
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
	if (exit)
		h->exit[h->n_exit++] = exit;
}

void dispatch_hook_range(const struct os_filter_range *r, sc_handler entry)
{
	dispatch_hook(r->nr, entry, NULL);
	hooks[r->nr].guard = 1;
	ranges[r->nr] = r;
}

/* 1 when call @nr stops whatever its arguments (see filter_spec()). */
static int always_stop(long nr)
{
	const struct hooks *h;

	/* --unhandled counts calls that nothing else needs to see. */
	if (pers.trace || pers.stats || pers.unhandled)
		return 1;
	if (nr < 0)
		return 0;
	/* Unknown numbers are refused under restricting options. */
	if (nr >= MAX_SYSCALL || sysent_unknown(sysent_get(nr)))
		return deny_restricting();
	h = &hooks[nr];
	return h->n_entry > h->guard || h->n_exit;
}

int dispatch_needs_stop(long nr)
{
	return always_stop(nr) || (nr >= 0 && nr < MAX_SYSCALL && ranges[nr]);
}

int dispatch_has_hook(long nr)
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

void dispatch_init(void)
{
	/* Whether a call happens at all: --deny and --policy, --inject. */
	pers.policy = policy_init();
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

void dispatch_seal(void)
{
	deny_init();
	sealed = 1;
}

enum outcome dispatch_entry(struct gthread *t, int abi)
{
	struct gsyscall *sc = &t->sc;
	enum outcome o = OUT_PASS;
	long nr = regs_syscall_nr(&t->regs);

	if (unlikely(!sealed))
		die(EXIT_SETUP, "internal error: dispatch before dispatch_seal()");
	view_unpin(sc);
	sc->nr = nr;
	sc->abi = abi;
	sc->ret_known = 0;
	sc->reported = 0;
	for (int i = 0; i < 6; i++)
		sc->args[i] = regs_arg(&t->regs, i);
	if (unlikely(pers.unhandled))
		unhandled_note(t);
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
		if (o == OUT_PASS && h->n_exit)
			o = OUT_PASS_SEE_EXIT;
	}
	/* The trace shows every result, so it sees every exit. */
	if (o == OUT_PASS && pers.trace)
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
		changed |= hooks[sc->nr].exit[i](t, sc);
	return changed;
}

void dispatch_done(struct gthread *t)
{
	view_unpin(&t->sc);
	scratch_done(t);
	if (t->flags & GT_SETUP || t->sc.reported)
		return;
	if (pers.trace)
		trace_syscall(pers.trace, t);
	if (pers.stats)
		stats_add(&t->sc);
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
	if (parent)
		child->flags |= parent->flags & (GT_OWN_AFFINITY |
						 GT_OTHER_UID | GT_FILTERED);
	scratch_new_thread(child, parent, !!(clone_flags & CLONE_VM));
	if (pers.fake_root)
		creds_new_thread(child, parent);
	if (parent && child->tgid != parent->tgid && view_active())
		exec_new_process(child->tgid, parent->tgid);
}

void dispatch_exec(struct gthread *t)
{
	scratch_exec(t);
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
	scratch_thread_gone(t);
}
