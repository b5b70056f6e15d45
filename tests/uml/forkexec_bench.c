// SPDX-License-Identifier: GPL-2.0
/*
 * Time N rounds of fork + execve(PROG) + waitpid and print the cost:
 *   forkexec_bench [N [PROG]]   (PROG defaults to /bin/true)
 *     ->  "forkexec: 1234.5 us/op (N ops)"
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100, i;
	char *prog = argc > 2 ? argv[2] : "/bin/true";
	char *args[] = { prog, NULL }, *env[] = { NULL };
	struct timespec a, b;
	int status;
	pid_t pid;
	double us;

	if (n <= 0)
		n = 1;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++) {
		pid = fork();
		if (pid < 0) {
			perror("forkexec: fork");
			return 1;
		}
		if (pid == 0) {
			execve(prog, args, env);
			_exit(127);
		}
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status)) {
			fprintf(stderr, "forkexec: %s failed\n", prog);
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	us = (b.tv_sec - a.tv_sec) * 1e6 + (b.tv_nsec - a.tv_nsec) / 1e3;
	printf("forkexec: %.1f us/op (%ld ops)\n", us / n, n);
	return 0;
}
