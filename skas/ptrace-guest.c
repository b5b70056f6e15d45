// SPDX-License-Identifier: GPL-2.0
/*
 * Guest tracers: a guest process that traces another (a debugger, strace,
 * a test harness) cannot be its host tracer, since umvm is.  Its ptrace,
 * wait4 and waitid calls are emulated here on top of umvm's own tracing.
 *
 * A tracee stop the guest's tracer should see (a signal, a syscall entry
 * or exit it asked for with PTRACE_SYSCALL, an exec, a new child's first
 * stop) is *held*: umvm keeps the thread stopped, notes the wait status,
 * and wakes the tracer if it is held in a wait for it.  The tracer's
 * requests act on the held thread through umvm's host ptrace; its resume
 * request lets umvm carry on from where it held the thread.
 *
 * A tracer blocked in wait is held too (OUT_HOLD) and its call
 * dispatched again when one of its tracees stops; when one of its
 * children exits, or a signal comes for it, the call goes to the host,
 * which reports exits as natively.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <linux/ptrace.h>
#include "os.h"
#include "ptrace-guest.h"
#include "umvm.h"

static int traced_entry(struct gthread *t)
{
	struct vtrace *vt = t->vt;

	if (vt->emu && !vt->entry_shown) {
		/* Reached with the backend's request: the host would run it. */
		vt->converted = 1;
		vtrace_hold(t, H_EMU_ENTRY, vtrace_trap_status(t));
		return 1;
	}
	if (!vt->syscalls || vt->entry_shown) {
		vt->entry_shown = 0;
		return 0;
	}
	vt->entry_shown = 1;
	vtrace_hold(t, H_ENTRY, vtrace_trap_status(t));
	return 1;
}

static int traced_decided(struct gthread *t, enum outcome *o)
{
	/*
	 * A passed call's exit is seen when the tracer may want it: it
	 * asked for syscall stops, or may ask for them at a seccomp stop.
	 */
	if (*o == OUT_PASS && (t->vt->syscalls ||
			       t->vt->opts & PTRACE_O_TRACESECCOMP))
		*o = OUT_PASS_SEE_EXIT;
	if (!t->vt->syscalls || *o != OUT_EMULATE)
		return 0;
	/* The tracer sees the result at an exit stop before it is final. */
	if (os_poke_reg(t->tid, regs_off_return, t->sc.ret) < 0)
		return 0;
	vtrace_hold(t, H_EMU_EXIT, vtrace_trap_status(t));
	return 1;
}

static int traced_exit(struct gthread *t, int changed)
{
	if (!t->vt->syscalls)
		return 0;
	if (changed && os_poke_reg(t->tid, regs_off_return, t->sc.ret) < 0)
		return 0;
	vtrace_hold(t, H_EXIT, vtrace_trap_status(t));
	return 1;
}

static int traced_signal(struct gthread *t, int sig)
{
	if (vsysemu_orphan(t))
		return 0;
	vtrace_hold(t, H_SIGNAL, (sig << 8) | 0x7f);
	return 1;
}

static int is_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN ||
	       sig == SIGTTOU;
}

static int traced_event(struct gthread *t, int event, int sig)
{
	struct vtrace *vt = t->vt;

	if (vsysemu_orphan(t))
		return 0;
	if (event == PTRACE_EVENT_EXEC && !(vt->opts & PTRACE_O_TRACEEXEC)) {
		/* The SIGTRAP a traced exec gets, after its exit stop. */
		os_kill(t->tid, SIGTRAP);
		return 0;
	}
	if (event != PTRACE_EVENT_STOP && (vt->opts & (1UL << event))) {
		vtrace_hold(t, H_EVENT, ((SIGTRAP | event << 8) << 8) | 0x7f);
		return 1;
	}
	if (event != PTRACE_EVENT_STOP || vt->held != H_NONE)
		return 0;
	if (vt->status == -1) {
		/* An auto-attached child's first stop. */
		vtrace_hold(t, H_EVENT, vt->seized ?
			    ((SIGTRAP | PTRACE_EVENT_STOP << 8) << 8) | 0x7f :
			    (SIGSTOP << 8) | 0x7f);
		return 1;
	}
	/* PTRACE_INTERRUPT, and group-stops of a seized tracee. */
	if (vt->interrupt || (vt->seized && is_stop_signal(sig))) {
		vtrace_hold(t, H_EVENT,
			    ((sig | PTRACE_EVENT_STOP << 8) << 8) | 0x7f);
		return 1;
	}
	return vsysemu_event(t, sig);
}

