// SPDX-License-Identifier: GPL-2.0
/*
 * Where the guest runs: --cpus=auto|pin|free.
 *
 * Every ptrace stop wakes the other side.  With tracer and guest on
 * different CPUs each wake-up is a cross-CPU wake-up of an idle CPU, and
 * on virtualized hosts that costs 5-7 times a switch on one CPU.  So by
 * default (auto) umvm starts the guest on the tracer's CPU.  A guest that
 * keeps several threads busy without stopping (compute) gains from more
 * CPUs instead: every 100 ms umvm looks at the stop rate, and while two
 * or more guest threads exist and the guest stops less than 1,000 times a
 * second it lets them use every CPU they had natively; once the rate
 * passes 5,000 a second it brings them back to one CPU.  Threads that set
 * their own affinity are left alone.
 */
#define _GNU_SOURCE
#include <sched.h>
#include "dispatch.h"
#include "os.h"
#include "skas.h"

#define TICK_MS		100
#define SPREAD_BELOW	(1000 * TICK_MS / 1000)	/* stops per tick */
#define PIN_ABOVE	(5000 * TICK_MS / 1000)

static int mode;		/* PLACE_* */
static int cpu = -1;
static int spread;
static unsigned long last_stops;
static cpu_set_t native;
unsigned long placement_changes;

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
	placement_changes++;
}

void placement_tick(void)
{
	unsigned long stops = skas_stops - last_stops;
	cpu_set_t one;

	last_stops = skas_stops;
	if (mode != PLACE_AUTO)
		return;
	if (!spread && thread_count() >= 2 && stops < SPREAD_BELOW) {
		spread = 1;
		place_all(&native);
	} else if (spread && stops > PIN_ABOVE) {
		spread = 0;
		cpu = os_current_cpu();
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		place_all(&one);
	}
}
