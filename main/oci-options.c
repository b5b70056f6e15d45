// SPDX-License-Identifier: GPL-2.0
/*
 * umvm oci's command line as data: one row for every option of runc's
 * command line that umvm oci takes, the commands that take it, and the
 * one walker every command parses its options with.  Engines pass runc's
 * options whether or not a runtime needs them, so some rows are only
 * accepted: the walker drops them and no command sees them.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "oci.h"

/* The commands a row is in, a bit each (enum oci_command). */
#define IN(cmd)		(1u << (cmd))
#define GLOBAL		IN(OCI_GLOBAL)
#define CREATE_RUN	(IN(OCI_CREATE) | IN(OCI_RUN))
#define LAUNCH		(CREATE_RUN | IN(OCI_EXEC))
#define EXEC		IN(OCI_EXEC)

struct oci_option_row {
	const char *name;		/* --name */
	char letter;			/* -letter, or 0: none */
	int arg;			/* takes an argument */
	unsigned int in;		/* IN() of the commands that take it */
	int ignored;			/* accepted and dropped */
	/* Ignored, but with a warning when its argument is not this. */
	const char *warn_unless;
};

/*
 * The short letters are the ones umvm oci has always taken (runc's, and
 * -w for exec's --cwd).  global's --rootless takes a value and spec's is
 * a flag, as in runc: two rows.
 */
static const struct oci_option_row rows[OCI_NOPTIONS] = {
	[OCI_OPT_ROOT] = { .name = "root", .arg = 1, .in = GLOBAL },
	[OCI_OPT_LOG] = { .name = "log", .arg = 1, .in = GLOBAL },
	[OCI_OPT_LOG_FORMAT] = { .name = "log-format", .arg = 1,
				 .in = GLOBAL },
	[OCI_OPT_SYSTEMD_CGROUP] = { .name = "systemd-cgroup", .in = GLOBAL },
	[OCI_OPT_DEBUG] = { .name = "debug", .in = GLOBAL },
	[OCI_OPT_ROOTLESS] = { .name = "rootless", .arg = 1, .in = GLOBAL,
			       .ignored = 1 },
	[OCI_OPT_CRIU] = { .name = "criu", .arg = 1, .in = GLOBAL,
			   .ignored = 1 },
	[OCI_OPT_HELP] = { .name = "help", .letter = 'h', .in = GLOBAL },
	[OCI_OPT_VERSION] = { .name = "version", .in = GLOBAL },

	[OCI_OPT_BUNDLE] = { .name = "bundle", .letter = 'b', .arg = 1,
			     .in = CREATE_RUN | IN(OCI_SPEC) },
	[OCI_OPT_PID_FILE] = { .name = "pid-file", .arg = 1, .in = LAUNCH },
	[OCI_OPT_CONSOLE_SOCKET] = { .name = "console-socket", .arg = 1,
				     .in = LAUNCH },
	[OCI_OPT_DETACH] = { .name = "detach", .letter = 'd', .in = LAUNCH },
	[OCI_OPT_KEEP] = { .name = "keep", .in = CREATE_RUN },
	[OCI_OPT_PRESERVE_FDS] = { .name = "preserve-fds", .arg = 1,
				   .in = LAUNCH, .ignored = 1,
				   .warn_unless = "0" },
	[OCI_OPT_NO_PIVOT] = { .name = "no-pivot", .in = CREATE_RUN,
			       .ignored = 1 },
	[OCI_OPT_NO_NEW_KEYRING] = { .name = "no-new-keyring",
				     .in = CREATE_RUN, .ignored = 1 },
	[OCI_OPT_NO_SUBREAPER] = { .name = "no-subreaper", .in = CREATE_RUN,
				   .ignored = 1 },

	[OCI_OPT_PROCESS] = { .name = "process", .letter = 'p', .arg = 1,
			      .in = EXEC },
	[OCI_OPT_CWD] = { .name = "cwd", .letter = 'w', .arg = 1, .in = EXEC },
	[OCI_OPT_ENV] = { .name = "env", .letter = 'e', .arg = 1, .in = EXEC },
	[OCI_OPT_TTY] = { .name = "tty", .letter = 't', .in = EXEC },
	[OCI_OPT_USER] = { .name = "user", .letter = 'u', .arg = 1,
			   .in = EXEC },
	[OCI_OPT_ADDITIONAL_GIDS] = { .name = "additional-gids",
				      .letter = 'g', .arg = 1, .in = EXEC,
				      .ignored = 1 },
	[OCI_OPT_NO_NEW_PRIVS] = { .name = "no-new-privs", .in = EXEC,
				   .ignored = 1 },
	[OCI_OPT_CAP] = { .name = "cap", .arg = 1, .in = EXEC, .ignored = 1 },
	[OCI_OPT_PROCESS_LABEL] = { .name = "process-label", .arg = 1,
				    .in = EXEC, .ignored = 1 },
	[OCI_OPT_APPARMOR] = { .name = "apparmor", .arg = 1, .in = EXEC,
			       .ignored = 1 },
	[OCI_OPT_CGROUP] = { .name = "cgroup", .arg = 1, .in = EXEC,
			     .ignored = 1 },
	[OCI_OPT_IGNORE_PAUSED] = { .name = "ignore-paused", .in = EXEC,
				    .ignored = 1 },

	[OCI_OPT_FORCE] = { .name = "force", .letter = 'f',
			    .in = IN(OCI_DELETE) },
	[OCI_OPT_ALL] = { .name = "all", .letter = 'a', .in = IN(OCI_KILL) },
	[OCI_OPT_FORMAT] = { .name = "format", .letter = 'f', .arg = 1,
			     .in = IN(OCI_LIST) },
	[OCI_OPT_QUIET] = { .name = "quiet", .letter = 'q',
			    .in = IN(OCI_LIST) },
	[OCI_OPT_SPEC_ROOTLESS] = { .name = "rootless", .in = IN(OCI_SPEC) },
};

