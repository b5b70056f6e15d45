/* SPDX-License-Identifier: GPL-2.0 */
/* futex(2) directly: WAIT/WAKE between threads, EAGAIN, timeouts, requeue. */
#include "tests.h"
#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>

#define MS 1000000L

static uint32_t word, word2;
static volatile int woken;
static volatile pid_t tids[4];
static int ntids;

static long futex(uint32_t *uaddr, int op, uint32_t val, const struct timespec *ts,
		  uint32_t *uaddr2, uint32_t val3)
{
	return syscall(SYS_futex, uaddr, op, val, ts, uaddr2, val3);
}

static void *waiter(void *arg)
{
	tids[(long)arg] = t_gettid();
	while (__atomic_load_n(&word, __ATOMIC_SEQ_CST) == 0)
		futex(&word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	__atomic_add_fetch(&woken, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

/* Blocks exactly once on word (value 0), whatever wakes it. */
static void *waiter_once(void *arg)
{
	long r;

	tids[(long)arg] = t_gettid();
	r = futex(&word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	__atomic_add_fetch(&woken, 1, __ATOMIC_SEQ_CST);
	return (void *)r;
}

/* Is thread tid sleeping ('S' in /proc/self/task/TID/stat)? -1: unknown */
static int sleeping(pid_t tid)
{
	char path[64], buf[256], *p;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", (int)tid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	p = fgets(buf, sizeof(buf), f);
	fclose(f);
	if (!p || !(p = strrchr(buf, ')')))
		return -1;
	return p[2] == 'S';
}

/*
 * Wait until the ntids waiter threads are asleep (presumably in
 * FUTEX_WAIT: they do nothing else), without waking any of them.
 */
static void settle(void)
{
	long long t0 = t_now_ns(CLOCK_MONOTONIC);
	int i, all;

	do {
		t_msleep(5);
		all = 1;
		for (i = 0; i < ntids; i++) {
			int s = tids[i] ? sleeping(tids[i]) : 0;

			if (s < 0) {
				t_msleep(300);	/* no /proc: just wait */
				return;
			}
			if (!s)
				all = 0;
		}
	} while (!all && t_now_ns(CLOCK_MONOTONIC) - t0 < 10000 * MS);
	t_msleep(20);
}

/* Start three waiter_once threads on word and let them fall asleep. */
static void start_three(pthread_t *th)
{
	long i;

	woken = 0;
	ntids = 3;
	for (i = 0; i < 3; i++) {
		tids[i] = 0;
		pthread_create(&th[i], NULL, waiter_once, (void *)i);
	}
	settle();
}

/* Wait (10 s at most) until @n waiters returned, and a little more. */
static void wait_woken(int n)
{
	long long t0 = t_now_ns(CLOCK_MONOTONIC);

	while (woken < n && t_now_ns(CLOCK_MONOTONIC) - t0 < 10000LL * MS)
		t_msleep(5);
	t_msleep(20);
}

int main(void)
{
	struct timespec ts;
	pthread_t th[4];
	long long t0;
	long r;
	int i, n;

	t_init();

	errno = 0;
	word = 1;
	r = futex(&word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	check(r == -1 && errno == EAGAIN, "FUTEX_WAIT with a stale value: EAGAIN");

	word = 0;
	ts.tv_sec = 0;
	ts.tv_nsec = 30 * MS;
	t0 = t_now_ns(CLOCK_MONOTONIC);
	errno = 0;
	r = futex(&word, FUTEX_WAIT_PRIVATE, 0, &ts, NULL, 0);
	check(r == -1 && errno == ETIMEDOUT, "FUTEX_WAIT timeout: ETIMEDOUT");
	check(t_now_ns(CLOCK_MONOTONIC) - t0 >= 30 * MS, "FUTEX_WAIT waited >= 30ms");

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_nsec += 20 * MS;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	errno = 0;
	r = futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 0, &ts, NULL, FUTEX_BITSET_MATCH_ANY);
	check(r == -1 && errno == ETIMEDOUT, "FUTEX_WAIT_BITSET absolute timeout");

	check(futex(&word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0) == 0,
	      "FUTEX_WAKE with no waiters wakes 0");

	/* one waiter, woken by the main thread */
	word = 0;
	woken = 0;
	tids[0] = 0;
	ntids = 1;
	pthread_create(&th[0], NULL, waiter, (void *)0L);
	settle();
	check(woken == 0, "waiter blocked");
	__atomic_store_n(&word, 1, __ATOMIC_SEQ_CST);
	r = futex(&word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	pthread_join(th[0], NULL);
	check(woken == 1, "FUTEX_WAKE woke the waiter");

	/* three waiters: wake 2, then the rest */
	word = 0;
	start_three(th);
	n = futex(&word, FUTEX_WAKE_PRIVATE, 2, NULL, NULL, 0);
	printf("FUTEX_WAKE(2) with 3 waiters woke %d\n", n);
	wait_woken(2);
	check(woken == 2, "exactly two threads returned");
	n = futex(&word, FUTEX_WAKE_PRIVATE, INT32_MAX, NULL, NULL, 0);
	printf("FUTEX_WAKE(all) woke %d\n", n);
	for (i = 0; i < 3; i++) {
		void *ret;

		pthread_join(th[i], &ret);
		check((long)ret == 0, "waiter %d: FUTEX_WAIT returned 0", i);
	}

	/* requeue: wake one, move the other two to word2 */
	word = 0;
	word2 = 0;
	start_three(th);
	n = futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, (struct timespec *)(long)INT32_MAX,
		  &word2, 0);
	printf("FUTEX_CMP_REQUEUE: %d woken or requeued\n", n);
	wait_woken(1);
	check(woken == 1, "one woken by the requeue");
	check(futex(&word, FUTEX_WAKE_PRIVATE, 10, NULL, NULL, 0) == 0,
	      "nobody left on the first futex");
	n = futex(&word2, FUTEX_WAKE_PRIVATE, 10, NULL, NULL, 0);
	printf("FUTEX_WAKE on the second futex woke %d\n", n);
	for (i = 0; i < 3; i++)
		pthread_join(th[i], NULL);
	check(woken == 3, "all three done");

	errno = 0;
	r = futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, (struct timespec *)1L, &word2, 99);
	check(r == -1 && errno == EAGAIN, "FUTEX_CMP_REQUEUE with a stale value: EAGAIN");
	errno = 0;
	r = futex(NULL, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	check(r == -1 && errno == EFAULT, "FUTEX_WAIT on NULL: EFAULT");
	return t_done();
}
