// SPDX-License-Identifier: GPL-2.0
/*
 * The tracer side of the PTRACE_VM conformance suite, see tracer.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../include/ptrace_vm.h"
#include "harness.h"
#include "tracer.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

int tpipe[2];

static const char *const kind_name[] = {
	"no", "exited", "killed", "syscall-entry", "syscall-exit", "signal",
	"event",
};

static const long vm_requests[] = {
	PTRACE_VM, PTRACE_VM_SINGLESTEP, PTRACE_VM_SINGLEBLOCK, PTRACE_VM_CONT,
};

/* Issue a resume request; 0 or the errno it failed with. */
int resume(pid_t pid, long req, unsigned long addr, long sig)
{
	errno = 0;
	if (ptrace(req, pid, addr, sig) == -1)
		return errno;
	return 0;
}

void wait_stop(pid_t pid, struct stop *st)
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
void step(pid_t pid, long req, unsigned long addr, long sig, struct stop *st)
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

void expect_stop(const struct stop *st, enum stop_kind kind, long nr)
{
	if (st->kind != kind || ((kind == S_ENTRY || kind == S_EXIT) &&
				 st->nr != nr)) {
		DIAG("expected %s stop (nr %ld), got %s stop sig %d nr %ld",
		     kind_name[kind], nr, kind_name[st->kind], st->sig,
		     st->nr);
		test_fail();
	}
}

void expect_signal(const struct stop *st, int sig)
{
	if (st->kind != S_SIGNAL || st->sig != sig) {
		DIAG("expected signal stop %d, got %s stop sig %d",
		     sig, kind_name[st->kind], st->sig);
		test_fail();
	}
}

/*
 * Resume with PTRACE_VM, no tags, until the entry stop of syscall @what
 * (@kind S_ENTRY) or the signal stop of signal @what (S_SIGNAL).
 */
static void run_to(pid_t pid, enum stop_kind kind, long what,
		   struct stop *st)
{
	int i;

	for (i = 0; i < 1000; i++) {
		step(pid, PTRACE_VM, 0, 0, st);
		if (st->kind == kind &&
		    (kind == S_ENTRY ? st->nr == what : st->sig == what))
			return;
		if (st->kind == S_EXITED || st->kind == S_KILLED)
			break;
	}
	DIAG("tracee never reached the %s stop of %ld", kind_name[kind],
	     what);
	test_fail();
}

void run_to_entry(pid_t pid, long nr, struct stop *st)
{
	run_to(pid, S_ENTRY, nr, st);
}

void run_to_signal(pid_t pid, int sig, struct stop *st)
{
	run_to(pid, S_SIGNAL, sig, st);
}

/* Let a stopped tracee run to its end; its exit code, -1 if killed. */
int finish(pid_t pid)
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
void assert_still_stopped(pid_t pid)
{
	struct user_regs_struct regs;
	int status;

	ASSERT_EQ(waitpid(pid, &status, __WALL | WNOHANG), 0);
	ASSERT_OK(ptrace(PTRACE_GETREGS, pid, 0, &regs));
}

/*
 * Each PTRACE_VM request with @tags and @sig fails with @err; a tracee in
 * a stop stays in it.
 */
void every_vm_request_fails(pid_t pid, unsigned long tags, long sig, int err)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vm_requests); i++) {
		ASSERT_EQ(resume(pid, vm_requests[i], tags, sig), err);
		if (err != ESRCH)
			assert_still_stopped(pid);
	}
}

/* Every PTRACE_VM request with any tag fails EINVAL at this stop. */
void assert_tags_refused(pid_t pid)
{
	unsigned long tags;

	for (tags = 1; tags <= VM_TAGS_MASK; tags++)
		every_vm_request_fails(pid, tags, 0, EINVAL);
}

void set_ret(pid_t pid, long val)
{
	struct user_regs_struct regs;

	ASSERT_OK(ptrace(PTRACE_GETREGS, pid, 0, &regs));
	regs.rax = val;
	ASSERT_OK(ptrace(PTRACE_SETREGS, pid, 0, &regs));
}

void wait_sleeping(pid_t pid)
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

/* A child that pauses for ever, not traced. */
pid_t fork_pauser(void)
{
	pid_t pid = fork();

	ASSERT_TRUE(pid >= 0);
	if (pid == 0) {
		for (;;)
			pause();
	}
	return pid;
}

void kill_tracee(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, __WALL);
}

/* Resume as @s says and wait for the stop it leads to. */
static void resume_step(pid_t pid, const struct vm_step *s, struct stop *st)
{
	if (s->set_ret)
		set_ret(pid, s->set_ret);
	if (s->feed)
		ASSERT_EQ(write(tpipe[1], "x", 1), 1);
	switch (s->req) {
	case TO_ENTRY:
		run_to_entry(pid, s->nr, st);
		return;
	case TO_SIGNAL:
		run_to_signal(pid, s->sig, st);
		return;
	case AT_STOP:
		return;
	}
	if (!s->asleep) {
		step(pid, s->req, s->tags, s->deliver, st);
		return;
	}
	ASSERT_EQ(resume(pid, s->req, s->tags, s->deliver), 0);
	wait_sleeping(pid);
	if (s->interrupt) {
		ASSERT_OK(kill(pid, s->interrupt));
		wait_stop(pid, st);
	}
}

/* Check the stop @st that @s reached; @ip is the stop's before. */
static void check_stop(pid_t pid, const struct vm_step *s,
		       const struct stop *st, unsigned long long ip)
{
	siginfo_t si;

	switch (s->kind) {
	case S_NONE:
		break;
	case S_ENTRY:
	case S_EXIT:
		expect_stop(st, s->kind, s->nr);
		break;
	case S_SIGNAL:
		expect_signal(st, s->sig);
		break;
	case S_EVENT:
		ASSERT_EQ(st->kind, S_EVENT);
		ASSERT_EQ(st->event, s->event);
		if (s->nr)
			EXPECT_EQ(st->nr, s->nr);
		break;
	default:
		ASSERT_EQ(st->kind, s->kind);
		ASSERT_EQ(st->sig, s->sig);
	}
	if (s->check == RET_IS)
		EXPECT_EQ(st->ret, s->ret);
	else if (s->check == RET_TRACEE_PID)
		EXPECT_EQ(st->ret, pid);
	else if (s->check == RET_TRACER_PID)
		EXPECT_EQ(st->ret, getpid());
	if (s->same_ip)
		EXPECT_EQ(st->ip, ip);
	if (s->group_stop)
		ASSERT_ERRNO(ptrace(PTRACE_GETSIGINFO, pid, 0, &si), EINVAL);
	if (s->refuse)
		assert_tags_refused(pid);
}

enum stop_kind play(pid_t pid, const struct vm_step *s)
{
	struct stop st = { .kind = S_NONE };
	unsigned long long ip;

	for (; s->req; s++) {
		if (s->req == EVERY_VM) {
			every_vm_request_fails(pid, s->tags, s->deliver,
					       s->err);
			continue;
		}
		if (s->err) {
			ASSERT_EQ(resume(pid, s->req, s->tags, s->deliver),
				  s->err);
			assert_still_stopped(pid);
			continue;
		}
		ip = st.ip;
		resume_step(pid, s, &st);
		check_stop(pid, s, &st, ip);
	}
	return st.kind;
}
