// SPDX-License-Identifier: GPL-2.0
/*
 * The benchmark's ptrace mechanisms: minimal tracers doing the same work
 * per stop as umvm (wait, read the registers, at most one write, resume),
 * passing every call but the chosen one, and counting the stops the
 * chosen calls cost.
 *
 *   PTRACE_SYSCALL  emulate: number rewritten to getpid at entry, result
 *                   written at exit (2 stops); pass: 2 stops.
 *   PTRACE_SYSEMU   emulate: 1 stop; pass: the thread is moved back onto
 *                   its syscall instruction and resumed with PTRACE_SYSCALL
 *                   until the call's exit (every stop counted).
 *   PTRACE_VM       emulate: VM_SKIPCALL; pass: VM_SKIPEXIT (1 stop each).
 *   SECCOMP_RET_TRACE  a filter stops the chosen call only (event stop),
 *                   resumed with PTRACE_CONT; emulate sets the number to -1.
 *
 * The four differ in a struct ptrace_kind: the first resume request, the
 * options, the child's arming and what a syscall stop does.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/seccomp.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include "mech-child.h"
#include "os.h"
#include "ptrace_vm.h"
#include "regs.h"

#ifndef PTRACE_EVENT_SECCOMP
#define PTRACE_EVENT_SECCOMP	7
#endif

struct tracer;

struct ptrace_kind {
	int request;		/* the first resume */
	unsigned long options;	/* beyond TRACESYSGOOD and EXITKILL */
	/* A syscall stop at @entry (else exit) of the chosen call (t->cur). */
	int (*on_syscall)(struct tracer *t, struct user_regs_struct *r,
			  int entry);
	const char *lacks;	/* why, when the first resume fails */
};

struct tracer {
	const struct ptrace_kind *kind;
	const struct mech_params *p;
	pid_t pid;
	int request;		/* how the thread is resumed now */
	int state;		/* sysemu pass: SE_* */
	int cur;		/* the current call is the chosen one */
	unsigned long stops;
};

/* PTRACE_SYSEMU passing a call: where in the re-run the thread is. */
enum { SE_EMU, SE_REWOUND, SE_REENTRY, SE_REEXIT };

static long pt(int req, pid_t pid, unsigned long addr, unsigned long data)
{
	long r = ptrace((enum __ptrace_request)req, pid, (void *)addr,
			(void *)data);

	return r < 0 ? -errno : r;
}

static int resume(struct tracer *t, unsigned long addr, int sig)
{
	return (int)pt(t->request, t->pid, addr, sig);
}

static int poke(struct tracer *t, long off, unsigned long value)
{
	return (int)pt(PTRACE_POKEUSER, t->pid, off, value);
}

/* Emulating: the chosen call's result, then resume with @addr. */
static int answer(struct tracer *t, unsigned long addr)
{
	int e = poke(t, regs_off_return, MECH_RESULT);

	return e < 0 ? e : resume(t, addr, 0);
}

static int emulating(const struct tracer *t)
{
	return t->cur && t->p->mode == MODE_EMULATE;
}

/* Entry: the number becomes getpid's; exit: the result is written. */
static int syscall_stop(struct tracer *t, struct user_regs_struct *r,
			int entry)
{
	int e;

	(void)r;
	if (!emulating(t))
		return resume(t, 0, 0);
	if (!entry)
		return answer(t, 0);
	e = poke(t, regs_off_syscall_nr, SYS_getpid);
	return e < 0 ? e : resume(t, 0, 0);
}

static int sysemu_stop(struct tracer *t, struct user_regs_struct *r,
		       int entry)
{
	long e;

	switch (t->state) {
	case SE_EMU:
		if (emulating(t))
			return answer(t, 0);
		/* Back onto the instruction, run it for real. */
		r->rip -= 2;
		r->rax = r->orig_rax;
		e = pt(PTRACE_SETREGS, t->pid, 0, (unsigned long)r);
		if (e < 0)
			return (int)e;
		t->state = SE_REWOUND;
		t->request = PTRACE_SYSCALL;
		break;
	case SE_REWOUND:
		/* The skipped call's exit stop, or already re-entry. */
		t->state = entry ? SE_REEXIT : SE_REENTRY;
		break;
	case SE_REENTRY:
		t->state = SE_REEXIT;
		break;
	default:
		t->state = SE_EMU;
		t->request = PTRACE_SYSEMU;
		break;
	}
	return resume(t, 0, 0);
}

