// SPDX-License-Identifier: GPL-2.0
/*
 * The host side of bench_sync.h: count the host stops a UML guest's loop
 * costs.  Every ptrace stop of a UML process puts it to sleep once, so
 * the voluntary context switches of UML's processes (the descendants of
 * ROOT that have no children: UML's userspace processes and helpers, not
 * the UML kernel, which traces them) rise by one per stop.
 *
 *   count_stops SYNCDIR ROOT
 *
 * Serves handshakes until ROOT is gone; writes the count of each to
 * SYNCDIR/stops.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "bench_sync.h"

#define MAX_PROCS	4096

static pid_t pids[MAX_PROCS], ppids[MAX_PROCS];

static int read_procs(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	char p[64], comm[64];
	int n = 0, pid, ppid;
	FILE *f;

	if (!d)
		return 0;
	while ((e = readdir(d)) && n < MAX_PROCS) {
		pid = atoi(e->d_name);
		if (pid <= 0)
			continue;
		snprintf(p, sizeof(p), "/proc/%d/stat", pid);
		f = fopen(p, "r");
		if (!f)
			continue;
		/* comm has no ')' for UML's processes */
		if (fscanf(f, "%*d (%63[^)]) %*c %d", comm, &ppid) == 2) {
			pids[n] = pid;
			ppids[n++] = ppid;
		}
		fclose(f);
	}
	closedir(d);
	return n;
}

static long vcsw(pid_t pid)
{
	char p[64], line[256];
	long v = 0;
	FILE *f;

	snprintf(p, sizeof(p), "/proc/%d/status", pid);
	f = fopen(p, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "voluntary_ctxt_switches: %ld", &v) == 1)
			break;
	fclose(f);
	return v;
}

static int is_descendant(int n, pid_t pid, pid_t root)
{
	int depth, i;

	for (depth = 0; depth < 64 && pid > 1; depth++) {
		if (pid == root)
			return 1;
		for (i = 0; i < n && pids[i] != pid; i++)
			;
		if (i == n)
			return 0;
		pid = ppids[i];
	}
	return 0;
}

static long sample(pid_t root)
{
	int n = read_procs(), i, j;
	long sum = 0;

	for (i = 0; i < n; i++) {
		if (pids[i] == getpid() || pids[i] == root ||
		    !is_descendant(n, pids[i], root))
			continue;
		for (j = 0; j < n && ppids[j] != pids[i]; j++)
			;
		if (j == n)	/* a leaf */
			sum += vcsw(pids[i]);
	}
	return sum;
}

/* Wait for @name as sync_take() does, slowly; 0 when ROOT went away. */
static int take(const char *dir, const char *name, pid_t root)
{
	struct timespec ts = { 0, 20000000 };
	char p[4096];

	sync_path(p, sizeof(p), dir, name);
	while (unlink(p) < 0) {
		if (kill(root, 0) < 0 && errno == ESRCH)
			return 0;
		nanosleep(&ts, NULL);
	}
	return 1;
}

int main(int argc, char **argv)
{
	char p[4096], tmp[4096];
	long s0, s1;
	pid_t root;
	FILE *f;

	if (argc != 3) {
		fprintf(stderr, "usage: count_stops SYNCDIR ROOT\n");
		return 2;
	}
	root = atoi(argv[2]);
	sync_path(p, sizeof(p), argv[1], "stops");
	sync_path(tmp, sizeof(tmp), argv[1], "stops.tmp");
	while (take(argv[1], "b", root)) {
		s0 = sample(root);
		sync_create(argv[1], "B");
		if (!take(argv[1], "e", root))
			break;
		s1 = sample(root);
		f = fopen(tmp, "w");
		if (f) {
			fprintf(f, "%ld\n", s1 - s0);
			fclose(f);
			rename(tmp, p);
		}
		sync_create(argv[1], "E");
	}
	return 0;
}
