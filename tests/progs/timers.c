/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sleeps and timers: nanosleep, clock_nanosleep (relative and absolute),
 * timerfd, setitimer (REAL and PROF), alarm, POSIX timers with SIGEV_SIGNAL
 * and SIGEV_THREAD_ID.  Only lower bounds on elapsed time are checked.
 */
#include "tests.h"
#include <pthread.h>
#include <stdint.h>
#include <sys/time.h>
#include <sys/timerfd.h>

#define MS 1000000LL

#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid
#endif

static volatile sig_atomic_t alrm, prof, rt;
static volatile int rt_code, rt_value, rt_overrun_ok;
static volatile pid_t rt_tid;

static void on_alrm(int sig)
{
	(void)sig;
	alrm++;
}

static void on_prof(int sig)
{
	(void)sig;
	prof++;
}

static void on_rt(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	rt_code = si->si_code;
	rt_value = si->si_value.sival_int;
	rt_overrun_ok = si->si_overrun >= 0;
	rt_tid = t_gettid();
	/* last: another thread polls rt, then reads the fields above */
	rt++;
}

static volatile int stop_thread;
static volatile pid_t thread_tid;

static void *sleeper(void *arg)
{
	sigset_t set;

	(void)arg;
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	thread_tid = t_gettid();
	while (!stop_thread)
		pause();
	return NULL;
}

