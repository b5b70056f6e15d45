/* SPDX-License-Identifier: GPL-2.0 */
/* fork(): return values, parent/child relations and wait statuses. */
#include "tests.h"
#include <pthread.h>
#include <sys/wait.h>

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static void *idle_thread(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

int main(void)
{
	static const int codes[] = { 0, 1, 3, 42, 255 };
	static char iobuf[4096];
	int st, i, codes_seen[10];
	pid_t parent = getpid(), pid;
	pthread_t th;

	t_init();

	for (i = 0; i < (int)(sizeof(codes) / sizeof(codes[0])); i++) {
		pid = fork();
		if (pid < 0)
			t_fatal("fork");
		if (pid == 0)
			_exit(codes[i]);
		check(waitpid(pid, &st, 0) == pid, "waitpid child %d", i);
		printf("child %d: %s\n", i, t_wstatus(st));
	}

	/* Child-side view of the relations. */
	pid = fork();
	if (pid == 0) {
		int bad = 0;

		if (getppid() != parent)
			bad |= 1;
		if (getpid() == parent)
			bad |= 2;
		if (t_gettid() != getpid())
			bad |= 4;
		_exit(bad);
	}
	waitpid(pid, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "child sees ppid==parent, own pid, tid==pid");
	check(pid != parent && pid > 0, "fork returned a new pid to the parent");

	/* Death by signals. */
	pid = fork();
	if (pid == 0) {
		raise(SIGUSR1);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	printf("child raising SIGUSR1: %s\n", t_wstatus(st));

	pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
	printf("child killed by parent with SIGTERM: %s\n", t_wstatus(st));

	/* exit() in the child flushes stdio once; _exit() does not. */
	pid = fork();
	if (pid == 0) {
		setvbuf(stdout, iobuf, _IOFBF, sizeof(iobuf));
		printf("child: buffered line flushed by exit()\n");
		exit(5);
	}
	waitpid(pid, &st, 0);
	printf("child with exit(): %s\n", t_wstatus(st));
	pid = fork();
	if (pid == 0) {
		setvbuf(stdout, iobuf, _IOFBF, sizeof(iobuf));
		printf("child: buffered line dropped by _exit()\n");
		_exit(6);
	}
	waitpid(pid, &st, 0);
	printf("child with _exit(): %s\n", t_wstatus(st));

	/* Grandchild: the child reports its own child's status. */
	pid = fork();
	if (pid == 0) {
		pid_t g = fork();

		if (g == 0)
			_exit(9);
		if (waitpid(g, &st, 0) != g || !WIFEXITED(st))
			_exit(100);
		_exit(WEXITSTATUS(st) + 1);
	}
	waitpid(pid, &st, 0);
	printf("grandchild status relayed: %s\n", t_wstatus(st));

	/* Ten children at once, reaped in whatever order they finish. */
	for (i = 0; i < 10; i++) {
		pid = fork();
		if (pid == 0) {
			t_msleep((10 - i) * 3);
			_exit(10 + i);
		}
	}
	for (i = 0; i < 10; i++) {
		pid = wait(&st);
		codes_seen[i] = pid > 0 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	}
	qsort(codes_seen, 10, sizeof(int), cmp_int);
	printf("ten children exited with:");
	for (i = 0; i < 10; i++)
		printf(" %d", codes_seen[i]);
	printf("\n");
	errno = 0;
	check(wait(&st) == -1 && errno == ECHILD, "wait with no children: ECHILD");

	/* fork() from a multi-threaded process: the child has one thread. */
	if (pthread_create(&th, NULL, idle_thread, NULL))
		t_fatal("pthread_create");
	pid = fork();
	if (pid == 0)
		_exit(t_gettid() == getpid() ? 21 : 22);
	waitpid(pid, &st, 0);
	printf("fork from threaded parent: %s\n", t_wstatus(st));

	return t_done();
}
