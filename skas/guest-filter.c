// SPDX-License-Identifier: GPL-2.0
/*
 * Which guest threads have a seccomp filter (or strict mode) of their
 * own, for the backends that skip emulated calls at a syscall-entry stop.
 *
 * The host runs a thread's filters after its syscall-entry report when
 * the stop was reached with PTRACE_SYSCALL, on whatever number the
 * tracer left: so the filter sees the -1 of a call umvm emulates there.
 * Filters give -1 their default action (libseccomp does, since 2.4): an
 * allow-list then makes the emulated result EPERM, or kills the process.
 * A backend skips such a thread's calls with a number filters let
 * through and writes the result at the exit (GT_FILTERED).
 *
 * A filter is never removed; children and threads inherit it, exec
 * keeps it, and the first guest has umvm's own (umvm run inside a
 * container's filter).
 */
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <linux/seccomp.h>
#include "dispatch.h"
#include "os.h"
#include "skas.h"

static void mark_process(pid_t tgid)
{
	for (struct gthread *t = thread_first(); t; t = t->next)
		if (t->tgid == tgid)
			t->flags |= GT_FILTERED;
}

static int seccomp_exit(struct gthread *t, struct gsyscall *sc)
{
	if (sc->abi != ABI_NATIVE || sc->ret < 0 ||
	    (sc->args[0] != SECCOMP_SET_MODE_STRICT &&
	     sc->args[0] != SECCOMP_SET_MODE_FILTER))
		return 0;
	if (sc->args[0] == SECCOMP_SET_MODE_FILTER &&
	    sc->args[1] & SECCOMP_FILTER_FLAG_TSYNC)
		mark_process(t->tgid);
	t->flags |= GT_FILTERED;
	return 0;
}

static int prctl_exit(struct gthread *t, struct gsyscall *sc)
{
	if (sc->abi == ABI_NATIVE && sc->ret == 0 &&
	    sc->args[0] == PR_SET_SECCOMP)
		t->flags |= GT_FILTERED;
	return 0;
}

void guest_filter_init(void)
{
	dispatch_hook(__NR_seccomp, NULL, seccomp_exit);
	dispatch_hook(__NR_prctl, NULL, prctl_exit);
}

void guest_filter_first(struct gthread *t)
{
	if (os_self_filtered())
		t->flags |= GT_FILTERED;
}
