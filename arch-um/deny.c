// SPDX-License-Identifier: GPL-2.0
/*
 * Failing closed.  A restricting option (a path view, --deny-net, --deny,
 * --policy) is a promise that the guest cannot reach what it hides, so
 * every call umvm does not know how to keep that promise for is refused
 * with ENOSYS, as a kernel without the call would answer, and programs
 * take their fallbacks:
 *
 * - calls of another ABI (i386 through int $0x80 or a 32-bit process,
 *   x32): umvm has no personality for them;
 * - numbers outside the syscall table (calls of later kernels);
 * - calls of a class an active option must see (the table below) that no
 *   hook of that option handles and that it did not declare harmless
 *   with deny_allow().
 *
 * The same table tells --unhandled what to report, with or without a
 * restricting option.
 */
#include <errno.h>
#include "dispatch.h"
#include "sysent.h"
#include "umvm.h"

/*
 * Which option must handle which classes: data, not code.  @restricts:
 * the option is a boundary, so what it does not handle is refused; -0 is
 * none: what it does not handle passes, and --unhandled lists it.
 */
static const struct need {
	const char *feature;
	const int *on;
	unsigned int classes;
	int restricts;
} needs[] = {
	{ "path views (-r/-b/-w)", &pers.path_views, SC_FILE | SC_PID, 1 },
	{ "--deny-net", &pers.deny_net, SC_NET, 1 },
	{ "-0/--root-id", &pers.fake_root, SC_CREDS, 0 },
};

/* Calls an option declared harmless for the classes it needs. */
static unsigned int allowed[MAX_SYSCALL];
/* What dispatch_seal() refused, and for which option. */
static const struct need *denied[MAX_SYSCALL];
/* The calls some feature hooked, as dispatch_seal() found them. */
static unsigned char hooked_at_seal[MAX_SYSCALL];

void deny_allow(long nr, unsigned int classes)
{
	if (nr >= 0 && nr < MAX_SYSCALL)
		allowed[nr] |= classes;
}

/* The first active option (a boundary if @restricts) @nr escapes. */
static const struct need *unhandled_by(long nr, int hooked, int restricts)
{
	unsigned int c;

	if (nr < 0 || nr >= MAX_SYSCALL || hooked)
		return NULL;
	c = sysent_get(nr)->classes & ~allowed[nr];
	for (size_t i = 0; i < ARRAY_SIZE(needs); i++)
		if (*needs[i].on && (c & needs[i].classes) &&
		    needs[i].restricts >= restricts)
			return &needs[i];
	return NULL;
}

const char *deny_needed_by(long nr, int *refused)
{
	int in_table = nr >= 0 && nr < MAX_SYSCALL;
	const struct need *n;

	*refused = in_table && denied[nr];
	n = *refused ? denied[nr] :
	    unhandled_by(nr, in_table && hooked_at_seal[nr], 0);
	return n ? n->feature : NULL;
}

int deny_restricting(void)
{
	return pers.path_views || pers.deny_net || pers.policy;
}

enum outcome deny_enosys(struct gthread *t, struct gsyscall *sc)
{
	(void)t;
	sc->ret = -ENOSYS;
	return OUT_EMULATE;
}

/*
 * Asked by dispatch_seal(), when every feature has registered its hooks,
 * for each call (@hooked: it has a hook): 1 when it is left unhandled in
 * a class a restricting option needs, and deny_enosys() must refuse it.
 * -0 is no restriction: what it does not handle passes (--unhandled
 * lists it, from what is noted here).
 */
int deny_refuses(long nr, int hooked)
{
	hooked_at_seal[nr] = hooked;
	if (!deny_restricting())
		return 0;
	denied[nr] = unhandled_by(nr, hooked, 1);
	return denied[nr] != NULL;
}

/*
 * A call that is not in the x86_64 table or came through another ABI:
 * 1 with the outcome in *o when umvm decides it here.
 */
int deny_unknown(struct gthread *t, enum outcome *o)
{
	struct gsyscall *sc = &t->sc;

	if (sc->abi == ABI_NATIVE &&
	    !sysent_unknown(sysent_get(sc->nr)) && sc->nr < MAX_SYSCALL)
		return 0;
	/* -1 runs nothing: a call a guest's tracer skipped keeps its result. */
	if (sc->abi == ABI_NATIVE && sc->nr == REGS_NR_SKIP) {
		*o = OUT_PASS;
		return 1;
	}
	if (deny_restricting()) {
		sc->ret = -ENOSYS;
		*o = OUT_EMULATE;
	} else {
		*o = OUT_PASS;
	}
	return 1;
}
