// SPDX-License-Identifier: GPL-2.0
/*
 * lt-run: run one command for the lifetime tests and say how it ended.
 *
 * usage: lt-run [-t MS] [-s SIG -d MIN[-MAX]] [-m MARK] [-o FILE] -- CMD...
 *
 *   -t MS    hard timeout (default 20000): then SIGKILL, reported "hang"
 *   -s SIG   send signal number SIG to CMD after a delay of MIN..MAX
 *   -d       microseconds, chosen at random
 *   -m MARK  put LT_MARK=MARK in CMD's environment, and after CMD ended
 *            look for processes still carrying it (every descendant
 *            inherits it): "left PID STATE TRACERPID" for each
 *   -o FILE  CMD's stdout and stderr (default: lt-run's)
 *
 * Prints "exit N", "signal N" or "hang" (and "left" lines) on stdout,
 * Exits 0, or 2 on bad usage.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static void sleep_us(long long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* Whether process @pid carries @needle ("LT_MARK=...\0") in its environment. */
static int marked(const char *pid, const char *needle, size_t nlen)
{
	static char buf[1 << 17];
	char path[300];
	ssize_t n, got = 0;
	int fd;

	snprintf(path, sizeof(path), "/proc/%s/environ", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	while (got < (ssize_t)sizeof(buf) &&
	       (n = read(fd, buf + got, sizeof(buf) - got)) > 0)
		got += n;
	close(fd);
	return got > 0 && memmem(buf, got, needle, nlen) != NULL;
}

static void status_of(const char *pid, char *state, size_t slen, long *tracer)
{
	char path[300], line[256];
	FILE *f;

	snprintf(state, slen, "?");
	*tracer = -1;
	snprintf(path, sizeof(path), "/proc/%s/status", pid);
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "State:", 6))
			sscanf(line + 6, " %15s", state);
		else if (!strncmp(line, "TracerPid:", 10))
			*tracer = atol(line + 10);
	}
	fclose(f);
}

/*
 * Processes still marked: the run left them behind.  @pass 0 only counts
 * them; one that is still there at pass 1, a moment later, is reported
 * (a process killed at the very end may still be on its way out).
 */
static int leftovers(const char *mark, int pass)
{
	int n = 0;
	char needle[256];
	struct dirent *d;
	size_t nlen;
	DIR *dir;

	nlen = snprintf(needle, sizeof(needle), "LT_MARK=%s", mark) + 1;
	dir = opendir("/proc");
	if (!dir)
		return 0;
	while ((d = readdir(dir))) {
		char state[16];
		long tracer;

		if (d->d_name[0] < '1' || d->d_name[0] > '9')
			continue;
		if (atoi(d->d_name) == getpid() ||
		    !marked(d->d_name, needle, nlen))
			continue;
		status_of(d->d_name, state, sizeof(state), &tracer);
		if (state[0] == 'Z' && tracer <= 0)
			continue;	/* dead, waiting for its parent */
		n++;
		if (pass)
			printf("left %s %s %ld\n", d->d_name, state, tracer);
	}
	closedir(dir);
	return n;
}

int main(int argc, char **argv)
{
	long long timeout_us = 20000000, dmin = 0, dmax = 0, start;
	const char *mark = NULL, *out = NULL;
	int sig = 0, c, st;
	pid_t pid;

	while ((c = getopt(argc, argv, "+t:s:d:m:o:")) != -1) {
		switch (c) {
		case 't':
			timeout_us = atoll(optarg) * 1000;
			break;
		case 's':
			sig = atoi(optarg);
			break;
		case 'd':
			dmin = dmax = atoll(optarg);
			if (strchr(optarg, '-'))
				dmax = atoll(strchr(optarg, '-') + 1);
			break;
		case 'm':
			mark = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		default:
			return 2;
		}
	}
	if (optind >= argc || dmax < dmin) {
		fprintf(stderr, "usage: lt-run [-t MS] [-s SIG -d MIN[-MAX]] "
			"[-m MARK] [-o FILE] -- CMD [ARGS...]\n");
		return 2;
	}
	srand(now_us() ^ getpid());
	/*
	 * Not ignored, as in a shell's background job: before the fork, or
	 * a signal sent at once could find CMD still ignoring it.
	 */
	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	fflush(NULL);
	start = now_us();
	pid = fork();
	if (pid < 0)
		return 2;
	if (pid == 0) {
		if (mark)
			setenv("LT_MARK", mark, 1);
		if (out) {
			int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC |
				      O_CLOEXEC, 0644);

			if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
				_exit(126);
		}
		execvp(argv[optind], argv + optind);
		perror(argv[optind]);
		_exit(127);
	}
	if (sig) {
		sleep_us(dmin + (dmax > dmin ? rand() % (dmax - dmin + 1) : 0));
		kill(pid, sig);
	}
	for (;;) {
		pid_t r = waitpid(pid, &st, WNOHANG);

		if (r == pid)
			break;
		if (now_us() - start > timeout_us) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			printf("hang\n");
			st = -1;
			break;
		}
		sleep_us(2000);
	}
	if (st != -1) {
		if (WIFSIGNALED(st))
			printf("signal %d\n", WTERMSIG(st));
		else
			printf("exit %d\n", WEXITSTATUS(st));
	}
	if (mark && leftovers(mark, 0)) {
		sleep_us(200000);
		leftovers(mark, 1);
	}
	return 0;
}
