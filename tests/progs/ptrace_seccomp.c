// SPDX-License-Identifier: GPL-2.0
/*
 * A guest tracer and its tracee's own seccomp filter: SECCOMP_RET_TRACE
 * stops the tracee with PTRACE_EVENT_SECCOMP when the tracer set
 * PTRACE_O_TRACESECCOMP (the filter's data in PTRACE_GETEVENTMSG), and
 * fails the call with ENOSYS when it did not.  At the stop the tracer may
 * let the call run, skip it with a result of its own, change it into
 * another call, or ask for its exit stop; with PTRACE_SYSCALL the stops
 * come in the order entry, seccomp, exit.
 */
#include "tests.h"
#include "seccomp_filter.h"
#include "tracer.h"
#include <sys/prctl.h>

#define DATA_PPID	0x123
#define DATA_TID	0x456

static int install_filter(void)
{
	struct sock_filter f[] = {
		FILTER_X86_64(SECCOMP_RET_ALLOW),
		FILTER_CALL(SYS_getppid, SECCOMP_RET_TRACE | DATA_PPID),
		FILTER_CALL(SYS_gettid, SECCOMP_RET_TRACE | DATA_TID),
		FILTER_RET(SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(f) / sizeof(f[0]), f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -1;
	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

/* The tracee: each result goes to the tracer's pipe as one long. */
static void tracee(int fd, int arg)
{
	long r[8];
	int n = 0;

	(void)arg;
	if (ptrace(PTRACE_TRACEME, 0, 0, 0))
		_exit(10);
	if (install_filter())
		_exit(11);
	kill(getpid(), SIGSTOP);
	r[n++] = raw0(SYS_getppid);	/* runs */
	r[n++] = raw0(SYS_gettid);	/* skipped: 777 */
	r[n++] = raw0(SYS_getppid);	/* result changed at its exit: 4242 */
	r[n++] = raw0(SYS_getppid);	/* turned into getpid */
	kill(getpid(), SIGSTOP);	/* the tracer drops TRACESECCOMP */
	r[n++] = raw0(SYS_getppid);	/* ENOSYS */
	kill(getpid(), SIGSTOP);	/* the tracer asks for syscall stops */
	r[n++] = raw0(SYS_gettid);	/* entry, seccomp, exit */
	if (write(fd, r, sizeof(r[0]) * n) < 0)
		_exit(12);
	_exit(0);
}

#define SECCOMP_STOP	(SIGTRAP | PTRACE_EVENT_SECCOMP << 8)

/* Resume with @req and expect a seccomp stop for @nr with @data. */
static int seccomp_stop(pid_t pid, int req, long nr, unsigned long data)
{
	unsigned long msg = 0;

	ptrace(req, pid, 0, 0);
	if (stop_of(pid) != SECCOMP_STOP)
		return 0;
	if (ptrace(PTRACE_GETEVENTMSG, pid, 0, &msg))
		return 0;
	return msg == data && reg(pid, OFF(orig_rax)) == nr;
}

int main(void)
{
	int results, st, s;
	long r[8];
	pid_t pid;

	t_init();
	pid = fork_piped(tracee, 0, &results);
	s = stop_of(pid);
	check(s == SIGSTOP, "tracee stops itself");
	check(ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESECCOMP |
		     PTRACE_O_TRACESYSGOOD) == 0, "SETOPTIONS TRACESECCOMP");

	check(seccomp_stop(pid, PTRACE_CONT, SYS_getppid, DATA_PPID),
	      "getppid: seccomp stop with the filter's data");
	check(seccomp_stop(pid, PTRACE_CONT, SYS_gettid, DATA_TID),
	      "gettid: seccomp stop with the filter's data");
	ptrace(PTRACE_POKEUSER, pid, OFF(orig_rax), -1);
	ptrace(PTRACE_POKEUSER, pid, OFF(rax), 777);
	check(seccomp_stop(pid, PTRACE_CONT, SYS_getppid, DATA_PPID),
	      "after a skipped call: next seccomp stop");
	ptrace(PTRACE_SYSCALL, pid, 0, 0);
	s = stop_of(pid);
	check(s == (SIGTRAP | 0x80) && reg(pid, OFF(rax)) == getpid(),
	      "PTRACE_SYSCALL at a seccomp stop: the call's exit stop");
	ptrace(PTRACE_POKEUSER, pid, OFF(rax), 4242);
	check(seccomp_stop(pid, PTRACE_CONT, SYS_getppid, DATA_PPID),
	      "after an exit stop: next seccomp stop");
	ptrace(PTRACE_POKEUSER, pid, OFF(orig_rax), SYS_getpid);
	ptrace(PTRACE_CONT, pid, 0, 0);

	check(stop_of(pid) == SIGSTOP, "tracee stops itself again");
	ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESYSGOOD);
	ptrace(PTRACE_CONT, pid, 0, 0);
	check(stop_of(pid) == SIGSTOP, "no seccomp stop without TRACESECCOMP");

	ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESECCOMP |
	       PTRACE_O_TRACESYSGOOD);
	/* kill() returns, then gettid: its entry, seccomp and exit stops. */
	for (;;) {
		ptrace(PTRACE_SYSCALL, pid, 0, 0);
		s = stop_of(pid);
		if (s != (SIGTRAP | 0x80) ||
		    reg(pid, OFF(orig_rax)) == SYS_gettid)
			break;
		ptrace(PTRACE_SYSCALL, pid, 0, 0);	/* its exit */
		stop_of(pid);
	}
	check(s == (SIGTRAP | 0x80), "gettid: entry stop first");
	check(seccomp_stop(pid, PTRACE_SYSCALL, SYS_gettid, DATA_TID),
	      "gettid: then its seccomp stop");
	ptrace(PTRACE_SYSCALL, pid, 0, 0);
	s = stop_of(pid);
	check(s == (SIGTRAP | 0x80) && reg(pid, OFF(rax)) == pid,
	      "gettid: then its exit stop");
	ptrace(PTRACE_CONT, pid, 0, 0);

	if (waitpid(pid, &st, 0) != pid)
		t_fatal("waitpid");
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "tracee exits 0");
	if (read(results, r, sizeof(r)) != 6 * sizeof(r[0]))
		t_fatal("tracee's results");
	check(r[0] == getpid(), "call let run: real result");
	check(r[1] == 777, "call skipped: the tracer's result");
	check(r[2] == 4242, "result changed at the exit stop");
	check(r[3] == pid, "call changed into getpid at the seccomp stop");
	check(r[4] == -ENOSYS, "TRACE without TRACESECCOMP: ENOSYS");
	check(r[5] == pid, "gettid traced at entry, seccomp and exit");
	return t_done();
}
