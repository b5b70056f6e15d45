// SPDX-License-Identifier: GPL-2.0
/*
 * Where the guest runs: --cpus=auto|pin|free.
 *
 * Every ptrace stop wakes the other side.  With tracer and guest on
 * different CPUs each wake-up is a cross-CPU wake-up, dearer than a
 * switch on one CPU (1.5 times on these machines, up to 7 on others), so
 * a guest that runs one thread at a time is best kept on the tracer's CPU.
 * Two or more guest threads busy at once (computing, or making syscalls
 * in parallel) do better on every CPU they had natively: measured by
 * `umvm bench`.  So by default (auto) umvm starts the guest on its own
 * CPU and, every 100 ms, counts the guest threads that used at least
 * 20 ms of CPU in that time: with two or more it lets the guest use every
 * CPU; with fewer for two ticks running it brings the guest back to one.
 * Threads that set their own affinity are left alone.
 */
#define _GNU_SOURCE
#include <sched.h>
#include "os.h"
#include "skas.h"

#define TICK_MS		100
#define BUSY_TICKS	2	/* clock ticks (USER_HZ 100) of CPU per tick */

static int mode;		/* PLACE_* */
static int cpu = -1;
static int spread;
static int quiet_ticks;
static cpu_set_t native;

int placement_init(int want)
{
	mode = want;
	os_get_affinity(0, &native, sizeof(native));
	if (mode == PLACE_FREE)
		return -1;
	cpu = os_current_cpu();
	if (cpu < 0) {
		mode = PLACE_FREE;
		return -1;
	}
	if (mode == PLACE_AUTO && CPU_COUNT(&native) > 1)
		os_tick_start(TICK_MS);
	return cpu;
}

static void place_all(const cpu_set_t *set)
{
	for (struct gthread *t = thread_first(); t; t = t->next)
		if (!(t->flags & GT_OWN_AFFINITY))
			os_set_affinity(t->tid, set, sizeof(*set));
	os_set_affinity(0, set, sizeof(*set));
}

/* Guest threads that used CPU since the last tick. */
static int busy_threads(void)
{
	int busy = 0;

	for (struct gthread *t = thread_first(); t; t = t->next) {
		long ticks = os_thread_cpu_ticks(t->tid);

		if (ticks < 0)
			continue;
		if ((unsigned long)ticks - t->cpu_ticks >= BUSY_TICKS &&
		    t->cpu_ticks)
			busy++;
		t->cpu_ticks = ticks;
	}
	return busy;
}

void placement_tick(void)
{
	cpu_set_t one;
	int busy;

	if (mode != PLACE_AUTO)
		return;
	busy = thread_count() >= 2 ? busy_threads() : 0;
	if (busy >= 2) {
		quiet_ticks = 0;
		if (!spread) {
			spread = 1;
			place_all(&native);
		}
	} else if (spread && ++quiet_ticks >= 2) {
		spread = 0;
		cpu = os_current_cpu();
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		place_all(&one);
	}
}
