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
static int tpipe[2];
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
/* Tracer side */

enum stop_kind { S_EXITED, S_KILLED, S_ENTRY, S_EXIT, S_SIGNAL, S_EVENT };

static const char *const kind_name[] = {
	"exited", "killed", "syscall-entry", "syscall-exit", "signal",
	"event",
};

struct stop {
	enum stop_kind kind;
	int sig;	/* stop signal, exit code or killing signal */
	int event;	/* PTRACE_EVENT_* for S_EVENT */
	long nr;	/* orig_rax at any stop */
	long ret;	/* rax at any stop */
	unsigned long long ip;
};

static const long vm_requests[] = {
	PTRACE_VM, PTRACE_VM_SINGLESTEP, PTRACE_VM_SINGLEBLOCK, PTRACE_VM_CONT,
};

/* Issue a resume request; 0 or the errno it failed with. */
static int resume(pid_t pid, long req, unsigned long addr, long sig)
{
	errno = 0;
	if (ptrace(req, pid, addr, sig) == -1)
		return errno;
	return 0;
}

static void wait_stop(pid_t pid, struct stop *st)
{
	struct __ptrace_syscall_info info;
	struct user_regs_struct regs;
	int status;

	memset(st, 0, sizeof(*st));
	ASSERT_EQ(waitpid(pid, &status, __WALL), pid);
	if (WIFEXITED(status)) {
		st->kind = S_EXITED;
		st->sig = WEXITSTATUS(status);
		return;
	}
	if (WIFSIGNALED(status)) {
		st->kind = S_KILLED;
		st->sig = WTERMSIG(status);
		return;
	}
	ASSERT_TRUE(WIFSTOPPED(status));
	st->sig = WSTOPSIG(status);
	st->event = status >> 16;
	ASSERT_OK(ptrace(PTRACE_GETREGS, pid, 0, &regs));
	st->nr = (long)regs.orig_rax;
	st->ret = (long)regs.rax;
	st->ip = regs.rip;
	if (st->sig == (SIGTRAP | 0x80)) {
		ASSERT_GT(ptrace(PTRACE_GET_SYSCALL_INFO, pid, sizeof(info),
				 &info), 0);
		if (info.op == PTRACE_SYSCALL_INFO_ENTRY) {
			st->kind = S_ENTRY;
		} else {
			ASSERT_EQ(info.op, PTRACE_SYSCALL_INFO_EXIT);
			st->kind = S_EXIT;
		}
	} else if (st->event) {
		st->kind = S_EVENT;
	} else {
		st->kind = S_SIGNAL;
	}
}

/* Resume (the request must succeed) and wait for the next stop. */
static void step(pid_t pid, long req, unsigned long addr, long sig,
		 struct stop *st)
{
	int err = resume(pid, req, addr, sig);

	if (err) {
		/* Kernels without these (UML) skip the tests that need them. */
		if (err == EIO && req == PTRACE_SYSEMU)
			test_skip("PTRACE_SYSEMU is not offered by this kernel");
		if (err == EIO && req == PTRACE_VM_SINGLEBLOCK)
			test_skip("no block stepping on this kernel");
		DIAG("resume request %#lx addr %#lx sig %ld: %s", req, addr,
		     sig, strerror(err));
		test_fail();
	}
	wait_stop(pid, st);
}

static void expect_stop(const struct stop *st, enum stop_kind kind, long nr)
{
	if (st->kind != kind || ((kind == S_ENTRY || kind == S_EXIT) &&
				 st->nr != nr)) {
		DIAG("expected %s stop (nr %ld), got %s stop sig %d nr %ld",
		     kind_name[kind], nr, kind_name[st->kind], st->sig,
		     st->nr);
		test_fail();
	}
}

#define EXPECT_ENTRY(st, nr)	expect_stop(st, S_ENTRY, nr)
#define EXPECT_EXIT(st, nr)	expect_stop(st, S_EXIT, nr)

static void expect_signal(const struct stop *st, int sig)
{
	if (st->kind != S_SIGNAL || st->sig != sig) {
		DIAG("expected signal stop %d, got %s stop sig %d",
		     sig, kind_name[st->kind], st->sig);
		test_fail();
	}
}

/* Resume with PTRACE_VM, no tags, until the entry stop of @nr. */
static void run_to_entry(pid_t pid, long nr, struct stop *st)
{
	int i;

	for (i = 0; i < 1000; i++) {
		step(pid, PTRACE_VM, 0, 0, st);
		if (st->kind == S_ENTRY && st->nr == nr)
			return;
		if (st->kind == S_EXITED || st->kind == S_KILLED)
			break;
	}
	DIAG("tracee never entered syscall %ld", nr);
	test_fail();
}

