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

/*
 * loop.c: run the guest whose first process is @pid (started by
 * os_start_guest()) until every guest thread is gone.  Returns the first
 * process's wait status.
 */
int skas_run(const struct backend_ops *be, pid_t pid);

/* placement.c: which CPUs the guest runs on (--cpus=). */
enum { PLACE_AUTO, PLACE_PIN, PLACE_FREE };
/* Returns the CPU the guest starts on, or -1 to leave placement alone. */
int placement_init(int mode);
void placement_tick(void);

/* Host stops handled, for the benchmark. */
extern unsigned long skas_stops;

#endif /* UMVM_SKAS_H */
