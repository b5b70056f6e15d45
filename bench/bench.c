// SPDX-License-Identifier: GPL-2.0
/*
 * umvm bench: what intercepting a syscall costs on this host, per
 * mechanism, and what whole workloads cost under umvm and its peers, all
 * measured in one run:
 *
 *   micro   native; every interception mechanism (bench/mech-*.c)
 *           with the same tiny handler, emulating and passing the chosen
 *           call; umvm with each backend (bench/umvm-rows.c);
 *   macro   workloads natively, under umvm, PRoot, strace and gVisor
 *           (bench/macro.c), plus rows imported from other runs
 *           (--import: the QEMU guest's, scripts/bench-uml.sh's);
 *
 * rendered as Markdown (default), JSON (--json) and, with --out DIR, all
 * three files: bench.md, bench.json, bench.svg.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
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
#include "mech.h"
#include "os.h"
#include "sysent.h"
#include "umvm.h"

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

static void progress(const struct bench_opts *o, const char *what,
		     const char *detail)
{
	if (o->progress)
		fprintf(stderr, "bench: %s %s\n", what, detail);
}

static const char *mode_variant(enum mech_id m, enum mech_mode mode)
{
	if (m == MECH_PTRACE_VM)
		return mode == MODE_EMULATE ? "emulate (VM_SKIPCALL)" :
		       "pass (VM_SKIPEXIT)";
	if (mode == MODE_OTHER)
		return "other call";
	return mech_mode_key(mode);
}

static int cross_process(enum mech_id m)
{
	return m != MECH_NATIVE && m != MECH_SECCOMP_TRAP && m != MECH_SUD;
}

static void micro_row(struct report *r, const struct bench_opts *o,
		      enum mech_id m, enum mech_mode mode, int two)
{
	struct mech_params p = { o->nr, o->calls, mode, two };
	struct mech_result res;
	double v[BENCH_MAX_REPS];
	char variant[48];
	struct brow *row;

	/* Cheap rows get more calls, dear ones fewer: runs of similar length. */
	if (m == MECH_NATIVE || mode == MODE_OTHER)
		p.calls = o->calls * 20;
	else if (two)
		p.calls = o->calls / 4;
	snprintf(variant, sizeof(variant), "%s%s",
		 m == MECH_NATIVE ? "" : mode_variant(m, mode),
		 two ? ", two CPUs" : "");
	row = report_add(r, "micro", o->syscall, m == MECH_NATIVE ? "native" :
			 mech_title(m), variant, "ns");
	progress(o, mech_title(m), variant);
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

static void bench_micro(struct report *r, const struct bench_opts *o)
{
	micro_row(r, o, MECH_NATIVE, MODE_PASS, 0);
	for (int m = MECH_NATIVE + 1; m < MECH_COUNT; m++) {
		if (!list_has(o->mechs, mech_key(m)))
			continue;
		for (int mode = 0; mode < MODE_COUNT; mode++) {
			const char *why;

			if (!list_has(o->modes, mech_mode_key(mode)) ||
			    !mech_supports(m, mode, &why))
				continue;
			if (strcmp(o->cpus, "two"))
				micro_row(r, o, m, mode, 0);
			if (strcmp(o->cpus, "one") && cross_process(m) &&
			    (mode == MODE_EMULATE || !strcmp(o->cpus, "two")))
				micro_row(r, o, m, mode, 1);
		}
	}
}

/* The minimal mechanism each backend is judged against, by name. */
static const struct {
	const char *backend;
	enum mech_id emulate, pass;
} refs[] = {
	{ "vm", MECH_PTRACE_VM, MECH_PTRACE_VM },
	{ "sysemu", MECH_PTRACE_SYSEMU, MECH_PTRACE_SYSCALL },
	{ "syscall", MECH_PTRACE_SYSCALL, MECH_PTRACE_SYSCALL },
	{ "seccomp", MECH_SECCOMP_TRACE, MECH_SECCOMP_TRACE },
};

static double ref_median(const struct report *r, const char *backend,
			 int emulate)
{
	for (size_t i = 0; i < ARRAY_SIZE(refs); i++) {
		enum mech_id m;
		const char *v;

		if (strcmp(refs[i].backend, backend))
			continue;
		m = emulate ? refs[i].emulate : refs[i].pass;
		v = mode_variant(m, emulate ? MODE_EMULATE : MODE_PASS);
		for (int j = 0; j < r->n; j++)
			if (!strcmp(r->rows[j].section, "micro") &&
			    !strcmp(r->rows[j].runner, mech_title(m)) &&
			    !strcmp(r->rows[j].variant, v) &&
			    !r->rows[j].na[0])
				return r->rows[j].st.median;
	}
	return 0;
}

