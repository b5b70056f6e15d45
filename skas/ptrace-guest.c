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

static int tracing;		/* any vtrace ever made */

struct vtrace *vtrace_new(pid_t tracer, unsigned long opts)
{
	struct vtrace *vt = calloc(1, sizeof(*vt));

	if (!vt)
		die(EXIT_SETUP, "out of memory");
	vt->tracer = tracer;
	vt->opts = opts;
	if (!tracing) {
		tracing = 1;
		os_tick_start(100);	/* see vptrace_tick() */
	}
	return vt;
}

/* Wake the tracer's threads held in wait: their calls go round again. */
static void wake_tracer(pid_t tracer, int how)
{
	struct gthread *w, *next;

	for (w = thread_first(); w; w = next) {
		next = w->next;
		if (w->tgid != tracer)
			continue;
		if (w->vwait == VW_HELD) {
			w->vwait = how;
			skas_entry(w);
		} else if (w->vwait == VW_IN_HOST && how != VW_PASS) {
			/*
			 * Blocked in the host's wait, which cannot see this
			 * stop: interrupt it; it restarts, and comes back.
			 */
			w->vwait = VW_NONE;
			os_ptrace_raw(PTRACE_INTERRUPT, w->tid, 0, NULL);
		}
	}
}

void vtrace_apply_opts(struct gthread *t)
{
	unsigned long opts = os_trace_options();

	if (t->vt->opts & PTRACE_O_TRACEEXIT)
		opts |= PTRACE_O_TRACEEXIT;
	if (os_ptrace_setoptions(t->tid, opts) == 0)
		t->vt->opts_pending = 0;
}

static void hold(struct gthread *t, enum hold kind, int status)
{
	if (t->vt->opts_pending)
		vtrace_apply_opts(t);

	t->vt->held = kind;
	t->vt->status = status;
	t->vt->reported = 0;
	/* As natively, the tracer hears of each stop by SIGCHLD too. */
	os_kill(t->vt->tracer, SIGCHLD);
	wake_tracer(t->vt->tracer, VW_NONE);
}

static int trap_status(struct gthread *t)
{
	int sig = SIGTRAP;

	if (t->vt->opts & PTRACE_O_TRACESYSGOOD)
		sig |= 0x80;
	return (sig << 8) | 0x7f;
}

int vptrace_entry(struct gthread *t)
{
	if (!t->vt->syscalls || t->vt->entry_shown) {
		t->vt->entry_shown = 0;
		return 0;
	}
	t->vt->entry_shown = 1;
	hold(t, H_ENTRY, trap_status(t));
	return 1;
}

int vptrace_outcome(struct gthread *t, enum outcome *o)
{
	if (!t->vt->syscalls)
		return 0;
	if (*o == OUT_PASS)
		*o = OUT_PASS_SEE_EXIT;
	if (*o != OUT_EMULATE)
		return 0;
	/* The tracer sees the result at an exit stop before it is final. */
	if (os_poke_reg(t->tid, regs_off_return, t->sc.ret) < 0)
		return 0;
	hold(t, H_EMU_EXIT, trap_status(t));
	return 1;
}

int vptrace_exit(struct gthread *t, int changed)
{
	if (!t->vt->syscalls)
		return 0;
	if (changed && os_poke_reg(t->tid, regs_off_return, t->sc.ret) < 0)
		return 0;
	hold(t, H_EXIT, trap_status(t));
	return 1;
}

int vptrace_signal(struct gthread *t, int sig)
{
	hold(t, H_SIGNAL, (sig << 8) | 0x7f);
	return 1;
}

static int is_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN ||
	       sig == SIGTTOU;
}

int vptrace_event(struct gthread *t, int event, int sig)
{
	struct vtrace *vt = t->vt;

	if (event == PTRACE_EVENT_EXEC && !(vt->opts & PTRACE_O_TRACEEXEC)) {
		/* The SIGTRAP a traced exec gets, after its exit stop. */
		os_kill(t->tid, SIGTRAP);
		return 0;
	}
	if (event != PTRACE_EVENT_STOP && (vt->opts & (1UL << event))) {
		hold(t, H_EVENT, ((SIGTRAP | event << 8) << 8) | 0x7f);
		return 1;
	}
	if (event != PTRACE_EVENT_STOP || vt->held != H_NONE)
		return 0;
	if (vt->status == -1) {
		/* An auto-attached child's first stop. */
		hold(t, H_EVENT, vt->seized ?
		     ((SIGTRAP | PTRACE_EVENT_STOP << 8) << 8) | 0x7f :
		     (SIGSTOP << 8) | 0x7f);
		return 1;
	}
	/* PTRACE_INTERRUPT, and group-stops of a seized tracee. */
	if (vt->interrupt || (vt->seized && is_stop_signal(sig))) {
		vt->interrupt = 0;
		hold(t, H_EVENT, ((sig | PTRACE_EVENT_STOP << 8) << 8) | 0x7f);
		return 1;
	}
	return 0;
}

void vptrace_new_child(struct gthread *child, struct gthread *parent)
{
	struct vtrace *pv = parent->vt;
	unsigned long want = 0;

	if (!pv)
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

/* PTRACE_SYSCALL: every syscall of @t must stop, filtered or not. */
void vtrace_set_syscalls(struct gthread *t, int on)
{
	t->vt->syscalls = on;
	if (on)
		t->flags |= GT_ALL_SYSCALLS;
	else
		t->flags &= ~GT_ALL_SYSCALLS;
}

void vtrace_release(struct gthread *t, int sig)
{
	enum hold kind = t->vt->held;
	unsigned long ret;

	t->vt->held = H_NONE;
	t->vt->status = 0;
	switch (kind) {
	case H_ENTRY:
		skas_entry(t);
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
		skas_resume(t, sig);
		break;
	case H_EVENT:
		if (sig)
			skas_resume(t, sig);
		else
			skas_resume_event(t);
		break;
	case H_NONE:
	case H_DEAD:
		break;
	}
}

void vtrace_untrace(struct gthread *t, int sig)
{
	struct vtrace *vt = t->vt;

	vtrace_set_syscalls(t, 0);
	if (vt->held)
		vtrace_release(t, sig);
	t->vt = NULL;
	free(vt);
}

struct dead *dead;

void vptrace_gone(struct gthread *t, int status)
{
	struct gthread *o, *next;

	if (t->vt) {
		if (t->vt->tracer != t->ptgid || !(t->flags & GT_LEADER)) {
			struct dead *d = malloc(sizeof(*d));

			if (d) {
				d->tid = t->tid;
				d->tracer = t->vt->tracer;
				d->status = status;
				d->next = dead;
				dead = d;
				wake_tracer(d->tracer, VW_NONE);
			}
		}
		free(t->vt);
		t->vt = NULL;
	}
	if (!(t->flags & GT_LEADER))
		return;
	/* Its parent may wait for it: the host reports the exit. */
	if (t->ptgid) {
		vtrace_child_exited(t->tgid, t->ptgid);
		if (tracing)
			wake_tracer(t->ptgid, VW_PASS);
	}
	vtrace_reaped(t->tgid, 0);
	if (!tracing)
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
void vptrace_tick(void)
{
	struct gthread *w, *next;

	if (!tracing)
		return;
	for (w = thread_first(); w; w = next) {
		next = w->next;
		if (w->vwait == VW_HELD && os_signal_pending(w->tid) == 1) {
			w->vwait = VW_PASS;
			skas_entry(w);
		}
	}
}
