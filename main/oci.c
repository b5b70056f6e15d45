// SPDX-License-Identifier: GPL-2.0
/*
 * umvm oci (also run as umvm-oci): runc's command line, so that podman,
 * containerd and Kubernetes run containers under umvm.
 *
 *   umvm oci [--root DIR] [--log FILE] [--log-format text|json]
 *            [--systemd-cgroup] [--debug] COMMAND [OPTIONS] ID ...
 *
 * Errors are one line on stderr (and in --log, as JSON when asked for)
 * and a non-zero status; a failed create leaves no state behind.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "oci.h"
#include "os.h"
#include "os-oci.h"
#include "umvm.h"

static int cmd_create(int argc, char **argv)
{
	return oci_cmd_create(argc, argv, 0);
}

static int cmd_run(int argc, char **argv)
{
	return oci_cmd_create(argc, argv, 1);
}

static int cmd_features(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return oci_cmd_features();
}

/* The commands engines use (runc's names), each given its own argv. */
static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
	{ "create", cmd_create },
	{ "run", cmd_run },
	{ "start", oci_cmd_start },
	{ "state", oci_cmd_state },
	{ "kill", oci_cmd_kill },
	{ "delete", oci_cmd_delete },
	{ "exec", oci_cmd_exec },
	{ "list", oci_cmd_list },
	{ "ps", oci_cmd_ps },
	{ "features", cmd_features },
	{ "spec", oci_cmd_spec },
};

int cmd_oci(int argc, char **argv)
{
	static char root[PATH_MAX];
	const char *cmd;
	int c;

	oci.rootful = os_self_is_root();
	opterr = 0;
	optind = 1;
	while ((c = oci_next_option(argc, argv, OCI_GLOBAL)) != -1) {
		switch (c) {
		case OCI_OPT_ROOT: oci.root = optarg; break;
		case OCI_OPT_LOG: oci.log = optarg; break;
		case OCI_OPT_LOG_FORMAT:
			if (strcmp(optarg, "json") && strcmp(optarg, "text"))
				oci_fail("--log-format: expected text or json, "
					 "not '%s'", optarg);
			oci.log_json = !strcmp(optarg, "json");
			break;
		case OCI_OPT_SYSTEMD_CGROUP: oci.systemd_cgroup = 1; break;
		case OCI_OPT_DEBUG: oci.debug = 1; break;
		case OCI_OPT_HELP:
			oci_usage(stdout);
			return 0;
		case OCI_OPT_VERSION:
			printf("umvm oci 0.1\nspec: 1.0.2\n");
			return 0;
		}
	}
	if (!oci.root) {
		const char *xdg = getenv("XDG_RUNTIME_DIR");
		uint32_t uid, gid;

		if (oci.rootful)
			oci.root = "/run/umvm";
		else if (xdg && *xdg)
			snprintf(root, sizeof(root), "%s/umvm", xdg);
		else {
			os_real_ids(&uid, &gid);
			snprintf(root, sizeof(root), "/tmp/umvm-%u", uid);
		}
		if (!oci.rootful)
			oci.root = root;
	}
	if (optind >= argc) {
		oci_usage(stderr);
		oci_fail("no command given");
	}
	cmd = argv[optind];
	argc -= optind;
	argv += optind;
	optind = 1;
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(cmd, commands[i].name))
			return commands[i].run(argc, argv);
	if (!strcmp(cmd, "help")) {
		oci_usage(stdout);
		return 0;
	}
	oci_fail("unknown command '%s' (pause, resume, checkpoint, restore, "
		 "update and events are not supported)", cmd);
}