static void run_to_signal(pid_t pid, int sig, struct stop *st)
{
	int i;

	for (i = 0; i < 1000; i++) {
		step(pid, PTRACE_VM, 0, 0, st);
		if (st->kind == S_SIGNAL && st->sig == sig)
			return;
		if (st->kind == S_EXITED || st->kind == S_KILLED)
			break;
	}
	DIAG("tracee never stopped with signal %d", sig);
	test_fail();
}

/* Let a stopped tracee run to its end; its exit code, -1 if killed. */
static int finish(pid_t pid)
{
	struct stop st;
	int i;

	for (i = 0; i < 1000; i++) {
		step(pid, PTRACE_CONT, 0, 0, &st);
		if (st.kind == S_EXITED)
			return st.sig;
		if (st.kind == S_KILLED) {
			DIAG("tracee killed by signal %d", st.sig);
			return -1;
		}
	}
	return -1;
}

/* The tracee must still be in its stop: nothing resumed it. */
static void assert_still_stopped(pid_t pid)
{
	struct user_regs_struct regs;
	int status;

	ASSERT_EQ(waitpid(pid, &status, __WALL | WNOHANG), 0);
	ASSERT_OK(ptrace(PTRACE_GETREGS, pid, 0, &regs));
}

/* Every PTRACE_VM request with any tag fails EINVAL at this stop. */
static void assert_tags_refused(pid_t pid)
{
	unsigned long tags;
	unsigned int i;

	for (i = 0; i < sizeof(vm_requests) / sizeof(vm_requests[0]); i++)
		for (tags = 1; tags <= VM_TAGS_MASK; tags++)
			ASSERT_EQ(resume(pid, vm_requests[i], tags, 0), EINVAL);
	assert_still_stopped(pid);
}

static void set_ret(pid_t pid, long val)
{
	struct user_regs_struct regs;

	ASSERT_OK(ptrace(PTRACE_GETREGS, pid, 0, &regs));
	regs.rax = val;
	ASSERT_OK(ptrace(PTRACE_SETREGS, pid, 0, &regs));
}

static void wait_sleeping(pid_t pid)
{
	char path[64], buf[256], *p;
	int i, fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	for (i = 0; i < 5000; i++) {
		fd = open(path, O_RDONLY);
		ASSERT_TRUE(fd >= 0);
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		ASSERT_GT(n, 0);
		buf[n] = 0;
		p = strrchr(buf, ')');
		if (p && p[1] == ' ' && p[2] == 'S')
			return;
		usleep(1000);
	}
	DIAG("tracee never went to sleep");
	test_fail();
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
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getpid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE | 0x55),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
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

static int vm_present;

/* Unknown tag bits at a signal-delivery stop: EINVAL here, EIO unpatched */
static void t_probe(void)
{
	pid_t pid = spawn(body_getpid, 0);
	int err = resume(pid, PTRACE_VM, 0x80, 0);

	ASSERT_EQ(err, EINVAL);
	assert_still_stopped(pid);
	ASSERT_EQ(finish(pid), 0);
}

/*
 * A kernel without PTRACE_VM: each of its requests fails with EIO, as
 * any unknown request does, and leaves the tracee stopped and usable.
 */
static void t_absent_eio(void)
{
	pid_t pid = spawn(body_getpid, 0);
	unsigned int i;

	for (i = 0; i < sizeof(vm_requests) / sizeof(vm_requests[0]); i++) {
		ASSERT_EQ(resume(pid, vm_requests[i], VM_SKIPCALL, 0), EIO);
		assert_still_stopped(pid);
	}
	ASSERT_EQ(finish(pid), 0);
}

/* No tag: the call runs and its exit stop is reported */
static void t_no_tag_exit_stop(void)
{
	pid_t pid = spawn(body_getpid_getppid, 0);
	struct stop st;

	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_ENTRY(&st, SYS_getpid);
	EXPECT_EQ(st.ret, -ENOSYS);
	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_EXIT(&st, SYS_getpid);
	EXPECT_EQ(st.ret, pid);
	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_ENTRY(&st, SYS_getppid);
	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_EXIT(&st, SYS_getppid);
	EXPECT_EQ(st.ret, getpid());
	ASSERT_EQ(finish(pid), 0);
}

/* SKIPCALL: not run, tracee sees the tracer's value, next stop = entry */
static void t_skipcall_sets_return(void)
{
	pid_t pid = spawn(body_getpid_fake, 0);
	struct stop st;

	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_ENTRY(&st, SYS_getpid);
	set_ret(pid, FAKE_RET);
	step(pid, PTRACE_VM, VM_SKIPCALL, 0, &st);
	EXPECT_ENTRY(&st, SYS_exit_group);
	EXPECT_EQ(st.ret, -ENOSYS);
	ASSERT_EQ(finish(pid), 0);
}

