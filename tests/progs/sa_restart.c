/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A read() on an empty pipe interrupted by SIGALRM fails with EINTR without
 * SA_RESTART and is restarted with it.  nanosleep() is never restarted.
 *
 * The interval timer fires every 100ms.  With SA_RESTART the handler writes
 * a byte into the pipe on its third run, so a restarted read() returns that
 * byte; without it the handler never writes, so timing cannot matter.
 */
#include "tests.h"
#include <sys/time.h>

static int fds[2];
static volatile sig_atomic_t count, write_at;

static void handler(int sig)
{
	(void)sig;
	if (++count == write_at)
		if (write(fds[1], "!", 1) != 1)
			count = 100;
}

static void arm(long ms)
{
	struct itimerval it = {
		.it_interval = { 0, ms * 1000 },
		.it_value = { 0, ms * 1000 },
	};

	setitimer(ITIMER_REAL, &it, NULL);
}

static void disarm(void)
{
	struct itimerval it;

	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
}

static void install(int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sa.sa_flags = flags;
	sigaction(SIGALRM, &sa, NULL);
}

/*
 * A read of the empty pipe under a signal every 100 ms, the handler
 * installed with @flags; the handler writes a byte at signal @at (0:
 * never).  Its result; errno as the read left it.
 */
static ssize_t interrupted_read(int flags, int at, char *c)
{
	ssize_t n;

	install(flags);
	count = 0;
	write_at = at;
	arm(100);
	errno = 0;
	n = read(fds[0], c, 1);
	disarm();
	return n;
}

int main(void)
{
	struct timespec req, rem;
	ssize_t n;
	char c = 0;

	t_init();
	if (pipe(fds))
		t_fatal("pipe");

	n = interrupted_read(0, 0, &c);
	printf("without SA_RESTART: read returned %zd errno %s\n", n,
	       n < 0 ? t_errname(errno) : "-");
	check(count >= 1, "without SA_RESTART: handler ran");

	n = interrupted_read(SA_RESTART, 3, &c);
	printf("with SA_RESTART: read returned %zd byte '%c'\n", n, n == 1 ? c : '?');
	check(count >= 3, "with SA_RESTART: read restarted until the third signal");

	/* nanosleep returns EINTR and the remaining time even with SA_RESTART */
	count = 0;
	write_at = 0;
	arm(50);
	req.tv_sec = 5;
	req.tv_nsec = 0;
	errno = 0;
	n = nanosleep(&req, &rem);
	disarm();
	printf("nanosleep with SA_RESTART: %zd errno %s\n", n, t_errname(errno));
	check(rem.tv_sec < 5 && (rem.tv_sec > 0 || rem.tv_nsec > 0),
	      "nanosleep: remaining time reported");

	/* pause() always fails with EINTR */
	count = 0;
	arm(50);
	errno = 0;
	n = pause();
	disarm();
	printf("pause: %zd errno %s\n", n, t_errname(errno));
	return t_done();
}