static void new_child(struct gthread *child, struct gthread *parent)
{
	struct vtrace *pv = parent->vt;
	unsigned long want = 0;

	if (!pv || !pv->tracer)
		return;
	switch (parent->sc.nr) {
	case __NR_fork:
		want = PTRACE_O_TRACEFORK;
		break;
	case __NR_vfork:
		want = PTRACE_O_TRACEVFORK;
		break;
	default:
		want = PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |
		       PTRACE_O_TRACECLONE;
	}
	if (!(pv->opts & want))
		return;
	/* Auto-attached: its first stop is shown as a SIGSTOP. */
	child->vt = vtrace_new(pv->tracer, pv->opts);
	child->vt->seized = pv->seized;
	child->vt->status = -1;
}

/*
 * The tracer resumes @t with @req (PTRACE_SYSCALL, PTRACE_SYSEMU...):
 * which stops it wants.  Every syscall of @t must stop, filtered or not,
 * when it wants syscall stops, or emulates calls and umvm drives the
 * thread with its backend's request until the next entry.
 */
void vtrace_set_mode(struct gthread *t, int req)
{
	struct vtrace *vt = t->vt;

	vt->syscalls = req == PTRACE_SYSCALL;
	vt->emu = req == PTRACE_SYSEMU || req == PTRACE_SYSEMU_SINGLESTEP ?
		  req : 0;
	vt->step = req == PTRACE_SINGLESTEP;
	if (vt->syscalls || vt->emu)
		t->flags |= GT_ALL_SYSCALLS;
	else
		t->flags &= ~GT_ALL_SYSCALLS;
}

/* Give back to umvm the argument registers the tracer was not shown. */
static void reapply_args(struct gthread *t)
{
	unsigned long now;

	if (!(t->flags & GT_REGS_DIRTY))
		return;
	for (int i = 0; i < 6; i++)
		if (regs_arg(&t->regs, i) != t->sc.args[i] &&
		    os_peek_reg(t->tid, regs_off_arg[i], &now) == 0 &&
		    now == t->sc.args[i])
			os_poke_reg(t->tid, regs_off_arg[i],
				    regs_arg(&t->regs, i));
}

/* Resume after a seccomp stop the tracer saw. */
static void release_seccomp(struct gthread *t, int sig)
{
	if (t->vt->seccomp_in_call) {
		/* Dispatched at its entry stop: go on as planned. */
		reapply_args(t);
		skas_resume(t, sig);
		return;
	}
	/*
	 * Its entry now, for umvm; the tracer saw it already.  Also when
	 * the tracer skipped it (number -1, which passes): the backend must
	 * know a call is in flight, or the exit stop a PTRACE_SYSCALL leads
	 * to would be taken for the next call's entry.
	 */
	t->vt->entry_shown = 1;
	skas_entry(t);
}

void vtrace_release(struct gthread *t, int sig)
{
	enum hold kind = t->vt->held;
	unsigned long ret;

	t->vt->held = H_NONE;
	t->vt->status = 0;
	if (vsysemu_release(t, kind, sig))
		return;
	switch (kind) {
	case H_ENTRY:
		skas_entry(t);
		break;
	case H_SECCOMP:
		release_seccomp(t, sig);
		break;
	case H_EMU_EXIT:
		/* The tracer may have changed the result. */
		if (os_peek_reg(t->tid, regs_off_return, &ret) == 0)
			t->sc.ret = (long)ret;
		skas_emulate(t);
		break;
	case H_EXIT:
		skas_exit_resume(t, 0);
		break;
	case H_SIGNAL:
		if (t->vt->step)
			skas_step(t, sig);
		else
			skas_resume(t, sig);
		break;
	case H_EVENT:
		if (t->vt->step)
			skas_step(t, sig);
		else if (sig)
			skas_resume(t, sig);
		else
			skas_resume_event(t);
		break;
	case H_EMU_ENTRY:
	case H_EMU_EXIT_HOST:
	case H_NONE:
	case H_DEAD:
		break;
	}
}

