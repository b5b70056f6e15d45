// SPDX-License-Identifier: GPL-2.0
/*
 * A guest tracer that emulates its tracee's syscalls, as User-Mode Linux
 * does: PTRACE_SYSEMU stops the tracee at each syscall entry and the host
 * never runs the call (the tracer's rax is its result, and no exit stop
 * follows); PTRACE_SYSEMU_SINGLESTEP single-steps up to a syscall, which
 * is not run either.  The call stopped at is skipped whatever request
 * resumes it; PTRACE_SYSCALL from there shows its exit stop.  Also
 * PTRACE_OLDSETOPTIONS, x86's old name of PTRACE_SETOPTIONS, and a tracer
 * that exits while its tracee runs under PTRACE_SYSEMU: the tracee goes
 * on untraced and its calls run.
 */
#include "tests.h"
#include "tracer.h"

#ifndef PTRACE_SYSEMU
#define PTRACE_SYSEMU			31
#define PTRACE_SYSEMU_SINGLESTEP	32
#endif
#define PTRACE_OLDSETOPTIONS		21

/* The tracee: results go to the tracer's pipe once it runs freely. */
static void tracee(int results, int side)
{
	long r[4];

	if (ptrace(PTRACE_TRACEME, 0, 0, 0))
		_exit(10);
	kill(getpid(), SIGSTOP);
	r[0] = raw(SYS_getpid, 0, 0, 0);	/* emulated: 4242 */
	r[1] = raw(SYS_write, side, (long)"x", 1); /* emulated, not run */
	r[2] = raw(SYS_getppid, 0, 0, 0);	/* reached by single steps */
	r[3] = raw(SYS_gettid, 0, 0, 0);	/* skipped, resumed with CONT */
	if (write(results, r, sizeof(r)) != sizeof(r))
		_exit(11);
	_exit(0);
}

/* Resume with @req; is the next stop @stop at an entry of @nr? */
static int entry(pid_t pid, int req, int stop, long nr)
{
	if (ptrace(req, pid, 0, 0))
		return 0;
	return stop_of(pid) == stop && reg(pid, OFF(orig_rax)) == nr;
}

/*
 * A tracer that goes while its tracee computes under PTRACE_SYSEMU; the
 * tracee's next call, a write to @fd, must run.
 */
static void orphan(int fd, int arg)
{
	pid_t c = fork();
	int st;

	(void)arg;
	if (c < 0)
		_exit(1);
	if (c == 0) {
		if (ptrace(PTRACE_TRACEME, 0, 0, 0))
			_exit(10);
		kill(getpid(), SIGSTOP);
		raw(SYS_getpid, 0, 0, 0);	/* emulated */
		for (volatile long i = 0; i < 200000000; i++)
			;
		_exit(write(fd, "alive", 5) == 5 ? 0 : 1);
	}
	waitpid(c, &st, 0);
	ptrace(PTRACE_SYSEMU, c, 0, 0);
	waitpid(c, &st, 0);
	ptrace(PTRACE_SYSEMU, c, 0, 0);
	_exit(0);
}

int main(void)
{
	int side[2], results, st, s, steps = 0;
	long r[4];
	char c;
	pid_t pid;

	t_init();
	if (pipe(side))
		t_fatal("pipe");
	pid = fork_piped(tracee, side[1], &results);
	close(side[1]);
	check(stop_of(pid) == SIGSTOP, "tracee stops itself");

	check(entry(pid, PTRACE_SYSEMU, SIGTRAP, SYS_getpid),
	      "PTRACE_SYSEMU: getpid's entry stop");
	ptrace(PTRACE_POKEUSER, pid, OFF(rax), 4242);
	check(entry(pid, PTRACE_SYSEMU, SIGTRAP, SYS_write),
	      "PTRACE_SYSEMU again: no exit stop, write's entry next");
	ptrace(PTRACE_POKEUSER, pid, OFF(rax), 1);
	check(ptrace(PTRACE_OLDSETOPTIONS, pid, 0, PTRACE_O_TRACESYSGOOD) == 0,
	      "PTRACE_OLDSETOPTIONS");

	/* Single steps up to getppid's syscall instruction. */
	for (;;) {
		if (ptrace(PTRACE_SYSEMU_SINGLESTEP, pid, 0, 0))
			t_fatal("PTRACE_SYSEMU_SINGLESTEP");
		s = stop_of(pid);
		if (s != SIGTRAP || ++steps > 100000)
			break;
	}
	check(s == (SIGTRAP | 0x80) && reg(pid, OFF(orig_rax)) == SYS_getppid,
	      "PTRACE_SYSEMU_SINGLESTEP: single steps, then getppid's entry");
	check(steps > 1, "more than one single step before it");
	ptrace(PTRACE_POKEUSER, pid, OFF(rax), 4343);
	ptrace(PTRACE_SYSCALL, pid, 0, 0);
	s = stop_of(pid);
	check(s == (SIGTRAP | 0x80) && reg(pid, OFF(rax)) == 4343,
	      "PTRACE_SYSCALL from a SYSEMU stop: the skipped call's exit");
	check(entry(pid, PTRACE_SYSEMU, SIGTRAP | 0x80, SYS_gettid),
	      "PTRACE_SYSEMU: gettid's entry stop");
	ptrace(PTRACE_POKEUSER, pid, OFF(rax), 4444);
	ptrace(PTRACE_CONT, pid, 0, 0);

	if (waitpid(pid, &st, 0) != pid)
		t_fatal("waitpid");
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "tracee exits 0");
	if (read(results, r, sizeof(r)) != sizeof(r))
		t_fatal("tracee's results");
	check(r[0] == 4242, "emulated getpid returns the tracer's value");
	check(r[1] == 1, "emulated write returns the tracer's value");
	check(read(side[0], &c, 1) == 0, "emulated write never ran");
	check(r[2] == 4343, "getppid stopped by a single step: emulated");
	check(r[3] == 4444, "gettid: skipped, though resumed with PTRACE_CONT");

	pid = fork_piped(orphan, 0, &results);
	waitpid(pid, &st, 0);
	memset(r, 0, sizeof(r));
	check(read(results, r, sizeof(r)) == 5 && !memcmp(r, "alive", 5),
	      "tracer gone during SYSEMU: the tracee's calls run");
	return t_done();
}
