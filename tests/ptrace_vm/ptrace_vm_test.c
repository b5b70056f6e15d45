// SPDX-License-Identifier: GPL-2.0
/*
 * Conformance suite for the PTRACE_VM requests (include/ptrace_vm.h,
 * docs/ptrace_vm.md).  x86_64 only: the tracees make raw syscalls so
 * that every stop the tracer sees is one the test asked for.
 *
 * Usage: ptrace_vm_test [-r|--require] [NAME-SUBSTRING]
 *   -r, or PTRACE_VM_REQUIRE=1 in the environment: fail when the running
 *   kernel lacks PTRACE_VM instead of skipping.
 *
 * This file detects PTRACE_VM and runs the table of cases.c; the tracees'
 * bodies are in bodies.c, the tests that are more than a script in
 * handwritten.c, the tracer's helpers in tracer.c and the TAP harness in
 * harness.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../include/ptrace_vm.h"
#include "bodies.h"
#include "cases.h"
#include "harness.h"
#include "tracer.h"

/* One case: its function, or its tracee played through its script */
static void run_case(const void *arg)
{
	const struct vm_case *c = arg;
	pid_t pid;
	int n = -1;

	if (c->fn) {
		c->fn();
		return;
	}
	if (c->seccomp)
		require_seccomp_filter();
	if (c->pipe)
		ASSERT_OK(pipe(tpipe));
	pid = c->body ? spawn(c->body, c->options) : fork_pauser();
	if (play(pid, c->steps) == S_EXITED)
		;
	else if (c->kill)
		kill_tracee(pid);
	else
		ASSERT_EQ(finish(pid), c->code);
	if (c->pipe) {
		ASSERT_OK(ioctl(tpipe[0], FIONREAD, &n));
		EXPECT_EQ(n, c->pipe_left);
	}
}

static int vm_present;

/*
 * Is PTRACE_VM there?  Ask with an unknown tag bit at a signal-delivery
 * stop: the patched kernel refuses it with EINVAL and leaves the tracee
 * stopped, an unpatched one fails the unknown request with EIO.
 */
static int detect(void)
{
	int status, err, ret = -1;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (ptrace(PTRACE_TRACEME, 0, 0, 0))
			_exit(99);
		raise(SIGSTOP);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) == pid && WIFSTOPPED(status)) {
		err = resume(pid, PTRACE_VM, 0x80, 0);
		if (err == EINVAL)
			ret = 1;
		else if (err == EIO)
			ret = 0;
		else
			fprintf(stderr, "# probe: unexpected error %s\n",
				strerror(err));
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return ret;
}

int main(int argc, char **argv)
{
	const char *env = getenv("PTRACE_VM_REQUIRE");
	int require = env && *env && strcmp(env, "0");
	const char *filter = NULL;
	struct test tests[ncases];
	const char *reason;
	int i, fails;

	if (argc > 1 && !strcmp(argv[1], EXEC_CHILD_ARG))
		return EXEC_CHILD_CODE;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-r") || !strcmp(argv[i], "--require"))
			require = 1;
		else if (argv[i][0] == '-') {
			fprintf(stderr, "usage: %s [-r|--require] [NAME]\n",
				argv[0]);
			return 2;
		} else {
			filter = argv[i];
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);

	vm_present = detect();
	if (vm_present < 0) {
		printf("Bail out! cannot probe PTRACE_VM\n");
		return 1;
	}
	reason = "PTRACE_VM absent (EIO)";
	if (!vm_present) {
		printf("# PTRACE_VM absent: this kernel fails the request with EIO%s\n",
		       require ? " (required: failing)" : "");
		if (require) {
			printf("TAP version 13\n1..1\nnot ok 1 probe # %s\n",
			       reason);
			return 1;
		}
	}
	for (i = 0; i < ncases; i++)
		tests[i] = (struct test){
			.name = cases[i].name,
			.run = run_case,
			.arg = &cases[i],
			.needs_vm = cases[i].stock ? -1 : 1,
		};
	fails = run_tests(tests, ncases, vm_present, reason, filter);
	return fails ? 1 : 0;
}
