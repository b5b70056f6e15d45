// SPDX-License-Identifier: GPL-2.0
/*
 * --trace: one line per syscall, written when the call completes:
 *   [pid 1234] openat(0xffffff9c, 0x7ffc0e1a2b30, 0x80000, 0) = 3 (passed)
 * Arguments are raw.  The result is "?" when the call never returns to the
 * guest (exit, a successful execve) or the monitor did not see it.
 */
#include <stdio.h>
#include "dispatch.h"
#include "personality.h"
#include "sysent.h"

static void trace_syscall(struct gthread *t)
{
	FILE *f = pers.trace;
	const struct gsyscall *sc = &t->sc;
	const struct sysent *e = sysent_get_abi(sc->abi,
						regs_abi_nr(sc->abi, sc->nr));
	const char *abi = sc->abi == ABI_I386 ? "i386:" :
			  sc->abi == ABI_X32 ? "x32:" :
			  sc->abi == ABI_NATIVE ? "" : "?:";
	char line[512];
	int n;

	n = snprintf(line, sizeof(line), "[pid %d] %s%s(", t->tid, abi,
		     e->name);
	for (int i = 0; i < e->nargs && n < (int)sizeof(line); i++)
		n += snprintf(line + n, sizeof(line) - n, "%s%#lx",
			      i ? ", " : "", sc->args[i]);
	if (n >= (int)sizeof(line))
		n = sizeof(line) - 1;
	if (sc->ret_known)
		fprintf(f, "%s) = %ld (%s)\n", line, sc->ret,
			sc->outcome == OUT_EMULATE ? "emulated" : "passed");
	else
		fprintf(f, "%s) = ? (%s)\n", line,
			sc->outcome == OUT_EMULATE ? "emulated" : "passed");
	fflush(f);
}

static int trace_enabled(void)
{
	return pers.trace != NULL;
}

/* The trace shows every call and every result. */
const struct personality trace_personality = {
	.name = "trace",
	.enabled = trace_enabled,
	.sees = SEES_EVERY_ENTRY | SEES_EVERY_EXIT,
	.call_done = trace_syscall,
};
