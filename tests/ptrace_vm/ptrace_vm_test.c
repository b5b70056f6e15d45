// SPDX-License-Identifier: GPL-2.0
/*
 * Conformance suite for the PTRACE_VM requests (include/ptrace_vm.h,
 * docs/ptrace_vm.md).  x86_64 only: the tracees make raw syscalls so
 * that every stop the tracer sees is one the test asked for.
 *
 * Usage: ptrace_vm_test [-r|--require] [NAME-SUBSTRING]
 *   -r, or PTRACE_VM_REQUIRE=1 in the environment: fail when the running
 *   kernel lacks PTRACE_VM instead of skipping.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "../../include/ptrace_vm.h"
#include "harness.h"
#include "tracer.h"
#include "../progs/seccomp_filter.h"

#ifndef __x86_64__
#error "the PTRACE_VM conformance suite is written for x86_64"
#endif

#define EXEC_CHILD_ARG	"--exec-child"
#define EXEC_CHILD_CODE	7
#define FAKE_RET	42
#define ERESTARTSYS	512	/* kernel-internal, seen at exit stops */

/* ------------------------------------------------------------------ */
/* Tracee side: raw syscalls, no libc in between. */

static inline long rsys(long nr, long a, long b, long c, long d, long e)
{
	register long r10 asm("r10") = d;
	register long r8 asm("r8") = e;
	long ret;

	asm volatile ("syscall"
		      : "=a" (ret)
		      : "a" (nr), "D" (a), "S" (b), "d" (c), "r" (r10),
			"r" (r8)
		      : "rcx", "r11", "memory");
	return ret;
}

#define rsys0(nr)		rsys(nr, 0, 0, 0, 0, 0)
#define rsys1(nr, a)		rsys(nr, (long)(a), 0, 0, 0, 0)
#define rsys3(nr, a, b, c)	rsys(nr, (long)(a), (long)(b), (long)(c), 0, 0)

/* Shared with the tracees through fork(). */
static pid_t tracer_pid;
static char *exec_argv[] = { "ptrace_vm_test", EXEC_CHILD_ARG, NULL };
static char *exec_envp[] = { NULL };

typedef int (*body_fn)(void);

/*
 * Fork a tracee that runs @body and exits with its result.  It is left in
 * its initial SIGSTOP signal-delivery stop; its first syscall after that
 * is the first one @body makes.
 */
static pid_t spawn(body_fn body, long options)
{
	int status;
	pid_t pid;

	tracer_pid = getpid();
	pid = fork();
	ASSERT_TRUE(pid >= 0);
	if (pid == 0) {
		if (ptrace(PTRACE_TRACEME, 0, 0, 0))
			_exit(99);
		rsys3(SYS_kill, rsys0(SYS_getpid), SIGSTOP, 0);
		rsys1(SYS_exit_group, body());
		_exit(98);
	}
	ASSERT_EQ(waitpid(pid, &status, __WALL), pid);
	ASSERT_TRUE(WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP);
	ASSERT_OK(ptrace(PTRACE_SETOPTIONS, pid, 0,
			 PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL | options));
	return pid;
}

/* ------------------------------------------------------------------ */
/* Tracee bodies */

static int body_getpid(void)
{
	return rsys0(SYS_getpid) > 0 ? 0 : 1;
}

static int body_getpid_fake(void)
{
	return rsys0(SYS_getpid) == FAKE_RET ? 0 : 1;
}

static int body_getpid_enosys(void)
{
	return rsys0(SYS_getpid) == -ENOSYS ? 0 : 1;
}

static int body_getpid_twice(void)
{
	long a = rsys0(SYS_getpid);
	long b = rsys0(SYS_getpid);

	return a > 0 && a == b ? 0 : 1;
}

static int body_getpid_getppid(void)
{
	rsys0(SYS_getpid);
	return rsys0(SYS_getppid) == tracer_pid ? 0 : 1;
}

static int body_getpid_then_getppid_enosys(void)
{
	long a = rsys0(SYS_getpid);
	long b = rsys0(SYS_getppid);

	return a > 0 && b == -ENOSYS ? 0 : 1;
}

