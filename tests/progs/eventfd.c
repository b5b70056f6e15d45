/* SPDX-License-Identifier: GPL-2.0 */
/* eventfd: counter and semaphore semantics, EAGAIN, poll, wake-up across threads and fork. */
#include "tests.h"
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <sys/wait.h>

static int efd;

static void *adder(void *arg)
{
	uint64_t v = (uint64_t)(long)arg;

	t_msleep(30);
	if (write(efd, &v, sizeof(v)) != sizeof(v))
		return (void *)1L;
	return NULL;
}

int main(void)
{
	struct pollfd pfd;
	uint64_t v;
	pthread_t th;
	pid_t pid;
	int fd, st, i;

	t_init();

	fd = eventfd(5, EFD_CLOEXEC | EFD_NONBLOCK);
	check(fd >= 0, "eventfd(5, CLOEXEC|NONBLOCK)");
	check(fcntl(fd, F_GETFD) & FD_CLOEXEC, "FD_CLOEXEC set");
	v = 3;
	check(write(fd, &v, sizeof(v)) == sizeof(v), "add 3");
	v = 0;
	check(read(fd, &v, sizeof(v)) == sizeof(v) && v == 8, "read returns the sum 8");
	errno = 0;
	check(read(fd, &v, sizeof(v)) == -1 && errno == EAGAIN, "read at zero: EAGAIN");
	errno = 0;
	check(read(fd, &v, 4) == -1 && errno == EINVAL, "short read buffer: EINVAL");
	v = UINT64_MAX;
	errno = 0;
	check(write(fd, &v, sizeof(v)) == -1 && errno == EINVAL, "write of UINT64_MAX: EINVAL");
	v = UINT64_MAX - 1;
	check(write(fd, &v, sizeof(v)) == sizeof(v), "write the maximum");
	v = 1;
	errno = 0;
	check(write(fd, &v, sizeof(v)) == -1 && errno == EAGAIN, "overflowing write: EAGAIN");
	pfd.fd = fd;
	pfd.events = POLLIN | POLLOUT;
	check(poll(&pfd, 1, 0) == 1 && pfd.revents == POLLIN, "poll: readable, not writable");
	close(fd);

	fd = eventfd(3, EFD_SEMAPHORE);
	for (i = 0; i < 3; i++) {
		v = 0;
		check(read(fd, &v, sizeof(v)) == sizeof(v) && v == 1,
		      "EFD_SEMAPHORE read %d returns 1", i);
	}
	close(fd);

	/* a blocking read woken by another thread */
	efd = eventfd(0, 0);
	pthread_create(&th, NULL, adder, (void *)7L);
	v = 0;
	check(read(efd, &v, sizeof(v)) == sizeof(v) && v == 7, "blocking read woken by thread: 7");
	pthread_join(th, NULL);

	/* ... and by a child process */
	pid = fork();
	if (pid == 0) {
		t_msleep(30);
		v = 11;
		_exit(write(efd, &v, sizeof(v)) == sizeof(v) ? 0 : 1);
	}
	v = 0;
	check(read(efd, &v, sizeof(v)) == sizeof(v) && v == 11, "blocking read woken by child: 11");
	waitpid(pid, &st, 0);
	printf("child: %s\n", t_wstatus(st));
	close(efd);
	return t_done();
}
