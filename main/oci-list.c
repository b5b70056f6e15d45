// SPDX-License-Identifier: GPL-2.0
/*
 * What engines ask about containers: state (the runtime-spec state
 * object of one) and list (all of them under --root).
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

int oci_cmd_state(int argc, char **argv)
{
	struct oci_state st;
	struct sbuf b = { 0 };

	optind = 1;
	oci_load(oci_need_id(argc, argv, "state"), &st, 0);
	oci_state_json(&b, &st);
	printf("%s\n", b.s);
	free(b.s);
	return 0;
}

struct list_ctx {
	int json, quiet, n;
};

static void list_one(const char *id, void *arg)
{
	struct list_ctx *lc = arg;
	struct oci_state st;
	struct sbuf b = { 0 };

	if (oci_state_read(id, &st) < 0)
		return;
	if (lc->quiet) {
		printf("%s\n", id);
	} else if (lc->json) {
		oci_state_json(&b, &st);
		printf("%s%s", lc->n ? "," : "", b.s);
		free(b.s);
	} else {
		enum oci_status s = oci_status_of(&st);

		printf("%-20s %-8d %-10s %-40s %-31s %u\n", id,
		       s == OCI_STOPPED ? 0 : (int)st.pid,
		       oci_status_names[s], st.bundle, st.created, st.owner);
	}
	lc->n++;
}

int oci_cmd_list(int argc, char **argv)
{
	struct list_ctx lc = { 0 };
	int c;

	optind = 1;
	while ((c = oci_next_option(argc, argv, OCI_LIST)) != -1) {
		switch (c) {
		case OCI_OPT_QUIET: lc.quiet = 1; break;
		case OCI_OPT_FORMAT:
			if (!strcmp(optarg, "json"))
				lc.json = 1;
			else if (strcmp(optarg, "table"))
				oci_fail("list: unknown option or format");
			break;
		}
	}
	if (lc.json)
		printf("[");
	else if (!lc.quiet)
		printf("%-20s %-8s %-10s %-40s %-31s %s\n", "ID", "PID",
		       "STATUS", "BUNDLE", "CREATED", "OWNER");
	oci_state_each(list_one, &lc);
	if (lc.json)
		printf("]\n");
	return 0;
}