/* The host probe of the 2009 UML patch: getpid, then pipe. */
static int body_getpid_pipe(void)
{
	int fds[2] = { -1, -1 };
	long r;

	rsys0(SYS_getpid);
	r = rsys1(SYS_pipe, fds);
	return r == -ENOSYS && fds[0] == -1 && fds[1] == -1 ? 0 : 1;
}

static int body_write_pipe(void)
{
	int n = -1;
	long r;

	r = rsys3(SYS_write, tpipe[1], "X", 1);
	if (rsys3(SYS_ioctl, tpipe[0], FIONREAD, &n))
		return 2;
	return r == -ENOSYS && n == 0 ? 0 : 1;
}

static int body_read_pipe(void)
{
	char c = 0;
	long r = rsys3(SYS_read, tpipe[0], &c, 1);

	return r == 1 && c == 'x' ? 0 : 1;
}

static int body_read_skipped(void)
{
	char c = 0;
	long r = rsys3(SYS_read, tpipe[0], &c, 1);

	return r == 1 && c == 0 ? 0 : 1;
}

static int body_kill_self(int sig)
{
	rsys3(SYS_kill, rsys0(SYS_getpid), sig, 0);
	return rsys0(SYS_getppid) == tracer_pid ? 0 : 1;
}

static int body_sigusr1(void)
{
	return body_kill_self(SIGUSR1);
}

static int body_sigstop(void)
{
	return body_kill_self(SIGSTOP);
}

static int body_pause(void)
{
	for (;;)
		rsys0(SYS_pause);
	return 0;
}

static int body_fork(void)
{
	long child = rsys0(SYS_fork);
	int status = -1;

	if (child == 0)
		rsys1(SYS_exit_group, 0);
	if (child < 0)
		return 2;
	if (rsys(SYS_wait4, child, (long)&status, 0, 0, 0) != child)
		return 3;
	return status == 0 ? 0 : 1;
}

static int body_execve_enosys(void)
{
	long r = rsys3(SYS_execve, "/proc/self/exe", exec_argv, exec_envp);

	return r == -ENOSYS ? 0 : 1;
}

static int body_execve(void)
{
	rsys3(SYS_execve, "/proc/self/exe", exec_argv, exec_envp);
	return 1;
}

