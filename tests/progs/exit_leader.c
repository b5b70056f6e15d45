/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The main thread leaves with pthread_exit() (it becomes a zombie leader);
 * the remaining thread makes syscalls and then ends the process with 7.
 */
#include "tests.h"
#include <pthread.h>

static void *worker(void *arg)
{
	int fds[2];
	char c = 0;

	(void)arg;
	t_msleep(50);
	check(getpid() != t_gettid(), "worker: still a non-leader thread");
	if (pipe(fds) == 0) {
		check(write(fds[1], "x", 1) == 1 && read(fds[0], &c, 1) == 1 &&
		      c == 'x', "worker: pipe round trip after leader exit");
		close(fds[0]);
		close(fds[1]);
	}
	printf("worker: exit(7)\n");
	exit(7);
}

int main(void)
{
	t_init();
	printf("main: pthread_exit\n");
	t_thread(worker);
	pthread_exit(NULL);
}
