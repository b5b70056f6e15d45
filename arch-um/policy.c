// SPDX-License-Identifier: GPL-2.0
/*
 * --deny and --policy FILE: which syscalls the guest may make at all.
 *
 * A policy file holds one rule a line; '#' starts a comment:
 *
 *   allow  TARGET            the call goes to the host
 *   deny   TARGET [ERRNO]    it fails with ERRNO (default EPERM)
 *   errno  TARGET ERRNO      it fails with ERRNO
 *
 * TARGET is a syscall name (openat), "class CLASS" (a class of
 * arch-um/syscalls.list: file, desc, network, process, signal, ipc,
 * memory, creds, time, info, sync, other) or "all".
 *
 * The most specific rule wins: a rule naming the syscall beats a class
 * rule, which beats "all"; among rules equally specific, the first in the
 * file wins.  A syscall no rule names is allowed.  Several --policy files
 * read as one, in order.  --deny on the command line beats any file.
 * Denied calls never reach the host.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "dispatch.h"
#include "personality.h"
#include "os.h"
#include "sysent.h"
#include "umvm.h"

enum { LV_ALL, LV_CLASS, LV_SYSCALL };

struct rule {
	int level;
	long nr;		/* LV_SYSCALL */
	unsigned int class;	/* LV_CLASS */
	int err;		/* 0: allow */
};

static struct rule *rules;
static int n_rules;
static short verdict[MAX_SYSCALL];

static void add_rule(const struct rule *r)
{
	struct rule *nr = realloc(rules, (n_rules + 1) * sizeof(*rules));

	if (!nr)
		die(EXIT_SETUP, "--policy: out of memory");
	rules = nr;
	rules[n_rules++] = *r;
}

static void parse_rule(const char *file, int line, char *text)
{
	char *w[5], *save = NULL, *p;
	int n = 0, i = 1, err = 0;
	struct rule r = { 0 };

	p = strchr(text, '#');
	if (p)
		*p = 0;
	for (p = strtok_r(text, " \t\r", &save); p;
	     p = strtok_r(NULL, " \t\r", &save)) {
		if (n == 5)
			die(EXIT_SETUP, "%s:%d: too many words", file, line);
		w[n++] = p;
	}
	if (!n)
		return;
	if (n < 2)
		die(EXIT_SETUP, "%s:%d: '%s' needs a syscall, 'class CLASS' "
		    "or 'all'", file, line, w[0]);
	if (!strcmp(w[1], "all")) {
		r.level = LV_ALL;
	} else if (!strcmp(w[1], "class")) {
		if (n < 3)
			die(EXIT_SETUP, "%s:%d: 'class' needs a class name",
			    file, line);
		r.level = LV_CLASS;
		r.class = sysent_class(w[2]);
		if (!r.class)
			die(EXIT_SETUP, "%s:%d: unknown syscall class '%s'",
			    file, line, w[2]);
		i++;
	} else {
		r.level = LV_SYSCALL;
		r.nr = sysent_lookup(w[1]);
		if (r.nr < 0 || r.nr >= MAX_SYSCALL)
			die(EXIT_SETUP, "%s:%d: unknown syscall '%s'", file,
			    line, w[1]);
	}
	i++;	/* w[i]: the optional ERRNO */
	if (i < n) {
		err = errno_by_name(w[i]);
		if (err < 0)
			die(EXIT_SETUP, "%s:%d: unknown errno '%s'", file, line,
			    w[i]);
		if (i + 1 < n)
			die(EXIT_SETUP, "%s:%d: too many words", file, line);
	}
	if (!strcmp(w[0], "allow")) {
		if (i < n)
			die(EXIT_SETUP, "%s:%d: 'allow' takes no errno", file,
			    line);
	} else if (!strcmp(w[0], "deny")) {
		if (i >= n)
			err = EPERM;
	} else if (!strcmp(w[0], "errno")) {
		if (i >= n)
			die(EXIT_SETUP, "%s:%d: 'errno' needs an errno name",
			    file, line);
	} else {
		die(EXIT_SETUP, "%s:%d: unknown action '%s' (allow, deny or "
		    "errno)", file, line, w[0]);
	}
	r.err = err;
	add_rule(&r);
}

void policy_load(const char *path)
{
	int n = text_lines(path, parse_rule);

	if (n < 0)
		die(EXIT_SETUP, "--policy: cannot read '%s': %s", path,
		    strerror(-n));
}

/* The errno the policy files give syscall @nr, 0 to allow it. */
static int policy_errno(long nr)
{
	const struct sysent *s = sysent_get(nr);
	int known = s != sysent_get(-1);

	for (int level = LV_SYSCALL; level >= LV_ALL; level--)
		for (int i = 0; i < n_rules; i++) {
			const struct rule *r = &rules[i];

			if (r->level != level)
				continue;
			if ((level == LV_SYSCALL && r->nr == nr) ||
			    (level == LV_CLASS && known &&
			     (s->classes & r->class)) ||
			    (level == LV_ALL && known))
				return r->err;
		}
	return 0;
}

static enum outcome sys_denied(struct gthread *t, struct gsyscall *sc)
{
	(void)t;
	sc->ret = -verdict[sc->nr];
	return OUT_EMULATE;
}

static void policy_init(void)
{
	int any = n_rules > 0;

	for (long nr = 0; nr < MAX_SYSCALL; nr++) {
		verdict[nr] = pers.deny[nr] ? pers.deny[nr] : policy_errno(nr);
		any |= pers.deny[nr] != 0;
	}
	pers.policy = any;
}

static int policy_denies(long nr)
{
	return verdict[nr] != 0;
}

/* --deny and --policy: whether a call happens at all, decided first. */
const struct personality policy_personality = {
	.name = "policy",
	.init = policy_init,
	HOOKS({ .match = policy_denies, .entry = sys_denied }),
};