static int vm_stop(struct tracer *t, struct user_regs_struct *r, int entry)
{
	(void)r;
	if (!entry)	/* an exit stop: only after untagged resumes */
		return resume(t, 0, 0);
	if (emulating(t))
		return answer(t, VM_SKIPCALL);
	return resume(t, VM_SKIPEXIT, 0);
}

static int on_syscall_stop(struct tracer *t)
{
	struct user_regs_struct r;
	long e = pt(PTRACE_GETREGS, t->pid, 0, (unsigned long)&r);
	int entry;

	if (e < 0)
		return (int)e;
	entry = (long)r.rax == -ENOSYS;
	if (entry && t->state == SE_EMU)
		t->cur = (long)r.orig_rax == t->p->nr;
	if (t->cur)
		t->stops++;
	if (!t->kind->on_syscall)
		return resume(t, 0, 0);
	return t->kind->on_syscall(t, &r, entry);
}

static int on_seccomp_stop(struct tracer *t)
{
	struct user_regs_struct r;
	long e = pt(PTRACE_GETREGS, t->pid, 0, (unsigned long)&r);

	if (e < 0)
		return (int)e;
	t->stops++;
	if (t->p->mode == MODE_EMULATE) {
		r.orig_rax = (unsigned long)-1;
		r.rax = MECH_RESULT;
		e = pt(PTRACE_SETREGS, t->pid, 0, (unsigned long)&r);
		if (e < 0)
			return (int)e;
	}
	return resume(t, 0, 0);
}

/* The child: traced, stopped until the tracer is ready. */
static int traceme(const struct mech_params *p, int helper_cpu, int *step)
{
	(void)p;
	(void)helper_cpu;
	(void)step;
	if (ptrace(PTRACE_TRACEME, 0, 0, 0) < 0)
		return -errno;
	syscall(SYS_kill, getpid(), SIGSTOP);
	return 0;
}

static int traceme_filtered(const struct mech_params *p, int helper_cpu,
			    int *step)
{
	int r = traceme(p, helper_cpu, step);

	if (r < 0)
		return r;
	r = mech_install_filter(mech_filter_nr(p), SECCOMP_RET_TRACE, 0, 0);
	if (r < 0) {
		*step = MSTEP_FILTER;
		return r;
	}
	return 0;
}

/* Wait for the stops and answer them until the child is gone. */
static int trace_loop(struct tracer *t, int *status)
{
	int err = 0;

	while (!err) {
		int ev, sig = 0;

		if (os_wait_pid(t->pid, status) < 0)
			break;
		if (WIFEXITED(*status) || WIFSIGNALED(*status)) {
			t->pid = 0;
			break;
		}
		ev = *status >> 8;
		if (ev == (SIGTRAP | 0x80)) {
			err = on_syscall_stop(t);
			continue;
		}
		if (ev == (SIGTRAP | (PTRACE_EVENT_SECCOMP << 8))) {
			err = on_seccomp_stop(t);
			continue;
		}
		sig = WSTOPSIG(*status);
		if (sig == SIGTRAP || sig == SIGSTOP)
			sig = 0;
		err = resume(t, 0, sig);
	}
	return err;
}

/* The run failed in the tracer: the child goes, res->why says why. */
static int trace_failed(struct tracer *t, int rfd, int err,
			struct mech_result *res)
{
	char why[sizeof(res->why)];

