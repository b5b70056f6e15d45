// SPDX-License-Identifier: GPL-2.0
/*
 * umvm: run programs under a syscall-virtualizing monitor.
 */
#include <stdio.h>
#include <string.h>
#include "oci.h"
#include "cli.h"
#include "umvm.h"

#define UMVM_VERSION	"0.1"

/*
 * The subcommands, in the order `umvm --help` lists them.  A new one is
 * one line here (and its options in its own --help and docs/umvm.1).
 * No summary: internal, not listed.
 */
static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *args;
	const char *summary;
} commands[] = {
	{ "run", cmd_run, "[OPTIONS] [--] PROGRAM [ARGS...]",
	  "run PROGRAM under the monitor" },
	{ "boot", cmd_boot, "[OPTIONS] [-- COMMAND [ARGS...]]",
	  "boot umvm's User-Mode Linux guest kernel" },
	{ "probe", cmd_probe, "",
	  "check which interception backends this host offers" },
	{ "oci", cmd_oci, "[OPTIONS] COMMAND ...",
	  "an OCI runtime, as runc (also as umvm-oci)" },
	{ "bench", cmd_bench, "[OPTIONS]",
	  "measure what intercepting a syscall costs" },
	{ "__loop", cmd_loop, NULL, NULL },
};

static void usage(FILE *f)
{
	const struct command *c;

	fprintf(f, "usage: umvm COMMAND [OPTIONS] [ARGS...]\n");
	for (c = commands; c < commands + ARRAY_SIZE(commands); c++)
		if (c->summary)
			fprintf(f, "       umvm %s%s%s\n", c->name,
				*c->args ? " " : "", c->args);
	fprintf(f, "       umvm --version\n\ncommands:\n");
	for (c = commands; c < commands + ARRAY_SIZE(commands); c++)
		if (c->summary)
			fprintf(f, "  %-8s%s\n", c->name, c->summary);
	fprintf(f, "\n'umvm COMMAND --help' lists the options of COMMAND; "
		"man umvm says more.\n");
}

int main(int argc, char **argv)
{
	const struct command *c;

	const char *name = strrchr(argv[0], '/');

	/* umvm-oci: the OCI runtime under a plain binary name. */
	if (!strcmp(name ? name + 1 : argv[0], "umvm-oci"))
		return cmd_oci(argc, argv);
	if (argc < 2) {
		usage(stderr);
		return EXIT_SETUP;
	}
	for (c = commands; c < commands + ARRAY_SIZE(commands); c++)
		if (!strcmp(argv[1], c->name))
			return c->fn(argc - 1, argv + 1);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("umvm %s\n", UMVM_VERSION);
		return 0;
	}
	die(EXIT_SETUP, "unknown command '%s' (try 'umvm --help')", argv[1]);
}
