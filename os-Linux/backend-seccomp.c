// SPDX-License-Identifier: GPL-2.0
/*
 * The seccomp backend: the fast path where the host lacks PTRACE_VM.
 *
 * The guest installs, before its execve, a seccomp filter built from the
 * syscalls the personality must see (dispatch_filter_spec()).  Those
 * return SECCOMP_RET_TRACE and stop the thread with a PTRACE_EVENT_SECCOMP
 * event; every other call runs natively, without a stop.  The thread is
 * resumed with PTRACE_CONT, so no syscall-entry or -exit stops come
 * unless asked for:
 *
 *   EMULATE        orig_rax = -1, rax = result, PTRACE_CONT: 1 stop
 *   PASS           PTRACE_CONT: 1 stop
 *   PASS_SEE_EXIT  PTRACE_SYSCALL, the exit stop, PTRACE_CONT: 2 stops
 *   not needed     no stop
 *
 * The seccomp stop comes after the host's syscall-entry report (Linux
 * 4.8 and later), so PTRACE_SYSCALL from it leads straight to the exit.
 * Children and threads inherit both the filter and the ptrace options.
 *
 * The guest's own filters stack on top of umvm's: a KILL, TRAP or ERRNO
 * of theirs wins over TRACE and the call never reaches the monitor, as
 * natively.  A TRACE of theirs carries their own SECCOMP_RET_DATA: the
 * loop shows it to a guest tracer that asked for PTRACE_EVENT_SECCOMP or
 * fails the call with ENOSYS, as the host would with no such tracer.
 */
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "backend.h"
#include "backend-common.h"
#include "os.h"

/*
 * t->bstate: the step of the call in flight, and two flags.
 * A guest's tracer may want every syscall (GT_ALL_SYSCALLS, ptrace-guest.c):
 * the thread is then resumed with PTRACE_SYSCALL and each call shows a
 * syscall-entry stop first, then, if the filter traps it, its seccomp
 * stop (EXPECT: not a new call), then its exit stop (which DONE swallows
 * when the monitor did not ask for it).  The filters run after that
 * entry stop: a call emulated there is skipped with number -1, or, when
 * the guest has a filter of its own (GT_FILTERED, which would give -1 its
 * default action), made getpid and given its result at the exit stop
 * (EXIT_EMU).
 */
enum { BS_IDLE, BS_EXIT, BS_DONE, BS_EXIT_EMU };
#define STEP		0xf
#define EXPECT		0x10	/* a seccomp stop of the call in flight comes */
#define AT_SECCOMP	0x20	/* the entry was dispatched at a seccomp stop */
#define ABI_SHIFT	8	/* its ABI (enum sc_abi), from the filter data */
#define ABI_ASK		0xf	/* no data of umvm's: ask the kernel */

static struct os_filter guest_filter;
static const struct os_filter_spec *filter_spec;

static int seccomp_prepare(struct os_start *st,
			   const struct os_filter_spec *spec)
{
	int r = os_filter_build(&guest_filter, spec);

	if (r < 0)
		return r;
	filter_spec = spec;
	st->filter = &guest_filter;
	return 0;
}

/* Does the filter stop the call of @regs (as os_filter_build() made it)? */
static int filter_traps(const struct host_regs *regs)
{
	unsigned long args[6];

	if (!filter_spec)
		return 1;
	for (int i = 0; i < 6; i++)
		args[i] = regs_arg(regs, i);
	return os_filter_stops(filter_spec, regs_syscall_nr(regs), args);
}

/* The ABI the filter data of a stop of umvm's filter says, or -1. */
static int data_abi(unsigned long data)
{
	switch (data) {
	case OS_FILTER_DATA:
		return ABI_NATIVE;
	case OS_FILTER_DATA_I386:
		return ABI_I386;
	case OS_FILTER_DATA_X32:
		return ABI_X32;
	default:
		return -1;
	}
}

