// SPDX-License-Identifier: GPL-2.0
/*
 * --unhandled: at exit, list the syscalls the guest made that the active
 * personality does not know how to handle, so that a new syscall never
 * breaks a program silently:
 *
 * - numbers outside the syscall table (arch-um/syscalls.list);
 * - calls through another ABI (32-bit int 0x80 or sysenter, x32), which
 *   the personality passes untouched;
 * - calls of a class an active feature must see (the table below) that
 *   have no hook: path views must translate every FILE call, --deny-net
 *   must see every NET call, -0 every CREDS call.
 */
#include <stdio.h>
#include <stdlib.h>
#include "dispatch.h"
#include "sysent.h"
#include "umvm.h"

/* Which feature needs to handle which classes: data, not code. */
static const struct {
	const char *feature;
	const int *on;
	unsigned int classes;
} needs[] = {
	{ "path views (-r/-b/-w)", &pers.path_views, SC_FILE },
	{ "--deny-net", &pers.deny_net, SC_NET },
	{ "-0/--root-id", &pers.fake_root, SC_CREDS },
};

enum { K_CLASS, K_OUTSIDE, K_I386, K_X32 };

struct seen {
	int kind;
	long nr;
	unsigned long calls;
};

static struct seen *seen;
static int n_seen;

static void count(int kind, long nr)
{
	struct seen *s;

	for (int i = 0; i < n_seen; i++)
		if (seen[i].kind == kind && seen[i].nr == nr) {
			seen[i].calls++;
			return;
		}
	s = realloc(seen, (n_seen + 1) * sizeof(*seen));
	if (!s)
		return;
	seen = s;
	seen[n_seen++] = (struct seen){ kind, nr, 1 };
}

void unhandled_note(struct gthread *t)
{
	long nr = regs_syscall_nr(&t->regs);
	unsigned int want = 0;

	if (t->flags & GT_SETUP)
		return;
	if (!regs_native_abi(&t->regs)) {
		if (nr & 0x40000000L)
			count(K_X32, nr & ~0x40000000L);
		else
			count(K_I386, nr);
		return;
	}
	if (sysent_get(nr) == sysent_get(-1) || nr >= MAX_SYSCALL) {
		count(K_OUTSIDE, nr);
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(needs); i++)
		if (*needs[i].on)
			want |= needs[i].classes;
	if ((sysent_get(nr)->classes & want) && !dispatch_has_hook(nr))
		count(K_CLASS, nr);
}

static const char *needed_by(long nr)
{
	for (size_t i = 0; i < ARRAY_SIZE(needs); i++)
		if (*needs[i].on &&
		    (sysent_get(nr)->classes & needs[i].classes))
			return needs[i].feature;
	return "?";
}

void unhandled_report(FILE *out)
{
	if (!n_seen) {
		fprintf(out, "umvm: --unhandled: every syscall the guest made "
			"was handled\n");
		return;
	}
	fprintf(out, "umvm: --unhandled: %d syscall%s the personality does "
		"not handle:\n", n_seen, n_seen == 1 ? "" : "s");
	for (int i = 0; i < n_seen; i++) {
		const struct seen *s = &seen[i];
		const char *calls = s->calls == 1 ? "call" : "calls";

		switch (s->kind) {
		case K_CLASS:
			fprintf(out, "umvm:   %s: %lu %s (needed by %s, no "
				"handler)\n", sysent_get(s->nr)->name,
				s->calls, calls, needed_by(s->nr));
			break;
		case K_OUTSIDE:
			fprintf(out, "umvm:   syscall %ld: %lu %s (not in the "
				"syscall table)\n", s->nr, s->calls, calls);
			break;
		default:
			fprintf(out, "umvm:   %s syscall %ld: %lu %s (other "
				"ABI, passed untouched)\n",
				s->kind == K_I386 ? "i386" : "x32", s->nr,
				s->calls, calls);
			break;
		}
	}
}