/* SKIPCALL with nothing written: the entry value, -ENOSYS on x86 */
static void t_skipcall_default_enosys(void)
{
	pid_t pid = spawn(body_getpid_enosys, 0);
	struct stop st;

	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_ENTRY(&st, SYS_getpid);
	EXPECT_EQ(st.ret, -ENOSYS);
	step(pid, PTRACE_VM, VM_SKIPCALL, 0, &st);
	EXPECT_ENTRY(&st, SYS_exit_group);
	ASSERT_EQ(finish(pid), 0);
}

/* SKIPCALL and SKIPEXIT together act as SKIPCALL */
static void t_skipcall_skipexit_both(void)
{
	pid_t pid = spawn(body_getpid_fake, 0);
	struct stop st;

	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_ENTRY(&st, SYS_getpid);
	set_ret(pid, FAKE_RET);
	step(pid, PTRACE_VM, VM_SKIPCALL | VM_SKIPEXIT, 0, &st);
	EXPECT_ENTRY(&st, SYS_exit_group);
	ASSERT_EQ(finish(pid), 0);
}

/* SKIPEXIT: the call runs, no exit stop, next stop = next entry */
static void t_skipexit_runs_call(void)
{
	pid_t pid = spawn(body_getpid_twice, 0);
	struct stop st;

	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_ENTRY(&st, SYS_getpid);
	step(pid, PTRACE_VM, VM_SKIPEXIT, 0, &st);
	EXPECT_ENTRY(&st, SYS_getpid);
	EXPECT_EQ(st.ret, -ENOSYS);
	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_EXIT(&st, SYS_getpid);
	EXPECT_EQ(st.ret, pid);
	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_ENTRY(&st, SYS_exit_group);
	ASSERT_EQ(finish(pid), 0);
}

/* The 2009 UML host probe: SKIPEXIT at getpid lands on pipe's entry,
 * SKIPCALL at pipe leaves the fds untouched. */
static void t_uml_probe_getpid_pipe(void)
{
	pid_t pid = spawn(body_getpid_pipe, 0);
	struct stop st;

	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_ENTRY(&st, SYS_getpid);
	step(pid, PTRACE_VM, VM_SKIPEXIT, 0, &st);
	EXPECT_ENTRY(&st, SYS_pipe);
	step(pid, PTRACE_VM, VM_SKIPCALL, 0, &st);
	EXPECT_ENTRY(&st, SYS_exit_group);
	ASSERT_EQ(finish(pid), 0);
}

/* A skipped write leaves nothing in the pipe */
static void t_skipcall_write_no_side_effect(void)
{
	struct stop st;
	pid_t pid;
	int n = -1;

	ASSERT_OK(pipe(tpipe));
	pid = spawn(body_write_pipe, 0);
	run_to_entry(pid, SYS_write, &st);
	step(pid, PTRACE_VM, VM_SKIPCALL, 0, &st);
	EXPECT_ENTRY(&st, SYS_ioctl);
	ASSERT_EQ(finish(pid), 0);
	ASSERT_OK(ioctl(tpipe[0], FIONREAD, &n));
	EXPECT_EQ(n, 0);
}

/* Tags at a syscall-exit stop: EINVAL, nothing resumed */
static void t_tags_at_exit_stop_einval(void)
{
	pid_t pid = spawn(body_getpid, 0);
	struct stop st;

	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_ENTRY(&st, SYS_getpid);
	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_EXIT(&st, SYS_getpid);
	assert_tags_refused(pid);
	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_ENTRY(&st, SYS_exit_group);
	ASSERT_EQ(finish(pid), 0);
}

/* Tags at a signal-delivery stop: EINVAL */
static void t_tags_at_signal_stop_einval(void)
{
	pid_t pid = spawn(body_sigusr1, 0);
	struct stop st;

	assert_tags_refused(pid);	/* the initial SIGSTOP stop */
	run_to_signal(pid, SIGUSR1, &st);
	assert_tags_refused(pid);
	step(pid, PTRACE_VM, 0, 0, &st);	/* suppress SIGUSR1 */
	EXPECT_ENTRY(&st, SYS_getppid);
	ASSERT_EQ(finish(pid), 0);
}

