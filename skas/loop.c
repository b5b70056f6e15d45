// SPDX-License-Identifier: GPL-2.0
/*
 * The stop loop of the tracing thread.
 *
 * Every guest thread is traced by this one thread, which waits for a
 * stop and hands it to the one handler for its kind, which resumes the
 * thread (loop.h lists the files):
 *
 *   OS_GONE          lifetime_exit()      the host reaped the thread
 *   OS_SYSCALL_STOP  on_syscall_stop()    a syscall entry or exit
 *   OS_SECCOMP_STOP  on_seccomp_stop()    the guest's filter said trace
 *   OS_EVENT_STOP    on_event_stop()      fork, vfork, clone, exec, ...
 *   OS_SIGNAL_STOP   on_signal_stop()     delivered as the guest expects
 *
 * os_wait_any() decodes the host's wait status into these kinds.
 *
 * Guest tracers (skas/ptrace-*.c) are no part of the loop: they see the
 * stops through the hooks of skas_set_tracer(), at fixed points.
 */
#include <errno.h>
#include <string.h>
#include "dispatch.h"
#include "loop.h"
#include "os.h"
#include "umvm.h"

unsigned long skas_stops;

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

/* Serve one stop of a live thread. */
static void on_stop(const struct os_stop *st)
{
	struct gthread *t;

	if (lifetime_ending()) {
		lifetime_kill(st->tid);
		return;
	}
	t = thread_find(st->tid);
	if (!t) {
		t = thread_new(st->tid, st->tid);
		if (st->interrupt) {
			lifetime_first_stop(t);
			return;
		}
	}
	switch (st->kind) {
	case OS_SYSCALL_STOP:
		on_syscall_stop(t);
		break;
	case OS_SECCOMP_STOP:
		on_seccomp_stop(t);
		break;
	case OS_EVENT_STOP:
		on_event_stop(t, st->event, st->sig);
		break;
	default:
		on_signal_stop(t, st->sig);
		break;
	}
	if (t->vt)
		skas_tracer->after_stop(t);
}

int skas_run(const struct backend_ops *backend, pid_t pid)
{
	struct os_stop st;
	struct gthread *t;
	int r;

	skas_be = backend;
	lifetime_start(pid);
	t = thread_new(pid, pid);
	t->flags |= GT_SETUP | GT_LEADER;
	guest_filter_first(t);
	dispatch_new_thread(t, NULL, 0);

	for (;;) {
		r = next_stop(&st);
		if (r == -EINTR) {
			if (lifetime_interrupted())
				break;
			placement_tick();
			if (skas_tracer)
				skas_tracer->tick();
			continue;
		}
		if (r == -ECHILD)
			break;
		if (r < 0)
			die(EXIT_SETUP, "waitpid: %s", strerror(-r));
		skas_stops++;
		if (st.kind == OS_GONE)
			lifetime_exit(st.tid, st.status);
		else
			on_stop(&st);
	}
	return lifetime_end();
}