	memcpy(why, res->why, sizeof(why));
	if (t->pid)
		os_probe_kill(t->pid);
	close(rfd);
	if (!why[0])
		snprintf(why, sizeof(why), "tracer: %s", strerror(-err));
	memcpy(res->why, why, sizeof(why));
	return err;
}

static int trace(const struct mechanism *m, const struct mech_params *p,
		 struct mech_result *res)
{
	struct tracer t = { m->ptrace, p, 0, m->ptrace->request, SE_EMU, 0, 0 };
	unsigned long opts = PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL |
			     t.kind->options;
	int status, rfd, wfd, tc, gc, err = 0;
	cpu_set_t orig;

	mech_cpus(p->two_cpus, &tc, &gc);
	sched_getaffinity(0, sizeof(orig), &orig);
	t.pid = mech_fork(gc, &rfd, &wfd);
	if (t.pid < 0)
		return t.pid;
	if (t.pid == 0)
		mech_child_run(m, p, tc, wfd);
	mech_pin(tc);
	if (os_wait_pid(t.pid, &status) < 0 || !WIFSTOPPED(status)) {
		sched_setaffinity(0, sizeof(orig), &orig);
		return mech_finish(WIFSTOPPED(status) ? t.pid : 0, rfd,
				   status, p, 0, res);
	}
	err = (int)pt(PTRACE_SETOPTIONS, t.pid, 0, opts);
	if (!err)
		err = resume(&t, 0, 0);
	if (err && t.kind->lacks)
		snprintf(res->why, sizeof(res->why), "%s", t.kind->lacks);
	if (!err)
		err = trace_loop(&t, &status);
	sched_setaffinity(0, sizeof(orig), &orig);
	if (err)
		return trace_failed(&t, rfd, err, res);
	return mech_finish(t.pid, rfd, status, p, t.stops, res);
}

/* How each mechanism resumes and what its syscall stops do. */
enum { KIND_SYSCALL, KIND_SYSEMU, KIND_VM, KIND_SECCOMP };
static const struct ptrace_kind kinds[] = {
	[KIND_SYSCALL] = { PTRACE_SYSCALL, 0, syscall_stop, NULL },
	[KIND_SYSEMU] = { PTRACE_SYSEMU, 0, sysemu_stop, NULL },
	[KIND_VM] = { PTRACE_VM, 0, vm_stop, "host kernel lacks PTRACE_VM" },
	[KIND_SECCOMP] = { PTRACE_CONT, PTRACE_O_TRACESECCOMP, NULL, NULL },
};

/* Every syscall stops the thread: emulate or pass, nothing to filter. */
#define STOPS_EVERY_CALL						\
	.modes = MODE_BIT(MODE_EMULATE) | MODE_BIT(MODE_PASS),		\
	.cannot = "ptrace stops at every syscall: no filter",		\
	.cross_process = 1, .arm = traceme, .trace = trace

const struct mechanism mech_ptrace_syscall = {
	.key = "ptrace-syscall", .title = "PTRACE_SYSCALL + getpid rewrite",
	.ptrace = &kinds[KIND_SYSCALL], STOPS_EVERY_CALL,
};

const struct mechanism mech_ptrace_sysemu = {
	.key = "ptrace-sysemu", .title = "PTRACE_SYSEMU",
	.ptrace = &kinds[KIND_SYSEMU], STOPS_EVERY_CALL,
};

const struct mechanism mech_ptrace_vm = {
	.key = "ptrace-vm", .title = "PTRACE_VM",
	.variant = { [MODE_EMULATE] = "emulate (VM_SKIPCALL)",
		     [MODE_PASS] = "pass (VM_SKIPEXIT)" },
	.ptrace = &kinds[KIND_VM], STOPS_EVERY_CALL,
};

/* A filter stops the chosen call only: every mode. */
const struct mechanism mech_seccomp_trace = {
	.key = "seccomp-trace", .title = "seccomp RET_TRACE + ptrace",
	.modes = MODES_ALL, .cross_process = 1,
	.arm = traceme_filtered, .trace = trace,
	.ptrace = &kinds[KIND_SECCOMP],
};