/* Tags at a group-stop: EINVAL */
static void t_tags_at_group_stop_einval(void)
{
	pid_t pid = spawn(body_sigstop, 0);
	siginfo_t si;
	struct stop st;

	run_to_signal(pid, SIGSTOP, &st);
	step(pid, PTRACE_VM, 0, SIGSTOP, &st);	/* enter group-stop */
	expect_signal(&st, SIGSTOP);
	ASSERT_ERRNO(ptrace(PTRACE_GETSIGINFO, pid, 0, &si), EINVAL);
	assert_tags_refused(pid);
	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_ENTRY(&st, SYS_getppid);
	ASSERT_EQ(finish(pid), 0);
}

/* Tags at a PTRACE_EVENT stop (exit event): EINVAL */
static void t_tags_at_event_stop_einval(void)
{
	pid_t pid = spawn(body_getpid, PTRACE_O_TRACEEXIT);
	struct stop st;

	run_to_entry(pid, SYS_exit_group, &st);
	step(pid, PTRACE_VM, VM_SKIPEXIT, 0, &st);
	ASSERT_EQ(st.kind, S_EVENT);
	ASSERT_EQ(st.event, PTRACE_EVENT_EXIT);
	assert_tags_refused(pid);
	step(pid, PTRACE_VM, 0, 0, &st);
	ASSERT_EQ(st.kind, S_EXITED);
	ASSERT_EQ(st.sig, 0);
}

/*
 * Tags at a fork event stop: EINVAL; the tags given at fork's entry end
 * there.  The new child starts without tags.
 */
static void t_tags_at_fork_event_einval(void)
{
	pid_t pid = spawn(body_fork, PTRACE_O_TRACEFORK);
	unsigned long child;
	struct stop st;

	run_to_entry(pid, SYS_fork, &st);
	step(pid, PTRACE_VM, VM_SKIPEXIT, 0, &st);
	ASSERT_EQ(st.kind, S_EVENT);
	ASSERT_EQ(st.event, PTRACE_EVENT_FORK);
	assert_tags_refused(pid);
	ASSERT_OK(ptrace(PTRACE_GETEVENTMSG, pid, 0, &child));
	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_EXIT(&st, SYS_fork);
	EXPECT_EQ(st.ret, (long)child);

	/* The child: auto-attached, in its initial SIGSTOP stop. */
	wait_stop(child, &st);
	expect_signal(&st, SIGSTOP);
	assert_tags_refused(child);
	step(child, PTRACE_VM, 0, 0, &st);
	EXPECT_ENTRY(&st, SYS_exit_group);
	ASSERT_EQ(finish(child), 0);
	ASSERT_EQ(finish(pid), 0);
}

/* Tags at a PTRACE_EVENT_STOP (PTRACE_SEIZE + PTRACE_INTERRUPT): EINVAL */
static void t_tags_at_interrupt_stop_einval(void)
{
	pid_t pid = fork();
	struct stop st;

	ASSERT_TRUE(pid >= 0);
	if (pid == 0) {
		body_pause();
		_exit(0);
	}
	ASSERT_OK(ptrace(PTRACE_SEIZE, pid, 0,
			 PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL));
	ASSERT_OK(ptrace(PTRACE_INTERRUPT, pid, 0, 0));
	wait_stop(pid, &st);
	ASSERT_EQ(st.kind, S_EVENT);
	ASSERT_EQ(st.event, PTRACE_EVENT_STOP);
	assert_tags_refused(pid);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, __WALL);
}

/*
 * Seccomp: the PTRACE_EVENT_SECCOMP stop is an event stop, tags there are
 * EINVAL.  Tags given at the entry stop end at that stop: resuming it with
 * PTRACE_VM reports the exit stop.
 */
static void t_seccomp_stop_tags_einval(void)
{
	struct stop st;
	pid_t pid;

	require_seccomp_filter();
	pid = spawn(body_seccomp_getpid, PTRACE_O_TRACESECCOMP);

	run_to_entry(pid, SYS_getpid, &st);
	step(pid, PTRACE_VM, VM_SKIPEXIT, 0, &st);
	ASSERT_EQ(st.kind, S_EVENT);
	ASSERT_EQ(st.event, PTRACE_EVENT_SECCOMP);
	EXPECT_EQ(st.nr, SYS_getpid);
	assert_tags_refused(pid);
	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_EXIT(&st, SYS_getpid);
	EXPECT_EQ(st.ret, pid);
	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_ENTRY(&st, SYS_exit_group);
	ASSERT_EQ(finish(pid), 0);
}

