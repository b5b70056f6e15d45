// SPDX-License-Identifier: GPL-2.0
/*
 * Guest tracers: their wait4 and waitid.  A stop umvm holds for the
 * tracer, or the exit of a traced process that is not its child, is
 * answered here; a tracer that would block is held (OUT_HOLD) until one
 * comes, and the host answers the rest (its children's exits) as
 * natively.
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

#ifndef ERESTARTSYS
#define ERESTARTSYS	512	/* the kernel's, never seen by programs */
#endif

static int has_tracees(pid_t tracer)
{
	for (struct gthread *o = thread_first(); o; o = o->next)
		if (o->vt && o->vt->tracer == tracer)
			return 1;
	return 0;
}

static int traced_by(const struct gthread *o, const struct gthread *t)
{
	return o->vt && o->vt->tracer == t->tgid;
}

static int selects(const struct gthread *o, int idtype, long id)
{
	switch (idtype) {
	case P_PID:
		return o->tid == id || o->tgid == id;
	case P_ALL:
		return 1;
	default:	/* process groups: not tracked; any tracee */
		return 1;
	}
}

/* A held, unreported tracee stop for tracer @t, or NULL. */
static struct gthread *find_stop(struct gthread *t, int idtype, long id)
{
	for (struct gthread *o = thread_first(); o; o = o->next)
		if (o->vt && o->vt->tracer == t->tgid && o->vt->held &&
		    !o->vt->reported && selects(o, idtype, id))
			return o;
	return NULL;
}

/* Exits of tracees that are not the tracer's children: reported here. */
struct dead {
	pid_t tid, tracer;
	int status;
	struct dead *next;
};
static struct dead *dead;

void vtrace_dead(pid_t tid, pid_t tracer, int status)
{
	struct dead *d = malloc(sizeof(*d));

	if (!d)
		return;
	*d = (struct dead){ .tid = tid, .tracer = tracer, .status = status,
			    .next = dead };
	dead = d;
	vtrace_wake(tracer, VW_NONE);
}

/* The exit of a traced non-child of @t, taken off the list. */
static struct dead *find_dead(struct gthread *t, int idtype, long id,
			      int take)
{
	for (struct dead **p = &dead; *p; p = &(*p)->next) {
		struct dead *d = *p;

		if (d->tracer != t->tgid ||
		    (idtype == P_PID && d->tid != id))
			continue;
		if (take)
			*p = d->next;
		return d;
	}
	return NULL;
}

static int has_dead(pid_t tracer)
{
	for (struct dead *d = dead; d; d = d->next)
		if (d->tracer == tracer)
			return 1;
	return 0;
}

/*
 * Children that exited and that their parent has not waited for yet (as
 * far as umvm saw): the host would answer a wait for them at once.  A
 * stale entry (a parent that ignores SIGCHLD reaps nothing) only sends a
 * wait to the host, where a tracee stop still interrupts it.
 */
struct zombie {
	pid_t pid, parent;
	struct zombie *next;
};
static struct zombie *zombies;

void vtrace_child_exited(pid_t pid, pid_t parent)
{
	struct zombie *z = malloc(sizeof(*z));

	if (!z)
		return;
	*z = (struct zombie){ .pid = pid, .parent = parent, .next = zombies };
	zombies = z;
}

/* @parent reaped @pid (0: all of its children, or it went). */
void vtrace_reaped(pid_t parent, pid_t pid)
{
	for (struct zombie **p = &zombies; *p; ) {
		struct zombie *z = *p;

		if (z->parent == parent && (!pid || z->pid == pid)) {
			*p = z->next;
			free(z);
		} else {
			p = &z->next;
		}
	}
}

/*
 * Could the host answer a blocking wait of @t at all?  It can when a
 * child the wait selects lives or waits to be reaped; then the host does
 * the wait (watched), else umvm holds it for tracee stops.  A child that
 * @t traces itself does not count: its stops come from umvm, and its
 * exit sends a held wait to the host (thread_gone()).  So a tracer
 * waiting for its tracee (UML for its processes) costs no interrupted
 * host wait per stop.
 */
static int host_may_answer(struct gthread *t, int idtype, long id)
{
	struct gthread *o;

	if (idtype == P_PID) {
		o = thread_find((pid_t)id);
		return !o || (o->ptgid == t->tgid && (o->flags & GT_LEADER) &&
			      !traced_by(o, t));
	}
	for (o = thread_first(); o; o = o->next)
		if (o->ptgid == t->tgid && (o->flags & GT_LEADER) &&
		    !traced_by(o, t))
			return 1;
	for (struct zombie *z = zombies; z; z = z->next)
		if (z->parent == t->tgid)
			return 1;
	return 0;
}

/*
 * The host does the wait.  A blocking one is watched until it returns,
 * so that a stop for this process's tracing, coming while it blocks,
 * can interrupt it (vtrace_wake()).
 */
static enum outcome to_host(struct gthread *t, int options, int how)
{
	if (options & WNOHANG)
		return OUT_PASS;
	t->vwait = how == VW_SIGNAL ? VW_IN_HOST_SIG : VW_IN_HOST;
	return OUT_PASS_SEE_EXIT;
}

/*
 * Before a wait is answered: after the tracer was held, pass it to the
 * host, or look again.  OUT_HOLD: go on.
 */
