/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The escape programs (tests/sandbox/escapes/): each tries one way out of
 * a path view or past --deny-net, and says what happened in one line:
 *
 *   ESCAPED: HOW      it read the hidden file (or made the socket, or
 *                     reached the monitor); exit 1
 *   blocked: WHY      every try failed; exit 0
 *   skip: WHY         the host cannot do this at all; exit 77
 *
 * The runner (escapes.sh) runs each natively first (ESCAPE_NATIVE=1),
 * where it must escape, so that the test can fail: there a failure is a
 * skip, the host cannot do it.  Then under umvm, where it must not.
 * Paths come from the environment: SECRET (the hidden file, an absolute
 * host path, saying SECRET_TEXT), SECRET_REL (the same, relative to the
 * view's root), SOCK and DGRAM (host AF_UNIX sockets outside the view).
 */
#ifndef ESCAPE_H
#define ESCAPE_H

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#define SECRET_TEXT	"TOPSECRET"

static inline const char *env(const char *name)
{
	const char *v = getenv(name);

	if (!v || !*v) {
		printf("skip: %s not set\n", name);
		exit(77);
	}
	return v;
}

static inline void escaped(const char *how)
{
	printf("ESCAPED: %s\n", how);
	fflush(stdout);
	_exit(1);
}

static inline void skip(const char *why)
{
	printf("skip: %s\n", why);
	exit(77);
}

/* Every try failed: "blocked" under umvm, "skip" natively. */
__attribute__((format(printf, 1, 2), noreturn))
static inline void blocked(const char *fmt, ...)
{
	int native = getenv("ESCAPE_NATIVE") != NULL;
	va_list ap;

	printf("%s: ", native ? "skip" : "blocked");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	exit(native ? 77 : 0);
}

/* Does fd @fd (closed here) read SECRET_TEXT? */
static inline int is_secret(int fd)
{
	char buf[64];
	ssize_t n;

	if (fd < 0)
		return 0;
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	close(fd);
	return n >= (ssize_t)strlen(SECRET_TEXT) &&
	       !memcmp(buf, SECRET_TEXT, strlen(SECRET_TEXT));
}

/* Seconds a race runs (RACE_SECONDS, default 2). */
static inline time_t race_end(void)
{
	const char *s = getenv("RACE_SECONDS");

	return time(NULL) + (s ? atoi(s) : 2);
}

/*
 * The races: threads that try until race_stop is set, and a count of the
 * tries that read the hidden file.
 */
static volatile int race_stop;
static volatile long race_hits;

/* A racing thread: opens the path @arg, counting the opens that escape. */
static inline void *race_opener(void *arg)
{
	while (!race_stop)
		if (is_secret(open(arg, O_RDONLY)))
			race_hits++;
	return NULL;
}

/* A racing thread: swaps directory @arg for a symlink to "/" and back. */
static inline void *race_swapper(void *arg)
{
	char real[4096];

	snprintf(real, sizeof(real), "%s.real", (const char *)arg);
	while (!race_stop) {
		rename(arg, real);
		symlink("/", arg);
		unlink(arg);
		rename(real, arg);
	}
	return NULL;
}

struct racer {
	void *(*fn)(void *);
	void *arg;
	const pthread_attr_t *attr;
};

/*
 * Run the @n threads @racers until race_end() or the first hit, then
 * stop and join them.
 */
static inline void race(const struct racer *racers, int n)
{
	time_t end = race_end();
	pthread_t th[8];
	int i;

	for (i = 0; i < n; i++)
		pthread_create(&th[i], racers[i].attr, racers[i].fn,
			       racers[i].arg);
	while (time(NULL) < end && !race_hits)
		usleep(10000);
	race_stop = 1;
	for (i = 0; i < n; i++)
		pthread_join(th[i], NULL);
}

/*
 * race() over directory "d", which a race_swapper of "d" keeps swapping
 * for a symlink: "d" is made first and whatever is left removed after.
 */
static inline void race_swapped_dir(const struct racer *racers, int n)
{
	mkdir("d", 0755);
	race(racers, n);
	unlink("d");
	rmdir("d");
	rmdir("d.real");
}

#endif
