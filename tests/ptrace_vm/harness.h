/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small TAP harness in the manner of the kernel selftests: every test
 * runs in a forked process under a timeout; ASSERT_* ends a test on
 * failure, EXPECT_* records the failure and goes on, SKIP() ends it as
 * skipped.  Tests are listed in a table by the test program.
 */
#ifndef PTRACE_VM_HARNESS_H
#define PTRACE_VM_HARNESS_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Exit codes of a test process */
#define TEST_PASS	0
#define TEST_FAIL	1
#define TEST_SKIP	4

struct test {
	const char *name;
	void (*run)(const void *arg);
	const void *arg;
	/*
	 * 1: skipped where PTRACE_VM is absent; -1: runs only there (what a
	 * stock kernel must do); 0: runs everywhere.
	 */
	int needs_vm;
};

/* Set by a failed EXPECT_*; read when the test returns. */
extern int test_failed;

void test_skip(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void test_fail(void) __attribute__((noreturn));

#define DIAG(fmt, ...) \
	fprintf(stderr, "# %s:%d: " fmt "\n", __FILE__, __LINE__, ##__VA_ARGS__)

#define EXPECT_TRUE(cond) do {						\
	if (!(cond)) {							\
		DIAG("expected %s", #cond);				\
		test_failed = 1;					\
	}								\
} while (0)

#define ASSERT_TRUE(cond) do {						\
	if (!(cond)) {							\
		DIAG("assertion failed: %s", #cond);			\
		test_fail();						\
	}								\
} while (0)

#define CMP_(a, op, b, onfail) do {					\
	long long a_ = (long long)(a), b_ = (long long)(b);		\
	if (!(a_ op b_)) {						\
		DIAG("%s %s %s: %lld vs %lld", #a, #op, #b, a_, b_);	\
		onfail;							\
	}								\
} while (0)

#define ASSERT_EQ(a, b)	CMP_(a, ==, b, test_fail())
#define ASSERT_NE(a, b)	CMP_(a, !=, b, test_fail())
#define ASSERT_GT(a, b)	CMP_(a, >, b, test_fail())
#define EXPECT_EQ(a, b)	CMP_(a, ==, b, test_failed = 1)
#define EXPECT_NE(a, b)	CMP_(a, !=, b, test_failed = 1)
#define EXPECT_GT(a, b)	CMP_(a, >, b, test_failed = 1)

/* A call that must fail with errno @err */
#define ASSERT_ERRNO(call, err) do {					\
	errno = 0;							\
	long r_ = (long)(call);						\
	if (r_ != -1 || errno != (err)) {				\
		DIAG("%s: returned %ld errno %s, expected %s", #call,	\
		     r_, strerror(errno), strerror(err));		\
		test_fail();						\
	}								\
} while (0)

/* A call that must succeed (return other than -1) */
#define ASSERT_OK(call) do {						\
	errno = 0;							\
	if ((long)(call) == -1) {					\
		DIAG("%s: %s", #call, strerror(errno));			\
		test_fail();						\
	}								\
} while (0)

#define SKIP(...)	test_skip(__VA_ARGS__)

/*
 * Run @tests and print TAP.  @vm_present says whether tests that need
 * PTRACE_VM can run.  @filter, when not NULL, selects tests by name
 * substring.  Returns the number of failures.
 *
 * Skips are the host's: a test that cannot run on this kernel says why
 * with SKIP() and shows as "# SKIP (host: REASON)", as umvm's suites
 * report (tests/lib.sh); the last line is "N passed, N failed, N
 * skipped".  A run in which no test passed or failed counts as failed.
 */
int run_tests(const struct test *tests, int n, int vm_present,
	      const char *absent_reason, const char *filter);

#endif /* PTRACE_VM_HARNESS_H */
