// SPDX-License-Identifier: GPL-2.0
/*
 * umvm bench: what intercepting a syscall costs on this host, per
 * mechanism, and what whole workloads cost under umvm and its peers, all
 * measured in one run:
 *
 *   micro   native; every interception mechanism (bench/mech*.c)
 *           with the same tiny handler, emulating and passing the chosen
 *           call; umvm with each backend (bench/micro.c, umvm-rows.c);
 *   macro   workloads natively, under umvm, PRoot, strace and gVisor
 *           (bench/macro.c), plus rows imported from other runs
 *           (--import: the QEMU guest's, scripts/bench-uml.sh's);
 *
 * rendered as Markdown (default), JSON (--json) and, with --out DIR, all
 * three files: bench.md, bench.json, bench.svg.  The options are in
 * bench/options.c; this file runs the parts in order and writes the
 * report.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include "bench.h"
#include "cli.h"
#include "os.h"
#include "umvm.h"

static void describe_machine(struct report *r)
{
	char model[128] = "unknown CPU", line[256];
	struct utsname u;
	double load = 0;
	FILE *f = fopen("/proc/cpuinfo", "r");
	time_t t = time(NULL);
	char when[32];

	while (f && fgets(line, sizeof(line), f)) {
		char *c = strchr(line, ':');

		if (!strncmp(line, "model name", 10) && c) {
			snprintf(model, sizeof(model), "%s", c + 2);
			model[strcspn(model, "\n")] = 0;
			break;
		}
	}
	if (f)
		fclose(f);
	f = fopen("/proc/loadavg", "r");
	if (f) {
		if (fscanf(f, "%lf", &load) != 1)
			load = 0;
		fclose(f);
	}
	uname(&u);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", gmtime(&t));
	snprintf(r->machine, sizeof(r->machine),
		 "%d CPUs, %s, Linux %s, load %.2f at start, %s",
		 os_cpu_count(), model, u.release, load, when);
}

/* --label: the native rows become NAME's (for runs inside UML or QEMU). */
static void relabel(struct report *r, const char *name)
{
	for (int i = 0; i < r->n; i++)
		if (!strcmp(r->rows[i].runner, "native"))
			snprintf(r->rows[i].runner, sizeof(r->rows[i].runner),
				 "%s", name);
}

static void write_outputs(const struct report *r, const char *dir)
{
	static const struct {
		const char *name;
		void (*fn)(FILE *, const struct report *);
	} files[] = {
		{ "bench.json", report_json },
		{ "bench.md", report_markdown },
		{ "bench.svg", report_svg },
	};
	char path[512];

	mkdir(dir, 0755);
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", dir, files[i].name);
		f = fopen(path, "w");
		if (!f)
			die(1, "bench: cannot write %s: %s", path,
			    strerror(errno));
		files[i].fn(f, r);
		if (fclose(f))
			die(1, "bench: cannot write %s", path);
	}
}

int cmd_bench(int argc, char **argv)
{
	struct bench_opts o = {
		.calls = 10000, .reps = 5, .mechs = "all", .modes = "all",
		.cpus = "both", .syscall = "getppid", .nr = SYS_getppid,
		.placement = 1, .progress = isatty(2),
		.macro = { "all", "all", 3, 120, 100, NULL, NULL },
	};
	struct report r = { 0 };

	bench_parse(argc, argv, &o);
	o.macro.backend = o.backend;
	r.calls = o.calls;
	r.reps = o.reps;
	describe_machine(&r);
	for (int i = 0; i < o.nr_imports; i++) {
		FILE *f = fopen(o.imports[i], "r");

		if (!f)
			die(EXIT_SETUP, "bench: --import %s: %s", o.imports[i],
			    strerror(errno));
		report_import(&r, f);
		fclose(f);
	}
	/* Rendering another machine's report: say which machine. */
	if (o.no_run && r.imported_machine[0]) {
		memcpy(r.machine, r.imported_machine, sizeof(r.machine));
		r.calls = r.imported_calls;
		r.reps = r.imported_reps;
	}
	if (!o.no_run) {
		bench_micro(&r, &o);
		bench_umvm(&r, &o);
		if (strcmp(o.macro.workloads, "none")) {
			bench_progress(&o, "macro", o.macro.workloads);
			if (bench_macro(&r, &o.macro) < 0)
				warnmsg("bench: cannot set up the workloads");
		}
	}
	if (o.label)
		relabel(&r, o.label);
	if (o.json)
		report_json(stdout, &r);
	else
		report_markdown(stdout, &r);
	if (o.out)
		write_outputs(&r, o.out);
	free(r.rows);
	return 0;
}