static int seccomp_abi(struct gthread *t)
{
	int r;

	if ((t->bstate & AT_SECCOMP) && t->bstate >> ABI_SHIFT != ABI_ASK)
		return t->bstate >> ABI_SHIFT;
	r = os_syscall_abi(t->tid, regs_syscall_nr(&t->regs));
	return r < 0 ? ABI_UNKNOWN : r;
}

/* Skip the call at a seccomp stop: the guest sees @ret. */
static int skip_call(pid_t tid, struct host_regs *regs, long ret)
{
	regs_set_syscall_nr(regs, REGS_NR_SKIP);
	regs_set_return(regs, ret);
	return os_setregs(tid, regs);
}

static int all_syscalls(const struct gthread *t)
{
	return t->flags & GT_ALL_SYSCALLS;
}

/* The request that keeps the thread's next stops as they must be. */
static int next_request(const struct gthread *t)
{
	int step = t->bstate & STEP;

	return step == BS_EXIT || step == BS_DONE || step == BS_EXIT_EMU ||
	       all_syscalls(t) ? PTRACE_SYSCALL : PTRACE_CONT;
}

static enum sc_stop seccomp_syscall_stop(struct gthread *t)
{
	unsigned long data;
	int step = t->bstate & STEP;

	if (t->flags & GT_SECCOMP_STOP) {
		int in_call = t->bstate & EXPECT || step == BS_EXIT ||
			      step == BS_DONE || step == BS_EXIT_EMU;
		int r = os_geteventmsg(t->tid, &data);
		/* The guest's own filter's TRACE: its data, not umvm's. */
		int guest = r == 0 && data_abi(data) < 0;
		/* umvm's filter said which ABI; else the kernel tells. */
		int abi = r < 0 ? ABI_UNKNOWN : guest ? ABI_ASK :
			  data_abi(data);

		/* Either stop replaces the one EXPECT waits for. */
		t->bstate &= ~EXPECT;
		if (in_call && guest)
			return SC_GUEST_SECCOMP_IN_CALL;
		if (in_call) {
			/* The call in flight passing through the filter. */
			backend_step(t, next_request(t));
			return SC_RESUMED;
		}
		t->bstate = AT_SECCOMP | abi << ABI_SHIFT;
		return guest ? SC_GUEST_SECCOMP : SC_ENTRY;
	}
	switch (step) {
	case BS_EXIT:
		t->bstate = BS_IDLE;
		return SC_EXIT;
	case BS_DONE:
		t->bstate = BS_IDLE;
		backend_step(t, next_request(t));
		return SC_DONE;
	case BS_EXIT_EMU:
		t->bstate = BS_IDLE;
		os_poke_reg(t->tid, regs_off_return, t->sc.ret);
		backend_step(t, next_request(t));
		return SC_DONE;
	}
	t->bstate = BS_IDLE;
	if (all_syscalls(t))
		return SC_ENTRY;
	/* A syscall stop nobody asked for: go on. */
	backend_step(t, PTRACE_CONT);
	return SC_RESUMED;
}

static int seccomp_entry(struct gthread *t, enum outcome o)
{
	int at_seccomp = t->bstate & AT_SECCOMP, r;

	t->bstate = BS_IDLE;
	if (o == OUT_EMULATE) {
		/* The guest keeps its own argument registers. */
		for (int i = 0; i < 6; i++)
			regs_set_arg(&t->regs, i, t->sc.args[i]);
		if (!at_seccomp && t->flags & GT_FILTERED) {
			regs_set_syscall_nr(&t->regs, SYS_getpid);
			r = os_setregs(t->tid, &t->regs);
			if (r < 0)
				return r;
			t->bstate = BS_EXIT_EMU;
			if (filter_traps(&t->regs))
				t->bstate |= EXPECT;
			return os_resume(t->tid, PTRACE_SYSCALL, 0, 0);
		}
		r = skip_call(t->tid, &t->regs, t->sc.ret);
		if (r < 0)
			return r;
	}
	/* From a syscall-entry stop, the filter has yet to see the call. */
	if (!at_seccomp && regs_syscall_nr(&t->regs) != REGS_NR_SKIP &&
	    filter_traps(&t->regs))
		t->bstate |= EXPECT;
	if (o == OUT_PASS_SEE_EXIT) {
		t->bstate |= BS_EXIT;
		return os_resume(t->tid, PTRACE_SYSCALL, 0, 0);
	}
	if (all_syscalls(t)) {
		/* Its exit stop comes too: swallowed as DONE. */
		t->bstate |= BS_DONE;
		return os_resume(t->tid, PTRACE_SYSCALL, 0, 0);
	}
	return os_resume(t->tid, PTRACE_CONT, 0, 0) ?: 1;
}

