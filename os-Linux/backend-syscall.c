// SPDX-License-Identifier: GPL-2.0
/*
 * The syscall backend: plain PTRACE_SYSCALL, two stops for everything.
 * To EMULATE, the entry stop rewrites the syscall number so the host
 * skips the call (-1 where the host allows it, else the harmless getpid),
 * and the exit stop writes the result.  A thread with a seccomp filter of
 * its own gets getpid always: the host runs the filter on the number
 * left at the entry stop, and filters give -1 their default action
 * (EPERM, a kill), but let getpid through.
 */
#include <errno.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include "backend.h"
#include "backend-common.h"
#include "os.h"

/*
 * BS_MAYBE_EXIT: resumed from a stop that was no syscall stop while no
 * call was open.  UML (as a host) reports the exit of a call made just
 * before a signal stop after that stop; at the start that is the guest's
 * own kill(SIGSTOP), whose entry was not traced.  So the next syscall stop
 * is asked what it is.
 */
enum { BS_IDLE, BS_EXIT, BS_EXIT_PASS, BS_EXIT_EMU, BS_MAYBE_EXIT };

/* The number that makes the host skip a call: found by the probe. */
static long skip_nr = REGS_NR_SKIP;

static enum sc_stop syscall_syscall_stop(struct gthread *t)
{
	int state = t->bstate;

	t->bstate = BS_IDLE;
	switch (state) {
	case BS_EXIT_EMU:
		os_poke_reg(t->tid, regs_off_return, t->sc.ret);
		/* fall through */
	case BS_EXIT_PASS:
		backend_step(t, PTRACE_SYSCALL);
		return SC_DONE;
	case BS_EXIT:
		return SC_EXIT;
	case BS_MAYBE_EXIT:
		if (os_at_syscall_exit(t->tid) == 1) {
			backend_step(t, PTRACE_SYSCALL);
			return SC_RESUMED;
		}
		return SC_ENTRY;
	default:
		return SC_ENTRY;
	}
}

static int syscall_entry(struct gthread *t, enum outcome o)
{
	if (o == OUT_EMULATE) {
		long nr = t->flags & GT_FILTERED ? SYS_getpid : skip_nr;
		int r = os_poke_reg(t->tid, regs_off_syscall_nr, nr);

		if (r < 0)
			return r;
		t->bstate = BS_EXIT_EMU;
	} else {
		t->bstate = o == OUT_PASS ? BS_EXIT_PASS : BS_EXIT;
	}
	return os_resume(t->tid, PTRACE_SYSCALL, 0, 0);
}

static int syscall_exit(struct gthread *t, int changed)
{
	return backend_exit_resume(t, changed, PTRACE_SYSCALL);
}

static int syscall_resume(struct gthread *t, int sig)
{
	if (t->bstate == BS_IDLE)
		t->bstate = BS_MAYBE_EXIT;
	return os_resume(t->tid, PTRACE_SYSCALL, 0, sig);
}

/* Skip one getppid with @nr; 0 when the host did not run it. */
static int try_skip(pid_t pid, long nr)
{
	struct host_regs regs;
	int r = probe_step(pid, PTRACE_SYSCALL, 0, SYS_getppid, &regs);

	if (!r)
		r = os_poke_reg(pid, regs_off_syscall_nr, nr);
	if (!r)
		r = probe_step(pid, PTRACE_SYSCALL, 0, nr, &regs);
	if (r < 0)
		return r;
	/* Skipped by -1: -ENOSYS.  Rewritten to getpid: the child's pid. */
	if (nr == REGS_NR_SKIP ? regs_return(&regs) != -ENOSYS :
				 regs_return(&regs) != pid)
		return -EPROTO;
	return os_poke_reg(pid, regs_off_return, PROBE_MAGIC);
}

static int syscall_probe_steps(pid_t pid)
{
	int r;

	/* Under a filter of umvm's own, -1 may kill the child: getpid. */
	skip_nr = os_self_filtered() ? SYS_getpid : REGS_NR_SKIP;
	r = try_skip(pid, skip_nr);
	if (r == -EPROTO) {
		skip_nr = SYS_getpid;
		r = try_skip(pid, skip_nr);
	} else if (!r) {
		r = try_skip(pid, skip_nr);
	}
	return r < 0 ? r : probe_to_exit_group(pid, PTRACE_SYSCALL, 0);
}

/* The child is killed at exit_group's entry: nothing more to see. */
static int syscall_probe(void)
{
	return probe_run(probe_body_getppid, syscall_probe_steps, 0, 0);
}

const struct backend_ops backend_syscall = {
	BACKEND_OPS(syscall),
	.check = "syscall skip by number rewrite",
};
