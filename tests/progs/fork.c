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

/* Wait for @pid and print its status after @what. */
static void report(const char *what, pid_t pid)
{
	int st;

	waitpid(pid, &st, 0);
	printf("%s: %s\n", what, t_wstatus(st));
}

/*
 * A child that prints @line into a full stdio buffer and leaves with
 * exit(), which flushes it once, or with _exit(), which drops it.
 */
static void buffered_child(const char *what, const char *line, int flush,
			   int code)
{
	static char iobuf[4096];
	pid_t pid = fork();

	if (pid == 0) {
		setvbuf(stdout, iobuf, _IOFBF, sizeof(iobuf));
		printf("%s\n", line);
		if (flush)
			exit(code);
		_exit(code);
	}
	report(what, pid);
}

int main(void)
{
	static const int codes[] = { 0, 1, 3, 42, 255 };
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
	report("child raising SIGUSR1", pid);

	pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	kill(pid, SIGTERM);
	report("child killed by parent with SIGTERM", pid);

	/* exit() in the child flushes stdio once; _exit() does not. */
	buffered_child("child with exit()",
		       "child: buffered line flushed by exit()", 1, 5);
	buffered_child("child with _exit()",
		       "child: buffered line dropped by _exit()", 0, 6);

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
	report("grandchild status relayed", pid);

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
	report("fork from threaded parent", pid);

	return t_done();
}
