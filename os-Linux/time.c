// SPDX-License-Identifier: GPL-2.0
#include <signal.h>
#include <string.h>
#include <time.h>
#include <sys/time.h>
#include "os.h"

uint64_t os_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void on_tick(int sig)
{
	(void)sig;	/* only to interrupt waitpid() */
}

void os_tick_start(int ms)
{
	struct itimerval it = {
		{ ms / 1000, (ms % 1000) * 1000 },
		{ ms / 1000, (ms % 1000) * 1000 },
	};
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_tick;	/* no SA_RESTART */
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
}

void os_sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	/* A signal may end it early: callers poll in a loop anyway. */
	nanosleep(&ts, NULL);
}
