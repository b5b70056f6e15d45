/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Restartable sequences: glibc (2.35 and later) registers an rseq area
 * for every thread; the kernel keeps its cpu_id current, a second
 * registration fails with EBUSY, and a thread has its own area.
 */
#include "tests.h"
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <sys/rseq.h>

static struct rseq *area(void)
{
	return (struct rseq *)((char *)__builtin_thread_pointer() +
			       __rseq_offset);
}

/* The kernel's cpu_id agrees with getcpu(2) (retried across migrations). */
static int cpu_id_ok(void)
{
	for (int i = 0; i < 100; i++) {
		unsigned int cpu;
		int32_t before = (int32_t)area()->cpu_id;

		if (syscall(SYS_getcpu, &cpu, NULL, NULL) < 0)
			return 0;
		if (before >= 0 && (unsigned int)before == cpu &&
		    area()->cpu_id == cpu)
			return 1;
	}
	return 0;
}

static void *thread_body(void *arg)
{
	struct rseq **mine = arg;

	*mine = area();
	return (void *)(long)cpu_id_ok();
}

int main(void)
{
	struct rseq *theirs = NULL;
	pthread_t th;
	void *ok;
	long r;

	t_init();
	if (__rseq_size == 0)
		t_skip("glibc did not register rseq (glibc.pthread.rseq=0?)");
	check(1, "glibc registered rseq");
	check(cpu_id_ok(), "cpu_id agrees with getcpu");
	check(sched_getcpu() >= 0, "sched_getcpu");
	/* glibc registers the whole struct; __rseq_size is its used part. */
	r = syscall(SYS_rseq, area(), sizeof(struct rseq), 0, RSEQ_SIG);
	check(r == -1 && errno == EBUSY, "second registration: EBUSY");
	if (pthread_create(&th, NULL, thread_body, &theirs) != 0)
		t_fatal("pthread_create");
	pthread_join(th, &ok);
	check(ok != NULL, "thread: cpu_id agrees with getcpu");
	check(theirs && theirs != area(), "thread has its own area");
	for (int i = 0; i < 1000; i++)
		sched_yield();
	check(cpu_id_ok(), "cpu_id still agrees after 1000 sched_yield");
	return t_done();
}
