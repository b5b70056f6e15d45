// SPDX-License-Identifier: GPL-2.0
/*
 * Time N raw getppid calls with clock_gettime and print the cost per call:
 *   getppid_bench [N]    ->    "getppid: 12.34 us/call (N calls)"
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 10000, i;
	struct timespec a, b;
	double us;

	if (n <= 0)
		n = 1;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
	clock_gettime(CLOCK_MONOTONIC, &b);
	us = (b.tv_sec - a.tv_sec) * 1e6 + (b.tv_nsec - a.tv_nsec) / 1e3;
	printf("getppid: %.2f us/call (%ld calls)\n", us / n, n);
	return 0;
}
