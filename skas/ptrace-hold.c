// SPDX-License-Identifier: GPL-2.0
/*
 * Guest tracers: holding a tracee's stop for its tracer.  The thread
 * stays stopped in the host, its wait status is noted for the tracer's
 * wait (ptrace-wait.c), and the tracer, if held in a wait, is woken:
 * its call is dispatched again (skas_entry()).
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <linux/ptrace.h>
#include "os.h"
#include "ptrace-guest.h"
#include "umvm.h"

static int tracing;		/* any vtrace ever made */

int vtrace_tracing(void)
{
	return tracing;
}

struct vtrace *vtrace_new(pid_t tracer, unsigned long opts)
{
	struct vtrace *vt = calloc(1, sizeof(*vt));

	if (!vt)
		die(EXIT_SETUP, "out of memory");
	vt->tracer = tracer;
	vt->opts = opts;
	if (!tracing) {
		tracing = 1;
		os_tick_start(100);	/* see signal_tick(), ptrace-guest.c */
	}
	return vt;
}

/* Wake the tracer's threads held in wait: their calls go round again. */
void vtrace_wake(pid_t tracer, int how)
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

/*
 * Host options umvm needs for the guest tracer's: exit events, and
 * seccomp stops (under backends with no filter of their own, the host
 * stops for the guest's own filters only with TRACESECCOMP; else it
 * fails their TRACE with ENOSYS).
 */
void vtrace_apply_opts(struct gthread *t)
{
	unsigned long opts = os_trace_options();

	opts |= t->vt->opts & (PTRACE_O_TRACEEXIT | PTRACE_O_TRACESECCOMP);
	if (os_ptrace_setoptions(t->tid, opts) == 0)
		t->vt->opts_pending = 0;
}

void vtrace_hold(struct gthread *t, enum hold kind, int status)
{
	if (t->vt->opts_pending)
		vtrace_apply_opts(t);

	t->vt->held = kind;
	t->vt->status = status;
	t->vt->reported = 0;
	/* Any stop the tracer sees answers its PTRACE_INTERRUPT. */
	t->vt->interrupt = 0;
	/* As natively, the tracer hears of each stop by SIGCHLD too. */
	os_kill(t->vt->tracer, SIGCHLD);
	vtrace_wake(t->vt->tracer, VW_NONE);
}

int vtrace_trap_status(const struct gthread *t)
{
	int sig = SIGTRAP;

	if (t->vt->opts & PTRACE_O_TRACESYSGOOD)
		sig |= 0x80;
	return (sig << 8) | 0x7f;
}
