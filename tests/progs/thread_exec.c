/* SPDX-License-Identifier: GPL-2.0 */
/*
 * execve() from a multi-threaded process: first from a non-main thread (it
 * takes over the thread group leader's pid), then from the main thread while
 * other threads are blocked in syscalls.
 */
#include "tests.h"
#include <pthread.h>

static const char *self;
static char pidbuf[32];

static void *blocker(void *arg)
{
	char c;
	int fds[2];

	(void)arg;
	if (pipe(fds) == 0)
		if (read(fds[0], &c, 1) >= 0)
			printf("blocker: read returned?!\n");
	return NULL;
}

static void *execer(void *arg)
{
	char *av[] = { (char *)"thread_exec", (char *)arg, pidbuf, NULL };

	(void)arg;
	t_msleep(30);
	check(getpid() != t_gettid(), "stage 1: execve from a non-main thread");
	execv(self, av);
	t_fatal("execv");
}

int main(int argc, char **argv)
{
	pthread_t th[3];
	int i;

	t_init();
	self = t_self(argv[0]);
	snprintf(pidbuf, sizeof(pidbuf), "%d", (int)getpid());

	if (argc == 1) {
		/* stage 1: a worker thread execs, main sits in pthread_join */
		for (i = 0; i < 2; i++)
			pthread_create(&th[i], NULL, blocker, NULL);
		pthread_create(&th[2], NULL, execer, (void *)"stage2");
		pthread_join(th[2], NULL);
		printf("main: join returned?!\n");
		return 1;
	}
	check(argc == 3, "exec'd with the right argc");
	check(getpid() == atoi(argv[2]), "%s: pid unchanged across execve", argv[1]);
	check(getpid() == t_gettid(), "%s: exec'ing thread is now the leader", argv[1]);
	if (!strcmp(argv[1], "stage2")) {
		/* stage 2: the main thread execs while others block */
		char *av[] = { (char *)"thread_exec", (char *)"stage3", pidbuf, NULL };

		for (i = 0; i < 3; i++)
			pthread_create(&th[i], NULL, blocker, NULL);
		t_msleep(20);
		execv(self, av);
		t_fatal("execv");
	}
	printf("%s: done\n", argv[1]);
	return t_done();
}
