// SPDX-License-Identifier: GPL-2.0
/*
 * TAP harness for the PTRACE_VM conformance suite, see harness.h.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

/* Seconds a test may take; QEMU's TCG is slow. */
#define TEST_TIMEOUT	30

int test_failed;

void test_skip(const char *fmt, ...)
{
	va_list ap;

	printf("# SKIP (host: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(")\n");
	fflush(stdout);
	_exit(TEST_SKIP);
}

void test_fail(void)
{
	fflush(stdout);
	_exit(TEST_FAIL);
}

static int run_one(const struct test *t)
{
	int status;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		perror("# fork");
		return TEST_FAIL;
	}
	if (pid == 0) {
		/* A test leads its own process group so a timeout kills all. */
		setpgid(0, 0);
		alarm(TEST_TIMEOUT);
		test_failed = 0;
		t->run(t->arg);
		fflush(stdout);
		_exit(test_failed ? TEST_FAIL : TEST_PASS);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			perror("# waitpid");
			return TEST_FAIL;
		}
	}
	kill(-pid, SIGKILL);
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	fprintf(stderr, "# test process killed by signal %d%s\n",
		WTERMSIG(status),
		WTERMSIG(status) == SIGALRM ? " (timeout)" : "");
	return TEST_FAIL;
}

int run_tests(const struct test *tests, int n, int vm_present,
	      const char *absent_reason, const char *filter)
{
	int i, num = 0, pass = 0, fail = 0, skip = 0;

	printf("TAP version 13\n");
	for (i = 0; i < n; i++)
		if (!filter || strstr(tests[i].name, filter))
			num++;
	printf("1..%d\n", num);
	num = 0;
	for (i = 0; i < n; i++) {
		const struct test *t = &tests[i];
		int r;

		if (filter && !strstr(t->name, filter))
			continue;
		num++;
		if ((t->needs_vm > 0 && !vm_present) ||
		    (t->needs_vm < 0 && vm_present)) {
			printf("ok %d %s # SKIP (host: %s)\n", num, t->name,
			       vm_present ? "PTRACE_VM present" : absent_reason);
			skip++;
			continue;
		}
		r = run_one(t);
		if (r == TEST_PASS) {
			printf("ok %d %s\n", num, t->name);
			pass++;
		} else if (r == TEST_SKIP) {
			printf("ok %d %s # SKIP\n", num, t->name);
			skip++;
		} else {
			printf("not ok %d %s\n", num, t->name);
			fail++;
		}
		fflush(stdout);
	}
	printf("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:%d error:0\n",
	       pass, fail, skip);
	if (pass + fail == 0) {
		printf("# no test ran\n");
		fail = 1;
	}
	printf("%d passed, %d failed, %d skipped\n", pass, fail, skip);
	fflush(stdout);
	return fail;
}
