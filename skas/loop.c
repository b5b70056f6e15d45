// SPDX-License-Identifier: GPL-2.0
/*
 * The stop/dispatch loop of the tracing thread.
 *
 * Every guest thread is traced by this one thread.  A stop is one of:
 * a syscall stop or a seccomp event stop (handed to the backend, which
 * says whether it is a new call, an exit the dispatcher asked to see, or
 * an internal step), an
 * event stop (fork, vfork, clone, exec, group-stop), or a signal-delivery
 * stop (the signal is delivered as the guest would have received it).
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include <linux/sched.h>
#include "dispatch.h"
#include "os.h"
#include "skas.h"
#include "umvm.h"

unsigned long skas_stops;

static const struct backend_ops *be;
static pid_t first_pid;
static int first_status = -1;
static int killing;
static int nr_early;	/* threads held with GT_EARLY */

/* An error from a resume or register access: the thread may have died. */
static void check(int r, const char *what, struct gthread *t)
{
	if (likely(r >= 0) || r == -ESRCH)
		return;
	die(EXIT_SETUP, "%s of guest thread %d failed: %s", what, t->tid,
	    strerror(-r));
}

/* Put back the argument registers a handler changed for the host. */
static void restore_args(struct gthread *t)
{
	t->flags &= ~GT_REGS_DIRTY;
	for (int i = 0; i < 6; i++)
		if (regs_arg(&t->regs, i) != t->sc.args[i])
			check(os_poke_reg(t->tid, regs_off_arg[i], t->sc.args[i]),
			      "restoring arguments", t);
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
	check(r, "reading registers", t);
	if (r < 0)
		return;
	/* Which table the number belongs to only the host can tell. */
	abi = be->abi ? be->abi(t) :
	      os_syscall_abi(t->tid, regs_syscall_nr(&t->regs));
	if (abi < 0) {
		static int told;

		/* Then restricting options refuse every call (deny.c). */
		if (abi == -EIO && !told++)
			warnmsg("the host does not tell syscall ABIs "
				"(PTRACE_GET_SYSCALL_INFO, Linux 5.3)");
		abi = ABI_UNKNOWN;
	}
	t->sc.stops = 1;
	t->sc.t_monitor = 0;
	t->flags &= ~GT_REGS_DIRTY;
	if (dispatch_prepare(t, abi)) {
		/* A call of umvm's own first; this one comes again. */
		check(os_setregs(t->tid, &t->regs), "injecting a call", t);
		check(be->entry(t, OUT_PASS_SEE_EXIT), "injecting a call", t);
		return;
	}
	if (t->vt && vptrace_entry(t))
		return;
	o = dispatch_entry(t, abi);
	if (o == OUT_HOLD)
		return;
	if (t->flags & GT_REGS_DIRTY) {
		if (o == OUT_EMULATE)
			t->flags &= ~GT_REGS_DIRTY;
		else
			check(os_setregs(t->tid, &t->regs),
			      "writing arguments", t);
	}
	if (t->vt && vptrace_outcome(t, &o))
		return;
	r = be->entry(t, o);
	check(r, "resuming at syscall entry", t);
	if (pers.stats)
		t->sc.t_monitor += os_now_ns() - t0;
	if (r == 1)
		dispatch_done(t);
}

/* Carry out an emulated call that was held for a guest's tracer. */
void skas_emulate(struct gthread *t)
{
	int r = be->entry(t, OUT_EMULATE);

	check(r, "resuming at syscall entry", t);
	if (r == 1)
		dispatch_done(t);
}

/* Resume at an exit stop; @changed: t->sc.ret must be written. */
void skas_exit_resume(struct gthread *t, int changed)
{
	check(be->exit(t, changed), "resuming at syscall exit", t);
	dispatch_done(t);
}

void skas_step(struct gthread *t, int sig)
{
	check(os_step(t->tid, be->step_request, sig), "single-stepping", t);
}

void skas_resume(struct gthread *t, int sig)
{
	check(be->resume(t, sig), "resuming", t);
}

void skas_resume_event(struct gthread *t)
{
	if (be->resume_event)
		check(be->resume_event(t), "resuming after an event", t);
	else
		check(be->resume(t, 0), "resuming after an event", t);
}