/* SKIPCALL at the entry stop: seccomp is not consulted, no seccomp stop */
static void t_seccomp_skipcall_no_seccomp_stop(void)
{
	struct stop st;
	pid_t pid;

	require_seccomp_filter();
	pid = spawn(body_seccomp_getpid_enosys, PTRACE_O_TRACESECCOMP);

	run_to_entry(pid, SYS_getpid, &st);
	step(pid, PTRACE_VM, VM_SKIPCALL, 0, &st);
	EXPECT_ENTRY(&st, SYS_exit_group);
	ASSERT_EQ(finish(pid), 0);
}

/* Unknown bits: EINVAL from every request, even at an entry stop */
static void t_unknown_bits_einval(void)
{
	static const unsigned long bad[] = {
		0x4, 0x8, 0x80, 0x80000000UL, VM_SKIPCALL | 0x100, ~0UL,
	};
	pid_t pid = spawn(body_getpid, 0);
	struct stop st;
	unsigned int i, j;

	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_ENTRY(&st, SYS_getpid);
	for (i = 0; i < sizeof(vm_requests) / sizeof(vm_requests[0]); i++)
		for (j = 0; j < sizeof(bad) / sizeof(bad[0]); j++)
			ASSERT_EQ(resume(pid, vm_requests[i], bad[j], 0),
				  EINVAL);
	assert_still_stopped(pid);
	/* Nothing was applied: the call runs with its exit stop. */
	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_EXIT(&st, SYS_getpid);
	EXPECT_EQ(st.ret, pid);
	ASSERT_EQ(finish(pid), 0);
}

/* An invalid signal: EIO, checked before the tags */
static void t_bad_signal_eio(void)
{
	pid_t pid = spawn(body_getpid, 0);
	struct stop st;
	unsigned int i;

	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_ENTRY(&st, SYS_getpid);
	for (i = 0; i < sizeof(vm_requests) / sizeof(vm_requests[0]); i++) {
		ASSERT_EQ(resume(pid, vm_requests[i], 0, 1000), EIO);
		ASSERT_EQ(resume(pid, vm_requests[i], VM_SKIPCALL, _NSIG + 1),
			  EIO);
		ASSERT_EQ(resume(pid, vm_requests[i], 0x80, -1), EIO);
	}
	assert_still_stopped(pid);
	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_EXIT(&st, SYS_getpid);
	ASSERT_EQ(finish(pid), 0);
}

/*
 * Restart: SKIPEXIT on a read that a signal interrupts; the signal stop
 * comes without an exit stop; the restarted read is a new syscall with its
 * own entry stop, and the old tag does not carry over to it.
 */
static void t_restart_does_not_carry_tags(void)
{
	struct stop st;
	pid_t pid;

	ASSERT_OK(pipe(tpipe));
	pid = spawn(body_read_pipe, 0);
	run_to_entry(pid, SYS_read, &st);
	ASSERT_EQ(resume(pid, PTRACE_VM, VM_SKIPEXIT, 0), 0);
	wait_sleeping(pid);
	ASSERT_OK(kill(pid, SIGUSR1));
	wait_stop(pid, &st);
	expect_signal(&st, SIGUSR1);
	assert_tags_refused(pid);
	step(pid, PTRACE_VM, 0, 0, &st);	/* suppress: the read restarts */
	EXPECT_ENTRY(&st, SYS_read);
	ASSERT_EQ(write(tpipe[1], "x", 1), 1);
	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_EXIT(&st, SYS_read);
	EXPECT_EQ(st.ret, 1);
	ASSERT_EQ(finish(pid), 0);
}

/* Restart with SKIPCALL at the restarted entry: only that one is skipped */
static void t_restart_skipcall(void)
{
	struct stop st;
	pid_t pid;
	int n = -1;

	ASSERT_OK(pipe(tpipe));
	pid = spawn(body_read_skipped, 0);
	run_to_entry(pid, SYS_read, &st);
	ASSERT_EQ(resume(pid, PTRACE_VM, 0, 0), 0);
	wait_sleeping(pid);
	ASSERT_OK(kill(pid, SIGUSR1));
	wait_stop(pid, &st);
	EXPECT_EXIT(&st, SYS_read);
	EXPECT_EQ(st.ret, -ERESTARTSYS);
	step(pid, PTRACE_VM, 0, 0, &st);
	expect_signal(&st, SIGUSR1);
	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_ENTRY(&st, SYS_read);
	ASSERT_EQ(write(tpipe[1], "x", 1), 1);
	set_ret(pid, 1);
	step(pid, PTRACE_VM, VM_SKIPCALL, 0, &st);
	EXPECT_ENTRY(&st, SYS_exit_group);
	ASSERT_EQ(finish(pid), 0);
	/* The byte is still in the pipe: the skipped read took nothing. */
	ASSERT_OK(ioctl(tpipe[0], FIONREAD, &n));
	EXPECT_EQ(n, 1);
}