/* Each command's one line for an option it does not take (%s: it). */
static const char *const unknown_option[OCI_NCOMMANDS] = {
	[OCI_GLOBAL] = "unknown global option '%s'",
	[OCI_CREATE] = "create: unknown option '%s'",
	[OCI_RUN] = "run: unknown option '%s'",
	[OCI_EXEC] = "exec: unknown option '%s'",
	[OCI_DELETE] = "delete: unknown option '%s'",
	[OCI_KILL] = "kill: unknown option '%s'",
	[OCI_LIST] = "list: unknown option or format",
	[OCI_SPEC] = "spec: unknown option '%s'",
};

/* getopt_long's value for a long option: the key, past every letter. */
#define LONG_KEY(key)	(256 + (key))

/* The key of short option @c of @cmd, or -1. */
static int key_of_letter(int c, enum oci_command cmd)
{
	for (int k = 0; k < OCI_NOPTIONS; k++)
		if (rows[k].letter == c && (rows[k].in & IN(cmd)))
			return k;
	return -1;
}

/* The next option of @cmd that the command acts on. */
int oci_next_option(int argc, char **argv, enum oci_command cmd)
{
	struct option longs[OCI_NOPTIONS + 1];
	char shorts[2 * OCI_NOPTIONS + 2] = "+";	/* stop at an operand */
	int nl = 0, ns = 1, c, k;

	for (k = 0; k < OCI_NOPTIONS; k++) {
		const struct oci_option_row *r = &rows[k];

		if (!(r->in & IN(cmd)))
			continue;
		longs[nl++] = (struct option){
			.name = r->name,
			.has_arg = r->arg ? required_argument : no_argument,
			.val = LONG_KEY(k),
		};
		if (r->letter)
			shorts[ns++] = r->letter;
		if (r->letter && r->arg)
			shorts[ns++] = ':';
	}
	longs[nl] = (struct option){ 0 };
	shorts[ns] = 0;
	for (;;) {
		c = getopt_long(argc, argv, shorts, longs, NULL);
		if (c == -1)
			return -1;
		k = c >= LONG_KEY(0) ? c - LONG_KEY(0) : key_of_letter(c, cmd);
		if (k < 0) {
			if (cmd == OCI_GLOBAL)
				oci_usage(stderr);
			oci_fail(unknown_option[cmd], argv[optind - 1]);
		}
		if (!rows[k].ignored)
			return k;
		if (rows[k].warn_unless && strcmp(optarg, rows[k].warn_unless))
			oci_warn("--%s %s: not supported, ignored",
				 rows[k].name, optarg);
	}
}

int oci_flag_option(int argc, char **argv, enum oci_command cmd)
{
	int given = 0;

	optind = 1;
	while (oci_next_option(argc, argv, cmd) != -1)
		given = 1;
	return given;
}

void oci_usage(FILE *f)
{
	fprintf(f,
		"usage: umvm oci [GLOBAL OPTIONS] COMMAND [OPTIONS] [ID] ...\n"
		"  (also installed as umvm-oci; runc's command line)\n"
		"global options:\n"
		"  --root DIR             container state (/run/umvm for root)\n"
		"  --log FILE             the runtime's messages\n"
		"  --log-format text|json\n"
		"  --systemd-cgroup       accepted, as engines pass it\n"
		"  --debug                more messages\n"
		"commands:\n"
		"  create [--bundle DIR] [--pid-file F] [--console-socket S] ID\n"
		"  start ID | state ID | kill [--all] ID [SIGNAL]\n"
		"  delete [--force] ID | list [--format json] [-q] | ps ID\n"
		"  run [--bundle DIR] [--detach] [--keep] [--pid-file F] ID\n"
		"  exec [--process FILE | [--tty] [--cwd D] [--env K=V] [--user U:G]]\n"
		"       [--detach] [--pid-file F] [--console-socket S] ID [CMD...]\n"
		"  features | spec [--bundle DIR] [--rootless]\n");
}
