// SPDX-License-Identifier: GPL-2.0
/*
 * umvm oci's global options and its one way of reporting: a line on
 * stderr and, with --log, in the engine's log (JSON when asked for).
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

struct oci_globals oci;

static void log_line(const char *level, const char *msg)
{
	char t[64];
	struct sbuf b = { 0 };
	int fd;

	if (!oci.log)
		return;
	os_rfc3339(t, sizeof(t));
	if (oci.log_json) {
		sb_add(&b, "{\"level\":\"%s\",\"msg\":", level);
		sb_json_str(&b, msg);
		sb_add(&b, ",\"time\":\"%s\"}\n", t);
	} else {
		sb_add(&b, "time=\"%s\" level=%s msg=", t, level);
		sb_json_str(&b, msg);
		sb_add(&b, "\n");
	}
	fd = os_open_append(oci.log);
	if (fd >= 0) {
		os_write_full(fd, b.s, b.len);
		os_close(fd);
	}
	free(b.s);
}

static void vlog(const char *level, int to_stderr, const char *fmt,
		 va_list ap)
{
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	log_line(level, msg);
	if (to_stderr)
		fprintf(stderr, "umvm oci: %s\n", msg);
}

void oci_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("error", 1, fmt, ap);
	va_end(ap);
	exit(1);
}

void oci_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	/* Engines read --log; without one, the warning goes to stderr. */
	vlog("warning", !oci.log, fmt, ap);
	va_end(ap);
}

void oci_debug(const char *fmt, ...)
{
	va_list ap;

	if (!oci.debug)
		return;
	va_start(ap, fmt);
	vlog("debug", 0, fmt, ap);
	va_end(ap);
}