/* Entry stop reached by PTRACE_SYSEMU, resumed by PTRACE_VM: tags decide */
static void t_sysemu_then_vm_runs_call(void)
{
	pid_t pid = spawn(body_getpid, 0);
	struct stop st;

	step(pid, PTRACE_SYSEMU, 0, 0, &st);
	EXPECT_ENTRY(&st, SYS_getpid);
	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_EXIT(&st, SYS_getpid);
	EXPECT_EQ(st.ret, pid);
	ASSERT_EQ(finish(pid), 0);
}

static void t_sysemu_then_vm_skipexit(void)
{
	pid_t pid = spawn(body_getpid_twice, 0);
	struct stop st;

	step(pid, PTRACE_SYSEMU, 0, 0, &st);
	EXPECT_ENTRY(&st, SYS_getpid);
	step(pid, PTRACE_VM, VM_SKIPEXIT, 0, &st);
	EXPECT_ENTRY(&st, SYS_getpid);
	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_EXIT(&st, SYS_getpid);
	ASSERT_EQ(finish(pid), 0);
}

static void t_sysemu_then_vm_skipcall(void)
{
	pid_t pid = spawn(body_getpid_fake, 0);
	struct stop st;

	step(pid, PTRACE_SYSEMU, 0, 0, &st);
	EXPECT_ENTRY(&st, SYS_getpid);
	set_ret(pid, FAKE_RET);
	step(pid, PTRACE_VM, VM_SKIPCALL, 0, &st);
	EXPECT_ENTRY(&st, SYS_exit_group);
	ASSERT_EQ(finish(pid), 0);
}

/* Entry stop reached by PTRACE_VM, resumed by PTRACE_SYSEMU: as stock */
static void t_vm_then_sysemu(void)
{
	pid_t pid = spawn(body_getpid_then_getppid_enosys, 0);
	struct stop st;

	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_ENTRY(&st, SYS_getpid);
	step(pid, PTRACE_SYSEMU, 0, 0, &st);
	EXPECT_ENTRY(&st, SYS_getppid);
	step(pid, PTRACE_SYSEMU, 0, 0, &st);
	EXPECT_ENTRY(&st, SYS_exit_group);
	/* Reached under SYSEMU: a plain request would skip exit_group too. */
	step(pid, PTRACE_VM_CONT, 0, 0, &st);
	ASSERT_EQ(st.kind, S_EXITED);
	ASSERT_EQ(st.sig, 0);
}

/* Plain requests ignore @addr as they always did */
static void t_plain_syscall_ignores_addr(void)
{
	pid_t pid = spawn(body_getpid, 0);
	struct stop st;

	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_ENTRY(&st, SYS_getpid);
	step(pid, PTRACE_SYSCALL, VM_SKIPCALL, 0, &st);
	EXPECT_EXIT(&st, SYS_getpid);
	EXPECT_EQ(st.ret, pid);
	ASSERT_EQ(finish(pid), 0);
}

/* DETACH at an entry stop after tagged calls: the tracee runs on normally */
static void t_detach(void)
{
	pid_t pid = spawn(body_getpid_getppid, 0);
	struct stop st;
	int status;

	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_ENTRY(&st, SYS_getpid);
	step(pid, PTRACE_VM, VM_SKIPEXIT, 0, &st);
	EXPECT_ENTRY(&st, SYS_getppid);
	ASSERT_OK(ptrace(PTRACE_DETACH, pid, 0, 0));
	ASSERT_ERRNO(ptrace(PTRACE_VM, pid, 0, 0), ESRCH);
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(WEXITSTATUS(status), 0);
}

/* execve skipped: no exec happens, the tracee sees -ENOSYS */
static void t_execve_skipcall(void)
{
	pid_t pid = spawn(body_execve_enosys, PTRACE_O_TRACEEXEC);
	struct stop st;

	run_to_entry(pid, SYS_execve, &st);
	step(pid, PTRACE_VM, VM_SKIPCALL, 0, &st);
	EXPECT_ENTRY(&st, SYS_exit_group);
	ASSERT_EQ(finish(pid), 0);
}

/* execve with SKIPEXIT and PTRACE_O_TRACEEXEC: the exec event stop ends
 * the tags; the exit stop is reported after it. */