static void bench_umvm(struct report *r, const struct bench_opts *o)
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
		progress(o, "umvm", be->name);
		bench_umvm_row(r, be, o->syscall, o->nr, 1, 1, o->calls,
			       o->reps, ref_median(r, be->name, 1));
		bench_umvm_row(r, be, o->syscall, o->nr, 0, 1, o->calls,
			       o->reps, ref_median(r, be->name, 0));
		bench_umvm_row(r, be, o->syscall, o->nr, 1, 0, o->calls / 4,
			       o->reps, 0);
	}
	if (o->placement && placement_be) {
		progress(o, "placement", placement_be->name);
		bench_placement(r, placement_be, o->calls,
				o->reps < 3 ? o->reps : 3);
	}
}

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

static void usage(void)
{
	printf("usage: umvm bench [OPTIONS]\n"
	       "  --calls N              timed calls per micro run (10000)\n"
	       "  --repetitions R        runs per micro row, 1..%d (5)\n"
	       "  --syscall NAME         the call: getppid (default), getpid,\n"
	       "                         gettid, getuid, geteuid, getgid,\n"
	       "                         getegid, getpgrp, sched_yield\n"
	       "  --mechanisms LIST      all (default), none, or of: "
	       "ptrace-syscall,\n"
	       "                         ptrace-sysemu, ptrace-vm, "
	       "seccomp-trace,\n"
	       "                         seccomp-notif, seccomp-trap, sud\n"
	       "  --modes LIST           emulate,pass,other (all)\n"
	       "  --cpus one|two|both    tracer and guest on one CPU, two, "
	       "both (both:\n"
	       "                         two-CPU rows for emulation)\n"
	       "  --backend B            umvm rows for backend B only\n"
	       "  --no-placement         skip the CPU placement table\n"
	       "  --workloads LIST       all (default), none, or of: startup,\n"
	       "                         c-build, find-stat, tar, fork-exec\n"
	       "  --runners LIST         all (default) or of: native, umvm, "
	       "view\n"
	       "                         (umvm -r /), proot, strace, runsc\n"
	       "  --umvm PATH            the umvm binary for the umvm and "
	       "view rows\n"
	       "                         (default: this one; to compare "
	       "builds)\n"
	       "  --macro-repetitions R  timed runs per workload (3)\n"
	       "  --scale PCT            workload size in percent (100)\n"
	       "  --timeout S            seconds per workload run (120)\n"
	       "  --import FILE          add the rows of a JSON report or JSON "
	       "lines\n"
	       "  --no-run               measure nothing (render --import)\n"
	       "  --json                 JSON on stdout instead of Markdown\n"
	       "  --out DIR              also write DIR/bench.{json,md,svg}\n"
	       "  --label NAME           call the native rows NAME (a run "
	       "inside UML,\n"
	       "                         to --import beside the host's)\n",
	       BENCH_MAX_REPS);
}

enum {
	OPT_MECHS = 256, OPT_MODES, OPT_CPUS, OPT_SYSCALL, OPT_WORKLOADS,
	OPT_RUNNERS, OPT_MREPS, OPT_SCALE, OPT_TIMEOUT, OPT_IMPORT,
	OPT_NORUN, OPT_NOPLACE, OPT_LABEL, OPT_UMVM,
};

static const struct option options[] = {
	{ "calls", required_argument, NULL, 'n' },
	{ "repetitions", required_argument, NULL, 'r' },
	{ "backend", required_argument, NULL, 'b' },
	{ "json", no_argument, NULL, 'j' },
	{ "out", required_argument, NULL, 'o' },
	{ "mechanisms", required_argument, NULL, OPT_MECHS },
	{ "modes", required_argument, NULL, OPT_MODES },
	{ "cpus", required_argument, NULL, OPT_CPUS },
	{ "syscall", required_argument, NULL, OPT_SYSCALL },
	{ "workloads", required_argument, NULL, OPT_WORKLOADS },
	{ "runners", required_argument, NULL, OPT_RUNNERS },
	{ "macro-repetitions", required_argument, NULL, OPT_MREPS },
	{ "scale", required_argument, NULL, OPT_SCALE },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "import", required_argument, NULL, OPT_IMPORT },
	{ "no-run", no_argument, NULL, OPT_NORUN },
	{ "no-placement", no_argument, NULL, OPT_NOPLACE },
	{ "label", required_argument, NULL, OPT_LABEL },
	{ "umvm", required_argument, NULL, OPT_UMVM },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int valid_mechs(const char *list)
{
	char buf[256], *save, *w;

	if (!strcmp(list, "all") || !strcmp(list, "none"))
		return 1;
	snprintf(buf, sizeof(buf), "%s", list);
	for (w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save))
		if (mech_by_key(w) <= MECH_NATIVE)
			return 0;
	return 1;
}

