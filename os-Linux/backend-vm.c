// SPDX-License-Identifier: GPL-2.0
/*
 * The vm backend: PTRACE_VM.  One stop for EMULATE (VM_SKIPCALL) and for
 * PASS (VM_SKIPEXIT); two for PASS_SEE_EXIT (no tag, then the exit stop).
 */
#include <errno.h>
#include <sys/syscall.h>
#include "backend.h"
#include "backend-common.h"
#include "os.h"
#include "ptrace_vm.h"

/*
 * BS_PASSING: resumed with VM_SKIPEXIT, no stop since.  BS_MAYBE_EXIT: an
 * event stop (fork, clone, exec) came inside that call; whether its exit
 * stop follows depends on the kernel's reading of tags across such stops,
 * so the next syscall stop is asked what it is.
 */
enum { BS_IDLE, BS_EXIT, BS_PASSING, BS_MAYBE_EXIT };

static enum sc_stop vm_syscall_stop(struct gthread *t)
{
	int state = t->bstate;

	t->bstate = BS_IDLE;
	if (state == BS_EXIT)
		return SC_EXIT;
	if (state == BS_MAYBE_EXIT && os_at_syscall_exit(t->tid) == 1) {
		backend_step(t, PTRACE_VM);
		return SC_RESUMED;
	}
	return SC_ENTRY;
}

/*
 * Resume from what the loop took for an entry stop, with @tags.  EINVAL
 * means the host says it was no entry stop: UML, as a PTRACE_VM host,
 * reports the exit of a call made just before a signal stop after that
 * stop.  Then go on untagged; the next stop is a true entry.
 */
static int vm_resume_tagged(struct gthread *t, unsigned long tags)
{
	int r = os_resume(t->tid, PTRACE_VM, tags, 0);

	if (r == -EINVAL) {
		t->bstate = BS_IDLE;
		r = os_resume(t->tid, PTRACE_VM, 0, 0);
	}
	return r;
}

static int vm_entry(struct gthread *t, enum outcome o)
{
	int r;

	switch (o) {
	case OUT_EMULATE:
		r = os_poke_reg(t->tid, regs_off_return, t->sc.ret);
		if (r < 0)
			return r;
		return vm_resume_tagged(t, VM_SKIPCALL) ?: 1;
	case OUT_PASS:
		t->bstate = BS_PASSING;
		return vm_resume_tagged(t, VM_SKIPEXIT) ?: 1;
	case OUT_PASS_SEE_EXIT:
	default:
		t->bstate = BS_EXIT;
		return os_resume(t->tid, PTRACE_VM, 0, 0);
	}
}

static int vm_exit(struct gthread *t, int changed)
{
	return backend_exit_resume(t, changed, PTRACE_VM);
}

static int vm_resume(struct gthread *t, int sig)
{
	if (t->bstate != BS_EXIT)
		t->bstate = BS_IDLE;
	return os_resume(t->tid, PTRACE_VM, 0, sig);
}

static int vm_resume_event(struct gthread *t)
{
	if (t->bstate == BS_PASSING)
		t->bstate = BS_MAYBE_EXIT;
	return os_resume(t->tid, PTRACE_VM, 0, 0);
}

/*
 * Like UML's check of 2009: a VM_SKIPEXIT resume from one call's entry
 * must land on the next call's entry, and a VM_SKIPCALL'd call must
 * return what the tracer wrote.
 */
static int vm_probe_steps(pid_t pid)
{
	struct host_regs regs;
	int r = probe_step(pid, PTRACE_VM, 0, SYS_getppid, &regs);

	/* The first getppid runs without an exit stop... */
	if (!r)
		r = probe_step(pid, PTRACE_VM, VM_SKIPEXIT, SYS_getppid, &regs);
	if (r < 0)
		return r;
	if (regs_return(&regs) != -ENOSYS)
		return -EPROTO;
	/* ...and the second never runs: it returns what we wrote. */
	r = os_poke_reg(pid, regs_off_return, PROBE_MAGIC);
	return r < 0 ? r : probe_to_exit_group(pid, PTRACE_VM, VM_SKIPCALL);
}

/* A stock kernel refuses the unknown request: -ENOSYS. */
static int vm_probe(void)
{
	return probe_run(probe_body_getppid, vm_probe_steps, PTRACE_VM_CONT,
			 VM_SKIPEXIT);
}

const struct backend_ops backend_vm = {
	BACKEND_OPS(vm),
	.check = "PTRACE_VM",
	.resume_event = vm_resume_event,
	.step_request = PTRACE_VM_SINGLESTEP,
};
