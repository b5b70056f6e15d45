// SPDX-License-Identifier: GPL-2.0
/*
 * The sysemu backend: PTRACE_SYSEMU, as UML uses it, plus PTRACE_SYSCALL.
 *
 * What a stop can do depends on the request that led to it:
 * - at an entry reached with PTRACE_SYSEMU the host will not run the call;
 *   EMULATE is one stop.  To PASS, the thread is moved back onto its
 *   syscall instruction and resumed with PTRACE_SYSCALL; the host reports
 *   an exit stop for the skipped call, then the entry of the re-executed
 *   one, which runs for real.  Calls that block, are interrupted or
 *   restart behave as natively: the host runs the real instruction.
 * - at an entry reached with PTRACE_SYSCALL the call runs unless its
 *   number is set to -1; EMULATE sets it, writes the result, and resumes
 *   with PTRACE_SYSEMU, so the skipped call has no exit stop either.
 * So each thread runs in SYSCALL mode (PASS: 2 stops, EMULATE: 1) until
 * a call is emulated, and in SYSEMU mode (EMULATE: 1, PASS: 4, after
 * which it is back in SYSCALL mode) until a call passes.  A program that
 * emulates bursts of calls pays one stop each.
 *
 * A thread with a seccomp filter of its own (GT_FILTERED) runs it after
 * an entry reached with PTRACE_SYSCALL, on the number umvm left there:
 * its emulated calls in SYSCALL mode become getpid, which filters let
 * through, and get their result at the exit (EMULATE: 2 stops there).
 */
#include <errno.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include "backend.h"
#include "backend-common.h"
#include "os.h"

/* t->bstate: the mode bit and the step the thread is in. */
#define M_SYSEMU	0x10
enum { BS_IDLE, BS_BOGUS_EXIT, BS_REENTRY, BS_EXIT, BS_EXIT_PASS,
       BS_EXIT_EMU };
#define STEP(t)		((t)->bstate & 0xf)
#define SEE		0x20	/* the pending pass wants its exit */

static void set_step(struct gthread *t, int step)
{
	t->bstate = (t->bstate & ~0xf) | step;
}

static int mode_request(const struct gthread *t)
{
	return t->bstate & M_SYSEMU ? PTRACE_SYSEMU : PTRACE_SYSCALL;
}

static enum sc_stop sysemu_syscall_stop(struct gthread *t)
{
	switch (STEP(t)) {
	case BS_BOGUS_EXIT:
		/* The exit of the call SYSEMU skipped; the re-entry is next. */
		set_step(t, BS_REENTRY);
		backend_step(t, PTRACE_SYSCALL);
		return SC_RESUMED;
	case BS_REENTRY:
		set_step(t, t->bstate & SEE ? BS_EXIT : BS_EXIT_PASS);
		t->bstate &= ~SEE;
		backend_step(t, PTRACE_SYSCALL);
		return SC_RESUMED;
	case BS_EXIT_PASS:
		set_step(t, BS_IDLE);
		backend_step(t, PTRACE_SYSCALL);
		return SC_DONE;
	case BS_EXIT:
		set_step(t, BS_IDLE);
		return SC_EXIT;
	case BS_EXIT_EMU:
		os_poke_reg(t->tid, regs_off_return, t->sc.ret);
		t->bstate = M_SYSEMU | BS_IDLE;
		os_resume(t->tid, PTRACE_SYSEMU, 0, 0);
		return SC_DONE;
	default:
		return SC_ENTRY;
	}
}

static int sysemu_entry(struct gthread *t, enum outcome o)
{
	int r;

	if (t->bstate & M_SYSEMU) {
		if (o == OUT_EMULATE) {
			r = os_poke_reg(t->tid, regs_off_return, t->sc.ret);
			if (r < 0)
				return r;
			return os_resume(t->tid, PTRACE_SYSEMU, 0, 0) ?: 1;
		}
		regs_rewind_syscall(&t->regs);
		r = os_setregs(t->tid, &t->regs);
		if (r < 0)
			return r;
		t->bstate = BS_BOGUS_EXIT | (o == OUT_PASS ? 0 : SEE);
		return os_resume(t->tid, PTRACE_SYSCALL, 0, 0);
	}
	if (o == OUT_EMULATE && t->flags & GT_FILTERED) {
		r = os_poke_reg(t->tid, regs_off_syscall_nr, SYS_getpid);
		if (r < 0)
			return r;
		set_step(t, BS_EXIT_EMU);
		return os_resume(t->tid, PTRACE_SYSCALL, 0, 0);
	}
	if (o == OUT_EMULATE) {
		/*
		 * The registers go back whole: the guest keeps its own
		 * arguments, not those a handler rewrote for the host.
		 */
		for (int i = 0; i < 6; i++)
			regs_set_arg(&t->regs, i, t->sc.args[i]);
		regs_set_syscall_nr(&t->regs, REGS_NR_SKIP);
		regs_set_return(&t->regs, t->sc.ret);
		r = os_setregs(t->tid, &t->regs);
		if (r < 0)
			return r;
		t->bstate = M_SYSEMU | BS_IDLE;
		return os_resume(t->tid, PTRACE_SYSEMU, 0, 0) ?: 1;
	}
	set_step(t, o == OUT_PASS ? BS_EXIT_PASS : BS_EXIT);
	return os_resume(t->tid, PTRACE_SYSCALL, 0, 0);
}

static int sysemu_exit(struct gthread *t, int changed)
{
	return backend_exit_resume(t, changed, PTRACE_SYSCALL);
}

static int sysemu_resume(struct gthread *t, int sig)
{
	/* A signal before the re-entry: the call will come round again. */
	if (STEP(t) == BS_REENTRY)
		t->bstate = BS_IDLE;
	return os_resume(t->tid, mode_request(t), 0, sig);
}

static int sysemu_probe_steps(pid_t pid)
{
	struct host_regs regs;
	int r, i;

	/* Two getppid calls emulated, then exit_group held at its entry. */
	for (i = 0; i < 2; i++) {
		r = probe_step(pid, PTRACE_SYSEMU, 0, SYS_getppid, &regs);
		if (!r)
			r = os_poke_reg(pid, regs_off_return, PROBE_MAGIC);
		if (r < 0)
			return r;
	}
	return probe_to_exit_group(pid, PTRACE_SYSEMU, 0);
}

/*
 * Killed at exit_group's entry: that entry was seen under SYSEMU, so no
 * resume would run it.
 */
static int sysemu_probe(void)
{
	return probe_run(probe_body_getppid, sysemu_probe_steps, 0, 0);
}

const struct backend_ops backend_sysemu = {
	BACKEND_OPS(sysemu),
	.check = "PTRACE_SYSEMU",
};