/* Trace getpid with SECCOMP_RET_TRACE, allow the rest. */
static int install_seccomp(void)
{
	struct sock_filter filter[] = {
		FILTER_X86_64(SECCOMP_RET_ALLOW),
		FILTER_CALL(SYS_getpid, SECCOMP_RET_TRACE | 0x55),
		FILTER_RET(SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {
		.len = sizeof(filter) / sizeof(filter[0]),
		.filter = filter,
	};

	if (rsys(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -1;
	return rsys3(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) ? -1 : 0;
}

/* Skip the test when this kernel has no seccomp filters. */
static void require_seccomp_filter(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(install_seccomp() ? 1 : 0);
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		test_skip("no seccomp filters on this kernel");
}

static int body_seccomp_getpid(void)
{
	if (install_seccomp())
		return 3;
	return body_getpid();
}

static int body_seccomp_getpid_enosys(void)
{
	if (install_seccomp())
		return 3;
	return body_getpid_enosys();
}



/* ------------------------------------------------------------------ */
/* Tests */

/*
 * A test: most are one script, a tracee, how it is traced and the steps
 * it is played; the others are a function.
 */
struct vm_case {
	const char *name;
	body_fn body;		/* NULL: an untraced child that pauses */
	long options;		/* more PTRACE_O_* */
	bool seccomp;		/* skipped without seccomp filters */
	bool pipe;		/* opens tpipe; .pipe_left bytes stay in it */
	int pipe_left;
	bool kill;		/* the tracee is killed at the end */
	int code;		/* else it must exit with this code */
	struct vm_step steps[10];
	bool stock;		/* runs only where PTRACE_VM is absent */
	void (*fn)(void);	/* a test that is more than a script */
};

static void run_case(const void *arg)
{
	const struct vm_case *c = arg;
	pid_t pid;
	int n = -1;

	if (c->fn) {
		c->fn();
		return;
	}
	if (c->seccomp)
		require_seccomp_filter();
	if (c->pipe)
		ASSERT_OK(pipe(tpipe));
	pid = c->body ? spawn(c->body, c->options) : fork_pauser();
	if (play(pid, c->steps) == S_EXITED)
		;
	else if (c->kill)
		kill_tracee(pid);
	else
		ASSERT_EQ(finish(pid), c->code);
	if (c->pipe) {
		ASSERT_OK(ioctl(tpipe[0], FIONREAD, &n));
		EXPECT_EQ(n, c->pipe_left);
	}
}

/* ------------------------------------------------------------------ */
/* Tests that need more than a script */

/*
 * Tags at a fork event stop: EINVAL; the tags given at fork's entry end
 * there.  The new child starts without tags.
 */
static void t_tags_at_fork_event_einval(void)
{
	static const struct vm_step to_fork_event[] = {
		{ TO_ENTRY, ENTRY(SYS_fork) },
		{ PTRACE_VM, VM_SKIPEXIT, EVENT(PTRACE_EVENT_FORK),
		  .refuse = true },
		{ 0 }
	};
	/* The child: auto-attached, in its initial SIGSTOP stop. */
	static const struct vm_step child_exits[] = {
		{ AT_STOP, .refuse = true },
		{ PTRACE_VM, ENTRY(SYS_exit_group) },
		{ 0 }
	};
	pid_t pid = spawn(body_fork, PTRACE_O_TRACEFORK);
	unsigned long child;
	struct stop st;

	play(pid, to_fork_event);
	ASSERT_OK(ptrace(PTRACE_GETEVENTMSG, pid, 0, &child));
	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_EXIT(&st, SYS_fork);
	EXPECT_EQ(st.ret, (long)child);

	wait_stop(child, &st);
	expect_signal(&st, SIGSTOP);
	play(child, child_exits);
	ASSERT_EQ(finish(child), 0);
	ASSERT_EQ(finish(pid), 0);
}

/* Tags at a PTRACE_EVENT_STOP (PTRACE_SEIZE + PTRACE_INTERRUPT): EINVAL */
static void t_tags_at_interrupt_stop_einval(void)
{
	pid_t pid = fork_pauser();
	struct stop st;

	ASSERT_OK(ptrace(PTRACE_SEIZE, pid, 0,
			 PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL));
	ASSERT_OK(ptrace(PTRACE_INTERRUPT, pid, 0, 0));
	wait_stop(pid, &st);
	ASSERT_EQ(st.kind, S_EVENT);
	ASSERT_EQ(st.event, PTRACE_EVENT_STOP);
	assert_tags_refused(pid);
	kill_tracee(pid);
}

/* DETACH at an entry stop after tagged calls: the tracee runs on normally */
static void t_detach(void)
{
	static const struct vm_step to_getppid[] = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ PTRACE_VM, VM_SKIPEXIT, ENTRY(SYS_getppid) },
		{ 0 }
	};
	pid_t pid = spawn(body_getpid_getppid, 0);
	int status;

	play(pid, to_getppid);
	ASSERT_OK(ptrace(PTRACE_DETACH, pid, 0, 0));
	ASSERT_ERRNO(ptrace(PTRACE_VM, pid, 0, 0), ESRCH);
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(WEXITSTATUS(status), 0);
}

/* The suite, in the order it runs */
static const struct vm_case cases[] = {
	/*
	 * A kernel without PTRACE_VM: each of its requests fails with EIO, as
	 * any unknown request does, and leaves the tracee stopped and usable.
	 */
	{ "absent", body_getpid, .stock = true,
	  .steps = { { EVERY_VM, VM_SKIPCALL, .err = EIO } } },

	/* Unknown tag bits at a signal-delivery stop: EINVAL, EIO unpatched */
	{ "probe", body_getpid,
	  .steps = { { PTRACE_VM, 0x80, .err = EINVAL } } },

	/* No tag: the call runs and its exit stop is reported */
	{ "no_tag_exit_stop", body_getpid_getppid, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid), RET(-ENOSYS) },
		{ PTRACE_VM, EXIT(SYS_getpid), RET_PID },
		{ PTRACE_VM, ENTRY(SYS_getppid) },
		{ PTRACE_VM, EXIT(SYS_getppid), RET_PPID },
	} },

	/* SKIPCALL: not run, the tracee sees the tracer's value, next: entry */
	{ "skipcall_sets_return", body_getpid_fake, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ PTRACE_VM, VM_SKIPCALL, .set_ret = FAKE_RET,
		  ENTRY(SYS_exit_group), RET(-ENOSYS) },
	} },

	/* SKIPCALL with nothing written: the entry value, -ENOSYS on x86 */
	{ "skipcall_default_enosys", body_getpid_enosys, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid), RET(-ENOSYS) },
		{ PTRACE_VM, VM_SKIPCALL, ENTRY(SYS_exit_group) },
	} },

	/* SKIPCALL and SKIPEXIT together act as SKIPCALL */
	{ "skipcall_skipexit_both", body_getpid_fake, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ PTRACE_VM, VM_SKIPCALL | VM_SKIPEXIT, .set_ret = FAKE_RET,
		  ENTRY(SYS_exit_group) },
	} },

	/* SKIPEXIT: the call runs, no exit stop, next stop = next entry */
	{ "skipexit_runs_call", body_getpid_twice, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ PTRACE_VM, VM_SKIPEXIT, ENTRY(SYS_getpid), RET(-ENOSYS) },
		{ PTRACE_VM, EXIT(SYS_getpid), RET_PID },
		{ PTRACE_VM, ENTRY(SYS_exit_group) },
	} },

	/*
	 * The 2009 UML host probe: SKIPEXIT at getpid lands on pipe's entry,
	 * SKIPCALL at pipe leaves the fds untouched.
	 */
	{ "uml_probe_getpid_pipe", body_getpid_pipe, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ PTRACE_VM, VM_SKIPEXIT, ENTRY(SYS_pipe) },
		{ PTRACE_VM, VM_SKIPCALL, ENTRY(SYS_exit_group) },
	} },

	/* A skipped write leaves nothing in the pipe */
	{ "skipcall_write_no_side_effect", body_write_pipe,
	  .pipe = true, .pipe_left = 0, .steps = {
		{ TO_ENTRY, ENTRY(SYS_write) },
		{ PTRACE_VM, VM_SKIPCALL, ENTRY(SYS_ioctl) },
	} },

	/* Tags at a syscall-exit stop: EINVAL, nothing resumed */
	{ "tags_at_exit_stop_einval", body_getpid, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ PTRACE_VM, EXIT(SYS_getpid), .refuse = true },
		{ PTRACE_VM, ENTRY(SYS_exit_group) },
	} },

	/* Tags at a signal-delivery stop: EINVAL */
	{ "tags_at_signal_stop_einval", body_sigusr1, .steps = {
		{ AT_STOP, .refuse = true },	/* the initial SIGSTOP */
		{ TO_SIGNAL, SIGNAL(SIGUSR1), .refuse = true },
		{ PTRACE_VM, ENTRY(SYS_getppid) },	/* SIGUSR1 dropped */
	} },

	/* Tags at a group-stop: EINVAL */
	{ "tags_at_group_stop_einval", body_sigstop, .steps = {
		{ TO_SIGNAL, SIGNAL(SIGSTOP) },
		/* a group-stop */
		{ PTRACE_VM, 0, SIGSTOP, SIGNAL(SIGSTOP),
		  .group_stop = true, .refuse = true },
		{ PTRACE_VM, ENTRY(SYS_getppid) },
	} },

	/* Tags at a PTRACE_EVENT stop (exit event): EINVAL */
	{ "tags_at_event_stop_einval", body_getpid, PTRACE_O_TRACEEXIT,
	  .steps = {
		{ TO_ENTRY, ENTRY(SYS_exit_group) },
		{ PTRACE_VM, VM_SKIPEXIT, EVENT(PTRACE_EVENT_EXIT),
		  .refuse = true },
		{ PTRACE_VM, EXITED(0) },
	} },

	{ "tags_at_fork_event_einval", .fn = t_tags_at_fork_event_einval },

	{ "tags_at_interrupt_stop_einval",
	  .fn = t_tags_at_interrupt_stop_einval },

	/*
	 * Seccomp: the PTRACE_EVENT_SECCOMP stop is an event stop, tags there
	 * are EINVAL.  Tags given at the entry stop end at that stop: resuming
	 * it with PTRACE_VM reports the exit stop.
	 */
	{ "seccomp_stop_tags_einval", body_seccomp_getpid,
	  PTRACE_O_TRACESECCOMP, .seccomp = true,
	.steps = {
		{ TO_ENTRY, ENTRY(SYS_getpid) },
		{ PTRACE_VM, VM_SKIPEXIT, EVENT(PTRACE_EVENT_SECCOMP),
		  .nr = SYS_getpid, .refuse = true },
		{ PTRACE_VM, EXIT(SYS_getpid), RET_PID },
		{ PTRACE_VM, ENTRY(SYS_exit_group) },
	} },

	/* SKIPCALL at the entry stop: seccomp not consulted, no seccomp stop */
	{ "seccomp_skipcall_no_seccomp_stop", body_seccomp_getpid_enosys,
	  PTRACE_O_TRACESECCOMP, .seccomp = true,
	.steps = {
		{ TO_ENTRY, ENTRY(SYS_getpid) },
		{ PTRACE_VM, VM_SKIPCALL, ENTRY(SYS_exit_group) },
	} },

	/* Unknown bits: EINVAL from every request, even at an entry stop */
	{ "unknown_bits_einval", body_getpid, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ EVERY_VM, 0x4, .err = EINVAL },
		{ EVERY_VM, 0x8, .err = EINVAL },
		{ EVERY_VM, 0x80, .err = EINVAL },
		{ EVERY_VM, 0x80000000UL, .err = EINVAL },
		{ EVERY_VM, VM_SKIPCALL | 0x100, .err = EINVAL },
		{ EVERY_VM, ~0UL, .err = EINVAL },
		/* Nothing was applied: the call runs with its exit stop. */
		{ PTRACE_VM, EXIT(SYS_getpid), RET_PID },
	} },

	/* An invalid signal: EIO, checked before the tags */
	{ "bad_signal_eio", body_getpid, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ EVERY_VM, 0, 1000, .err = EIO },
		{ EVERY_VM, VM_SKIPCALL, _NSIG + 1, .err = EIO },
		{ EVERY_VM, 0x80, -1, .err = EIO },
		{ PTRACE_VM, EXIT(SYS_getpid) },
	} },

	/*
	 * Restart: SKIPEXIT on a read that a signal interrupts; the signal stop
	 * comes without an exit stop; the restarted read is a new syscall with
	 * its own entry stop, and the old tag does not carry over to it.
	 */
	{ "restart_does_not_carry_tags", body_read_pipe,
	  .pipe = true, .pipe_left = 0, .steps = {
		{ TO_ENTRY, ENTRY(SYS_read) },
		{ PTRACE_VM, VM_SKIPEXIT, .asleep = true, .interrupt = SIGUSR1,
		  SIGNAL(SIGUSR1), .refuse = true },
		/* SIGUSR1 dropped: the read restarts */
		{ PTRACE_VM, ENTRY(SYS_read) },
		{ PTRACE_VM, .feed = true, EXIT(SYS_read), RET(1) },
	} },

	/*
	 * Restart with SKIPCALL at the restarted entry: only that one is
	 * skipped, the byte stays in the pipe.
	 */
	{ "restart_skipcall", body_read_skipped,
	  .pipe = true, .pipe_left = 1, .steps = {
		{ TO_ENTRY, ENTRY(SYS_read) },
		{ PTRACE_VM, .asleep = true, .interrupt = SIGUSR1,
		  EXIT(SYS_read), RET(-ERESTARTSYS) },
		{ PTRACE_VM, SIGNAL(SIGUSR1) },
		{ PTRACE_VM, ENTRY(SYS_read) },
		{ PTRACE_VM, VM_SKIPCALL, .feed = true, .set_ret = 1,
		  ENTRY(SYS_exit_group) },
	} },

	/* Entry stop reached by PTRACE_SYSEMU, resumed by PTRACE_VM: tags */
	{ "sysemu_then_vm_runs_call", body_getpid, .steps = {
		{ PTRACE_SYSEMU, ENTRY(SYS_getpid) },
		{ PTRACE_VM, EXIT(SYS_getpid), RET_PID },
	} },

	{ "sysemu_then_vm_skipexit", body_getpid_twice, .steps = {
		{ PTRACE_SYSEMU, ENTRY(SYS_getpid) },
		{ PTRACE_VM, VM_SKIPEXIT, ENTRY(SYS_getpid) },
		{ PTRACE_VM, EXIT(SYS_getpid) },
	} },

	{ "sysemu_then_vm_skipcall", body_getpid_fake, .steps = {
		{ PTRACE_SYSEMU, ENTRY(SYS_getpid) },
		{ PTRACE_VM, VM_SKIPCALL, .set_ret = FAKE_RET,
		  ENTRY(SYS_exit_group) },
	} },

	/* Entry stop reached by PTRACE_VM, resumed by PTRACE_SYSEMU: stock */
	{ "vm_then_sysemu", body_getpid_then_getppid_enosys, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ PTRACE_SYSEMU, ENTRY(SYS_getppid) },
		{ PTRACE_SYSEMU, ENTRY(SYS_exit_group) },
		/* Reached under SYSEMU: a plain request would skip it too. */
		{ PTRACE_VM_CONT, EXITED(0) },
	} },

	/* Plain requests ignore @addr as they always did */
	{ "plain_syscall_ignores_addr", body_getpid, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ PTRACE_SYSCALL, VM_SKIPCALL, EXIT(SYS_getpid), RET_PID },
	} },

	{ "detach", .fn = t_detach },

	/* execve skipped: no exec happens, the tracee sees -ENOSYS */
	{ "execve_skipcall", body_execve_enosys, PTRACE_O_TRACEEXEC, .steps = {
		{ TO_ENTRY, ENTRY(SYS_execve) },
		{ PTRACE_VM, VM_SKIPCALL, ENTRY(SYS_exit_group) },
	} },

	/*
	 * execve with SKIPEXIT and PTRACE_O_TRACEEXEC: the exec event stop
	 * ends the tags; the exit stop is reported after it.
	 */
	{ "execve_skipexit_event", body_execve, PTRACE_O_TRACEEXEC,
	  .code = EXEC_CHILD_CODE, .steps = {
		{ TO_ENTRY, ENTRY(SYS_execve) },
		{ PTRACE_VM, VM_SKIPEXIT, EVENT(PTRACE_EVENT_EXEC),
		  .refuse = true },
		{ PTRACE_VM, EXIT(SYS_execve), RET(0) },
	} },

	/*
	 * execve with SKIPEXIT, no exec event: the legacy SIGTRAP comes, no
	 * exit stop before it.
	 */
	{ "execve_skipexit_legacy", body_execve, .code = EXEC_CHILD_CODE,
	  .steps = {
		{ TO_ENTRY, ENTRY(SYS_execve) },
		{ PTRACE_VM, VM_SKIPEXIT, SIGNAL(SIGTRAP), RET(0),
		  .refuse = true },
	} },

	/* A running tracee: ESRCH, whatever the tags */
	{ "esrch_not_stopped", body_pause, .kill = true, .steps = {
		{ PTRACE_CONT, .asleep = true },
		{ EVERY_VM, 0, .err = ESRCH },
		{ EVERY_VM, VM_SKIPCALL, .err = ESRCH },
		{ EVERY_VM, 0x80, .err = ESRCH },
	} },

	/* A process we do not trace: ESRCH */
	{ "esrch_not_tracer", NULL, .kill = true, .steps = {
		{ EVERY_VM, 0, .err = ESRCH },
		{ EVERY_VM, VM_SKIPEXIT, .err = ESRCH },
	} },

	/* VM_SINGLESTEP + SKIPCALL: not run, the step trap follows it */
	{ "singlestep_skipcall", body_getpid_fake, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ PTRACE_VM_SINGLESTEP, VM_SKIPCALL, .set_ret = FAKE_RET,
		  SIGNAL(SIGTRAP), RET(FAKE_RET), .same_ip = true },
	} },

	/* VM_SINGLESTEP + SKIPEXIT: the call runs, the step trap follows */
	{ "singlestep_skipexit", body_getpid, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ PTRACE_VM_SINGLESTEP, VM_SKIPEXIT, SIGNAL(SIGTRAP), RET_PID },
	} },

	/* VM_SINGLEBLOCK + SKIPCALL */
	{ "singleblock_skipcall", body_getpid_fake, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ PTRACE_VM_SINGLEBLOCK, VM_SKIPCALL, .set_ret = FAKE_RET,
		  SIGNAL(SIGTRAP), RET(FAKE_RET) },
	} },

	/* VM_CONT + SKIPCALL: skipped, then no more stops */
	{ "cont_skipcall", body_getpid_fake, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ PTRACE_VM_CONT, VM_SKIPCALL, .set_ret = FAKE_RET, EXITED(0) },
	} },

	/* VM_CONT without tags from the initial stop: no syscall stops */
	{ "cont_no_stops", body_getpid_twice,
	  .steps = { { PTRACE_VM_CONT, EXITED(0) } } },

	/* SKIPCALL never reaches the next, unrelated call */
	{ "skipcall_no_leak", body_getpid_getppid, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ PTRACE_VM, VM_SKIPCALL, ENTRY(SYS_getppid) },
		{ PTRACE_VM, EXIT(SYS_getppid), RET_PPID },
	} },

	/*
	 * The 2009 pitfall: a tag given with a resume that reports no exit
	 * stop (VM_CONT) must not suppress the exit stop of a later call
	 * reached after a signal stop and a plain PTRACE_SYSCALL.
	 */
	{ "cont_skipexit_no_leak", body_sigusr1, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ PTRACE_VM_CONT, VM_SKIPEXIT, SIGNAL(SIGUSR1) },
		{ PTRACE_SYSCALL, ENTRY(SYS_getppid) },
		{ PTRACE_SYSCALL, EXIT(SYS_getppid) },
	} },

	/* Same, with VM_SINGLESTEP + SKIPCALL, then plain syscall stops */
	{ "singlestep_skipcall_no_leak", body_getpid_twice, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ PTRACE_VM_SINGLESTEP, VM_SKIPEXIT, SIGNAL(SIGTRAP) },
		{ PTRACE_SYSCALL, ENTRY(SYS_getpid) },
		{ PTRACE_SYSCALL, EXIT(SYS_getpid), RET_PID },
	} },
};

