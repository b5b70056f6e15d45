/* SPDX-License-Identifier: GPL-2.0 */
/* pipe2() flags, EAGAIN/EPIPE/SIGPIPE, FIONREAD, pipe size, a 4 MiB write, splice. */
#include "tests.h"
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

#define BIG (4 * 1024 * 1024)

static volatile sig_atomic_t sigpipes;

static void on_sigpipe(int sig)
{
	(void)sig;
	sigpipes++;
}

static unsigned char pattern(size_t i)
{
	return (unsigned char)(i * 7 + (i >> 11));
}

int main(void)
{
	int fds[2], st, avail;
	unsigned char *buf;
	size_t i, total = 0;
	unsigned long sum = 0, expect = 0;
	ssize_t n;
	pid_t pid;
	char c;

	t_init();

	check(pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0, "pipe2(O_CLOEXEC|O_NONBLOCK)");
	check(fcntl(fds[0], F_GETFD) & FD_CLOEXEC, "read end has FD_CLOEXEC");
	check(fcntl(fds[1], F_GETFL) & O_NONBLOCK, "write end has O_NONBLOCK");
	check((fcntl(fds[0], F_GETFL) & O_ACCMODE) == O_RDONLY, "read end is O_RDONLY");
	check((fcntl(fds[1], F_GETFL) & O_ACCMODE) == O_WRONLY, "write end is O_WRONLY");
	errno = 0;
	check(read(fds[0], &c, 1) == -1 && errno == EAGAIN, "empty non-blocking read: EAGAIN");
	check(write(fds[1], "hello, pipe", 11) == 11, "write 11 bytes");
	check(ioctl(fds[0], FIONREAD, &avail) == 0 && avail == 11, "FIONREAD says 11");
	{
		char b[32] = { 0 };

		check(read(fds[0], b, sizeof(b)) == 11 && !strcmp(b, "hello, pipe"),
		      "read them back");
	}
	check(fcntl(fds[1], F_SETPIPE_SZ, 65536) >= 65536, "F_SETPIPE_SZ 64k");
	check(fcntl(fds[1], F_GETPIPE_SZ) == 65536, "F_GETPIPE_SZ 64k");
	/* fill the pipe without blocking */
	buf = malloc(BIG);
	if (!buf)
		t_fatal("malloc");
	memset(buf, 'x', 65536 * 2);
	n = write(fds[1], buf, 65536 * 2);
	check(n == 65536, "non-blocking write fills exactly the pipe");
	errno = 0;
	check(write(fds[1], "y", 1) == -1 && errno == EAGAIN, "full pipe: EAGAIN");
	close(fds[0]);

	/* Writing with no reader: SIGPIPE, then EPIPE if it is handled. */
	signal(SIGPIPE, on_sigpipe);
	errno = 0;
	n = write(fds[1], "z", 1);
	check(n == -1 && errno == EPIPE && sigpipes == 1, "no reader: SIGPIPE and EPIPE");
	signal(SIGPIPE, SIG_IGN);
	errno = 0;
	n = write(fds[1], "z", 1);
	check(n == -1 && errno == EPIPE && sigpipes == 1, "SIGPIPE ignored: EPIPE only");
	close(fds[1]);
	signal(SIGPIPE, SIG_DFL);

	if (pipe(fds))
		t_fatal("pipe");
	close(fds[0]);
	pid = fork();
	if (pid == 0) {
		n = write(fds[1], "z", 1);
		_exit(3);
	}
	waitpid(pid, &st, 0);
	printf("child writing to a pipe without readers: %s\n", t_wstatus(st));
	close(fds[1]);

	/* One 4 MiB write() from a child, read in odd-sized chunks. */
	if (pipe(fds))
		t_fatal("pipe");
	for (i = 0; i < BIG; i++) {
		buf[i] = pattern(i);
		expect += buf[i] * (i % 13 + 1);
	}
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		n = write(fds[1], buf, BIG);
		_exit(n == BIG ? 0 : 1);
	}
	close(fds[1]);
	for (;;) {
		unsigned char chunk[7777];

		n = read(fds[0], chunk, sizeof(chunk));
		if (n <= 0)
			break;
		for (i = 0; i < (size_t)n; i++)
			sum += chunk[i] * ((total + i) % 13 + 1);
		total += n;
	}
	close(fds[0]);
	waitpid(pid, &st, 0);
	printf("4 MiB write: writer %s, read %zu bytes\n", t_wstatus(st), total);
	check(sum == expect, "4 MiB write: checksum");

	/* splice and tee between pipes */
	{
		int a[2], b[2];
		char out[16] = { 0 };

		if (pipe(a) || pipe(b))
			t_fatal("pipe");
		if (write(a[1], "spliced!", 8) != 8)
			t_fatal("write");
		check(tee(a[0], b[1], 8, 0) == 8, "tee 8 bytes");
		check(read(b[0], out, sizeof(out)) == 8 && !memcmp(out, "spliced!", 8),
		      "tee copy readable");
		check(splice(a[0], NULL, b[1], NULL, 8, 0) == 8, "splice 8 bytes");
		memset(out, 0, sizeof(out));
		check(read(b[0], out, sizeof(out)) == 8 && !memcmp(out, "spliced!", 8),
		      "spliced data readable");
		errno = 0;
		check(lseek(a[0], 0, SEEK_SET) == -1 && errno == ESPIPE, "lseek on a pipe: ESPIPE");
	}
	free(buf);
	return t_done();
}
