// SPDX-License-Identifier: GPL-2.0
/*
 * umvm probe, and the choice of backend.
 */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "umvm.h"

static int check(const struct backend_ops *be, int verbose)
{
	int r = be->probe();

	if (verbose) {
		printf("Checking %s... %s\n", be->check, r ? "missing" : "OK");
		fflush(stdout);
	}
	return r;
}

const struct backend_ops *choose_backend(const char *name, int verbose)
{
	const struct backend_ops *be;

	if (!strcmp(name, "auto")) {
		for (int i = 0; i < nr_backends; i++)
			if (!check(backends[i], verbose))
				return backends[i];
		die(EXIT_SETUP, "no syscall interception backend works on this "
		    "host (is ptrace forbidden here?)");
	}
	be = backend_by_name(name);
	if (!be)
		die(EXIT_SETUP, "unknown backend '%s' (choose auto, vm, seccomp, "
		    "sysemu or syscall)", name);
	if (check(be, verbose))
		die(EXIT_SETUP, "backend '%s' is not available on this host: "
		    "%s missing", name, be->check);
	return be;
}

int cmd_probe(int argc, char **argv)
{
	const struct backend_ops *best = NULL;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: umvm probe\n"
		       "Check, by behaviour, which syscall interception "
		       "backends this host\noffers (vm, seccomp, sysemu, "
		       "syscall) and which one auto picks.\nNo options.\n");
		return 0;
	}
	if (argc > 1)
		die(EXIT_SETUP, "probe takes no arguments");
	for (int i = 0; i < nr_backends; i++)
		if (!check(backends[i], 1) && !best)
			best = backends[i];
	if (!best) {
		printf("auto backend: none\n");
		return 1;
	}
	printf("auto backend: %s\n", best->name);
	if (best == &backend_vm)
		printf("fast path: PTRACE_VM (a passed call costs one stop)\n");
	else if (best == &backend_seccomp)
		printf("fast path: seccomp filter (calls no option needs run "
		       "with no stop)\n");
	else
		printf("fast path: none (every call stops)\n");
	return 0;
}
