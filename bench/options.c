// SPDX-License-Identifier: GPL-2.0
/*
 * umvm bench's command line.  One table says everything about an option:
 * its name, its argument, its line in --help and where its value goes
 * (a number in a range, a word a check accepts, a flag, or a setter).
 * getopt's table and the help are made from it.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "bench.h"
#include "mech.h"
#include "sysent.h"
#include "umvm.h"

#define STR_(x)		#x
#define STR(x)		STR_(x)
#define HELP_COLUMN	25
#define MAX_OPTIONS	32

struct bench_option {
	const char *name;
	char short_name;	/* 0: long only */
	const char *arg;	/* NULL: takes none */
	const char *help;	/* --help's text; NULL: this is --help */
	long *lnum;		/* a number in lo..hi goes here */
	int *inum;		/* ... or here */
	long lo, hi;
	const char **word;	/* a word goes here ... */
	int (*valid)(const char *word);	/* ... if valid() says so */
	const char *invalid;	/* else this message (%s: the word) */
	int *flag;		/* set to value */
	int value;
	void (*set)(struct bench_opts *o, const char *arg);
};

static int mechanisms_ok(const char *list)
{
	const char *keys[32];
	int n = 0;

	for (int i = 0; i < nr_mechanisms && n < (int)ARRAY_SIZE(keys); i++)
		keys[n++] = mechanisms[i]->key;
	return list_valid(list, keys, n);
}

static int modes_ok(const char *list)
{
	static const char *const modes[] = { "emulate", "pass", "other" };

	return list_valid(list, modes, ARRAY_SIZE(modes));
}

static int cpus_ok(const char *word)
{
	return !strcmp(word, "one") || !strcmp(word, "two") ||
	       !strcmp(word, "both");
}

static int executable(const char *path)
{
	return !access(path, X_OK);
}

static void set_syscall(struct bench_opts *o, const char *name)
{
	o->nr = sysent_lookup(name);
	if (o->nr < 0 || !mech_syscall_ok(o->nr))
		die(EXIT_SETUP, "bench: --syscall: '%s' is not one of the "
		    "harmless calls without arguments (try 'umvm bench "
		    "--help')", name);
	o->syscall = name;
}

static void set_backend(struct bench_opts *o, const char *name)
{
	o->backend = backend_by_name(name);
	if (!o->backend)
		die(EXIT_SETUP, "bench: unknown backend '%s'", name);
}

static void add_import(struct bench_opts *o, const char *path)
{
	if (o->nr_imports == (int)ARRAY_SIZE(o->imports))
		die(EXIT_SETUP, "bench: at most 8 --import");
	o->imports[o->nr_imports++] = path;
}

#define TRY_HELP	" (try 'umvm bench --help')"

/* The options of @o, in --help's order, into @t; how many. */
static int bench_options(struct bench_opts *o, struct bench_option *t)
{
	/* Help lines: one a source line, as --help prints them. */
	const struct bench_option table[] = {
		{ "calls", 'n', "N",
		  "timed calls per micro run (10000)",
		  .lnum = &o->calls, .lo = 100, .hi = 100000000 },
		{ "repetitions", 'r', "R",
		  "runs per micro row, 1.." STR(BENCH_MAX_REPS) " (5)",
		  .inum = &o->reps, .lo = 1, .hi = BENCH_MAX_REPS },
		{ "syscall", 0, "NAME",
		  "the call: getppid (default), getpid,\n"
		  "gettid, getuid, geteuid, getgid,\n"
		  "getegid, getpgrp, sched_yield",
		  .set = set_syscall },
		{ "mechanisms", 0, "LIST",
		  "all (default), none, or of: ptrace-syscall,\n"
		  "ptrace-sysemu, ptrace-vm, seccomp-trace,\n"
		  "seccomp-notif, seccomp-trap, sud",
		  .word = &o->mechs, .valid = mechanisms_ok,
		  .invalid = "bench: unknown mechanism in '%s'" TRY_HELP },
		{ "modes", 0, "LIST",
		  "emulate,pass,other (all)",
		  .word = &o->modes, .valid = modes_ok,
		  .invalid = "bench: --modes takes emulate, pass, other, "
			     "comma-separated" },
		{ "cpus", 0, "one|two|both",
		  "tracer and guest on one CPU, two, both (both:\n"
		  "two-CPU rows for emulation)",
		  .word = &o->cpus, .valid = cpus_ok,
		  .invalid = "bench: --cpus takes one, two or both" },
		{ "backend", 'b', "B",
		  "umvm rows for backend B only",
		  .set = set_backend },
		{ "no-placement", 0, NULL,
		  "skip the CPU placement table",
		  .flag = &o->placement, .value = 0 },
		{ "workloads", 0, "LIST",
		  "all (default), none, or of: startup,\n"
		  "c-build, find-stat, tar, fork-exec",
		  .word = &o->macro.workloads, .valid = macro_workload_ok,
		  .invalid = "bench: unknown workload in '%s'" TRY_HELP },
		{ "runners", 0, "LIST",
		  "all (default) or of: native, umvm, view\n"
		  "(umvm -r /), proot, strace, runsc",
		  .word = &o->macro.runners, .valid = macro_runner_ok,
		  .invalid = "bench: unknown runner in '%s'" TRY_HELP },
		{ "umvm", 0, "PATH",
		  "the umvm binary for the umvm and view rows\n"
		  "(default: this one; to compare builds)",
		  .word = &o->macro.umvm, .valid = executable,
		  .invalid = "bench: --umvm: '%s' is not an executable file" },
		{ "macro-repetitions", 0, "R",
		  "timed runs per workload (3)",
		  .inum = &o->macro.reps, .lo = 1, .hi = BENCH_MAX_REPS },
		{ "scale", 0, "PCT",
		  "workload size in percent (100)",
		  .inum = &o->macro.scale, .lo = 1, .hi = 1000 },
		{ "timeout", 0, "S",
		  "seconds per workload run (120)",
		  .inum = &o->macro.timeout_s, .lo = 1, .hi = 3600 },
		{ "import", 0, "FILE",
		  "add the rows of a JSON report or JSON lines",
		  .set = add_import },
		{ "no-run", 0, NULL,
		  "measure nothing (render --import)",
		  .flag = &o->no_run, .value = 1 },
		{ "json", 'j', NULL,
		  "JSON on stdout instead of Markdown",
		  .flag = &o->json, .value = 1 },
		{ "out", 'o', "DIR",
		  "also write DIR/bench.{json,md,svg}",
		  .word = &o->out },
		{ "label", 0, "NAME",
		  "call the native rows NAME (a run inside UML,\n"
		  "to --import beside the host's)",
		  .word = &o->label },
		{ .name = "help", .short_name = 'h' },	/* no .help */
	};

	_Static_assert(ARRAY_SIZE(table) <= MAX_OPTIONS, "MAX_OPTIONS");
	memcpy(t, table, sizeof(table));
	return ARRAY_SIZE(table);
}

