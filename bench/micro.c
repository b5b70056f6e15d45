// SPDX-License-Identifier: GPL-2.0
/*
 * The report's cost per call: native, then every mechanism of
 * mechanisms[] (bench/mech.c) in each mode it can do, on one CPU and on
 * two, then umvm with each backend beside the minimal tracer it is
 * judged against.
 */
#include <stdio.h>
#include <string.h>
#include "bench.h"
#include "mech.h"
#include "umvm.h"

static void micro_row(struct report *r, const struct bench_opts *o,
		      const struct mechanism *m, enum mech_mode mode, int two)
{
	struct mech_params p = { o->nr, o->calls, mode, two };
	struct mech_result res;
	double v[BENCH_MAX_REPS];
	char variant[48];
	struct brow *row;

	/* Cheap rows get more calls, dear ones fewer: runs of similar length. */
	if (m == &mech_native || mode == MODE_OTHER)
		p.calls = o->calls * 20;
	else if (two)
		p.calls = o->calls / 4;
	snprintf(variant, sizeof(variant), "%s%s", mech_variant(m, mode),
		 two ? ", two CPUs" : "");
	row = report_add(r, "micro", o->syscall, m->title, variant, "ns");
	bench_progress(o, m->title, variant);
	for (int i = 0; i < o->reps; i++) {
		if (mech_measure(m, &p, &res) < 0) {
			snprintf(row->na, sizeof(row->na), "%s", res.why);
			return;
		}
		v[i] = res.ns_per_call;
	}
	row->stops = res.stops_per_call;
	stats_compute(v, o->reps, &row->st);
}

void bench_micro(struct report *r, const struct bench_opts *o)
{
	micro_row(r, o, &mech_native, MODE_PASS, 0);
	for (int i = 0; i < nr_mechanisms; i++) {
		const struct mechanism *m = mechanisms[i];

		if (!list_has(o->mechs, m->key))
			continue;
		for (int mode = 0; mode < MODE_COUNT; mode++) {
			if (!list_has(o->modes, mech_mode_key(mode)) ||
			    !(m->modes & MODE_BIT(mode)))
				continue;
			if (strcmp(o->cpus, "two"))
				micro_row(r, o, m, mode, 0);
			if (strcmp(o->cpus, "one") && m->cross_process &&
			    (mode == MODE_EMULATE || !strcmp(o->cpus, "two")))
				micro_row(r, o, m, mode, 1);
		}
	}
}

/* The minimal mechanism each backend is judged against. */
static const struct {
	const char *backend;
	const char *emulate, *pass;	/* mechanisms' keys */
} refs[] = {
	{ "vm", "ptrace-vm", "ptrace-vm" },
	{ "sysemu", "ptrace-sysemu", "ptrace-syscall" },
	{ "syscall", "ptrace-syscall", "ptrace-syscall" },
	{ "seccomp", "seccomp-trace", "seccomp-trace" },
};

/* The median of @backend's reference row in this report, or 0. */
static double ref_median(const struct report *r, const char *backend,
			 int emulate)
{
	for (size_t i = 0; i < ARRAY_SIZE(refs); i++) {
		const struct mechanism *m;
		const char *v;

		if (strcmp(refs[i].backend, backend))
			continue;
		m = mech_by_key(emulate ? refs[i].emulate : refs[i].pass);
		v = mech_variant(m, emulate ? MODE_EMULATE : MODE_PASS);
		for (int j = 0; j < r->n; j++)
			if (!strcmp(r->rows[j].section, "micro") &&
			    !strcmp(r->rows[j].runner, m->title) &&
			    !strcmp(r->rows[j].variant, v) &&
			    !r->rows[j].na[0])
				return r->rows[j].st.median;
	}
	return 0;
}

void bench_umvm(struct report *r, const struct bench_opts *o)
{
	const struct backend_ops *placement_be = NULL;

	for (int i = 0; i < nr_backends; i++) {
		const struct backend_ops *be = backends[i];
		char name[48];

		if (o->backend && be != o->backend)
			continue;
		if (be->probe()) {
			struct brow *row;

			snprintf(name, sizeof(name), "umvm %s", be->name);
			row = report_add(r, "umvm", o->syscall, name, "", "ns");
			snprintf(row->na, sizeof(row->na),
				 "backend not available on this host");
			continue;
		}
		if (!placement_be)
			placement_be = be;
		bench_progress(o, "umvm", be->name);
		bench_umvm_row(r, be, o->syscall, o->nr, 1, 1, o->calls,
			       o->reps, ref_median(r, be->name, 1));
		bench_umvm_row(r, be, o->syscall, o->nr, 0, 1, o->calls,
			       o->reps, ref_median(r, be->name, 0));
		bench_umvm_row(r, be, o->syscall, o->nr, 1, 0, o->calls / 4,
			       o->reps, 0);
	}
	if (o->placement && placement_be) {
		bench_progress(o, "placement", placement_be->name);
		bench_placement(r, placement_be, o->calls,
				o->reps < 3 ? o->reps : 3);
	}
}
