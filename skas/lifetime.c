// SPDX-License-Identifier: GPL-2.0
/*
 * Threads that come and go, and the end of the guest.
 *
 * A new child may stop before its parent's fork event: it is held
 * (GT_EARLY) until the event says who it is, or started as an orphan
 * when the event can no longer come.  The guest ends with its first
 * process, as a container ends with its init: what it left running is
 * killed, never left behind.
 */
#include <signal.h>
#include <sys/ptrace.h>
#include <linux/sched.h>
#include "dispatch.h"
#include "loop.h"
#include "os.h"
#include "umvm.h"

static pid_t first_pid;
static int first_status = -1;
static int killing;
static int nr_early;	/* threads held with GT_EARLY */
static int ticking;	/* the 100 ms tick runs (first held child) */
static int ends;	/* signals that came after the guest ended */

void lifetime_start(pid_t first)
{
	first_pid = first;
}

/*
 * Forget a thread that is gone: out of the table first, so that what the
 * dispatcher runs for its end (a call in flight fails) no longer sees it.
 */
void lifetime_forget(struct gthread *t)
{
	thread_unlink(t);
	dispatch_thread_gone(t);
	thread_free(t);
}

/* Any thread of process @tgid, or NULL. */
static struct gthread *thread_of(pid_t tgid)
{
	struct gthread *t;

	for (t = thread_first(); t; t = t->next)
		if (t->tgid == tgid && !(t->flags & GT_EARLY))
			return t;
	return NULL;
}

/* The process whose thread made @t: the one whose fork event names it. */
static pid_t creator_of(const struct gthread *t)
{
	return t->tgid != t->tid ? t->tgid : t->ptgid;
}

/*
 * Start a held child whose fork event will never come: the thread that
 * forked it was killed inside fork() (by another thread's execve, by
 * exit_group or SIGKILL), so the host never reports the event.  Its
 * process, if it lives on, is the best parent there is for its
 * bookkeeping.
 */
static void start_orphan(struct gthread *child)
{
	struct gthread *parent = thread_of(creator_of(child));

	child->flags &= ~GT_EARLY;
	nr_early--;
	if (child->tgid == child->tid)
		child->flags |= GT_LEADER;
	/* How it was made is unknown: a thread shares its process's memory. */
	dispatch_new_thread(child, parent, child->tgid != child->tid ?
			    CLONE_VM | CLONE_THREAD : 0);
	skas_check(skas_be->resume(child, 0), "starting a new child", child);
}

/*
 * Held children that can no longer expect their fork event: those of
 * process @execd, which has just exec'd (no other thread of it is left),
 * those whose process has no thread left at all, and those held longer
 * than EARLY_MAX_NS.  The last are children whose creator exec'd before
 * their first stop came (the check at the exec could not see them): a
 * fork event comes within milliseconds of the child's first stop, so one
 * held a second will not come (exec_race hung 1 run in 10 in a CI run
 * without this).
 */
#define EARLY_MAX_NS	1000000000ULL

static void check_early(pid_t execd)
{
	struct gthread *t, *next;
	uint64_t now;

	if (!nr_early || killing)
		return;
	now = os_now_ns();
	for (t = thread_first(); t; t = next) {
		next = t->next;
		if (!(t->flags & GT_EARLY))
			continue;
		if (creator_of(t) == execd || !thread_of(creator_of(t)) ||
		    now - t->early_ns > EARLY_MAX_NS)
			start_orphan(t);
	}
}

void lifetime_exec(pid_t tgid)
{
	check_early(tgid);
}

/*
 * A thread stopped before umvm knew it.  A new child that stopped before
 * its parent's fork event waits for that event (events.c), so that its
 * bookkeeping is known before it runs.  Who made it comes from the host
 * meanwhile, for the case where the event never comes (above).
 */
void lifetime_first_stop(struct gthread *t)
{
	pid_t tgid, ppid;

	t->flags |= GT_EARLY;
	t->early_ns = os_now_ns();
	nr_early++;
	/* A tick wakes the wait, for check_early() in lifetime_interrupted(). */
	if (!ticking) {
		os_tick_start(100);
		ticking = 1;
	}
	if (os_proc_ids(t->tid, &tgid, &ppid) == 0) {
		t->tgid = tgid;
		t->ptgid = ppid;
	}
	check_early(0);
}

int lifetime_release_early(struct gthread *child)
{
	if (!(child->flags & GT_EARLY))
		return 0;
	child->flags &= ~GT_EARLY;
	nr_early--;
	return 1;
}

/*
 * SIGKILL wakes any stop but one: a thread held at its exit event (for a
 * guest's tracer) is dying already and must be resumed to go on.
 */
void lifetime_kill(pid_t tid)
{
	os_kill(tid, SIGKILL);
	os_resume(tid, PTRACE_CONT, 0, 0);
}

static void kill_all(void)
{
	struct gthread *t;

	for (t = thread_first(); t; t = t->next)
		lifetime_kill(t->tid);
}

int lifetime_ending(void)
{
	return killing;
}

/*
 * From the end on, every thread that shows itself is killed too, known
 * or not (a child whose fork event was never reported is known only by
 * its own first stop), until the host says no tracee is left.
 */
static void end_guest(void)
{
	if (killing)
		return;
	killing = 1;
	os_signals_forward_to(0);
	os_pin_helpers_end();
	kill_all();
}

void lifetime_exit(pid_t tid, int status)
{
	struct gthread *t = thread_find(tid);

	if (tid == first_pid)
		first_status = status;
	if (t) {
		if (t->flags & GT_EARLY)
			nr_early--;
		if (skas_tracer)
			skas_tracer->gone(t, status);
		lifetime_forget(t);
	}
	if (first_status != -1)
		end_guest();
	else
		check_early(0);
}

/*
 * A signal for a guest that is gone: kill what is left again; a second
 * one stops the wait (EXITKILL then ends what the first could not).
 */
int lifetime_interrupted(void)
{
	check_early(0);
	if (!killing || os_signals_end() == ends)
		return 0;
	if (ends++)
		return 1;
	kill_all();
	return 0;
}

int lifetime_end(void)
{
	struct gthread *t;

	/* Left only when umvm stops waiting early: EXITKILL ends them. */
	while ((t = thread_first()))
		lifetime_forget(t);
	if (first_status == -1)
		die(EXIT_SETUP, "lost track of the guest");
	return first_status;
}
