// SPDX-License-Identifier: GPL-2.0
/*
 * Event stops (fork, vfork, clone, exec, exit, group-stop) and
 * signal-delivery stops.  A new child gets its bookkeeping before it
 * runs; an exec makes its thread the leader; a signal is delivered as
 * the guest would have received it.  A guest tracer sees each stop of a
 * thread it traces (->event, ->signal) after umvm's own bookkeeping.
 */
#include <signal.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <linux/sched.h>
#include "dispatch.h"
#include "loop.h"
#include "os.h"
#include "umvm.h"

static long new_thread_flags(struct gthread *parent)
{
	unsigned long flags = 0, arg0 = parent->sc.args[0];
	long nr = parent->sc.nr;

	/*
	 * A filtering backend may have let the call run without a stop:
	 * then t->sc is some earlier call, and the registers at this event
	 * stop (inside the call) say what it is.
	 */
	if (skas_be->filtered) {
		struct host_regs regs;

		if (os_getregs(parent->tid, &regs) < 0)
			return 0;
		nr = regs_syscall_nr(&regs);
		arg0 = regs_arg(&regs, 0);
	}
	if (nr == __NR_clone) {
		flags = arg0;
	} else if (nr == __NR_clone3) {
		/* struct clone_args starts with the u64 flags. */
		if (os_read_mem(parent->tid, arg0, &flags,
				sizeof(flags)) != sizeof(flags))
			flags = 0;
	}
	return flags;
}

static void on_new_child(struct gthread *parent, int event)
{
	unsigned long msg, flags;
	struct gthread *child;
	pid_t tid;

	if (os_geteventmsg(parent->tid, &msg) < 0)
		return;
	flags = new_thread_flags(parent);
	if (event == PTRACE_EVENT_VFORK)
		flags |= CLONE_VM | CLONE_VFORK;
	tid = (pid_t)msg;
	child = thread_find(tid);
	/* Started already, as an orphan, when this event seemed lost. */
	if (child && !(child->flags & GT_EARLY))
		return;
	if (!child)
		child = thread_new(tid, tid);
	if (flags & CLONE_THREAD) {
		child->tgid = parent->tgid;
		child->ptgid = parent->ptgid;
	} else {
		child->flags |= GT_LEADER;
		/* UML's stub forks its processes with CLONE_PARENT. */
		child->ptgid = flags & CLONE_PARENT ? parent->ptgid :
						      parent->tgid;
	}
	dispatch_new_thread(child, parent, flags);
	if (skas_tracer)
		skas_tracer->child(child, parent);
	/* Stopped before this event: it waited for it, and starts now. */
	if (lifetime_release_early(child) &&
	    !(child->vt && skas_tracer->event(child, PTRACE_EVENT_STOP,
					      SIGTRAP)))
		skas_check(skas_be->resume(child, 0), "starting a new child",
			   child);
}

static void on_exec(struct gthread *t)
{
	unsigned long msg;
	struct gthread *old;

	/* A non-leader that execs takes over the leader's tid. */
	if (os_geteventmsg(t->tid, &msg) == 0 && (pid_t)msg != t->tid) {
		old = thread_find((pid_t)msg);
		if (old) {
			/* The old leader's call in flight died with it. */
			dispatch_thread_replaced(t, old);
			t->bstate = old->bstate;
			t->sc = old->sc;
			t->flags = old->flags;
			memset(&old->sc, 0, sizeof(old->sc));
			lifetime_forget(old);
		}
	}
	t->tgid = t->tid;
	t->flags = (t->flags & ~GT_SETUP) | GT_LEADER;
	lifetime_exec(t->tgid);
	dispatch_exec(t);
}

static int is_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN ||
	       sig == SIGTTOU;
}

void on_event_stop(struct gthread *t, int event, int sig)
{
	switch (event) {
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
	case PTRACE_EVENT_CLONE:
		on_new_child(t, event);
		break;
	case PTRACE_EVENT_EXEC:
		on_exec(t);
		break;
	}
	/* A new child's first stop, among others, shown to a guest's tracer. */
	if (t->vt && skas_tracer->event(t, event, sig))
		return;
	if (event == PTRACE_EVENT_STOP) {
		/* Group-stop: stay stopped until SIGCONT, as natively. */
		if (is_stop_signal(sig))
			skas_check(os_listen(t->tid), "PTRACE_LISTEN", t);
		else
			skas_check(skas_be->resume(t, 0),
				   "resuming after an event", t);
		return;
	}
	skas_resume_event(t);
}

void on_signal_stop(struct gthread *t, int sig)
{
	if (t->flags & GT_SETUP && sig == SIGSTOP) {
		/* umvm's child stopped itself; next comes execve. */
		t->flags &= ~GT_SETUP;
		skas_check(skas_be->resume(t, 0), "starting the guest", t);
		return;
	}
	if (t->vt && skas_tracer->signal(t, sig))
		return;
	skas_check(skas_be->resume(t, sig), "delivering a signal", t);
}