static int seccomp_exit(struct gthread *t, int changed)
{
	return backend_exit_resume(t, changed, next_request(t));
}

static int seccomp_resume(struct gthread *t, int sig)
{
	/* Inside a call whose exit the monitor waits for: keep asking. */
	return os_resume(t->tid, next_request(t), 0, sig);
}

static int probe_stop_getppid(long nr)
{
	return nr == SYS_getppid;
}

static const struct os_filter_spec probe_spec = {
	.stop = probe_stop_getppid,
	.max_nr = SYS_getppid + 1,
};

static struct os_filter probe_filter;

static void probe_body(void)
{
	/* No filter: exit before the first getppid (probe_to_seccomp sees it). */
	if (os_filter_install(&probe_filter) < 0)
		syscall(SYS_exit_group, 4);
	probe_body_getppid();
}

static int is_seccomp_stop(int status)
{
	return WIFSTOPPED(status) && status >> 8 ==
	       (SIGTRAP | (PTRACE_EVENT_SECCOMP << 8));
}

/* Resume the probe child up to its next seccomp stop for getppid. */
static int probe_to_seccomp(pid_t pid, int request, struct host_regs *regs)
{
	unsigned long data;
	int r = probe_resume_wait(pid, request, 0);

	if (r < 0)
		return r;	/* -ECHILD: gone, it could not filter */
	if (!is_seccomp_stop(r))
		return -EPROTO;
	r = os_geteventmsg(pid, &data);
	if (r < 0)
		return r;
	r = os_getregs(pid, regs);
	if (r < 0)
		return r;
	return data == OS_FILTER_DATA && regs_syscall_nr(regs) == SYS_getppid ?
	       0 : -EPROTO;
}

/*
 * The probe child filters getppid to the tracer: the first call is
 * passed and seen at its exit (it must return our pid), the second is
 * emulated, and exit_group must run with no stop at all.
 */
static int seccomp_probe_steps(pid_t pid)
{
	struct host_regs regs;
	int r = os_ptrace_setoptions(pid, PTRACE_O_TRACESYSGOOD |
				     PTRACE_O_EXITKILL | PTRACE_O_TRACESECCOMP);

	if (!r)
		r = probe_to_seccomp(pid, PTRACE_CONT, &regs);
	if (!r)
		r = probe_step(pid, PTRACE_SYSCALL, 0, SYS_getppid, &regs);
	if (r < 0)
		return r;
	if (regs_return(&regs) != getpid())
		return -EPROTO;
	r = probe_to_seccomp(pid, PTRACE_CONT, &regs);
	return r < 0 ? r : skip_call(pid, &regs, PROBE_MAGIC);
}

/* exit_group then runs free: the child exits 0 if getppid saw our value. */
static int seccomp_probe(void)
{
	int r = os_filter_build(&probe_filter, &probe_spec);

	if (r < 0)
		return r;
	r = probe_run(probe_body, seccomp_probe_steps, PTRACE_CONT, 0);
	return r == -ECHILD ? -ENOSYS : r;
}

const struct backend_ops backend_seccomp = {
	BACKEND_OPS(seccomp),
	.check = "seccomp SECCOMP_RET_TRACE",
	.prepare = seccomp_prepare,
	.abi = seccomp_abi,
	.filtered = 1,
};
