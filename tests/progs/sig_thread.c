/* SPDX-License-Identifier: GPL-2.0 */
/* Thread-directed signals: tgkill, process-directed delivery, sigwait in a thread. */
#include "tests.h"
#include <pthread.h>

static volatile pid_t handled_by;
static volatile sig_atomic_t count;
static volatile pid_t worker_tid, waiter_tid;
static pthread_barrier_t bar;

static void handler(int sig)
{
	(void)sig;
	handled_by = t_gettid();
	count++;
}

/*
 * Waits with SIGUSR1/SIGUSR2 unblocked only inside sigsuspend(): with
 * pause() a signal that came between the test of count and the pause
 * was lost, and the thread waited forever (seen natively under QEMU).
 */
static void *pauser(void *arg)
{
	sigset_t wait;

	(void)arg;
	pthread_sigmask(SIG_SETMASK, NULL, &wait);
	sigdelset(&wait, SIGUSR1);
	sigdelset(&wait, SIGUSR2);
	worker_tid = t_gettid();
	pthread_barrier_wait(&bar);
	while (count < 2)
		sigsuspend(&wait);
	return NULL;
}

/* Takes SIGRTMIN with sigwaitinfo. */
static void *waiter(void *arg)
{
	siginfo_t si;
	sigset_t set;
	long r;

	(void)arg;
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	waiter_tid = t_gettid();
	pthread_barrier_wait(&bar);
	r = sigwaitinfo(&set, &si);
	if (r != SIGRTMIN)
		return (void *)-1L;
	if (si.si_code == SI_TKILL)
		return (void *)1L;
	if (si.si_code == SI_QUEUE)
		return (void *)2L;
	if (si.si_code == SI_USER)
		return (void *)3L;
	return (void *)4L;
}

static const char *code_of(void *ret)
{
	switch ((long)ret) {
	case 1: return "SIGRTMIN with SI_TKILL";
	case 2: return "SIGRTMIN with SI_QUEUE";
	case 3: return "SIGRTMIN with SI_USER";
	case 4: return "SIGRTMIN with another code";
	}
	return "failed";
}

int main(void)
{
	struct sigaction sa;
	pthread_t th;
	sigset_t set;
	void *ret;
	pid_t me = t_gettid();

	t_init();
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);

	/* A handler runs in the thread the signal was sent to. */
	syscall(SYS_tgkill, getpid(), me, SIGUSR1);
	check(handled_by == me, "tgkill to self: handled by main thread");

	/* Main blocks SIGUSR1/SIGUSR2, the worker does not. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGRTMIN);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	pthread_barrier_init(&bar, NULL, 2);
	count = 0;
	pthread_create(&th, NULL, pauser, NULL);
	pthread_barrier_wait(&bar);
	handled_by = 0;
	check(syscall(SYS_tgkill, getpid(), worker_tid, SIGUSR1) == 0, "tgkill to worker");
	while (count < 1)
		sched_yield();
	check(handled_by == worker_tid, "tgkill: handled by the worker thread");
	handled_by = 0;
	kill(getpid(), SIGUSR2);
	while (count < 2)
		sched_yield();
	check(handled_by == worker_tid,
	      "kill(getpid()): delivered to the only thread not blocking it");
	pthread_join(th, NULL);

	/* pthread_kill / pthread_sigqueue + sigwaitinfo in the target thread. */
	pthread_create(&th, NULL, waiter, NULL);
	pthread_barrier_wait(&bar);
	pthread_kill(th, SIGRTMIN);
	pthread_join(th, &ret);
	printf("pthread_kill, sigwaitinfo in thread: %s\n", code_of(ret));
	pthread_create(&th, NULL, waiter, NULL);
	pthread_barrier_wait(&bar);
	{
		union sigval v = { .sival_int = 3 };

		pthread_sigqueue(th, SIGRTMIN, v);
	}
	pthread_join(th, &ret);
	printf("pthread_sigqueue, sigwaitinfo in thread: %s\n", code_of(ret));

	/* Thread-directed signals stay with their thread. */
	pthread_create(&th, NULL, waiter, NULL);
	pthread_barrier_wait(&bar);
	syscall(SYS_tgkill, getpid(), me, SIGRTMIN);
	syscall(SYS_tgkill, getpid(), waiter_tid, SIGRTMIN);
	pthread_join(th, &ret);
	check((long)ret > 0, "worker got its own SIGRTMIN");
	printf("tgkill, sigwaitinfo in thread: %s\n", code_of(ret));
	{
		sigset_t pend;

		sigpending(&pend);
		check(sigismember(&pend, SIGRTMIN), "main's SIGRTMIN still pending on main");
		sigemptyset(&set);
		sigaddset(&set, SIGRTMIN);
		check(sigwaitinfo(&set, NULL) == SIGRTMIN, "main takes it with sigwaitinfo");
	}

	errno = 0;
	check(syscall(SYS_tgkill, getpid() + 0x3fffff, me, SIGUSR1) == -1 &&
	      errno == ESRCH, "tgkill with the wrong tgid: ESRCH");
	errno = 0;
	check(syscall(SYS_tgkill, getpid(), me, 0) == 0, "tgkill signal 0 probes");
	return t_done();
}
