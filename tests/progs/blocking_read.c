/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A process blocked in read() is interrupted by signals from another
 * process: EINTR with a handler (no SA_RESTART), transparent restart with
 * SA_RESTART, and termination by a signal with the default action.
 */
#include "tests.h"
#include <sys/wait.h>

static volatile sig_atomic_t count, write_at;
static int fds[2];

/* With write_at set, the handler itself supplies the data on that run. */
static void handler(int sig)
{
	(void)sig;
	if (++count == write_at)
		if (write(fds[1], "D", 1) != 1)
			count = -100;
}

/* Child: send sig to the parent every 30ms, until killed. */
static pid_t pester(int sig)
{
	pid_t parent = getpid(), pid = fork();

	if (pid == 0) {
		for (;;) {
			t_msleep(30);
			if (kill(parent, sig))
				_exit(0);
		}
	}
	return pid;
}

static void stop(pid_t pid)
{
	int st;

	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
}

int main(void)
{
	struct sigaction sa;
	int st;
	pid_t pid, w;
	ssize_t n;
	char c;

	t_init();
	if (pipe(fds))
		t_fatal("pipe");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigaction(SIGUSR1, &sa, NULL);

	count = 0;
	pid = pester(SIGUSR1);
	errno = 0;
	n = read(fds[0], &c, 1);
	stop(pid);
	printf("read without SA_RESTART: %zd %s\n", n, t_errname(errno));
	check(count >= 1, "handler ran");

	/* With SA_RESTART, the read keeps going until data arrives. */
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	count = 0;
	write_at = 3;
	pid = pester(SIGUSR1);
	n = read(fds[0], &c, 1);
	stop(pid);
	write_at = 0;
	printf("read with SA_RESTART: %zd '%c'\n", n, n == 1 ? c : '?');
	check(count >= 3, "restarted until the third signal supplied data");

	/* Blocked in read in a child, killed by SIGTERM's default action. */
	pid = fork();
	if (pid == 0) {
		close(fds[1]);
		n = read(fds[0], &c, 1);
		_exit(100 + (int)n);
	}
	t_msleep(50);
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
	printf("child blocked in read, sent SIGTERM: %s\n", t_wstatus(st));

	/* A blocked reader sees EOF when the last writer goes away. */
	pid = fork();
	if (pid == 0) {
		close(fds[1]);
		n = read(fds[0], &c, 1);
		_exit(n == 0 ? 0 : 1);
	}
	t_msleep(50);
	close(fds[1]);
	waitpid(pid, &st, 0);
	printf("blocked reader after last writer closed: %s\n", t_wstatus(st));

	/* A signal ignored with SIG_IGN does not interrupt the read. */
	if (pipe(fds))
		t_fatal("pipe");
	signal(SIGUSR1, SIG_IGN);
	pid = pester(SIGUSR1);
	w = fork();
	if (w == 0) {
		t_msleep(150);
		if (write(fds[1], "I", 1) != 1)
			_exit(1);
		_exit(0);
	}
	n = read(fds[0], &c, 1);
	stop(pid);
	waitpid(w, &st, 0);
	printf("read with SIGUSR1 ignored: %zd '%c'\n", n, n == 1 ? c : '?');
	return t_done();
}
