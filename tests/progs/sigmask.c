/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sigprocmask/sigpending, queueing of standard vs real-time signals,
 * sigsuspend, sigwaitinfo/sigtimedwait and rt_sigqueueinfo with a value.
 */
#include "tests.h"
#include <sys/wait.h>

static volatile sig_atomic_t count;
static int values[16];
static volatile int nvalues;

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	count++;
	if (nvalues < 16)
		values[nvalues++] = si->si_value.sival_int;
}

int main(void)
{
	struct sigaction sa;
	struct timespec ts;
	sigset_t set, old, pend, empty;
	siginfo_t si;
	union sigval v;
	pid_t pid;
	int i, st, rc;

	t_init();
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGRTMIN, &sa, NULL);
	sigemptyset(&empty);

	/* Blocked standard signals are pending once, delivered on unblock. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	check(sigprocmask(SIG_BLOCK, &set, &old) == 0, "block SIGUSR1");
	check(!sigismember(&old, SIGUSR1), "old mask did not have SIGUSR1");
	count = 0;
	raise(SIGUSR1);
	raise(SIGUSR1);
	check(count == 0, "blocked SIGUSR1 not delivered");
	sigpending(&pend);
	check(sigismember(&pend, SIGUSR1), "SIGUSR1 pending");
	check(!sigismember(&pend, SIGUSR2), "SIGUSR2 not pending");
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	check(count == 1, "standard signal delivered once on unblock");
	sigpending(&pend);
	check(!sigismember(&pend, SIGUSR1), "nothing pending afterwards");

	/* Real-time signals queue, in order, with their values. */
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	sigprocmask(SIG_BLOCK, &set, NULL);
	count = 0;
	nvalues = 0;
	for (i = 1; i <= 3; i++) {
		v.sival_int = i * 100;
		sigqueue(getpid(), SIGRTMIN, v);
	}
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	printf("real-time signals delivered: %d, values:", (int)count);
	for (i = 0; i < nvalues; i++)
		printf(" %d", values[i]);
	printf("\n");

	/* SIG_SETMASK round trip */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_SETMASK, &set, &old);
	sigprocmask(SIG_SETMASK, &old, &pend);
	check(sigismember(&pend, SIGUSR2) && sigismember(&pend, SIGHUP) &&
	      !sigismember(&pend, SIGUSR1), "SIG_SETMASK round trip");
	sigemptyset(&set);
	sigaddset(&set, SIGKILL);
	sigaddset(&set, SIGSTOP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigprocmask(SIG_BLOCK, NULL, &pend);
	check(!sigismember(&pend, SIGKILL) && !sigismember(&pend, SIGSTOP),
	      "SIGKILL and SIGSTOP cannot be blocked");

	/* sigsuspend: wait for a signal sent by a child. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	count = 0;
	pid = fork();
	if (pid == 0) {
		t_msleep(20);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	errno = 0;
	rc = sigsuspend(&empty);
	check(rc == -1 && errno == EINTR, "sigsuspend returns EINTR");
	check(count == 1, "sigsuspend: handler ran");
	sigprocmask(SIG_BLOCK, NULL, &pend);
	check(sigismember(&pend, SIGUSR1), "sigsuspend restored the mask");
	waitpid(pid, &st, 0);

	/* sigwaitinfo takes a blocked signal without running the handler. */
	count = 0;
	v.sival_int = 4321;
	sigqueue(getpid(), SIGUSR1, v);
	memset(&si, 0, sizeof(si));
	rc = sigwaitinfo(&set, &si);
	printf("sigwaitinfo: %s code %s value %d\n", t_signame(rc),
	       si.si_code == SI_QUEUE ? "SI_QUEUE" : "other", si.si_value.sival_int);
	check(count == 0, "sigwaitinfo: handler not run");

	/* sigtimedwait times out. */
	ts.tv_sec = 0;
	ts.tv_nsec = 20 * 1000000;
	errno = 0;
	rc = sigtimedwait(&set, &si, &ts);
	check(rc == -1 && errno == EAGAIN, "sigtimedwait timeout: EAGAIN");

	/* rt_sigqueueinfo with a hand-made siginfo. */
	memset(&si, 0, sizeof(si));
	si.si_signo = SIGUSR1;
	si.si_code = SI_QUEUE;
	si.si_pid = getpid();
	si.si_uid = getuid();
	si.si_value.sival_int = 98765;
	rc = syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, &si);
	check(rc == 0, "rt_sigqueueinfo to self");
	memset(&si, 0, sizeof(si));
	rc = sigwaitinfo(&set, &si);
	printf("rt_sigqueueinfo received: %s code %s value %d\n", t_signame(rc),
	       si.si_code == SI_QUEUE ? "SI_QUEUE" : "other", si.si_value.sival_int);

	/* ...and a child may not forge SI_USER towards us. */
	pid = fork();
	if (pid == 0) {
		siginfo_t fake;

		memset(&fake, 0, sizeof(fake));
		fake.si_signo = SIGUSR1;
		fake.si_code = SI_USER;
		if (syscall(SYS_rt_sigqueueinfo, getppid(), SIGUSR1, &fake) == 0)
			_exit(0);
		_exit(errno == EPERM ? 1 : 2);
	}
	waitpid(pid, &st, 0);
	printf("child forging SI_USER: %s (1 means EPERM)\n", t_wstatus(st));
	sigpending(&pend);
	check(!sigismember(&pend, SIGUSR1), "forged signal not queued");
	return t_done();
}
