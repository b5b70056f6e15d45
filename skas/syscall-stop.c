// SPDX-License-Identifier: GPL-2.0
/*
 * Syscall stops and seccomp event stops.  The backend says what a stop
 * is: a new call (dispatched, then carried out by the backend), the exit
 * the dispatcher asked to see, an internal step of its own, or a TRACE
 * of the guest's own seccomp filter.
 *
 * A guest tracer (skas_tracer) sees a traced thread's calls at three
 * fixed points: before the dispatcher (->entry), after it decided
 * (->decided), and at the exit (->exit).  Each may hold the thread.
 */
#include <errno.h>
#include <sys/syscall.h>
#include "dispatch.h"
#include "loop.h"
#include "os.h"
#include "umvm.h"

/* Put back the argument registers a handler changed for the host. */
static void restore_args(struct gthread *t)
{
	t->flags &= ~GT_REGS_DIRTY;
	for (int i = 0; i < 6; i++)
		if (regs_arg(&t->regs, i) != t->sc.args[i])
			skas_check(os_poke_reg(t->tid, regs_off_arg[i],
					       t->sc.args[i]),
				   "restoring arguments", t);
}

/* Which table the call's number belongs to: only the host can tell. */
static int entry_abi(struct gthread *t)
{
	int abi = skas_be->abi ? skas_be->abi(t) :
		  os_syscall_abi(t->tid, regs_syscall_nr(&t->regs));
	static int told;

	if (abi >= 0)
		return abi;
	/* Then restricting options refuse every call (deny.c). */
	if (abi == -EIO && !told++)
		warnmsg("the host does not tell syscall ABIs "
			"(PTRACE_GET_SYSCALL_INFO, Linux 5.3)");
	return ABI_UNKNOWN;
}

/*
 * A syscall entry: read the registers, let the dispatcher decide, and
 * have the backend carry it out.  Also the way back for a call that was
 * held (OUT_HOLD, or stopped for a guest's tracer): it is dispatched
 * again from its registers as they are now.
 */
void skas_entry(struct gthread *t)
{
	uint64_t t0 = pers.stats ? os_now_ns() : 0;
	enum outcome o;
	int r, abi;

	t->flags &= ~GT_REENTRY;
	r = os_getregs(t->tid, &t->regs);
	skas_check(r, "reading registers", t);
	if (r < 0)
		return;
	abi = entry_abi(t);
	t->sc.stops = 1;
	t->sc.t_monitor = 0;
	t->flags &= ~GT_REGS_DIRTY;
	if (dispatch_prepare(t, abi)) {
		/* A call of umvm's own first; this one comes again. */
		skas_check(os_setregs(t->tid, &t->regs), "injecting a call", t);
		skas_check(skas_be->entry(t, OUT_PASS_SEE_EXIT),
			   "injecting a call", t);
		return;
	}
	if (t->vt && skas_tracer->entry(t))
		return;
	o = dispatch_entry(t, abi);
	if (o == OUT_HOLD)
		return;
	if (t->flags & GT_REGS_DIRTY) {
		if (o == OUT_EMULATE)
			t->flags &= ~GT_REGS_DIRTY;
		else
			skas_check(os_setregs(t->tid, &t->regs),
				   "writing arguments", t);
	}
	if (t->vt && skas_tracer->decided(t, &o))
		return;
	r = skas_be->entry(t, o);
	skas_check(r, "resuming at syscall entry", t);
	if (pers.stats)
		t->sc.t_monitor += os_now_ns() - t0;
	if (r == 1)
		dispatch_done(t);
}

/*
 * A TRACE of the guest's own seccomp filter (@in_call: the call was
 * dispatched at its entry stop already).  Not every call the filter sees
 * is the guest's: umvm's own (an injected call, scratch.c) and a call
 * umvm emulated at a syscall-entry stop, which the host hands to the
 * filters as number -1 (the filters run after that stop), go on unseen;
 * and the call a tracer saw comes again unseen after one of umvm's own.
 * A guest's tracer may take the stop; else the call fails with ENOSYS,
 * as natively under a tracer that does not ask for seccomp stops.
 */
