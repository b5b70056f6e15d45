/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Handshake between a benchmark inside a UML guest and count_stops on
 * the host, through a directory shared with hostfs.  Each file is created
 * by one side and removed by the other:
 *   guest: creates "b", waits for "B", removes it, runs the loop,
 *          creates "e", waits for "E", removes it, reads "stops";
 *   host:  waits for "b", removes it, samples, creates "B",
 *          waits for "e", removes it, samples, writes "stops", creates "E".
 */
#ifndef UMVM_BENCH_SYNC_H
#define UMVM_BENCH_SYNC_H

#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static inline void sync_path(char *buf, size_t len, const char *dir,
			     const char *name)
{
	snprintf(buf, len, "%s/%s", dir, name);
}

static inline int sync_create(const char *dir, const char *name)
{
	char p[4096];
	int fd;

	sync_path(p, sizeof(p), dir, name);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

/* Wait until @name exists in @dir and remove it; -1 after @secs. */
static inline int sync_take(const char *dir, const char *name, int secs)
{
	struct timespec ts = { 0, 2000000 };
	char p[4096];
	long i;

	sync_path(p, sizeof(p), dir, name);
	for (i = 0; i < secs * 500L; i++) {
		if (unlink(p) == 0)
			return 0;
		nanosleep(&ts, NULL);
	}
	return -1;
}

#endif