static void t_execve_skipexit_event(void)
{
	pid_t pid = spawn(body_execve, PTRACE_O_TRACEEXEC);
	struct stop st;

	run_to_entry(pid, SYS_execve, &st);
	step(pid, PTRACE_VM, VM_SKIPEXIT, 0, &st);
	ASSERT_EQ(st.kind, S_EVENT);
	ASSERT_EQ(st.event, PTRACE_EVENT_EXEC);
	assert_tags_refused(pid);
	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_EXIT(&st, SYS_execve);
	EXPECT_EQ(st.ret, 0);
	ASSERT_EQ(finish(pid), EXEC_CHILD_CODE);
}

/* execve with SKIPEXIT, no exec event: the legacy SIGTRAP comes, no exit
 * stop before it. */
static void t_execve_skipexit_legacy(void)
{
	pid_t pid = spawn(body_execve, 0);
	struct stop st;

	run_to_entry(pid, SYS_execve, &st);
	step(pid, PTRACE_VM, VM_SKIPEXIT, 0, &st);
	expect_signal(&st, SIGTRAP);
	EXPECT_EQ(st.ret, 0);
	assert_tags_refused(pid);
	ASSERT_EQ(finish(pid), EXEC_CHILD_CODE);
}

/* A running tracee: ESRCH, whatever the tags */
static void t_esrch_not_stopped(void)
{
	pid_t pid = spawn(body_pause, 0);
	unsigned int i;

	ASSERT_EQ(resume(pid, PTRACE_CONT, 0, 0), 0);
	wait_sleeping(pid);
	for (i = 0; i < sizeof(vm_requests) / sizeof(vm_requests[0]); i++) {
		ASSERT_EQ(resume(pid, vm_requests[i], 0, 0), ESRCH);
		ASSERT_EQ(resume(pid, vm_requests[i], VM_SKIPCALL, 0), ESRCH);
		ASSERT_EQ(resume(pid, vm_requests[i], 0x80, 0), ESRCH);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, __WALL);
}