int main(void)
{
	struct timespec req, rem, now, target;
	struct itimerspec its;
	struct itimerval itv;
	struct sigaction sa;
	struct sigevent sev;
	struct timeval tv;
	timer_t tid;
	uint64_t exp;
	long long t0, t1;
	unsigned int left;
	pthread_t th;
	sigset_t set;
	int fd, rc;

	t_init();

	/* clocks */
	t0 = t_now_ns(CLOCK_MONOTONIC);
	t1 = t_now_ns(CLOCK_MONOTONIC);
	check(t1 >= t0, "CLOCK_MONOTONIC does not go backwards");
	gettimeofday(&tv, NULL);
	check(labs((long)(time(NULL) - tv.tv_sec)) <= 1, "time() agrees with gettimeofday()");
	clock_gettime(CLOCK_REALTIME, &now);
	check(labs((long)(now.tv_sec - tv.tv_sec)) <= 1, "CLOCK_REALTIME agrees with gettimeofday()");
	check(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &now) == 0 &&
	      now.tv_sec * 1000000000LL + now.tv_nsec >= t1, "raw clock_gettime syscall");
	check(clock_getres(CLOCK_MONOTONIC, &req) == 0 && req.tv_sec == 0 &&
	      req.tv_nsec > 0, "clock_getres(CLOCK_MONOTONIC)");
	errno = 0;
	check(clock_gettime((clockid_t)12345, &now) == -1 && errno == EINVAL,
	      "clock_gettime bad clock: EINVAL");

	/* nanosleep */
	req.tv_sec = 0;
	req.tv_nsec = 20 * MS;
	t0 = t_now_ns(CLOCK_MONOTONIC);
	check(nanosleep(&req, &rem) == 0, "nanosleep 20ms returns 0");
	check(t_now_ns(CLOCK_MONOTONIC) - t0 >= 20 * MS, "nanosleep slept >= 20ms");
	req.tv_nsec = 2000000000L;
	errno = 0;
	check(nanosleep(&req, NULL) == -1 && errno == EINVAL, "nanosleep bad tv_nsec: EINVAL");

	/* clock_nanosleep relative and absolute */
	req.tv_sec = 0;
	req.tv_nsec = 20 * MS;
	t0 = t_now_ns(CLOCK_MONOTONIC);
	rc = clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL);
	check(rc == 0 && t_now_ns(CLOCK_MONOTONIC) - t0 >= 20 * MS,
	      "clock_nanosleep relative 20ms");
	clock_gettime(CLOCK_MONOTONIC, &target);
	target.tv_nsec += 30 * MS;
	if (target.tv_nsec >= 1000000000L) {
		target.tv_sec++;
		target.tv_nsec -= 1000000000L;
	}
	rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &target, NULL);
	clock_gettime(CLOCK_MONOTONIC, &now);
	check(rc == 0 && (now.tv_sec > target.tv_sec ||
	      (now.tv_sec == target.tv_sec && now.tv_nsec >= target.tv_nsec)),
	      "clock_nanosleep TIMER_ABSTIME reached the target");
	rc = clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &target, NULL);
	check(rc == 0, "clock_nanosleep absolute in the past returns at once");

	/* timerfd */
	fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	check(fd >= 0, "timerfd_create");
	memset(&its, 0, sizeof(its));
	its.it_value.tv_nsec = 10 * MS;
	its.it_interval.tv_nsec = 10 * MS;
	t0 = t_now_ns(CLOCK_MONOTONIC);
	check(timerfd_settime(fd, 0, &its, NULL) == 0, "timerfd_settime 10ms periodic");
	exp = 0;
	check(read(fd, &exp, sizeof(exp)) == sizeof(exp) && exp >= 1,
	      "timerfd read: at least one expiration");
	check(t_now_ns(CLOCK_MONOTONIC) - t0 >= 10 * MS, "timerfd read blocked >= 10ms");
	t_msleep(35);
	exp = 0;
	check(read(fd, &exp, sizeof(exp)) == sizeof(exp) && exp >= 3,
	      "timerfd counts overruns (>= 3 after 35ms)");
	check(timerfd_gettime(fd, &its) == 0 && its.it_interval.tv_nsec == 10 * MS,
	      "timerfd_gettime interval");
	memset(&its, 0, sizeof(its));
	timerfd_settime(fd, 0, &its, NULL);
	close(fd);
	fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
	errno = 0;
	check(read(fd, &exp, sizeof(exp)) == -1 && errno == EAGAIN,
	      "disarmed non-blocking timerfd: EAGAIN");
	clock_gettime(CLOCK_MONOTONIC, &its.it_value);
	timerfd_settime(fd, TFD_TIMER_ABSTIME, &its, NULL);
	t_msleep(1);
	check(read(fd, &exp, sizeof(exp)) == sizeof(exp) && exp == 1,
	      "TFD_TIMER_ABSTIME in the past fires once");
	close(fd);

	/* setitimer ITIMER_REAL */
	t_catch_blocked(SIGALRM, on_alrm);
	memset(&sa, 0, sizeof(sa));
	itv.it_interval.tv_sec = 0;
	itv.it_interval.tv_usec = 10000;
	itv.it_value = itv.it_interval;
	check(setitimer(ITIMER_REAL, &itv, NULL) == 0, "setitimer ITIMER_REAL 10ms");
	check(getitimer(ITIMER_REAL, &itv) == 0 && itv.it_interval.tv_usec == 10000,
	      "getitimer interval");
	sigemptyset(&set);
	while (alrm < 3)
		sigsuspend(&set);
	memset(&itv, 0, sizeof(itv));
	setitimer(ITIMER_REAL, &itv, NULL);
	check(alrm >= 3, "three SIGALRMs via sigsuspend");

	/* alarm */
	check(alarm(10) == 0, "alarm(10) returns 0");
	left = alarm(0);
	check(left == 10, "alarm(0) returns the 10 seconds left");
	alrm = 0;
	alarm(1);
	while (alrm == 0)
		sigsuspend(&set);
	check(alrm == 1, "alarm(1) delivered SIGALRM");

	/* ITIMER_PROF: CPU time */
	sa.sa_handler = on_prof;
	sigaction(SIGPROF, &sa, NULL);
	itv.it_interval.tv_sec = 0;
	itv.it_interval.tv_usec = 10000;
	itv.it_value = itv.it_interval;
	setitimer(ITIMER_PROF, &itv, NULL);
	t0 = t_now_ns(CLOCK_MONOTONIC);
	while (prof < 2 && t_now_ns(CLOCK_MONOTONIC) - t0 < 20000 * MS)
		;
	memset(&itv, 0, sizeof(itv));
	setitimer(ITIMER_PROF, &itv, NULL);
	check(prof >= 2, "ITIMER_PROF fired while burning CPU");

	/* POSIX timer, SIGEV_SIGNAL with a value */
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_rt;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGRTMIN, &sa, NULL);
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = SIGRTMIN;
	sev.sigev_value.sival_int = 4242;
	check(timer_create(CLOCK_MONOTONIC, &sev, &tid) == 0, "timer_create SIGEV_SIGNAL");
	memset(&its, 0, sizeof(its));
	its.it_value.tv_nsec = 10 * MS;
	check(timer_settime(tid, 0, &its, NULL) == 0, "timer_settime 10ms one-shot");
	while (rt == 0)
		sigsuspend(&set);
	printf("POSIX timer: %d signal(s), code %s, value %d, overrun ok %s\n", (int)rt,
	       rt_code == SI_TIMER ? "SI_TIMER" : "other", rt_value,
	       rt_overrun_ok ? "yes" : "no");
	check(timer_gettime(tid, &its) == 0 && its.it_value.tv_sec == 0 &&
	      its.it_value.tv_nsec == 0, "one-shot timer disarmed after firing");
	check(timer_getoverrun(tid) == 0, "timer_getoverrun 0");
	check(timer_delete(tid) == 0, "timer_delete");

	/* POSIX timer aimed at a specific thread */
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	sigprocmask(SIG_BLOCK, &set, NULL);
	pthread_create(&th, NULL, sleeper, NULL);
	while (!thread_tid)
		t_msleep(1);
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = SIGRTMIN;
	sev.sigev_value.sival_int = 77;
	sev.sigev_notify_thread_id = thread_tid;
	rt = 0;
	rc = timer_create(CLOCK_MONOTONIC, &sev, &tid);
	check(rc == 0, "timer_create SIGEV_THREAD_ID");
	if (rc == 0) {
		its.it_value.tv_nsec = 10 * MS;
		timer_settime(tid, 0, &its, NULL);
		t0 = t_now_ns(CLOCK_MONOTONIC);
		while (rt == 0 && t_now_ns(CLOCK_MONOTONIC) - t0 < 10000 * MS)
			t_msleep(1);
		check(rt_tid == thread_tid && rt_value == 77,
		      "SIGEV_THREAD_ID: handled by the chosen thread with its value");
		timer_delete(tid);
	}
	stop_thread = 1;
	pthread_kill(th, SIGRTMIN);
	pthread_join(th, NULL);
	return t_done();
}
