// SPDX-License-Identifier: GPL-2.0
/*
 * The mechanisms' runner: the list of mechanisms, their names, and one
 * measurement.  A mechanism with a tracer (ptrace) runs the measurement
 * itself; for the others, which intercept inside the child (seccomp
 * notifications and traps, Syscall User Dispatch), the runner forks the
 * child here and waits for its report.  Adding a mechanism is one file
 * and one line in mechanisms[].
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include "mech-child.h"
#include "os.h"
#include "umvm.h"

const struct mechanism *const mechanisms[] = {
	&mech_ptrace_syscall,
	&mech_ptrace_sysemu,
	&mech_ptrace_vm,
	&mech_seccomp_trace,
	&mech_seccomp_notif,
	&mech_seccomp_trap,
	&mech_sud,
};
const int nr_mechanisms = ARRAY_SIZE(mechanisms);

/* No interception: the guest loop alone, in a child like the others'. */
const struct mechanism mech_native = {
	.key = "native",
	.title = "native",
	.variant = { [MODE_PASS] = "" },
	.modes = MODE_BIT(MODE_PASS),
	.cannot = "nothing intercepts",
};

static const char *const mode_keys[MODE_COUNT] = { "emulate", "pass", "other" };

const char *mech_mode_key(enum mech_mode mode)
{
	return mode_keys[mode];
}

const char *mech_variant(const struct mechanism *m, enum mech_mode mode)
{
	if (m->variant[mode])
		return m->variant[mode];
	return mode == MODE_OTHER ? "other call" : mode_keys[mode];
}

const struct mechanism *mech_by_key(const char *key)
{
	for (int i = 0; i < nr_mechanisms; i++)
		if (!strcmp(mechanisms[i]->key, key))
			return mechanisms[i];
	return NULL;
}

int mech_syscall_ok(long nr)
{
	static const long ok[] = {
		SYS_getppid, SYS_getpid, SYS_gettid, SYS_getuid, SYS_geteuid,
		SYS_getgid, SYS_getegid, SYS_getpgrp, SYS_sched_yield,
	};

	for (size_t i = 0; i < ARRAY_SIZE(ok); i++)
		if (ok[i] == nr)
			return 1;
	return 0;
}

/* The child intercepts its own calls; a supervisor thread goes on tc. */
static int in_child(const struct mechanism *m, const struct mech_params *p,
		    struct mech_result *res)
{
	int rfd, wfd, tc, gc;
	pid_t pid;

	mech_cpus(p->two_cpus, &tc, &gc);
	pid = mech_fork(gc, &rfd, &wfd);
	if (pid < 0)
		return pid;
	if (pid == 0)
		mech_child_run(m, p, tc, wfd);
	return mech_finish(pid, rfd, 0, p, 0, res);
}

int mech_measure(const struct mechanism *m, const struct mech_params *p,
		 struct mech_result *res)
{
	memset(res, 0, sizeof(*res));
	if (!(m->modes & MODE_BIT(p->mode))) {
		snprintf(res->why, sizeof(res->why), "%s", m->cannot);
		return -EOPNOTSUPP;
	}
	if (p->two_cpus && os_cpu_count() < 2) {
		snprintf(res->why, sizeof(res->why), "one CPU only");
		return -ENODEV;
	}
	if (m->trace)
		return m->trace(m, p, res);
	return in_child(m, p, res);
}