/* A process we do not trace: ESRCH */
static void t_esrch_not_tracer(void)
{
	pid_t pid = fork();
	unsigned int i;

	ASSERT_TRUE(pid >= 0);
	if (pid == 0) {
		body_pause();
		_exit(0);
	}
	for (i = 0; i < sizeof(vm_requests) / sizeof(vm_requests[0]); i++) {
		ASSERT_EQ(resume(pid, vm_requests[i], 0, 0), ESRCH);
		ASSERT_EQ(resume(pid, vm_requests[i], VM_SKIPEXIT, 0), ESRCH);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* VM_SINGLESTEP + SKIPCALL: not run, the step trap follows the syscall */
static void t_singlestep_skipcall(void)
{
	pid_t pid = spawn(body_getpid_fake, 0);
	struct stop st;
	unsigned long long ip;

	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_ENTRY(&st, SYS_getpid);
	ip = st.ip;
	set_ret(pid, FAKE_RET);
	step(pid, PTRACE_VM_SINGLESTEP, VM_SKIPCALL, 0, &st);
	expect_signal(&st, SIGTRAP);
	EXPECT_EQ(st.ret, FAKE_RET);
	EXPECT_EQ(st.ip, ip);
	ASSERT_EQ(finish(pid), 0);
}

/* VM_SINGLESTEP + SKIPEXIT: the call runs, the step trap follows */
static void t_singlestep_skipexit(void)
{
	pid_t pid = spawn(body_getpid, 0);
	struct stop st;

	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_ENTRY(&st, SYS_getpid);
	step(pid, PTRACE_VM_SINGLESTEP, VM_SKIPEXIT, 0, &st);
	expect_signal(&st, SIGTRAP);
	EXPECT_EQ(st.ret, pid);
	ASSERT_EQ(finish(pid), 0);
}

/* VM_SINGLEBLOCK + SKIPCALL */
static void t_singleblock_skipcall(void)
{
	pid_t pid = spawn(body_getpid_fake, 0);
	struct stop st;

	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_ENTRY(&st, SYS_getpid);
	set_ret(pid, FAKE_RET);
	step(pid, PTRACE_VM_SINGLEBLOCK, VM_SKIPCALL, 0, &st);
	expect_signal(&st, SIGTRAP);
	EXPECT_EQ(st.ret, FAKE_RET);
	ASSERT_EQ(finish(pid), 0);
}

/* VM_CONT + SKIPCALL: skipped, then no more stops */
static void t_cont_skipcall(void)
{
	pid_t pid = spawn(body_getpid_fake, 0);
	struct stop st;

	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_ENTRY(&st, SYS_getpid);
	set_ret(pid, FAKE_RET);
	step(pid, PTRACE_VM_CONT, VM_SKIPCALL, 0, &st);
	ASSERT_EQ(st.kind, S_EXITED);
	ASSERT_EQ(st.sig, 0);
}

/* VM_CONT without tags from the initial stop: no syscall stops at all */
static void t_cont_no_stops(void)
{
	pid_t pid = spawn(body_getpid_twice, 0);
	struct stop st;

	step(pid, PTRACE_VM_CONT, 0, 0, &st);
	ASSERT_EQ(st.kind, S_EXITED);
	ASSERT_EQ(st.sig, 0);
}

/* SKIPCALL never reaches the next, unrelated call */
static void t_skipcall_no_leak(void)
{
	pid_t pid = spawn(body_getpid_getppid, 0);
	struct stop st;

	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_ENTRY(&st, SYS_getpid);
	step(pid, PTRACE_VM, VM_SKIPCALL, 0, &st);
	EXPECT_ENTRY(&st, SYS_getppid);
	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_EXIT(&st, SYS_getppid);
	EXPECT_EQ(st.ret, getpid());
	ASSERT_EQ(finish(pid), 0);
}

/*
 * The 2009 pitfall: a tag given with a resume that reports no exit stop
 * (VM_CONT) must not suppress the exit stop of a later call reached after
 * a signal stop and a plain PTRACE_SYSCALL.
 */
static void t_cont_skipexit_no_leak(void)
{
	pid_t pid = spawn(body_sigusr1, 0);
	struct stop st;

	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_ENTRY(&st, SYS_getpid);
	step(pid, PTRACE_VM_CONT, VM_SKIPEXIT, 0, &st);
	expect_signal(&st, SIGUSR1);
	step(pid, PTRACE_SYSCALL, 0, 0, &st);
	EXPECT_ENTRY(&st, SYS_getppid);
	step(pid, PTRACE_SYSCALL, 0, 0, &st);
	EXPECT_EXIT(&st, SYS_getppid);
	ASSERT_EQ(finish(pid), 0);
}

/* Same, with VM_SINGLESTEP + SKIPCALL then plain stepping and syscalls */
static void t_singlestep_skipcall_no_leak(void)
{
	pid_t pid = spawn(body_getpid_twice, 0);
	struct stop st;

	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_ENTRY(&st, SYS_getpid);
	step(pid, PTRACE_VM_SINGLESTEP, VM_SKIPEXIT, 0, &st);
	expect_signal(&st, SIGTRAP);
	step(pid, PTRACE_SYSCALL, 0, 0, &st);
	EXPECT_ENTRY(&st, SYS_getpid);
	step(pid, PTRACE_SYSCALL, 0, 0, &st);
	EXPECT_EXIT(&st, SYS_getpid);
	EXPECT_EQ(st.ret, pid);
	ASSERT_EQ(finish(pid), 0);
}

#define T(fn)	{ #fn + 2, fn, 1 }

static const struct test tests[] = {
	{ "absent", t_absent_eio, -1 },
	{ "probe", t_probe, 1 },
	T(t_no_tag_exit_stop),
	T(t_skipcall_sets_return),
	T(t_skipcall_default_enosys),
	T(t_skipcall_skipexit_both),
	T(t_skipexit_runs_call),
	T(t_uml_probe_getpid_pipe),
	T(t_skipcall_write_no_side_effect),
	T(t_tags_at_exit_stop_einval),
	T(t_tags_at_signal_stop_einval),
	T(t_tags_at_group_stop_einval),
	T(t_tags_at_event_stop_einval),
	T(t_tags_at_fork_event_einval),
	T(t_tags_at_interrupt_stop_einval),
	T(t_seccomp_stop_tags_einval),
	T(t_seccomp_skipcall_no_seccomp_stop),
	T(t_unknown_bits_einval),
	T(t_bad_signal_eio),
	T(t_restart_does_not_carry_tags),
	T(t_restart_skipcall),
	T(t_sysemu_then_vm_runs_call),
	T(t_sysemu_then_vm_skipexit),
	T(t_sysemu_then_vm_skipcall),
	T(t_vm_then_sysemu),
	T(t_plain_syscall_ignores_addr),
	T(t_detach),
	T(t_execve_skipcall),
	T(t_execve_skipexit_event),
	T(t_execve_skipexit_legacy),
	T(t_esrch_not_stopped),
	T(t_esrch_not_tracer),
	T(t_singlestep_skipcall),
	T(t_singlestep_skipexit),
	T(t_singleblock_skipcall),
	T(t_cont_skipcall),
	T(t_cont_no_stops),
	T(t_skipcall_no_leak),
	T(t_cont_skipexit_no_leak),
	T(t_singlestep_skipcall_no_leak),
};

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
	fails = run_tests(tests, sizeof(tests) / sizeof(tests[0]), vm_present,
			  reason, filter);
	return fails ? 1 : 0;
}
