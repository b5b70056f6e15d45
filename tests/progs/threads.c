/* SPDX-License-Identifier: GPL-2.0 */
/* Several pthreads making syscalls concurrently, then joined. */
#include "tests.h"
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>

#define NTHREADS 8
#define ITERS 200

struct result {
	int idx;
	pid_t tid;
	int pid_ok, tid_stable, pipe_ok, file_ok;
};

static pid_t main_pid;
static pthread_barrier_t barrier;

static void *worker(void *arg)
{
	struct result *r = arg;
	int fds[2], i;
	char buf[64];

	pthread_barrier_wait(&barrier);
	r->tid = t_gettid();
	r->pid_ok = r->tid_stable = r->pipe_ok = r->file_ok = 1;
	if (pipe(fds))
		r->pipe_ok = 0;
	for (i = 0; i < ITERS; i++) {
		int len, fd;

		if (getpid() != main_pid)
			r->pid_ok = 0;
		if (t_gettid() != r->tid)
			r->tid_stable = 0;
		len = snprintf(buf, sizeof(buf), "thread %d iter %d", r->idx, i);
		if (write(fds[1], buf, len) != len)
			r->pipe_ok = 0;
		memset(buf, 0, sizeof(buf));
		if (read(fds[0], buf, len) != len ||
		    strncmp(buf, "thread ", 7) || atoi(buf + 7) != r->idx)
			r->pipe_ok = 0;
		fd = open("/dev/null", O_RDONLY);
		if (fd < 0 || read(fd, buf, 1) != 0 || close(fd))
			r->file_ok = 0;
		if (i % 50 == 0)
			sched_yield();
	}
	close(fds[0]);
	close(fds[1]);
	return (void *)(long)(r->idx * 10);
}

/* One thread blocks in read() until another one writes. */
static int xfds[2];

static void *reader(void *arg)
{
	char c = 0;

	(void)arg;
	if (read(xfds[0], &c, 1) != 1)
		return (void *)0L;
	return (void *)(long)c;
}

int main(void)
{
	struct result res[NTHREADS];
	pthread_t th[NTHREADS], rt;
	pthread_attr_t attr;
	int i;
	void *ret;

	t_init();
	main_pid = getpid();
	pthread_barrier_init(&barrier, NULL, NTHREADS);
	pthread_attr_init(&attr);
	for (i = 0; i < NTHREADS; i++) {
		res[i].idx = i;
		/* Vary the stack size: 64k .. 512k */
		pthread_attr_setstacksize(&attr, 65536UL << (i % 4));
		if (pthread_create(&th[i], &attr, worker, &res[i]))
			t_fatal("pthread_create");
	}
	for (i = 0; i < NTHREADS; i++) {
		if (pthread_join(th[i], &ret))
			t_fatal("pthread_join");
		check((long)ret == i * 10, "thread %d: join value", i);
	}
	for (i = 0; i < NTHREADS; i++) {
		int j, uniq = 1;

		for (j = 0; j < NTHREADS; j++)
			if (j != i && res[j].tid == res[i].tid)
				uniq = 0;
		check(res[i].pid_ok, "thread %d: getpid()==main pid", i);
		check(res[i].tid_stable && res[i].tid != main_pid && uniq,
		      "thread %d: own unique tid", i);
		check(res[i].pipe_ok, "thread %d: pipe round trips", i);
		check(res[i].file_ok, "thread %d: open/read/close", i);
	}

	if (pipe(xfds))
		t_fatal("pipe");
	pthread_create(&rt, NULL, reader, NULL);
	t_msleep(30);
	check(write(xfds[1], "R", 1) == 1, "main: write to blocked reader");
	pthread_join(rt, &ret);
	check((long)ret == 'R', "reader thread woke up with the byte");
	check(t_gettid() == getpid(), "main: tid==pid");
	return t_done();
}