static void on_guest_seccomp(struct gthread *t, int in_call)
{
	if (t->flags & GT_INJECT ||
	    (in_call && t->sc.outcome == OUT_EMULATE && t->sc.ret_known)) {
		skas_resume(t, 0);
		return;
	}
	if (t->flags & GT_REENTRY) {
		skas_entry(t);
		return;
	}
	if (t->vt && skas_tracer->guest_seccomp(t, in_call))
		return;
	os_poke_reg(t->tid, regs_off_syscall_nr, REGS_NR_SKIP);
	os_poke_reg(t->tid, regs_off_return, -ENOSYS);
	skas_resume(t, 0);
}

/* The exit of a call umvm injected: the guest's own comes again. */
static void injected_exit(struct gthread *t, long ret)
{
	dispatch_injected(t, ret);
	t->flags |= GT_REENTRY;
	skas_check(os_setregs(t->tid, &t->regs), "restoring a call", t);
	skas_check(skas_be->exit(t, 0), "resuming at syscall exit", t);
}

/* A hook wants the call made again, as it is now. */
static void restart_call(struct gthread *t)
{
	int r;

	t->flags &= ~GT_AGAIN;
	r = os_getregs(t->tid, &t->regs);
	skas_check(r, "reading registers", t);
	if (r < 0)
		return;
	regs_rewind_syscall(&t->regs);
	skas_check(os_setregs(t->tid, &t->regs), "restarting a call", t);
	t->sc.reported = 1;
	skas_exit_resume(t, 0);
}

/* The exit stop the dispatcher asked to see. */
static void on_exit_stop(struct gthread *t, uint64_t t0)
{
	unsigned long ret;
	int r, changed;

	r = os_peek_reg(t->tid, regs_off_return, &ret);
	skas_check(r, "reading the result", t);
	if (r < 0)
		return;
	if (t->flags & GT_INJECT) {
		injected_exit(t, (long)ret);
		return;
	}
	t->sc.ret = (long)ret;
	t->sc.ret_known = 1;
	/* A new program starts with registers of its own. */
	if (t->flags & GT_REGS_DIRTY && !(t->sc.ret == 0 &&
	    (t->sc.nr == __NR_execve || t->sc.nr == __NR_execveat)))
		restore_args(t);
	t->flags &= ~GT_REGS_DIRTY;
	changed = dispatch_exit(t);
	if (pers.stats)
		t->sc.t_monitor += os_now_ns() - t0;
	if (t->flags & GT_AGAIN) {
		restart_call(t);
		return;
	}
	if (t->vt && skas_tracer->exit(t, changed))
		return;
	skas_exit_resume(t, changed);
}

/* A stop the backend classifies (SIGTRAP | 0x80, or ours by seccomp). */
static void backend_stop(struct gthread *t)
{
	uint64_t t0 = pers.stats ? os_now_ns() : 0;
	enum sc_stop stop;

	t->sc.stops++;
	switch ((stop = skas_be->syscall_stop(t))) {
	case SC_ENTRY:
		skas_entry(t);
		return;
	case SC_EXIT:
		on_exit_stop(t, t0);
		return;
	case SC_DONE:
		break;
	case SC_RESUMED:
		return;
	case SC_GUEST_SECCOMP:
	case SC_GUEST_SECCOMP_IN_CALL:
		on_guest_seccomp(t, stop == SC_GUEST_SECCOMP_IN_CALL);
		return;
	}
	if (pers.stats)
		t->sc.t_monitor += os_now_ns() - t0;
	dispatch_done(t);
}

void on_syscall_stop(struct gthread *t)
{
	if (tracer_takes_stop(t, 0))
		return;
	backend_stop(t);
}

/*
 * A seccomp event stop: a call our filter sent us (its entry), or a
 * TRACE of the guest's own filter, or one of a guest tracer's SYSEMU.
 */
void on_seccomp_stop(struct gthread *t)
{
	if (tracer_takes_stop(t, 1))
		return;
	if (!skas_be->filtered) {
		/* No filter of ours: the guest's own, after the entry stop. */
		on_guest_seccomp(t, 1);
		return;
	}
	t->flags |= GT_SECCOMP_STOP;
	backend_stop(t);
	t->flags &= ~GT_SECCOMP_STOP;
}
