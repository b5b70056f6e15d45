/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tracing thread: the guest thread table and the stop/dispatch loop.
 */
#ifndef UMVM_SKAS_H
#define UMVM_SKAS_H

#include "backend.h"
#include "guest.h"

/* threads.c */
struct gthread *thread_find(pid_t tid);
struct gthread *thread_new(pid_t tid, pid_t tgid);
/* Take @t out of the table; then thread_free() it. */
void thread_unlink(struct gthread *t);
void thread_free(struct gthread *t);
struct gthread *thread_first(void);
int thread_count(void);
/* 1 when @pid is a thread of the guest; @fn for each guest process. */
int guest_pid(pid_t pid);
void guest_each_process(void (*fn)(pid_t tgid, void *arg), void *arg);

/*
 * loop.c: run the guest whose first process is @pid (started by
 * os_start_guest()) until every guest thread is gone.  Returns the first
 * process's wait status.
 */
int skas_run(const struct backend_ops *be, pid_t pid);
/* init.c: the personalities and guest tracers set up, before sealing. */
void skas_init(void);

/*
 * Guest tracers: a guest process that traces another cannot be its host
 * tracer, since umvm is; its ptrace and wait calls are emulated on top
 * (skas/ptrace-*.c).  The loop knows that module only by these hooks,
 * called at fixed points of a stop.  A hook that returns int returns 1
 * when it took the stop: it holds the thread for the guest's tracer, or
 * resumed it itself.  The hooks marked "traced" are called only for a
 * thread with t->vt set (which only the module sets).
 */
struct stop_hooks {
	/*
	 * Any thread's syscall stop (@seccomp: seccomp event stop), before
	 * the backend classifies it: one of a guest tracer's PTRACE_SYSEMU.
	 */
	int (*stop)(struct gthread *t, int seccomp);
	/* traced: a new call, before the dispatcher sees it */
	int (*entry)(struct gthread *t);
	/* traced: the dispatcher decided *@o, before the backend acts */
	int (*decided)(struct gthread *t, enum outcome *o);
	/* traced: at the exit stop, after the dispatcher's exit hooks */
	int (*exit)(struct gthread *t, int changed);
	/*
	 * traced: a TRACE of the guest's own seccomp filter, shown to a
	 * tracer that asked for it; 0: the call fails with ENOSYS.
	 */
	int (*guest_seccomp)(struct gthread *t, int in_call);
	/* traced: an event stop (after umvm's bookkeeping of it) */
	int (*event)(struct gthread *t, int event, int sig);
	/* traced: a signal-delivery stop */
	int (*signal)(struct gthread *t, int sig);
	/* traced: after the loop handled any stop of @t */
	void (*after_stop)(struct gthread *t);
	/* @child was made by @parent (its bookkeeping is done) */
	void (*child)(struct gthread *child, struct gthread *parent);
	/* @t is gone with wait status @status */
	void (*gone)(struct gthread *t, int status);
	/* a signal came for umvm (every 100 ms once a guest traces) */
	void (*tick)(void);
};
void skas_set_tracer(const struct stop_hooks *hooks);

/*
 * The ways back into the loop for a thread a guest tracer held: the
 * loop's own resumes (resume.c), and skas_entry() (syscall-stop.c),
 * which dispatches a held call again from its registers as they are.
 */
void skas_entry(struct gthread *t);
void skas_emulate(struct gthread *t);
void skas_exit_resume(struct gthread *t, int changed);
void skas_resume(struct gthread *t, int sig);
void skas_step(struct gthread *t, int sig);
void skas_resume_event(struct gthread *t);

/*
 * ptrace-request.c: hook the guest's ptrace, wait4 and waitid, and
 * register the stop hooks.
 */
void vptrace_init(void);

/* guest-filter.c: which threads have seccomp filters (GT_FILTERED). */
void guest_filter_init(void);
void guest_filter_first(struct gthread *t);

/* placement.c: which CPUs the guest runs on (--cpus=). */
enum { PLACE_AUTO, PLACE_PIN, PLACE_FREE };
/* Returns the CPU the guest starts on, or -1 to leave placement alone. */
int placement_init(int mode);
void placement_tick(void);

/* Host stops handled, for the benchmark. */
extern unsigned long skas_stops;

#endif /* UMVM_SKAS_H */
