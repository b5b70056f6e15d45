// SPDX-License-Identifier: GPL-2.0
/*
 * Messages and fatal errors.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "umvm.h"

static void vmsg(const char *fmt, va_list ap)
{
	char buf[1024];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	if (n < 0)
		return;
	fprintf(stderr, "umvm: %s\n", buf);
}

void die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	exit(status);
}

void warnmsg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}
