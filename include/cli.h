/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The umvm command line: one function per subcommand.
 */
#ifndef UMVM_CLI_H
#define UMVM_CLI_H

#include "backend.h"

int cmd_run(int argc, char **argv);
int cmd_probe(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_boot(int argc, char **argv);
/* The benchmark's guest: a loop of getppid calls. */
int cmd_loop(int argc, char **argv);

/*
 * Pick a backend: "auto" takes the best the host offers.  With @verbose,
 * print one "Checking ..." line per probe.  Dies with a one-line reason
 * if a forced backend is not available.
 */
const struct backend_ops *choose_backend(const char *name, int verbose);

#endif