/*
 * A TRACE of the guest's own seccomp filter (@in_call: the call was
 * dispatched at its entry stop already).  Not every call the filter sees
 * is the guest's: umvm's own (an injected call, scratch.c) and a call
 * umvm emulated at a syscall-entry stop, which the host hands to the
 * filters as number -1 (the filters run after that stop), go on unseen;
 * and the call a tracer saw comes again unseen after one of umvm's own.
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
	vptrace_seccomp(t, in_call);
}

static void on_syscall_stop(struct gthread *t)
{
	uint64_t t0 = pers.stats ? os_now_ns() : 0;
	unsigned long ret;
	enum sc_stop stop;
	int r, changed;

	t->sc.stops++;
	switch ((stop = be->syscall_stop(t))) {
	case SC_ENTRY:
		skas_entry(t);
		return;
	case SC_EXIT:
		r = os_peek_reg(t->tid, regs_off_return, &ret);
		check(r, "reading the result", t);
		if (r < 0)
			return;
		if (t->flags & GT_INJECT) {
			/* Put the guest's own call back, to come again. */
			dispatch_injected(t, (long)ret);
			t->flags |= GT_REENTRY;
			check(os_setregs(t->tid, &t->regs), "restoring a call", t);
			check(be->exit(t, 0), "resuming at syscall exit", t);
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
			/* A hook wants the call made again, as it is now. */
			t->flags &= ~GT_AGAIN;
			r = os_getregs(t->tid, &t->regs);
			check(r, "reading registers", t);
			if (r < 0)
				return;
			regs_rewind_syscall(&t->regs);
			check(os_setregs(t->tid, &t->regs), "restarting a call", t);
			t->sc.reported = 1;
			skas_exit_resume(t, 0);
			return;
		}
		if (t->vt && vptrace_exit(t, changed))
			return;
		skas_exit_resume(t, changed);
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
 * A new child that stopped before its parent's fork event: it waits for
 * that event (on_new_child()), so that its bookkeeping is known before
 * it runs.  Who made it comes from the host meanwhile, for the case where
 * the event never comes (below).
 */
static void hold_early(struct gthread *t)
{
	pid_t tgid, ppid;

	t->flags |= GT_EARLY;
	nr_early++;
	if (os_proc_ids(t->tid, &tgid, &ppid) == 0) {
		t->tgid = tgid;
		t->ptgid = ppid;
	}
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
	check(be->resume(child, 0), "starting a new child", child);
}

/*
 * Held children that can no longer expect their fork event: those of
 * process @execd, which has just exec'd (no other thread of it is left),
 * and those whose process has no thread left at all.
 */
static void check_early(pid_t execd)
{
	struct gthread *t, *next;

	if (!nr_early || killing)
		return;
	for (t = thread_first(); t; t = next) {
		next = t->next;
		if (!(t->flags & GT_EARLY))
			continue;
		if (creator_of(t) == execd || !thread_of(creator_of(t)))
			start_orphan(t);
	}
}

/*
 * A seccomp event stop: a call our filter sent us (its entry), or a
 * TRACE of the guest's own filter, or one of a guest tracer's SYSEMU.
 */
static void on_seccomp_stop(struct gthread *t)
{
	if (vptrace_syscall_stop(t, 1))
		return;
	if (!be->filtered) {
		/* No filter of ours: the guest's own, after the entry stop. */
		on_guest_seccomp(t, 1);
		return;
	}
	t->flags |= GT_SECCOMP_STOP;
	on_syscall_stop(t);
	t->flags &= ~GT_SECCOMP_STOP;
}

static long new_thread_flags(struct gthread *parent)
{
	unsigned long flags = 0, arg0 = parent->sc.args[0];
	long nr = parent->sc.nr;

	/*
	 * A filtering backend may have let the call run without a stop:
	 * then t->sc is some earlier call, and the registers at this event
	 * stop (inside the call) say what it is.
	 */
	if (be->filtered) {
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
	vptrace_new_child(child, parent);
	if (child->flags & GT_EARLY) {
		child->flags &= ~GT_EARLY;
		nr_early--;
		if (!(child->vt && vptrace_event(child, PTRACE_EVENT_STOP,
						 SIGTRAP)))
			check(be->resume(child, 0), "starting a new child", child);
	}
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
			/* the process's credentials are the exec'ing thread's */
			t->ids = old->ids;
			thread_del(old);
		}
	}
	t->tgid = t->tid;
	t->flags = (t->flags & ~GT_SETUP) | GT_LEADER;
	check_early(t->tgid);
	dispatch_exec(t);
}

static int is_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN ||
	       sig == SIGTTOU;
}

static void on_event_stop(struct gthread *t, int event, int sig)
{
	switch (event) {
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
	case PTRACE_EVENT_CLONE:
		on_new_child(t, event);
		if (t->vt && vptrace_event(t, event, sig))
			return;
		break;
	case PTRACE_EVENT_EXEC:
		on_exec(t);
		if (t->vt && vptrace_event(t, event, sig))
			return;
		break;
	case PTRACE_EVENT_EXIT:
		if (t->vt && vptrace_event(t, event, sig))
			return;
		break;
	case PTRACE_EVENT_STOP:
		/* A new child's first stop, shown to a guest's tracer. */
		if (t->vt && vptrace_event(t, event, sig))
			return;
		/* Group-stop: stay stopped until SIGCONT, as natively. */
		if (is_stop_signal(sig)) {
			check(os_listen(t->tid), "PTRACE_LISTEN", t);
			return;
		}
		break;
	}
	if (be->resume_event && event != PTRACE_EVENT_STOP)
		check(be->resume_event(t), "resuming after an event", t);
	else
		check(be->resume(t, 0), "resuming after an event", t);
}

/*
 * SIGKILL wakes any stop but one: a thread held at its exit event (for a
 * guest's tracer) is dying already and must be resumed to go on.
 */
