// SPDX-License-Identifier: GPL-2.0
/*
 * linux.seccomp as a umvm policy (arch-um/policy.c): the profile's
 * default action becomes an "all" rule and each syscall rule a rule for
 * that name, so a denied call never reaches the host and an allowed one
 * costs no stop under the seccomp backend.
 *
 * What a policy cannot say is approximated and noted for the warning:
 * a rule with argument conditions allows its call whenever its action
 * allows (the profile allows the call for some arguments) and is dropped
 * when it denies; kill and trap actions become EPERM.  Names the x86_64
 * table lacks (other architectures' calls) are skipped: calls of other
 * ABIs are umvm's to refuse.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "oci.h"
#include "sysent.h"
#include "umvm.h"

enum act { ACT_ALLOW, ACT_ERRNO, ACT_BAD };

/* The action of rule @o (or of the profile when @def): its errno. */
static enum act action(const struct json *o, const char *key,
		       const char *errkey, int *err, struct sbuf *notes)
{
	const char *a = json_str(o, key);
	const struct json *e = json_get(o, errkey);

	*err = EPERM;
	if (!a)
		return ACT_BAD;
	if (!strcmp(a, "SCMP_ACT_ALLOW") || !strcmp(a, "SCMP_ACT_LOG"))
		return ACT_ALLOW;
	if (!strcmp(a, "SCMP_ACT_ERRNO")) {
		if (e && e->type == J_NUM && e->is_int && !e->neg &&
		    e->u > 0 && e->u < 4096)
			*err = (int)e->u;
		return ACT_ERRNO;
	}
	if (!strcmp(a, "SCMP_ACT_TRACE") || !strcmp(a, "SCMP_ACT_NOTIFY")) {
		/* No tracer or listener of the guest's own: as without. */
		*err = ENOSYS;
		return ACT_ERRNO;
	}
	if (!strcmp(a, "SCMP_ACT_KILL") || !strcmp(a, "SCMP_ACT_KILL_THREAD") ||
	    !strcmp(a, "SCMP_ACT_KILL_PROCESS") || !strcmp(a, "SCMP_ACT_TRAP")) {
		if (!strstr(notes->s ? notes->s : "", a))
			sb_add(notes, "%s%s as EPERM", notes->len ? ", " : "",
			       a);
		return ACT_ERRNO;
	}
	return ACT_BAD;
}

static void rule(struct sbuf *p, const char *name, enum act a, int err)
{
	if (a == ACT_ALLOW)
		sb_add(p, "allow %s\n", name);
	else
		sb_add(p, "errno %s %d\n", name, err);
}

/* The action @key of @o names no action this runtime knows: -1. */
static int unknown_action(const struct json *o, const char *key,
			  char *err, size_t errlen)
{
	const char *name = json_str(o, key);

	snprintf(err, errlen, "linux.seccomp: unknown %s '%s'", key,
		 name ? name : "(none)");
	return -1;
}

int oci_seccomp_policy(const struct json *sc, struct sbuf *policy,
		       struct sbuf *notes, char *err, size_t errlen)
{
	const struct json *rules = json_get(sc, "syscalls");
	int def_err, e, conditional = 0;
	enum act def, a;

	def = action(sc, "defaultAction", "defaultErrnoRet", &def_err, notes);
	if (def == ACT_BAD)
		return unknown_action(sc, "defaultAction", err, errlen);
	sb_add(policy, "# linux.seccomp of config.json\n");
	if (def == ACT_ERRNO)
		sb_add(policy, "errno all %d\n", def_err);
	if (rules && rules->type != J_ARR) {
		snprintf(err, errlen, "linux.seccomp.syscalls: expected an "
			 "array");
		return -1;
	}
	/* Unconditional rules first: the first rule for a name wins. */
	for (int pass = 0; pass < 2; pass++) {
		for (const struct json *r = rules ? rules->child : NULL; r;
		     r = r->next) {
			const struct json *names = json_get(r, "names"),
					  *args = json_get(r, "args");
			int cond = args && args->type == J_ARR && args->n;

			if (cond != pass)
				continue;
			a = action(r, "action", "errnoRet", &e, notes);
			if (a == ACT_BAD)
				return unknown_action(r, "action", err, errlen);
			if (!names || names->type != J_ARR) {
				snprintf(err, errlen, "linux.seccomp.syscalls: "
					 "a rule without names");
				return -1;
			}
			if (cond && a != ACT_ALLOW)
				continue;	/* denied for some arguments */
			if (cond)
				conditional = 1;
			if (a == ACT_ALLOW && def == ACT_ALLOW)
				continue;
			for (const struct json *n = names->child; n;
			     n = n->next) {
				long nr;

				if (n->type != J_STR)
					continue;
				nr = sysent_lookup(n->str);
				if (nr < 0 || nr >= 512)
					continue;
				rule(policy, n->str, a, e);
			}
		}
	}
	if (conditional)
		sb_add(notes, "%sargument conditions (calls allowed for some "
		       "arguments are allowed for all)",
		       notes->len ? ", " : "");
	return 0;
}