static const char *const modes[] = { "emulate", "pass", "other" };

static long number(const char *opt, const char *s, long lo, long hi)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == 0 || *end || v < lo || v > hi)
		die(EXIT_SETUP, "bench: --%s must be a number in %ld..%ld",
		    opt, lo, hi);
	return v;
}

static void parse(int argc, char **argv, struct bench_opts *o)
{
	int c;

	while ((c = getopt_long(argc, argv, "n:r:b:jo:h", options, NULL)) != -1) {
		switch (c) {
		case 'n':
			o->calls = number("calls", optarg, 100, 100000000);
			break;
		case 'r':
			o->reps = (int)number("repetitions", optarg, 1,
					      BENCH_MAX_REPS);
			break;
		case 'b':
			o->backend = backend_by_name(optarg);
			if (!o->backend)
				die(EXIT_SETUP, "bench: unknown backend '%s'",
				    optarg);
			break;
		case 'j':
			o->json = 1;
			break;
		case 'o':
			o->out = optarg;
			break;
		case OPT_MECHS:
			if (!valid_mechs(optarg))
				die(EXIT_SETUP, "bench: unknown mechanism in "
				    "'%s' (try 'umvm bench --help')", optarg);
			o->mechs = optarg;
			break;
		case OPT_MODES:
			if (!list_valid(optarg, modes, ARRAY_SIZE(modes)))
				die(EXIT_SETUP, "bench: --modes takes emulate, "
				    "pass, other, comma-separated");
			o->modes = optarg;
			break;
		case OPT_CPUS:
			if (strcmp(optarg, "one") && strcmp(optarg, "two") &&
			    strcmp(optarg, "both"))
				die(EXIT_SETUP, "bench: --cpus takes one, two "
				    "or both");
			o->cpus = optarg;
			break;
		case OPT_SYSCALL:
			o->nr = sysent_lookup(optarg);
			if (o->nr < 0 || !mech_syscall_ok(o->nr))
				die(EXIT_SETUP, "bench: --syscall: '%s' is not "
				    "one of the harmless calls without "
				    "arguments (try 'umvm bench --help')",
				    optarg);
			o->syscall = optarg;
			break;
		case OPT_WORKLOADS:
			if (!macro_workload_ok(optarg))
				die(EXIT_SETUP, "bench: unknown workload in "
				    "'%s' (try 'umvm bench --help')", optarg);
			o->macro.workloads = optarg;
			break;
		case OPT_RUNNERS:
			if (!macro_runner_ok(optarg))
				die(EXIT_SETUP, "bench: unknown runner in '%s' "
				    "(try 'umvm bench --help')", optarg);
			o->macro.runners = optarg;
			break;
		case OPT_UMVM:
			if (access(optarg, X_OK))
				die(EXIT_SETUP, "bench: --umvm: '%s' is not an "
				    "executable file", optarg);
			o->macro.umvm = optarg;
			break;
		case OPT_MREPS:
			o->macro.reps = (int)number("macro-repetitions",
						    optarg, 1, BENCH_MAX_REPS);
			break;
		case OPT_SCALE:
			o->macro.scale = (int)number("scale", optarg, 1, 1000);
			break;
		case OPT_TIMEOUT:
			o->macro.timeout_s = (int)number("timeout", optarg, 1,
							 3600);
			break;
		case OPT_IMPORT:
			if (o->nr_imports == (int)ARRAY_SIZE(o->imports))
				die(EXIT_SETUP, "bench: at most 8 --import");
			o->imports[o->nr_imports++] = optarg;
			break;
		case OPT_NORUN:
			o->no_run = 1;
			break;
		case OPT_NOPLACE:
			o->placement = 0;
			break;
		case OPT_LABEL:
			o->label = optarg;
			break;
		case 'h':
			usage();
			exit(0);
		default:
			die(EXIT_SETUP, "bench: unknown option (try 'umvm "
			    "bench --help')");
		}
	}
	if (optind < argc)
		die(EXIT_SETUP, "bench: unexpected argument '%s'", argv[optind]);
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

	parse(argc, argv, &o);
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
			progress(&o, "macro", o.macro.workloads);
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
