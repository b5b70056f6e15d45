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

struct tracer {
	enum mech_id m;
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

static int on_syscall_stop(struct tracer *t)
{
	struct user_regs_struct r;
	int emulate = t->p->mode == MODE_EMULATE;
	long e = pt(PTRACE_GETREGS, t->pid, 0, (unsigned long)&r);
	int entry;

	if (e < 0)
		return (int)e;
	entry = (long)r.rax == -ENOSYS;
	if (entry && (t->m != MECH_PTRACE_SYSEMU || t->state == SE_EMU))
		t->cur = (long)r.orig_rax == t->p->nr;
	if (t->cur)
		t->stops++;
	switch (t->m) {
	case MECH_PTRACE_SYSCALL:
		if (t->cur && emulate) {
			if (entry)
				e = pt(PTRACE_POKEUSER, t->pid,
				       regs_off_syscall_nr, SYS_getpid);
			else
				e = pt(PTRACE_POKEUSER, t->pid,
				       regs_off_return,
				       MECH_RESULT);
			if (e < 0)
				return (int)e;
		}
		return resume(t, 0, 0);
	case MECH_PTRACE_SYSEMU:
		switch (t->state) {
		case SE_EMU:
			if (t->cur && emulate) {
				e = pt(PTRACE_POKEUSER, t->pid,
				       regs_off_return,
				       MECH_RESULT);
				if (e < 0)
					return (int)e;
				return resume(t, 0, 0);
			}
			/* Back onto the instruction, run it for real. */
			r.rip -= 2;
			r.rax = r.orig_rax;
			e = pt(PTRACE_SETREGS, t->pid, 0, (unsigned long)&r);
			if (e < 0)
				return (int)e;
			t->state = SE_REWOUND;
			t->request = PTRACE_SYSCALL;
			return resume(t, 0, 0);
		case SE_REWOUND:
			/* The skipped call's exit stop, or already re-entry. */
			t->state = entry ? SE_REEXIT : SE_REENTRY;
			return resume(t, 0, 0);
		case SE_REENTRY:
			t->state = SE_REEXIT;
			return resume(t, 0, 0);
		default:
			t->state = SE_EMU;
			t->request = PTRACE_SYSEMU;
			return resume(t, 0, 0);
		}
	case MECH_PTRACE_VM:
		if (!entry)	/* an exit stop: only after untagged resumes */
			return resume(t, 0, 0);
		if (t->cur && emulate) {
			e = pt(PTRACE_POKEUSER, t->pid,
			       regs_off_return,
			       MECH_RESULT);
			if (e < 0)
				return (int)e;
			return resume(t, VM_SKIPCALL, 0);
		}
		return resume(t, VM_SKIPEXIT, 0);
	default:
		return resume(t, 0, 0);
	}
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

static void child(enum mech_id m, const struct mech_params *p, int wfd)
{
	struct mech_report rep;
	int r;

	memset(&rep, 0, sizeof(rep));
	rep.native = syscall(p->nr);
	if (ptrace(PTRACE_TRACEME, 0, 0, 0) < 0) {
		rep.err = -errno;
		mech_child_done(wfd, &rep);
	}
	syscall(SYS_kill, getpid(), SIGSTOP);
	if (m == MECH_SECCOMP_TRACE) {
		r = mech_install_filter(mech_filter_nr(p), SECCOMP_RET_TRACE,
					0, 0);
		if (r < 0) {
			rep.err = r;
			rep.step = MSTEP_FILTER;
			mech_child_done(wfd, &rep);
		}
	}
	mech_guest_loop(p, &rep);
	mech_child_done(wfd, &rep);
}

int mech_ptrace(enum mech_id m, const struct mech_params *p,
		struct mech_result *res)
{
	struct tracer t = { m, p, 0, PTRACE_SYSCALL, SE_EMU, 0, 0 };
	unsigned long opts = PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL;
	int status, rfd, wfd, tc, gc, err = 0;
	cpu_set_t orig;

	mech_cpus(p->two_cpus, &tc, &gc);
	sched_getaffinity(0, sizeof(orig), &orig);
	t.pid = mech_fork(gc, &rfd, &wfd);
	if (t.pid < 0)
		return t.pid;
	if (t.pid == 0)
		child(m, p, wfd);
	mech_pin(tc);
	if (os_wait_pid(t.pid, &status) < 0 || !WIFSTOPPED(status)) {
		sched_setaffinity(0, sizeof(orig), &orig);
		return mech_finish(WIFSTOPPED(status) ? t.pid : 0, rfd,
				   status, p, 0, res);
	}
	switch (m) {
	case MECH_PTRACE_SYSEMU:
		t.request = PTRACE_SYSEMU;
		break;
	case MECH_PTRACE_VM:
		t.request = PTRACE_VM;
		break;
	case MECH_SECCOMP_TRACE:
		t.request = PTRACE_CONT;
		opts |= PTRACE_O_TRACESECCOMP;
		break;
	default:
		break;
	}
	err = (int)pt(PTRACE_SETOPTIONS, t.pid, 0, opts);
	if (!err)
		err = resume(&t, 0, 0);
	if (err && m == MECH_PTRACE_VM)
		snprintf(res->why, sizeof(res->why),
			 "host kernel lacks PTRACE_VM");
	while (!err) {
		int ev, sig = 0;

		if (os_wait_pid(t.pid, &status) < 0)
			break;
		if (WIFEXITED(status) || WIFSIGNALED(status)) {
			t.pid = 0;
			break;
		}
		ev = status >> 8;
		if (ev == (SIGTRAP | 0x80)) {
			err = on_syscall_stop(&t);
			continue;
		}
		if (ev == (SIGTRAP | (PTRACE_EVENT_SECCOMP << 8))) {
			err = on_seccomp_stop(&t);
			continue;
		}
		sig = WSTOPSIG(status);
		if (sig == SIGTRAP || sig == SIGSTOP)
			sig = 0;
		err = resume(&t, 0, sig);
	}
	sched_setaffinity(0, sizeof(orig), &orig);
	if (err) {
		char why[sizeof(res->why)];

		memcpy(why, res->why, sizeof(why));
		if (t.pid)
			os_probe_kill(t.pid);
		close(rfd);
		if (!why[0])
			snprintf(why, sizeof(why), "tracer: %s", strerror(-err));
		memcpy(res->why, why, sizeof(why));
		return err;
	}
	return mech_finish(t.pid, rfd, status, p, t.stops, res);
}