static enum outcome wait_prologue(struct gthread *t, struct gsyscall *sc,
				  int options)
{
	int how = t->vwait;

	if (how == VW_IN_HOST_SIG && options & WNOHANG)
		return OUT_HOLD;	/* the handler's own: that wait follows */
	t->vwait = VW_NONE;
	if (how == VW_IN_HOST_SIG) {
		/*
		 * Passed for a signal, the call comes round again with no
		 * exit: a backend passes it by running it anew, and the
		 * signal came first.  Natively it interrupted the wait.
		 */
		sc->ret = -EINTR;
		return OUT_EMULATE;
	}
	if (how == VW_PASS || how == VW_SIGNAL ||
	    (!has_tracees(t->tgid) && !has_dead(t->tgid)))
		return to_host(t, options, how);
	return OUT_HOLD;
}

int vtrace_wait_exit(struct gthread *t, struct gsyscall *sc)
{
	pid_t pid = (pid_t)sc->ret;

	if (t->vwait == VW_IN_HOST || t->vwait == VW_IN_HOST_SIG)
		t->vwait = VW_NONE;
	if (sc->nr == __NR_waitid && sc->ret == 0 && sc->args[2] &&
	    !(sc->args[3] & WNOWAIT)) {
		siginfo_t si;

		if (os_read_mem(t->tid, sc->args[2], &si, sizeof(si)) ==
		    sizeof(si) && si.si_code != CLD_TRAPPED &&
		    si.si_code != CLD_STOPPED && si.si_code != CLD_CONTINUED)
			pid = si.si_pid;
	}
	if (sc->ret == -ECHILD && (has_tracees(t->tgid) || has_dead(t->tgid)) &&
	    os_signal_pending(t->tid) == 1) {
		/*
		 * Passed to the host for a signal (signal_tick()) by a tracer
		 * with no children: natively its wait would be interrupted.
		 * With the call's number intact, the host restarts it or
		 * fails it with EINTR as the signal's SA_RESTART says.
		 */
		sc->ret = -ERESTARTSYS;
		return 1;
	}
	if (sc->ret == -ECHILD)
		vtrace_reaped(t->tgid, 0);
	else if (pid > 0)
		vtrace_reaped(t->tgid, pid);
	return 0;
}

enum outcome vtrace_wait4(struct gthread *t, struct gsyscall *sc)
{
	long pid = (int)sc->args[0];
	int options = (int)sc->args[2], status;
	struct gthread *o;
	struct dead *d;
	enum outcome out = wait_prologue(t, sc, options);

	if (out != OUT_HOLD)
		return out;
	d = find_dead(t, pid > 0 ? P_PID : P_ALL, pid, 1);
	o = d ? NULL : find_stop(t, pid > 0 ? P_PID : P_ALL, pid);
	if (!o && !d) {
		if (options & WNOHANG)
			return OUT_PASS;
		if (host_may_answer(t, pid > 0 ? P_PID : P_ALL, pid))
			return to_host(t, options, VW_NONE);
		t->vwait = VW_HELD;
		return OUT_HOLD;
	}
	status = d ? d->status : o->vt->status;
	sc->ret = d ? d->tid : o->tid;
	free(d);
	if (sc->args[1] && os_write_mem(t->tid, sc->args[1], &status,
					sizeof(int)) != sizeof(int)) {
		sc->ret = -EFAULT;
		return OUT_EMULATE;
	}
	if (sc->args[3]) {
		static const char zero[144];	/* struct rusage */

		os_write_mem(t->tid, sc->args[3], zero, sizeof(zero));
	}
	if (o)
		o->vt->reported = 1;
	return OUT_EMULATE;
}

enum outcome vtrace_waitid(struct gthread *t, struct gsyscall *sc)
{
	int idtype = (int)sc->args[0], options = (int)sc->args[3];
	struct gthread *o;
	struct dead *d;
	siginfo_t si;
	uint32_t uid, gid;
	enum outcome out = wait_prologue(t, sc, options);

	if (out != OUT_HOLD)
		return out;
	d = find_dead(t, idtype, (long)sc->args[1], !(options & WNOWAIT));
	o = d ? NULL : find_stop(t, idtype, (long)sc->args[1]);
	if (!o && !d) {
		if (options & WNOHANG)
			return OUT_PASS;
		if (host_may_answer(t, idtype, (long)sc->args[1]))
			return to_host(t, options, VW_NONE);
		t->vwait = VW_HELD;
		return OUT_HOLD;
	}
	memset(&si, 0, sizeof(si));
	si.si_signo = SIGCHLD;
	os_real_ids(&uid, &gid);
	si.si_uid = uid;
	if (d) {
		si.si_pid = d->tid;
		si.si_code = WIFEXITED(d->status) ? CLD_EXITED :
			     WCOREDUMP(d->status) ? CLD_DUMPED : CLD_KILLED;
		si.si_status = WIFEXITED(d->status) ? WEXITSTATUS(d->status) :
			       WTERMSIG(d->status);
		if (!(options & WNOWAIT))
			free(d);
	} else {
		si.si_pid = o->tid;
		si.si_code = CLD_TRAPPED;
		si.si_status = (o->vt->status >> 8) & 0xff;
	}
	if (sc->args[2] && os_write_mem(t->tid, sc->args[2], &si,
					sizeof(si)) != sizeof(si)) {
		sc->ret = -EFAULT;
		return OUT_EMULATE;
	}
	if (o && !(options & WNOWAIT))
		o->vt->reported = 1;
	sc->ret = 0;
	return OUT_EMULATE;
}
