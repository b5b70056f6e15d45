/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umvm bench internals (the files of bench/): statistics, the report's rows
 * and its three renderings (JSON, Markdown, SVG), the macro workloads.
 */
#ifndef UMVM_BENCH_H
#define UMVM_BENCH_H

#include <stdio.h>
#include "backend.h"

#define BENCH_MAX_REPS	31

/* Median and spread of one row's repetitions. */
struct stats {
	int n;
	double median, min, max, q1, q3;
};

/* @v is sorted in place; n >= 1.  Quartiles by linear interpolation. */
void stats_compute(double *v, int n, struct stats *s);

struct brow {
	char section[16];	/* "micro", "umvm", "macro", "placement" */
	char workload[40];	/* the syscall, or the macro workload */
	char runner[64];	/* mechanism, backend or peer */
	char variant[40];	/* "emulate, one CPU", ... */
	char unit[8];		/* "ns" per call, or "ms" per run */
	struct stats st;
	double stops;		/* per call, counted; < 0 when not known */
	double ref;		/* umvm rows: the minimal tracer's median */
	long rss_kb;		/* umvm rows: the monitor's peak RSS */
	char na[160];		/* no figure: why */
};

struct report {
	struct brow *rows;
	int n, cap;
	char machine[256];	/* one line: CPUs, model, kernel, load */
	char imported_machine[256];	/* the same, from --import */
	long imported_calls;
	int imported_reps;
	long calls;
	int reps;
};

struct brow *report_add(struct report *r, const char *section,
			const char *workload, const char *runner,
			const char *variant, const char *unit);
/* The native row of @row's workload, or NULL. */
const struct brow *report_native(const struct report *r,
				 const struct brow *row);
/* @row's median over its native row's, or 0. */
double report_ratio(const struct report *r, const struct brow *row);

void report_json(FILE *f, const struct report *r);
void report_markdown(FILE *f, const struct report *r);
void report_svg(FILE *f, const struct report *r);
/*
 * Add the rows of a JSON report (or of JSON lines, one row object per
 * line, as scripts/bench-uml.sh prints) to @r.  Returns rows read.
 */
int report_import(struct report *r, FILE *f);
/* Parse one flat JSON row object into @row; 0 or -1. */
int report_parse_row(const char *line, struct brow *row);

/* Macro workloads (bench/macro.c). */
struct macro_opts {
	const char *workloads;	/* comma list or "all" */
	const char *runners;	/* comma list or "all" */
	int reps;
	int timeout_s;
	int scale;		/* percent of the default workload size */
	const struct backend_ops *backend;	/* only this one, or NULL */
	const char *umvm;	/* the binary for umvm's rows, or NULL: this */
};
int bench_macro(struct report *r, const struct macro_opts *o);
int macro_workload_ok(const char *list);
int macro_runner_ok(const char *list);

/* umvm's rows (bench/umvm-rows.c). */
void bench_umvm_row(struct report *r, const struct backend_ops *be,
		    const char *call, long nr, int emulate, int pin, long n,
		    int reps, double ref);
void bench_placement(struct report *r, const struct backend_ops *be, long n,
		     int reps);

/* What `umvm bench` was asked for (bench/options.c). */
struct bench_opts {
	long calls;
	int reps;
	const struct backend_ops *backend;
	const char *mechs, *modes, *cpus;
	const char *syscall;
	long nr;
	int json, no_run, placement, progress;
	const char *out, *label;
	const char *imports[8];
	int nr_imports;
	struct macro_opts macro;
};
/* Fill @o (holding the defaults) from the command line; dies on errors. */
void bench_parse(int argc, char **argv, struct bench_opts *o);

/* On a terminal: what is measured now. */
static inline void bench_progress(const struct bench_opts *o,
				  const char *what, const char *detail)
{
	if (o->progress)
		fprintf(stderr, "bench: %s %s\n", what, detail);
}

/* Comma lists (bench/list.c): "a,b,c" contains @word, or @list is "all". */
int list_has(const char *list, const char *word);
/* Every word of comma list @list is in @names (or it is all/none). */
int list_valid(const char *list, const char *const *names, int nn);

/* The cost per call: the mechanisms', then umvm's (bench/micro.c). */
void bench_micro(struct report *r, const struct bench_opts *o);
void bench_umvm(struct report *r, const struct bench_opts *o);

#endif
