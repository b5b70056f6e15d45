// SPDX-License-Identifier: GPL-2.0
/*
 * --stats: per-syscall counts, host stops and time in the monitor,
 * printed when the guest is gone.
 */
#include <stdio.h>
#include <string.h>
#include "dispatch.h"
#include "personality.h"
#include "sysent.h"

struct sc_stat {
	unsigned long calls, emulated, stops;
	uint64_t ns;
};

static struct sc_stat stat[MAX_SYSCALL + 1];

static void stats_add(struct gthread *t)
{
	const struct gsyscall *sc = &t->sc;
	int native = sc->abi == ABI_NATIVE && sc->nr >= 0 &&
		     sc->nr < MAX_SYSCALL;
	struct sc_stat *s = &stat[native ? sc->nr : MAX_SYSCALL];

	s->calls++;
	s->emulated += sc->outcome == OUT_EMULATE;
	s->stops += sc->stops;
	s->ns += sc->t_monitor;
}

void dispatch_report(FILE *out, unsigned long stops, uint64_t elapsed_ns)
{
	struct sc_stat total;

	memset(&total, 0, sizeof(total));
	fprintf(out, "%-24s %10s %10s %10s %12s %10s\n", "syscall", "calls",
		"emulated", "stops", "monitor-us", "us/call");
	for (int nr = 0; nr <= MAX_SYSCALL; nr++) {
		const struct sc_stat *s = &stat[nr];

		if (!s->calls)
			continue;
		fprintf(out, "%-24s %10lu %10lu %10lu %12.1f %10.2f\n",
			nr < MAX_SYSCALL ? sysent_get(nr)->name : "other",
			s->calls, s->emulated, s->stops, s->ns / 1e3,
			s->ns / 1e3 / s->calls);
		total.calls += s->calls;
		total.emulated += s->emulated;
		total.stops += s->stops;
		total.ns += s->ns;
	}
	fprintf(out, "%-24s %10lu %10lu %10lu %12.1f %10.2f\n", "total",
		total.calls, total.emulated, total.stops, total.ns / 1e3,
		total.calls ? total.ns / 1e3 / total.calls : 0.0);
	fprintf(out, "host stops handled: %lu; wall time: %.3f s\n", stops,
		elapsed_ns / 1e9);
}

const struct personality stats_personality = {
	.name = "stats",
	.option = &pers.stats,
	.sees = SEES_EVERY_ENTRY,
	.call_done = stats_add,
};
