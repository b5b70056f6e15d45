/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of the stop loop share, and nothing outside them:
 *
 *   loop.c          wait, classify the stop, hand it to its handler
 *   syscall-stop.c  syscall and seccomp stops: entry, exit, the backend
 *   events.c        event stops (fork, exec, exit, group-stop), signals
 *   lifetime.c      threads that come and go; the end of the guest
 *   resume.c        the backend and the tracer hooks in use; resumes
 *
 * Every handler resumes the thread it was given (through the backend),
 * or leaves it stopped on purpose (a guest tracer holds it).
 */
#ifndef UMVM_SKAS_LOOP_H
#define UMVM_SKAS_LOOP_H

#include "skas.h"

/* resume.c: chosen once by skas_run() and skas_set_tracer(). */
extern const struct backend_ops *skas_be;
extern const struct stop_hooks *skas_tracer;

/* An error from a resume or register access: the thread may have died. */
void skas_check(int r, const char *what, struct gthread *t);

/* Any thread's syscall or seccomp stop, first offered to the tracer. */
static inline int tracer_takes_stop(struct gthread *t, int seccomp)
{
	return skas_tracer && skas_tracer->stop(t, seccomp);
}

/* syscall-stop.c */
void on_syscall_stop(struct gthread *t);
void on_seccomp_stop(struct gthread *t);

/* events.c */
void on_event_stop(struct gthread *t, int event, int sig);
void on_signal_stop(struct gthread *t, int sig);

/* lifetime.c */
void lifetime_start(pid_t first);
/* A thread the host says is gone, by @status. */
void lifetime_exit(pid_t tid, int status);
/* A thread unknown so far, at its first stop, @t made for it now. */
void lifetime_first_stop(struct gthread *t);
/* Called at a new child's fork event: 1 when it was held early. */
int lifetime_release_early(struct gthread *child);
/* Forget @t, gone: the table's record, and the dispatcher's. */
void lifetime_forget(struct gthread *t);
/* Process @tgid has exec'd. */
void lifetime_exec(pid_t tgid);
/* The guest is ending: every thread that shows itself is killed. */
int lifetime_ending(void);
void lifetime_kill(pid_t tid);
/* A signal came while waiting: 1 when umvm stops waiting. */
int lifetime_interrupted(void);
/* The first process's wait status, once umvm stopped waiting. */
int lifetime_end(void);

#endif /* UMVM_SKAS_LOOP_H */
