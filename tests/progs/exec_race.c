/* SPDX-License-Identifier: GPL-2.0 */
/*
 * execve() while other threads fork and exit.  The exec kills every other
 * thread, some of them inside fork(): their children live on (reparented
 * to the exec'd process), but the fork event of the thread that made them
 * is never reported to a tracer.  The new image then waits for all its
 * children, which must all run and end.
 *
 * usage: exec_race [ROUNDS]  (default 5)
 */
#include "tests.h"
#include <pthread.h>
#include <sys/wait.h>

static void *forker(void *arg)
{
	(void)arg;
	for (;;) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		if (pid > 0)
			waitpid(pid, NULL, 0);
	}
	return NULL;
}

static void *leaver(void *arg)
{
	(void)arg;
	t_msleep(1);
	return NULL;
}

int main(int argc, char **argv)
{
	const char *self;
	pthread_t th;
	char next[16];
	int round;

	t_init();
	self = t_self(argv[0]);
	round = argc > 1 ? atoi(argv[1]) : 5;
	if (argc > 2) {
		/* The new image: every child, reparented or not, ends. */
		while (wait(NULL) > 0)
			;
		check(errno == ECHILD, "round %d: the exec'd image reaped its "
		      "children", round);
	}
	if (round <= 0)
		return t_done();
	for (int i = 0; i < 3; i++) {
		pthread_create(&th, NULL, forker, NULL);
		pthread_create(&th, NULL, leaver, NULL);
	}
	t_msleep(3);
	snprintf(next, sizeof(next), "%d", round - 1);
	execl(self, "exec_race", next, "again", (char *)NULL);
	t_fatal("execl");
}