#define NCASES	((int)(sizeof(cases) / sizeof(cases[0])))

static int vm_present;

/*
 * Is PTRACE_VM there?  Ask with an unknown tag bit at a signal-delivery
 * stop: the patched kernel refuses it with EINVAL and leaves the tracee
 * stopped, an unpatched one fails the unknown request with EIO.
 */
static int detect(void)
{
	int status, err, ret = -1;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (ptrace(PTRACE_TRACEME, 0, 0, 0))
			_exit(99);
		raise(SIGSTOP);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) == pid && WIFSTOPPED(status)) {
		err = resume(pid, PTRACE_VM, 0x80, 0);
		if (err == EINVAL)
			ret = 1;
		else if (err == EIO)
			ret = 0;
		else
			fprintf(stderr, "# probe: unexpected error %s\n",
				strerror(err));
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return ret;
}

int main(int argc, char **argv)
{
	const char *env = getenv("PTRACE_VM_REQUIRE");
	int require = env && *env && strcmp(env, "0");
	const char *filter = NULL;
	struct test tests[NCASES];
	const char *reason;
	int i, fails;

	if (argc > 1 && !strcmp(argv[1], EXEC_CHILD_ARG))
		return EXEC_CHILD_CODE;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-r") || !strcmp(argv[i], "--require"))
			require = 1;
		else if (argv[i][0] == '-') {
			fprintf(stderr, "usage: %s [-r|--require] [NAME]\n",
				argv[0]);
			return 2;
		} else {
			filter = argv[i];
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);

	vm_present = detect();
	if (vm_present < 0) {
		printf("Bail out! cannot probe PTRACE_VM\n");
		return 1;
	}
	reason = "PTRACE_VM absent (EIO)";
	if (!vm_present) {
		printf("# PTRACE_VM absent: this kernel fails the request with EIO%s\n",
		       require ? " (required: failing)" : "");
		if (require) {
			printf("TAP version 13\n1..1\nnot ok 1 probe # %s\n",
			       reason);
			return 1;
		}
	}
	for (i = 0; i < NCASES; i++)
		tests[i] = (struct test){
			.name = cases[i].name,
			.run = run_case,
			.arg = &cases[i],
			.needs_vm = cases[i].stock ? -1 : 1,
		};
	fails = run_tests(tests, NCASES, vm_present, reason, filter);
	return fails ? 1 : 0;
}
