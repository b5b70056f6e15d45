// SPDX-License-Identifier: GPL-2.0
/*
 * Running a whole command, timed from outside (the benchmark's macro
 * workloads): its own process group, stdin from /dev/null, stdout and
 * stderr to files, a timeout, and whatever it left behind killed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
#include "os.h"

int os_run_timed(char *const *argv, const char *out, const char *err,
		 int timeout_s, int *status, uint64_t *ns)
{
	struct timespec ts = { timeout_s, 0 };
	sigset_t set, old;
	uint64_t t0;
	pid_t pid;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, &old);
	t0 = os_now_ns();
	pid = fork();
	if (pid < 0) {
		int e = -errno;

		sigprocmask(SIG_SETMASK, &old, NULL);
		return e;
	}
	if (pid == 0) {
		int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int i = open("/dev/null", O_RDONLY);

		setpgid(0, 0);
		sigprocmask(SIG_SETMASK, &old, NULL);
		if (o < 0 || e < 0 || i < 0)
			_exit(126);
		dup2(i, 0);
		dup2(o, 1);
		dup2(e, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	setpgid(pid, pid);
	for (;;) {
		if (waitpid(pid, status, WNOHANG) == pid)
			break;
		if (sigtimedwait(&set, NULL, &ts) < 0 && errno == EAGAIN) {
			kill(-pid, SIGKILL);
			waitpid(pid, NULL, 0);
			*status = -1;
			break;
		}
	}
	*ns = os_now_ns() - t0;
	kill(-pid, SIGKILL);	/* whatever the command left behind */
	sigprocmask(SIG_SETMASK, &old, NULL);
	return 0;
}
