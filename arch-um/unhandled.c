// SPDX-License-Identifier: GPL-2.0
/*
 * --unhandled: at exit, list the syscalls the guest made that the active
 * personality does not know how to handle, so that a new syscall never
 * breaks a program silently:
 *
 * - numbers outside the syscall table (arch-um/syscalls.list);
 * - calls through another ABI (32-bit int 0x80 or sysenter, x32);
 * - calls of a class an active option must see that have no hook (the
 *   table in deny.c): path views must translate every FILE call and check
 *   every PID call, --deny-net must see every NET call, -0 every CREDS
 *   call.
 *
 * Under a restricting option each of them was refused with ENOSYS
 * (deny.c); otherwise it was passed untouched.
 */
#include <stdio.h>
#include <stdlib.h>
#include "dispatch.h"
#include "personality.h"
#include "sysent.h"
#include "umvm.h"

enum { K_CLASS, K_OUTSIDE, K_FOREIGN };

struct seen {
	int kind, abi;
	long nr;
	unsigned long calls;
};

static struct seen *seen;
static int n_seen;

static void count(int kind, int abi, long nr)
{
	struct seen *s;

	for (int i = 0; i < n_seen; i++)
		if (seen[i].kind == kind && seen[i].abi == abi &&
		    seen[i].nr == nr) {
			seen[i].calls++;
			return;
		}
	s = realloc(seen, (n_seen + 1) * sizeof(*seen));
	if (!s)
		return;
	seen = s;
	seen[n_seen++] = (struct seen){ kind, abi, nr, 1 };
}

static void unhandled_note(struct gthread *t)
{
	const struct gsyscall *sc = &t->sc;
	int refused;

	/* -1 runs nothing: a call a guest's tracer skipped (deny.c). */
	if (t->flags & GT_SETUP ||
	    (sc->abi == ABI_NATIVE && sc->nr == REGS_NR_SKIP))
		return;
	if (sc->abi != ABI_NATIVE)
		count(K_FOREIGN, sc->abi, regs_abi_nr(sc->abi, sc->nr));
	else if (sysent_unknown(sysent_get(sc->nr)) || sc->nr >= MAX_SYSCALL)
		count(K_OUTSIDE, ABI_NATIVE, sc->nr);
	else if (deny_needed_by(sc->nr, &refused))
		count(K_CLASS, ABI_NATIVE, sc->nr);
}

static const char *abi_name(int abi)
{
	switch (abi) {
	case ABI_I386: return "i386";
	case ABI_X32: return "x32";
	default: return "unknown-ABI";
	}
}

static void unhandled_report(FILE *out)
{
	const char *fate = deny_restricting() ? "refused with ENOSYS" :
			   "passed untouched";

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
		int refused;
		const char *by;

		switch (s->kind) {
		case K_CLASS:
			by = deny_needed_by(s->nr, &refused);
			fprintf(out, "umvm:   %s: %lu %s (needed by %s, no "
				"handler, %s)\n", sysent_get(s->nr)->name,
				s->calls, calls, by, refused ?
				"refused with ENOSYS" : "passed untouched");
			break;
		case K_OUTSIDE:
			fprintf(out, "umvm:   syscall %ld: %lu %s (not in the "
				"syscall table, %s)\n", s->nr, s->calls, calls,
				fate);
			break;
		default:
			fprintf(out, "umvm:   %s %s (syscall %ld): %lu %s "
				"(other ABI, %s)\n", abi_name(s->abi),
				sysent_get_abi(s->abi, s->nr)->name, s->nr,
				s->calls, calls, fate);
			break;
		}
	}
}

static void unhandled_end(void)
{
	unhandled_report(stderr);
}

/* --unhandled counts calls that nothing else needs to see. */
const struct personality unhandled_personality = {
	.name = "unhandled",
	.option = &pers.unhandled,
	.sees = SEES_EVERY_ENTRY,
	.note_entry = unhandled_note,
	.end = unhandled_end,
};