static void usage(const struct bench_option *t, int n)
{
	printf("usage: umvm bench [OPTIONS]\n");
	for (int i = 0; i < n && t[i].help; i++) {
		int len = printf("  --%s%s%s", t[i].name, t[i].arg ? " " : "",
				 t[i].arg ? t[i].arg : "");

		printf("%*s", HELP_COLUMN - len, "");
		for (const char *c = t[i].help; *c; c++)
			if (*c == '\n')
				printf("\n%*s", HELP_COLUMN, "");
			else
				putchar(*c);
		putchar('\n');
	}
}

static long number(const char *opt, const char *s, long lo, long hi)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == 0 || *end || v < lo || v > hi)
		die(EXIT_SETUP, "bench: --%s must be a number in %ld..%ld",
		    opt, lo, hi);
	return v;
}

static void take(struct bench_opts *o, const struct bench_option *t,
		 const char *arg)
{
	if (t->lnum)
		*t->lnum = number(t->name, arg, t->lo, t->hi);
	else if (t->inum)
		*t->inum = (int)number(t->name, arg, t->lo, t->hi);
	else if (t->flag)
		*t->flag = t->value;
	else if (t->set)
		t->set(o, arg);
	else if (t->valid && !t->valid(arg))
		die(EXIT_SETUP, t->invalid, arg);
	else
		*t->word = arg;
}

void bench_parse(int argc, char **argv, struct bench_opts *o)
{
	enum { LONG_ONLY = 256 };
	struct bench_option table[MAX_OPTIONS];
	const int n = bench_options(o, table);
	struct option longopts[MAX_OPTIONS + 1];
	char shorts[2 * MAX_OPTIONS + 1], *s = shorts;
	int c;

	memset(longopts, 0, sizeof(longopts));
	for (int i = 0; i < n; i++) {
		longopts[i].name = table[i].name;
		longopts[i].has_arg = table[i].arg ? required_argument :
				      no_argument;
		longopts[i].val = LONG_ONLY + i;
		if (table[i].short_name) {
			*s++ = table[i].short_name;
			if (table[i].arg)
				*s++ = ':';
		}
	}
	*s = 0;
	while ((c = getopt_long(argc, argv, shorts, longopts, NULL)) != -1) {
		const struct bench_option *t = NULL;

		for (int i = 0; i < n; i++)
			if (c == LONG_ONLY + i || c == table[i].short_name)
				t = &table[i];
		if (!t || c == '?')
			die(EXIT_SETUP, "bench: unknown option (try 'umvm "
			    "bench --help')");
		if (!t->help) {
			usage(table, n);
			exit(0);
		}
		take(o, t, optarg);
	}
	if (optind < argc)
		die(EXIT_SETUP, "bench: unexpected argument '%s'", argv[optind]);
}
