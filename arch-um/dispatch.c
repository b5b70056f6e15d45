// SPDX-License-Identifier: GPL-2.0
/*
 * The dispatcher: at each syscall entry, decide what the guest sees.
 *
 * The personality options fill one handler table indexed by syscall
 * number; a syscall with no handler passes to the host.  Handlers return
 * results as a value or -errno in sc->ret; the backend writes that into
 * the guest's return register, the one place a result becomes visible.
 */
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include "dispatch.h"
#include "sysent.h"
#include "os.h"
#include "umvm.h"

struct personality pers;

static sc_handler handlers[MAX_SYSCALL];
static sc_exit_handler exit_handlers[MAX_SYSCALL];

static enum outcome sys_deny(struct gthread *t, struct gsyscall *sc)
{
	(void)t;
	sc->ret = -pers.deny[sc->nr];
	return OUT_EMULATE;
}

void dispatch_init(void)
{
	static const int ids[] = {
		__NR_getuid, __NR_geteuid, __NR_getgid, __NR_getegid,
	};

	affinity_init();
	exit_handlers[__NR_sched_getaffinity] = sys_sched_getaffinity_exit;
	handlers[__NR_sched_setaffinity] = sys_sched_setaffinity;
	if (pers.hostname || pers.release)
		handlers[__NR_uname] = sys_uname;
	if (pers.fake_root) {
		for (unsigned int i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
			handlers[ids[i]] = sys_getid0;
		handlers[__NR_getresuid] = sys_getresid0;
		handlers[__NR_getresgid] = sys_getresid0;
		handlers[__NR_getgroups] = sys_getgroups0;
	}
	if (pers.bench_emulate)
		handlers[__NR_getppid] = sys_bench_getppid;
	for (int nr = 0; nr < MAX_SYSCALL; nr++)
		if (pers.deny[nr])
			handlers[nr] = sys_deny;
}

enum outcome dispatch_entry(struct gthread *t)
{
	struct gsyscall *sc = &t->sc;
	enum outcome o = OUT_PASS;
	long nr = regs_syscall_nr(&t->regs);

	sc->nr = nr;
	sc->ret_known = 0;
	sc->reported = 0;
	for (int i = 0; i < 6; i++)
		sc->args[i] = regs_arg(&t->regs, i);
	if (likely(nr >= 0 && nr < MAX_SYSCALL && regs_native_abi(&t->regs)) &&
	    handlers[nr] && !(t->flags & GT_SETUP))
		o = handlers[nr](t, sc);
	/* The trace shows every result, so it sees every exit. */
	if (o == OUT_PASS && (pers.trace ||
	    (nr >= 0 && nr < MAX_SYSCALL && exit_handlers[nr])))
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

	if (sc->nr >= 0 && sc->nr < MAX_SYSCALL && exit_handlers[sc->nr] &&
	    !(t->flags & GT_SETUP))
		return exit_handlers[sc->nr](t, sc);
	return 0;
}

void dispatch_done(struct gthread *t)
{
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
		child->flags |= parent->flags & GT_OWN_AFFINITY;
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
