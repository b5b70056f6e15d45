// SPDX-License-Identifier: GPL-2.0
/*
 * --inject SYSCALL:error=ERRNO[:when=EXPR], strace-style fault injection
 * (retval=N instead of error=ERRNO makes the call return N).  The calls
 * of each syscall are counted across the whole guest from 1; EXPR picks
 * which fail:
 *
 *   FIRST          only call number FIRST
 *   FIRST..LAST    calls FIRST to LAST
 *   FIRST+         FIRST and every later call
 *   FIRST+STEP     FIRST, FIRST+STEP, FIRST+2*STEP...
 *
 * Without when=, every call fails.  An injected call never reaches the
 * host.  Calls that --deny or --policy already refused are not counted.
 * Several --inject options may name the same syscall: the first whose
 * EXPR matches applies.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "dispatch.h"
#include "personality.h"
#include "sysent.h"
#include "umvm.h"

struct inject {
	long nr;
	long ret;		/* -errno or the value */
	unsigned long first, last, step;	/* last 0: no end */
};

static struct inject *injects;
static int n_injects;
static unsigned long calls[MAX_SYSCALL];

static unsigned long number(const char *arg, const char *s, char **end)
{
	unsigned long v;

	if (*s < '0' || *s > '9')
		die(EXIT_SETUP, "--inject: bad number in '%s'", arg);
	v = strtoul(s, end, 10);
	return v;
}

static void parse_when(const char *arg, const char *s, struct inject *in)
{
	char *end;

	in->first = number(arg, s, &end);
	in->last = in->first;
	in->step = 1;
	if (!strncmp(end, "..", 2)) {
		in->last = number(arg, end + 2, &end);
	} else if (*end == '+') {
		in->last = 0;
		if (end[1])
			in->step = number(arg, end + 1, &end);
		else
			end++;
	}
	if (*end || in->first == 0 || in->step == 0 ||
	    (in->last && in->last < in->first))
		die(EXIT_SETUP, "--inject: bad when= in '%s' (FIRST, "
		    "FIRST..LAST, FIRST+ or FIRST+STEP; counts start at 1)",
		    arg);
}

void inject_parse(const char *arg)
{
	char *copy = strdup(arg), *field, *save = NULL;
	struct inject in = { .first = 1, .step = 1 };
	int have_action = 0;

	if (!copy)
		die(EXIT_SETUP, "--inject: out of memory");
	field = strtok_r(copy, ":", &save);
	if (!field || !*field)
		die(EXIT_SETUP, "--inject: no syscall in '%s' (want "
		    "SYSCALL:error=ERRNO[:when=FIRST[..LAST]])", arg);
	in.nr = sysent_lookup(field);
	if (in.nr < 0 || in.nr >= MAX_SYSCALL)
		die(EXIT_SETUP, "--inject: unknown syscall '%s'", field);
	while ((field = strtok_r(NULL, ":", &save))) {
		if (!strncmp(field, "error=", 6)) {
			int e = errno_by_name(field + 6);

			if (e < 0)
				die(EXIT_SETUP, "--inject: unknown errno '%s'",
				    field + 6);
			in.ret = -e;
			have_action = 1;
		} else if (!strncmp(field, "retval=", 7)) {
			char *end;

			in.ret = strtol(field + 7, &end, 0);
			if (!field[7] || *end || in.ret < 0)
				die(EXIT_SETUP, "--inject: bad retval= in '%s'",
				    arg);
			have_action = 1;
		} else if (!strncmp(field, "when=", 5)) {
			parse_when(arg, field + 5, &in);
		} else {
			die(EXIT_SETUP, "--inject: unknown field '%s' in '%s' "
			    "(error=, retval=, when=)", field, arg);
		}
	}
	if (!have_action)
		die(EXIT_SETUP, "--inject: '%s' needs error=ERRNO", arg);
	free(copy);
	injects = realloc(injects, (n_injects + 1) * sizeof(*injects));
	if (!injects)
		die(EXIT_SETUP, "--inject: out of memory");
	injects[n_injects++] = in;
}

static int matches(const struct inject *in, unsigned long n)
{
	if (n < in->first || (in->last && n > in->last))
		return 0;
	return (n - in->first) % in->step == 0;
}

static enum outcome sys_inject(struct gthread *t, struct gsyscall *sc)
{
	unsigned long n = ++calls[sc->nr];

	(void)t;
	for (int i = 0; i < n_injects; i++) {
		if (injects[i].nr == sc->nr && matches(&injects[i], n)) {
			sc->ret = injects[i].ret;
			return OUT_EMULATE;
		}
	}
	return OUT_PASS;
}

static int inject_wants(long nr)
{
	for (int i = 0; i < n_injects; i++)
		if (injects[i].nr == nr)
			return 1;
	return 0;
}

static int inject_enabled(void)
{
	return n_injects > 0;
}

/* --inject: a call's result, chosen by the user, after the policy's. */
const struct personality inject_personality = {
	.name = "inject",
	.enabled = inject_enabled,
	HOOKS({ .match = inject_wants, .entry = sys_inject }),
};