static void kill_thread(pid_t tid)
{
	os_kill(tid, SIGKILL);
	os_resume(tid, PTRACE_CONT, 0, 0);
}

static void kill_all(void)
{
	struct gthread *t;

	for (t = thread_first(); t; t = t->next)
		kill_thread(t->tid);
}

/*
 * The guest ends with its first process, as a container ends with its
 * init: what it left running is killed, never left behind.  From then on
 * every thread that shows itself is killed too, known or not (a child
 * whose fork event was never reported is known only by its own first
 * stop), until the host says no tracee is left.
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

static void on_thread_exit(pid_t tid, int status)
{
	struct gthread *t = thread_find(tid);

	if (tid == first_pid)
		first_status = status;
	if (t) {
		if (t->flags & GT_EARLY)
			nr_early--;
		vptrace_gone(t, status);
		thread_del(t);
	}
	if (first_status != -1)
		end_guest();
	else
		check_early(0);
}

/*
 * Fairness.  waitpid(-1) reports the first stopped tracee in the kernel's
 * list.  A thread that stops again at once (a sched_yield() spin, say) can
 * then be reported every time while another waits forever: on one CPU the
 * woken tracee may preempt us before we wait again.  So when one thread
 * has had FAIR_RUN stops in a row, every pending stop is collected and
 * served in turn.  Costs nothing in the common case.
 */
#define FAIR_RUN	16
#define QUEUE_SIZE	1024

static struct os_stop queue[QUEUE_SIZE];
static unsigned int q_head, q_tail;
static pid_t last_tid;
static unsigned int run_length;

static int next_stop(struct os_stop *st)
{
	int r;

	if (q_head != q_tail) {
		*st = queue[q_head++ % QUEUE_SIZE];
		return 0;
	}
	r = os_wait_any(st);
	if (r < 0)
		return r;
	if (st->tid == last_tid) {
		if (++run_length < FAIR_RUN)
			return 0;
	} else {
		last_tid = st->tid;
		run_length = 0;
		return 0;
	}
	run_length = 0;
	queue[q_tail++ % QUEUE_SIZE] = *st;
	while (q_tail - q_head < QUEUE_SIZE) {
		struct os_stop more;

		if (os_poll_any(&more) < 0 || !more.tid)
			break;
		queue[q_tail++ % QUEUE_SIZE] = more;
	}
	/* The thread that had the run goes last. */
	if (q_tail - q_head > 1) {
		queue[q_tail++ % QUEUE_SIZE] = queue[q_head++ % QUEUE_SIZE];
		last_tid = 0;
	}
	*st = queue[q_head++ % QUEUE_SIZE];
	return 0;
}

int skas_run(const struct backend_ops *backend, pid_t pid)
{
	struct os_stop st;
	struct gthread *t;
	int r, sig, event, ends = 0;

	be = backend;
	first_pid = pid;
	t = thread_new(pid, pid);
	t->flags |= GT_SETUP | GT_LEADER;
	guest_filter_first(t);
	dispatch_new_thread(t, NULL, 0);

	for (;;) {
		r = next_stop(&st);
		if (r == -EINTR) {
			/*
			 * A signal for a guest that is gone: kill what is
			 * left again; a second one stops the wait (EXITKILL
			 * then ends what the first could not).
			 */
			if (killing && os_signals_end() != ends) {
				if (ends++)
					break;
				kill_all();
			}
			placement_tick();
			vptrace_tick();
			continue;
		}
		if (r == -ECHILD)
			break;
		if (r < 0)
			die(EXIT_SETUP, "waitpid: %s", strerror(-r));
		skas_stops++;
		if (WIFEXITED(st.status) || WIFSIGNALED(st.status)) {
			on_thread_exit(st.tid, st.status);
			continue;
		}
		if (killing) {
			kill_thread(st.tid);
			continue;
		}
		t = thread_find(st.tid);
		sig = WSTOPSIG(st.status);
		event = st.status >> 16;
		if (!t) {
			t = thread_new(st.tid, st.tid);
			if (event == PTRACE_EVENT_STOP) {
				hold_early(t);
				check_early(0);
				continue;
			}
		}
		if (sig == (SIGTRAP | 0x80)) {
			if (!vptrace_syscall_stop(t, 0))
				on_syscall_stop(t);
		} else if (event == PTRACE_EVENT_SECCOMP) {
			on_seccomp_stop(t);
		} else if (event) {
			on_event_stop(t, event, sig);
		} else if (t->flags & GT_SETUP && sig == SIGSTOP) {
			/* umvm's child stopped itself; next comes execve. */
			t->flags &= ~GT_SETUP;
			check(be->resume(t, 0), "starting the guest", t);
		} else if (!(t->vt && vptrace_signal(t, sig))) {
			check(be->resume(t, sig), "delivering a signal", t);
		}
		if (t->vt)
			vptrace_after_stop(t);
	}
	/* Left only when umvm stops waiting early: EXITKILL ends them. */
	while ((t = thread_first()))
		thread_del(t);
	if (first_status == -1)
		die(EXIT_SETUP, "lost track of the guest");
	return first_status;
}
