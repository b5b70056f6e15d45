/* SPDX-License-Identifier: GPL-2.0 */
/* poll, ppoll, select, pselect and epoll on pipes. */
#include "tests.h"
#include <poll.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/select.h>

static volatile sig_atomic_t got;

static void handler(int sig)
{
	(void)sig;
	got++;
}

static int wfd;

static void *late_writer(void *arg)
{
	(void)arg;
	t_msleep(50);
	if (write(wfd, "w", 1) != 1)
		return (void *)1L;
	return NULL;
}

static int cmp_u64(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a;
	unsigned long long y = *(const unsigned long long *)b;

	return x < y ? -1 : x > y;
}

int main(void)
{
	int a[2], b[2], c[2], ep, n, i;
	struct pollfd pfd[3];
	struct epoll_event ev, evs[8];
	unsigned long long ids[8];
	struct timespec ts;
	struct timeval tv;
	sigset_t empty;
	long long t0;
	pthread_t th;
	fd_set rfds, wfds;
	char ch;

	t_init();
	if (pipe(a) || pipe(b) || pipe(c))
		t_fatal("pipe");

	/* poll */
	pfd[0].fd = a[0];
	pfd[0].events = POLLIN;
	pfd[1].fd = b[1];
	pfd[1].events = POLLOUT;
	pfd[2].fd = c[0];
	pfd[2].events = POLLIN;
	n = poll(pfd, 3, 0);
	printf("poll: %d ready: a=%x b=%x c=%x\n", n, pfd[0].revents,
	       pfd[1].revents, pfd[2].revents);
	if (write(a[1], "x", 1) != 1)
		t_fatal("write");
	close(c[1]);
	n = poll(pfd, 3, 1000);
	printf("poll after write+close: %d ready: a=%s b=%s c=%s\n", n,
	       pfd[0].revents == POLLIN ? "POLLIN" : "?",
	       pfd[1].revents == POLLOUT ? "POLLOUT" : "?",
	       pfd[2].revents & POLLHUP ? "POLLHUP" : "?");
	if (read(a[0], &ch, 1) != 1)
		t_fatal("read");
	close(c[0]);
	if (pipe(c))
		t_fatal("pipe");
	pfd[0].fd = a[0];
	pfd[0].events = POLLIN;
	t0 = t_now_ns(CLOCK_MONOTONIC);
	n = poll(pfd, 1, 50);
	check(n == 0 && t_now_ns(CLOCK_MONOTONIC) - t0 >= 50000000LL,
	      "poll timeout after >= 50ms");
	pfd[0].fd = -1;
	check(poll(pfd, 1, 0) == 0 && pfd[0].revents == 0, "negative fd ignored");
	pfd[0].fd = 9999;
	pfd[0].events = POLLIN;
	check(poll(pfd, 1, 0) == 1 && pfd[0].revents == POLLNVAL, "bad fd: POLLNVAL");

	/* poll woken by a thread */
	wfd = a[1];
	pthread_create(&th, NULL, late_writer, NULL);
	pfd[0].fd = a[0];
	pfd[0].events = POLLIN;
	n = poll(pfd, 1, 5000);
	check(n == 1 && pfd[0].revents == POLLIN, "poll woken by a write from a thread");
	pthread_join(th, NULL);
	if (read(a[0], &ch, 1) != 1)
		t_fatal("read");

	/* ppoll with a signal mask that unblocks a pending signal */
	t_catch_blocked(SIGUSR1, handler);
	sigemptyset(&empty);
	raise(SIGUSR1);
	check(got == 0, "SIGUSR1 pending while blocked");
	ts.tv_sec = 5;
	ts.tv_nsec = 0;
	errno = 0;
	n = ppoll(pfd, 1, &ts, &empty);
	check(n == -1 && errno == EINTR && got == 1, "ppoll with unblocking mask: EINTR");
	ts.tv_sec = 0;
	ts.tv_nsec = 20000000;
	check(ppoll(pfd, 1, &ts, NULL) == 0, "ppoll timeout");

	/* select */
	FD_ZERO(&rfds);
	FD_ZERO(&wfds);
	FD_SET(a[0], &rfds);
	FD_SET(b[0], &rfds);
	FD_SET(b[1], &wfds);
	if (write(b[1], "y", 1) != 1)
		t_fatal("write");
	tv.tv_sec = 1;
	tv.tv_usec = 0;
	n = select(FD_SETSIZE > 64 ? 64 : FD_SETSIZE, &rfds, &wfds, NULL, &tv);
	printf("select: %d ready: a=%d b_read=%d b_write=%d\n", n,
	       FD_ISSET(a[0], &rfds), FD_ISSET(b[0], &rfds), FD_ISSET(b[1], &wfds));
	if (read(b[0], &ch, 1) != 1)
		t_fatal("read");
	FD_ZERO(&rfds);
	FD_SET(a[0], &rfds);
	tv.tv_sec = 0;
	tv.tv_usec = 30000;
	n = select(a[0] + 1, &rfds, NULL, NULL, &tv);
	check(n == 0 && tv.tv_sec == 0 && tv.tv_usec == 0,
	      "select timeout: returns 0 and zeroes the timeval");
	FD_ZERO(&rfds);
	FD_SET(a[0], &rfds);
	ts.tv_sec = 5;
	ts.tv_nsec = 0;
	raise(SIGUSR1);
	errno = 0;
	n = pselect(a[0] + 1, &rfds, NULL, NULL, &ts, &empty);
	check(n == -1 && errno == EINTR && got == 2, "pselect with unblocking mask: EINTR");

	/* epoll */
	ep = epoll_create1(EPOLL_CLOEXEC);
	check(ep >= 0, "epoll_create1");
	for (i = 0; i < 3; i++) {
		int fd = i == 0 ? a[0] : i == 1 ? b[0] : c[0];

		ev.events = EPOLLIN;
		ev.data.u64 = 1000 + i;
		check(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) == 0, "epoll_ctl ADD %d", i);
	}
	errno = 0;
	check(epoll_ctl(ep, EPOLL_CTL_ADD, a[0], &ev) == -1 && errno == EEXIST,
	      "epoll_ctl ADD twice: EEXIST");
	check(epoll_wait(ep, evs, 8, 0) == 0, "epoll_wait: nothing ready");
	if (write(c[1], "c", 1) != 1 || write(a[1], "a", 1) != 1)
		t_fatal("write");
	n = epoll_wait(ep, evs, 8, 1000);
	for (i = 0; i < n; i++)
		ids[i] = evs[i].data.u64;
	qsort(ids, n, sizeof(ids[0]), cmp_u64);
	printf("epoll_wait: %d ready:", n);
	for (i = 0; i < n; i++)
		printf(" %llu", ids[i]);
	printf("\n");
	/* level-triggered: still ready */
	check(epoll_wait(ep, evs, 8, 0) == 2, "level-triggered: still 2 ready");
	/* edge-triggered on a: reported once */
	ev.events = EPOLLIN | EPOLLET;
	ev.data.u64 = 2000;
	check(epoll_ctl(ep, EPOLL_CTL_MOD, a[0], &ev) == 0, "epoll_ctl MOD to EPOLLET");
	check(epoll_ctl(ep, EPOLL_CTL_DEL, c[0], NULL) == 0, "epoll_ctl DEL");
	n = epoll_wait(ep, evs, 8, 0);
	check(n == 1 && evs[0].data.u64 == 2000, "EPOLLET: first report");
	check(epoll_wait(ep, evs, 8, 0) == 0, "EPOLLET: no second report");
	/* EPOLLONESHOT on b */
	ev.events = EPOLLIN | EPOLLONESHOT;
	ev.data.u64 = 3000;
	epoll_ctl(ep, EPOLL_CTL_MOD, b[0], &ev);
	if (write(b[1], "b", 1) != 1)
		t_fatal("write");
	n = epoll_wait(ep, evs, 8, 0);
	check(n == 1 && evs[0].data.u64 == 3000, "EPOLLONESHOT: reported");
	check(epoll_wait(ep, evs, 8, 0) == 0, "EPOLLONESHOT: disarmed");
	if (read(a[0], &ch, 1) != 1 || read(b[0], &ch, 1) != 1 || read(c[0], &ch, 1) != 1)
		t_fatal("read");
	/* epoll_wait woken by another thread */
	wfd = a[1];
	pthread_create(&th, NULL, late_writer, NULL);
	n = epoll_wait(ep, evs, 8, 5000);
	check(n == 1 && evs[0].data.u64 == 2000, "epoll_wait woken by a thread's write");
	pthread_join(th, NULL);
	/* epoll_pwait with a signal */
	if (read(a[0], &ch, 1) != 1)
		t_fatal("read");
	raise(SIGUSR1);
	errno = 0;
	n = epoll_pwait(ep, evs, 8, 5000, &empty);
	check(n == -1 && errno == EINTR && got == 3, "epoll_pwait with unblocking mask: EINTR");
	t0 = t_now_ns(CLOCK_MONOTONIC);
	n = epoll_wait(ep, evs, 8, 30);
	check(n == 0 && t_now_ns(CLOCK_MONOTONIC) - t0 >= 30000000LL,
	      "epoll_wait timeout after >= 30ms");
	close(ep);
	return t_done();
}
