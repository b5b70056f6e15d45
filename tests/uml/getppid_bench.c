// SPDX-License-Identifier: GPL-2.0
/*
 * Time N raw getppid calls with clock_gettime and print the cost per call:
 *   getppid_bench [N [SYNCDIR]]
 *     ->  "getppid: 12.34 us/call (N calls)"
 * With SYNCDIR (a hostfs directory watched by count_stops on the host),
 * the loop is bracketed by the handshake of bench_sync.h and the line
 * ends with ", S host stops/call".
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "bench_sync.h"

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 10000, i, stops = -1;
	const char *dir = argc > 2 ? argv[2] : NULL;
	struct timespec a, b;
	char p[4096];
	double us;
	FILE *f;

	if (n <= 0)
		n = 1;
	if (dir && (sync_create(dir, "b") || sync_take(dir, "B", 30)))
		dir = NULL;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
	clock_gettime(CLOCK_MONOTONIC, &b);
	if (dir && !sync_create(dir, "e") && !sync_take(dir, "E", 30)) {
		sync_path(p, sizeof(p), dir, "stops");
		f = fopen(p, "r");
		if (f) {
			if (fscanf(f, "%ld", &stops) != 1)
				stops = -1;
			fclose(f);
		}
	}
	us = (b.tv_sec - a.tv_sec) * 1e6 + (b.tv_nsec - a.tv_nsec) / 1e3;
	printf("getppid: %.2f us/call (%ld calls)", us / n, n);
	if (stops >= 0)
		printf(", %.3f host stops/call", (double)stops / n);
	printf("\n");
	return 0;
}