void vtrace_untrace(struct gthread *t, int sig)
{
	struct vtrace *vt = t->vt;

	vtrace_set_mode(t, PTRACE_CONT);
	if (vt->held)
		vtrace_release(t, sig);
	else if (vt->host_emu && vsysemu_orphan_start(t))
		return;		/* umvm still has to take it back */
	t->vt = NULL;
	free(vt);
}

/*
 * A TRACE of the guest's own seccomp filter (its data wins over umvm's
 * own filter's, so umvm cannot tell whether it needed the call too).  A
 * tracer that set PTRACE_O_TRACESECCOMP sees the stop; with none, the
 * loop fails the call with ENOSYS as natively.  @in_call: the call was
 * dispatched at its entry stop already (a backend that sees every entry).
 */
static int traced_seccomp(struct gthread *t, int in_call)
{
	if (t->vt->tracer && t->vt->opts & PTRACE_O_TRACESECCOMP) {
		t->vt->seccomp_in_call = in_call;
		if (in_call && t->flags & GT_REGS_DIRTY) {
			/* The tracer sees the guest's arguments. */
			for (int i = 0; i < 6; i++)
				if (regs_arg(&t->regs, i) != t->sc.args[i])
					os_poke_reg(t->tid, regs_off_arg[i],
						    t->sc.args[i]);
		}
		vtrace_hold(t, H_SECCOMP, (SIGTRAP << 8 |
					   PTRACE_EVENT_SECCOMP << 16) | 0x7f);
		return 1;
	}
	return 0;
}

/*
 * Any stop clears a pending PTRACE_INTERRUPT in the host, also umvm's
 * own syscall stops, which the tracer does not see: then ask again, so
 * that the tracer gets its stop when the thread returns to user mode.
 */
static void traced_after_stop(struct gthread *t)
{
	if (t->vt->interrupt && !t->vt->held)
		os_ptrace_raw(PTRACE_INTERRUPT, t->tid, 0, NULL);
}

static void thread_gone(struct gthread *t, int status)
{
	struct gthread *o, *next;

	vsysemu_gone(t);
	if (t->vt) {
		/* Not the tracer's child: the host will not report it. */
		if (t->vt->tracer && (t->vt->tracer != t->ptgid ||
				      !(t->flags & GT_LEADER)))
			vtrace_dead(t->tid, t->vt->tracer, status);
		free(t->vt);
		t->vt = NULL;
	}
	if (!(t->flags & GT_LEADER))
		return;
	/* Its parent may wait for it: the host reports the exit. */
	if (t->ptgid) {
		vtrace_child_exited(t->tgid, t->ptgid);
		if (vtrace_tracing())
			vtrace_wake(t->ptgid, VW_PASS);
	}
	vtrace_reaped(t->tgid, 0);
	if (!vtrace_tracing())
		return;
	/* A tracer that goes leaves its tracees, or kills them. */
	for (o = thread_first(); o; o = next) {
		next = o->next;
		if (o == t || !o->vt || o->vt->tracer != t->tgid)
			continue;
		if (o->vt->opts & PTRACE_O_EXITKILL)
			os_kill(o->tid, SIGKILL);
		vtrace_untrace(o, 0);
	}
}

/* A signal for a tracer held in wait makes its call go to the host. */
static void signal_tick(void)
{
	struct gthread *w, *next;

	if (!vtrace_tracing())
		return;
	for (w = thread_first(); w; w = next) {
		next = w->next;
		if (w->vwait == VW_HELD && os_signal_pending(w->tid) == 1) {
			w->vwait = VW_SIGNAL;
			skas_entry(w);
		}
	}
}

const struct stop_hooks guest_tracer = {
	.stop		= vsysemu_stop,
	.entry		= traced_entry,
	.decided	= traced_decided,
	.exit		= traced_exit,
	.guest_seccomp	= traced_seccomp,
	.event		= traced_event,
	.signal		= traced_signal,
	.after_stop	= traced_after_stop,
	.child		= new_child,
	.gone		= thread_gone,
	.tick		= signal_tick,
};
