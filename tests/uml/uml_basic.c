// SPDX-License-Identifier: GPL-2.0
/*
 * A small static program for the UML guest: fork, pipes, wait status,
 * getpid/getppid consistency, a signal handler and a few file syscalls.
 * Prints one "ok"/"not ok" line per check; exits 0 when all passed.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int failed;

static void check(int cond, const char *what)
{
	printf("%s %s\n", cond ? "ok" : "not ok", what);
	if (!cond)
		failed = 1;
}

static volatile sig_atomic_t got_usr1;

static void on_usr1(int sig)
{
	got_usr1 = sig;
}

int main(void)
{
	int fds[2], status, i;
	char buf[64];
	pid_t pid, me = getpid();
	long raw;

	setvbuf(stdout, NULL, _IONBF, 0);

	raw = syscall(SYS_getpid);
	check(raw == me, "raw getpid matches libc getpid");

	check(pipe(fds) == 0, "pipe");
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		snprintf(buf, sizeof(buf), "%ld", (long)getppid());
		if (write(fds[1], buf, strlen(buf)) < 0)
			_exit(1);
		_exit(42);
	}
	check(pid > 0, "fork");
	close(fds[1]);
	memset(buf, 0, sizeof(buf));
	i = read(fds[0], buf, sizeof(buf) - 1);
	check(i > 0 && atol(buf) == me, "child's getppid through a pipe");
	check(read(fds[0], buf, 1) == 0, "pipe EOF after child exit");
	close(fds[0]);
	check(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 42, "child exit status 42");

	/* Many short syscalls through a pipe. */
	check(pipe(fds) == 0, "second pipe");
	for (i = 0; i < 1000; i++) {
		char c = (char)i, d = 0;

		if (write(fds[1], &c, 1) != 1 || read(fds[0], &d, 1) != 1 ||
		    c != d)
			break;
	}
	check(i == 1000, "1000 pipe round trips");

	signal(SIGUSR1, on_usr1);
	kill(me, SIGUSR1);
	check(got_usr1 == SIGUSR1, "signal handler ran");

	errno = 0;
	check(open("/nonexistent/x", O_RDONLY) < 0 && errno == ENOENT,
	      "open of a missing file fails with ENOENT");
	check(syscall(100000) == -1 && errno == ENOSYS,
	      "unknown syscall fails with ENOSYS");

	/* A killed child. */
	pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	kill(pid, SIGKILL);
	check(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) &&
	      WTERMSIG(status) == SIGKILL, "child killed by SIGKILL");

	printf("%s\n", failed ? "uml_basic: FAILED" : "uml_basic: all passed");
	return failed;
}
