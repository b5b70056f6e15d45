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

static void usage(FILE *f)
{
	fprintf(f,
		"usage: umvm run [OPTIONS] -- PROGRAM [ARGS...]\n"
		"       umvm probe\n"
		"       umvm bench [OPTIONS]\n"
		"       umvm oci [OPTIONS] COMMAND ...   (an OCI runtime, as runc)\n"
		"       umvm --version\n"
		"Run 'umvm run --help' for the options of run.\n");
}

int main(int argc, char **argv)
{
	const char *name = strrchr(argv[0], '/');

	/* umvm-oci: the OCI runtime under a plain binary name. */
	if (!strcmp(name ? name + 1 : argv[0], "umvm-oci"))
		return cmd_oci(argc, argv);
	if (argc < 2) {
		usage(stderr);
		return EXIT_SETUP;
	}
	if (!strcmp(argv[1], "run"))
		return cmd_run(argc - 1, argv + 1);
	if (!strcmp(argv[1], "probe"))
		return cmd_probe(argc - 1, argv + 1);
	if (!strcmp(argv[1], "oci"))
		return cmd_oci(argc - 1, argv + 1);
	if (!strcmp(argv[1], "bench"))
		return cmd_bench(argc - 1, argv + 1);
	if (!strcmp(argv[1], "__loop"))
		return cmd_loop(argc - 1, argv + 1);
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
