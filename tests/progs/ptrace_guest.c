// SPDX-License-Identifier: GPL-2.0
/*
 * A guest that is itself a tracer (a debugger, strace): PTRACE_TRACEME,
 * signal stops and injection, PTRACE_SYSCALL entry and exit stops with
 * register reads and a changed result, PEEKDATA/POKEDATA, the SIGTRAP
 * after a traced exec, PTRACE_O_TRACEEXEC, and the tracee's exit.
 */
#include "tests.h"
#include <stddef.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>

static volatile long secret = 1;
static volatile int got_usr;

static void on_usr(int sig)
{
	got_usr = sig;
}

static int wait_stop(pid_t pid, const char *what)
{
	int st;

	if (waitpid(pid, &st, 0) != pid)
		t_fatal(what);
	if (!WIFSTOPPED(st)) {
		printf("%s: not stopped (status %#x): FAIL\n", what, st);
		exit(1);
	}
	return st >> 8;
}

/* Child 1: syscalls seen at entry and exit; getppid's result changed. */
static void syscalls(void)
{
	pid_t pid = fork();
	int n_entry = 0, n_exit = 0, seen_getppid = 0, in = 0, st;
	struct user_regs_struct r;
	unsigned long word;

	if (pid < 0)
		t_fatal("fork");
	if (pid == 0) {
		char line[64];
		long p;

		if (ptrace(PTRACE_TRACEME, 0, 0, 0))
			_exit(10);
		secret = 42;
		raise(SIGSTOP);
		p = syscall(SYS_getppid);
		snprintf(line, sizeof(line), "child: getppid said %ld, secret %ld\n",
			 p, (long)secret);
		syscall(SYS_write, 1, line, strlen(line));
		syscall(SYS_exit_group, 3);
	}
	check(wait_stop(pid, "first stop") == SIGSTOP, "TRACEME child stops with SIGSTOP");
	errno = 0;
	word = ptrace(PTRACE_PEEKDATA, pid, &secret, 0);
	check(errno == 0 && word == 42, "PEEKDATA reads the tracee's memory");
	check(ptrace(PTRACE_POKEDATA, pid, &secret, 7) == 0, "POKEDATA");
	check(ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESYSGOOD) == 0,
	      "SETOPTIONS TRACESYSGOOD");
	for (;;) {
		if (ptrace(PTRACE_SYSCALL, pid, 0, 0))
			t_fatal("PTRACE_SYSCALL");
		if (waitpid(pid, &st, 0) != pid)
			t_fatal("waitpid");
		if (WIFEXITED(st))
			break;
		if (!WIFSTOPPED(st) || WSTOPSIG(st) != (SIGTRAP | 0x80)) {
			printf("unexpected stop %#x: FAIL\n", st);
			exit(1);
		}
		if (ptrace(PTRACE_GETREGS, pid, 0, &r))
			t_fatal("GETREGS");
		in = !in;
		if (in) {
			n_entry++;
			continue;
		}
		n_exit++;
		if (r.orig_rax == SYS_getppid) {
			seen_getppid = r.rax == (unsigned long)getpid();
			if (ptrace(PTRACE_POKEUSER, pid,
				   offsetof(struct user_regs_struct, rax), 4242))
				t_fatal("POKEUSER");
		}
	}
	check(n_entry == 3 && n_exit == 2, "entry and exit stops: getppid, write, exit_group");
	check(seen_getppid, "getppid's exit stop shows the parent's pid");
	check(WEXITSTATUS(st) == 3, "traced child exits 3");
}

/* Child 2: signals stopped, one suppressed, one injected. */
static void signals(void)
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		t_fatal("fork");
	if (pid == 0) {
		signal(SIGUSR1, on_usr);
		signal(SIGUSR2, on_usr);
		if (ptrace(PTRACE_TRACEME, 0, 0, 0))
			_exit(10);
		raise(SIGUSR1);
		if (got_usr)
			_exit(11);
		raise(SIGUSR2);
		_exit(got_usr == SIGUSR2 ? 0 : 12);
	}
	check(wait_stop(pid, "SIGUSR1 stop") == SIGUSR1, "SIGUSR1 stops the tracee");
	ptrace(PTRACE_CONT, pid, 0, 0);
	check(wait_stop(pid, "SIGUSR2 stop") == SIGUSR2, "SIGUSR2 stops the tracee");
	ptrace(PTRACE_CONT, pid, 0, SIGUSR2);
	waitpid(pid, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "suppressed signal not delivered, injected one delivered");
}

/* Child 3 and 4: exec under a tracer, with and without TRACEEXEC. */
static void exec_stop(int opt)
{
	pid_t pid = fork();
	int st, s;

	if (pid < 0)
		t_fatal("fork");
	if (pid == 0) {
		char *argv[] = { "true", NULL };

		if (ptrace(PTRACE_TRACEME, 0, 0, 0))
			_exit(10);
		raise(SIGSTOP);
		execv("/bin/true", argv);
		_exit(12);
	}
	wait_stop(pid, "exec child stop");
	if (opt)
		ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACEEXEC);
	ptrace(PTRACE_CONT, pid, 0, 0);
	s = wait_stop(pid, "exec stop");
	if (opt)
		check(s == (SIGTRAP | PTRACE_EVENT_EXEC << 8),
		      "TRACEEXEC: PTRACE_EVENT_EXEC stop");
	else
		check(s == SIGTRAP, "exec under a tracer: SIGTRAP stop");
	ptrace(PTRACE_CONT, pid, 0, 0);
	waitpid(pid, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "exec'd program exits 0");
}

int main(void)
{
	t_init();
	syscalls();
	signals();
	exec_stop(0);
	exec_stop(1);
	check(ptrace(PTRACE_CONT, getpid(), 0, 0) == -1 && errno == ESRCH,
	      "ptrace on an untraced process: ESRCH");
	return t_done();
}
