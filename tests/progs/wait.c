/* SPDX-License-Identifier: GPL-2.0 */
/* waitid() and wait4(): siginfo, WNOHANG, WNOWAIT, stop/continue, rusage. */
#include "tests.h"
#include <sys/resource.h>
#include <sys/wait.h>

/* Use ms of CPU time (not wall time: the machine may be loaded). */
static void burn_cpu(long ms)
{
	long long wall_end = t_now_ns(CLOCK_MONOTONIC) + 20000 * 1000000LL;
	long long end = t_now_ns(CLOCK_PROCESS_CPUTIME_ID) + ms * 1000000LL;
	volatile unsigned long x = 0;

	while (t_now_ns(CLOCK_PROCESS_CPUTIME_ID) < end &&
	       t_now_ns(CLOCK_MONOTONIC) < wall_end)
		for (int i = 0; i < 100000; i++)
			x += i;
}

int main(void)
{
	struct rusage ru;
	siginfo_t si;
	pid_t pid;
	int st, rc, gate[2];

	t_init();

	pid = fork();
	if (pid == 0)
		_exit(17);
	memset(&si, 0, sizeof(si));
	rc = waitid(P_PID, pid, &si, WEXITED | WNOWAIT);
	check(rc == 0 && si.si_pid == pid, "waitid WNOWAIT finds the child");
	printf("waitid: signo %s code %s status %d\n", t_signame(si.si_signo),
	       si.si_code == CLD_EXITED ? "CLD_EXITED" : "other", si.si_status);
	memset(&si, 0, sizeof(si));
	rc = waitid(P_ALL, 0, &si, WEXITED);
	check(rc == 0 && si.si_pid == pid && si.si_status == 17,
	      "waitid P_ALL reaps the same child");
	errno = 0;
	check(waitid(P_ALL, 0, &si, WEXITED) == -1 && errno == ECHILD,
	      "waitid with no children: ECHILD");

	pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	memset(&si, 0, sizeof(si));
	rc = waitid(P_PID, pid, &si, WEXITED | WNOHANG);
	check(rc == 0 && si.si_pid == 0, "waitid WNOHANG on a running child");
	check(waitpid(pid, &st, WNOHANG) == 0, "waitpid WNOHANG returns 0");
	kill(pid, SIGKILL);
	memset(&si, 0, sizeof(si));
	rc = waitid(P_PID, pid, &si, WEXITED);
	printf("waitid killed: code %s status %s\n",
	       si.si_code == CLD_KILLED ? "CLD_KILLED" : "other",
	       t_signame(si.si_status));

	/* Stop and continue notifications. */
	if (pipe(gate))
		t_fatal("pipe");
	pid = fork();
	if (pid == 0) {
		char c;

		close(gate[1]);
		raise(SIGSTOP);
		/* stay alive until the parent has seen the continuation */
		_exit(read(gate[0], &c, 1) == 0 ? 33 : 32);
	}
	close(gate[0]);
	rc = waitpid(pid, &st, WUNTRACED);
	printf("WUNTRACED: %s\n", rc == pid ? t_wstatus(st) : "error");
	kill(pid, SIGCONT);
	memset(&si, 0, sizeof(si));
	rc = waitid(P_PID, pid, &si, WCONTINUED);
	printf("WCONTINUED: code %s\n",
	       rc == 0 && si.si_code == CLD_CONTINUED ? "CLD_CONTINUED" : "other");
	close(gate[1]);
	rc = waitpid(pid, &st, 0);
	printf("after continue: %s\n", rc == pid ? t_wstatus(st) : "error");

	pid = fork();
	if (pid == 0) {
		raise(SIGSTOP);
		_exit(34);
	}
	memset(&si, 0, sizeof(si));
	rc = waitid(P_PID, pid, &si, WSTOPPED);
	printf("waitid WSTOPPED: code %s status %s\n",
	       si.si_code == CLD_STOPPED ? "CLD_STOPPED" : "other",
	       t_signame(si.si_status));
	kill(pid, SIGCONT);
	rc = waitpid(pid, &st, 0);
	printf("after continue: %s\n", rc == pid ? t_wstatus(st) : "error");

	/* wait4 with rusage of a child that burns CPU. */
	pid = fork();
	if (pid == 0) {
		burn_cpu(100);
		_exit(4);
	}
	memset(&ru, 0, sizeof(ru));
	rc = wait4(pid, &st, 0, &ru);
	check(rc == pid, "wait4 returns the child");
	printf("wait4: %s\n", t_wstatus(st));
	check(ru.ru_utime.tv_sec * 1000000L + ru.ru_utime.tv_usec +
	      ru.ru_stime.tv_sec * 1000000L + ru.ru_stime.tv_usec >= 50000,
	      "wait4 rusage shows >= 50ms of CPU time");
	check(ru.ru_maxrss > 0, "wait4 rusage maxrss > 0");
	memset(&ru, 0, sizeof(ru));
	check(getrusage(RUSAGE_CHILDREN, &ru) == 0 &&
	      ru.ru_utime.tv_sec * 1000000L + ru.ru_utime.tv_usec +
	      ru.ru_stime.tv_sec * 1000000L + ru.ru_stime.tv_usec >= 50000,
	      "getrusage(RUSAGE_CHILDREN) includes it");

	/* wait4 for a process group. */
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		_exit(8);
	}
	setpgid(pid, pid);
	rc = wait4(-pid, &st, 0, NULL);
	check(rc == pid, "wait4(-pgid) finds the child");
	printf("wait4(-pgid): %s\n", t_wstatus(st));

	return t_done();
}
