// SPDX-License-Identifier: GPL-2.0
/*
 * Guest tracers: PTRACE_SYSEMU and PTRACE_SYSEMU_SINGLESTEP, with which a
 * tracer emulates its tracee's syscalls (User-Mode Linux runs its
 * processes so).  The host skips a call stopped at with SYSEMU, whatever
 * request resumes it, and shows no exit stop unless that request is
 * PTRACE_SYSCALL.  umvm gets the same by driving such a thread with the
 * host's own SYSEMU ("host_emu"): its backend's state is set aside and
 * every syscall stop is an entry the tracer sees; the call never runs, so
 * umvm's personality has nothing to decide about it.
 *
 * Leaving: at a SYSEMU entry the host has skipped the call already; umvm
 * resumes the thread with PTRACE_SYSCALL, which makes the host show the
 * skipped call's exit stop, and takes the thread back from there (shown
 * to the tracer when it asked for PTRACE_SYSCALL).  At a signal stop no
 * call is in flight and the backend's idle state (0 for each) goes on.
 * (An exec or fork event stop is inside a call: SYSEMU asked for there
 * drops what umvm planned for that call's exit, such as putting back
 * arguments it rewrote; no tracer is known to do that.)
 *
 * Entering from a syscall stop umvm's backend led to: the current call
 * completes as umvm planned, the next entry is held (traced_entry()),
 * and since the host would run that one, its number becomes -1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <linux/ptrace.h>
#include "os.h"
#include "ptrace-guest.h"
#include "umvm.h"

/*
 * Threads whose next stops umvm takes itself: the exit stop of a call the
 * host skipped (SK_EXIT), and a seccomp stop for a call umvm set to -1
 * (SK_SECCOMP: umvm's own filter stops calls numbered -1); resumed with
 * @req.
 */
#define SK_EXIT		0x1
#define SK_SECCOMP	0x2
#define MAX_SKIPS	64

static struct skip {
	pid_t tid;
	int req;
	int what;
} skips[MAX_SKIPS];
static int nskips;

static struct skip *find_skip(pid_t tid)
{
	for (int i = 0; i < nskips; i++)
		if (skips[i].tid == tid)
			return &skips[i];
	return NULL;
}

static void drop_skip(struct skip *k)
{
	*k = skips[--nskips];
}

static void add_skip(pid_t tid, int req, int what)
{
	struct skip *k = find_skip(tid);

	if (!k) {
		if (nskips == MAX_SKIPS)
			die(EXIT_SETUP, "too many threads leaving SYSEMU");
		k = &skips[nskips++];
	}
	k->tid = tid;
	k->req = req;
	k->what = what;
}

static int resume(struct gthread *t, int req, int sig)
{
	int r = os_resume(t->tid, req, 0, sig);

	if (r < 0 && r != -ESRCH)
		die(EXIT_SETUP, "resuming guest thread %d for its tracer: %s",
		    t->tid, strerror(-r));
	return r;
}

/* Run @t under the host's SYSEMU, from a stop with no call in flight. */
static void enter(struct gthread *t, int sig)
{
	t->vt->host_emu = 1;
	t->bstate = 0;
	resume(t, t->vt->emu, sig);
}

/* Back to the backend, at a stop with no call in flight. */
static void leave_clean(struct gthread *t, int sig)
{
	t->bstate = 0;
	if (t->vt && t->vt->step)
		skas_step(t, sig);
	else
		skas_resume(t, sig);
}

int vsysemu_release(struct gthread *t, enum hold kind, int sig)
{
	struct vtrace *vt = t->vt;
	int what = 0;

	switch (kind) {
	case H_EMU_ENTRY:
		if (vt->converted) {
			/* The host would run this one: skip it. */
			vt->converted = 0;
			os_poke_reg(t->tid, regs_off_syscall_nr, REGS_NR_SKIP);
			what = SK_SECCOMP;
		}
		if (vt->emu) {
			if (what)
				add_skip(t->tid, vt->emu, what);
			enter(t, sig);
			return 1;
		}
		/* Its exit stop comes, then the backend takes over. */
		vt->host_emu = 0;
		add_skip(t->tid, PTRACE_SYSCALL, what | SK_EXIT);
		resume(t, PTRACE_SYSCALL, sig);
		return 1;
	case H_EMU_EXIT_HOST:
		if (vt->emu)
			enter(t, sig);
		else
			leave_clean(t, sig);
		return 1;
	case H_SIGNAL:
	case H_EVENT:
		if (vt->emu) {
			enter(t, sig);
			return 1;
		}
		if (vt->host_emu) {
			vt->host_emu = 0;
			t->bstate = 0;
		}
		return 0;
	default:
		/* In a call umvm dispatched: the next entry is held. */
		return 0;
	}
}

/* The host showed the exit of a call it skipped. */
static int skipped_exit(struct gthread *t)
{
	if (t->vt && t->vt->tracer && t->vt->syscalls) {
		vtrace_hold(t, H_EMU_EXIT_HOST, vtrace_trap_status(t));
		return 1;
	}
	leave_clean(t, 0);
	return 1;
}

/*
 * An orphan's SYSEMU entry: the host skipped a call that must now run.
 * Back onto its syscall instruction; the skipped call's exit comes, then
 * the real call's entry, for the backend.
 */
static void orphan_entry(struct gthread *t)
{
	struct host_regs regs;

	free(t->vt);
	t->vt = NULL;
	if (os_getregs(t->tid, &regs) < 0)
		return;
	regs_rewind_syscall(&regs);
	if (os_setregs(t->tid, &regs) < 0)
		return;
	add_skip(t->tid, PTRACE_SYSCALL, SK_EXIT);
	resume(t, PTRACE_SYSCALL, 0);
}

int vsysemu_stop(struct gthread *t, int seccomp)
{
	struct skip *k;

	if (!t->vt && !nskips)
		return 0;
	k = find_skip(t->tid);
	if (k && seccomp && k->what & SK_SECCOMP) {
		k->what &= ~SK_SECCOMP;
		resume(t, k->req, 0);
		if (!k->what)
			drop_skip(k);
		return 1;
	}
	if (k && !seccomp) {
		int exit = k->what & SK_EXIT;

		drop_skip(k);
		if (exit)
			return skipped_exit(t);
	}
	if (seccomp || !t->vt || !t->vt->host_emu)
		return 0;
	if (!t->vt->tracer) {
		orphan_entry(t);
		return 1;
	}
	vtrace_hold(t, H_EMU_ENTRY, vtrace_trap_status(t));
	return 1;
}

static int is_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN ||
	       sig == SIGTTOU;
}

int vsysemu_event(struct gthread *t, int sig)
{
	/* A group-stop is listened to by the loop; SIGCONT comes here. */
	if (!t->vt->host_emu || is_stop_signal(sig))
		return 0;
	resume(t, t->vt->emu, 0);
	return 1;
}

/*
 * The tracer went (or detached) while @t runs under the host's SYSEMU:
 * umvm needs a stop to take it back, and asks for one.
 */
int vsysemu_orphan_start(struct gthread *t)
{
	t->vt->tracer = 0;
	t->vt->held = H_NONE;
	return os_ptrace_raw(PTRACE_INTERRUPT, t->tid, 0, NULL) == 0;
}

int vsysemu_orphan(struct gthread *t)
{
	if (t->vt->tracer)
		return 0;
	/* A signal or event stop: no call in flight. */
	free(t->vt);
	t->vt = NULL;
	t->bstate = 0;
	return 1;
}

void vsysemu_gone(struct gthread *t)
{
	struct skip *k = find_skip(t->tid);

	if (k)
		drop_skip(k);
}
