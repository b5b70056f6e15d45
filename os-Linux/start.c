// SPDX-License-Identifier: GPL-2.0
/*
 * Starting the first guest process.
 *
 * The child waits until umvm has seized it (so that EXITKILL covers it
 * from its first instruction of guest code), stops itself with SIGSTOP,
 * and execs the program once umvm resumes it under the backend.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "os.h"
#include "umvm.h"

int os_find_program(const char *prog, char *out, size_t len)
{
	const char *path = getenv("PATH");
	int err = -ENOENT;

	if (!*prog)
		return -ENOENT;
	if (strchr(prog, '/')) {
		if (strlen(prog) >= len)
			return -ENAMETOOLONG;
		strcpy(out, prog);
		return os_check_exec(out);
	}
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		const char *end = strchrnul(path, ':');
		int dlen = end - path;
		int r;

		if (snprintf(out, len, "%.*s%s%s", dlen, path,
			     dlen ? "/" : "", prog) < (int)len) {
			r = os_check_exec(out);
			if (!r)
				return 0;
			if (r == -EACCES)
				err = r;
		}
		path = *end ? end + 1 : end;
	}
	return err;
}

static __attribute__((noreturn)) void child(const struct os_start *st,
					     int gate, pid_t parent)
{
	char c;
	int err;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(EXIT_SETUP);
	if (read(gate, &c, 1) != 1)
		_exit(EXIT_SETUP);
	close(gate);
	os_signals_reset();
	if (st->cwd && chdir(st->cwd) < 0) {
		fprintf(stderr, "umvm: cannot enter '%s': %s\n", st->cwd,
			strerror(errno));
		_exit(EXIT_SETUP);
	}
	signal(SIGALRM, SIG_DFL);
	if (st->filter) {
		err = -os_filter_install(st->filter);
		if (err) {
			fprintf(stderr, "umvm: cannot install the seccomp "
				"filter: %s\n", strerror(err));
			_exit(EXIT_SETUP);
		}
	}
	/* A bare kill, so that the next syscall is the execve. */
	syscall(SYS_kill, getpid(), SIGSTOP);
	execv(st->path, st->argv);
	err = errno;
	fprintf(stderr, "umvm: %s: %s\n", st->argv[0], strerror(err));
	_exit(err == ENOENT ? EXIT_NOTFOUND : EXIT_NOEXEC);
}

pid_t os_start_guest(const struct os_start *st)
{
	pid_t parent = getpid(), pid;
	int gate[2];
	int r;

	if (st->cpu >= 0)
		os_pin_self(st->cpu);
	pid = os_fork_piped(gate, O_CLOEXEC);
	if (pid < 0)
		return pid;
	if (pid == 0) {
		close(gate[1]);
		child(st, gate[0], parent);
	}
	close(gate[0]);
	if (st->filter)
		os_trace_options_add(PTRACE_O_TRACESECCOMP);
	r = os_ptrace_seize(pid, os_trace_options());
	if (r < 0) {
		kill(pid, SIGKILL);
		close(gate[1]);
		return r;
	}
	if (write(gate[1], "g", 1) != 1)
		r = -errno;
	close(gate[1]);
	return r < 0 ? r : pid;
}
