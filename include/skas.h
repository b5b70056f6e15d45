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
void thread_del(struct gthread *t);
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

/* loop.c: the ways back for a thread that was held (ptrace-guest.c). */
void skas_entry(struct gthread *t);
void skas_emulate(struct gthread *t);
void skas_exit_resume(struct gthread *t, int changed);
void skas_resume(struct gthread *t, int sig);
void skas_step(struct gthread *t, int sig);
void skas_resume_event(struct gthread *t);

/*
 * ptrace-guest.c: guest processes that trace other guest processes.  The
 * host lets a thread have one tracer, umvm; a guest's ptrace and wait
 * calls are emulated on top.  Each hook returns 1 when it took the stop
 * (the thread stays stopped for the guest's tracer).
 */
int vptrace_entry(struct gthread *t);
int vptrace_outcome(struct gthread *t, enum outcome *o);
int vptrace_exit(struct gthread *t, int changed);
int vptrace_signal(struct gthread *t, int sig);
int vptrace_event(struct gthread *t, int event, int sig);
/*
 * A syscall stop (@seccomp: a seccomp event stop) of any thread, before
 * the backend sees it: 1 when it belongs to a guest tracer's PTRACE_SYSEMU
 * (ptrace-sysemu.c) and was taken.
 */
int vptrace_syscall_stop(struct gthread *t, int seccomp);
/*
 * A TRACE of the guest's own seccomp filter: shown to a tracer with
 * PTRACE_O_TRACESECCOMP, else the call fails with ENOSYS.  @in_call: the
 * call was dispatched at its entry stop already.
 */
void vptrace_seccomp(struct gthread *t, int in_call);
/* After umvm handled a stop of a traced thread itself. */
void vptrace_after_stop(struct gthread *t);
void vptrace_new_child(struct gthread *child, struct gthread *parent);
void vptrace_gone(struct gthread *t, int status);
void vptrace_tick(void);
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
