// SPDX-License-Identifier: GPL-2.0
/*
 * The benchmark's mechanisms: names, the guest loop every one of them
 * runs, the child's report and the checks made on it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "mech-child.h"
#include "os.h"

static const struct {
	const char *key, *title;
} names[MECH_COUNT] = {
	[MECH_NATIVE] = { "native", "native" },
	[MECH_PTRACE_SYSCALL] = { "ptrace-syscall",
				  "PTRACE_SYSCALL + getpid rewrite" },
	[MECH_PTRACE_SYSEMU] = { "ptrace-sysemu", "PTRACE_SYSEMU" },
	[MECH_PTRACE_VM] = { "ptrace-vm", "PTRACE_VM" },
	[MECH_SECCOMP_TRACE] = { "seccomp-trace", "seccomp RET_TRACE + ptrace" },
	[MECH_SECCOMP_NOTIF] = { "seccomp-notif",
				 "seccomp RET_USER_NOTIF (supervisor thread)" },
	[MECH_SECCOMP_TRAP] = { "seccomp-trap", "seccomp RET_TRAP (SIGSYS)" },
	[MECH_SUD] = { "sud", "Syscall User Dispatch (SIGSYS)" },
};

static const char *const mode_keys[MODE_COUNT] = { "emulate", "pass", "other" };

const char *mech_key(enum mech_id m)
{
	return names[m].key;
}

const char *mech_title(enum mech_id m)
{
	return names[m].title;
}

const char *mech_mode_key(enum mech_mode mode)
{
	return mode_keys[mode];
}

int mech_by_key(const char *key)
{
	for (int m = 0; m < MECH_COUNT; m++)
		if (!strcmp(names[m].key, key))
			return m;
	return -1;
}

int mech_supports(enum mech_id m, enum mech_mode mode, const char **why)
{
	*why = NULL;
	switch (m) {
	case MECH_NATIVE:
		*why = "nothing intercepts";
		return mode == MODE_PASS;
	case MECH_PTRACE_SYSCALL:
	case MECH_PTRACE_SYSEMU:
	case MECH_PTRACE_VM:
		*why = "ptrace stops at every syscall: no filter";
		return mode != MODE_OTHER;
	default:
		return 1;
	}
}

int mech_syscall_ok(long nr)
{
	static const long ok[] = {
		SYS_getppid, SYS_getpid, SYS_gettid, SYS_getuid, SYS_geteuid,
		SYS_getgid, SYS_getegid, SYS_getpgrp, SYS_sched_yield,
	};

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (ok[i] == nr)
			return 1;
	return 0;
}

int mech_pin(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return 0;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set) < 0 ? -errno : 0;
}

void mech_cpus(int two_cpus, int *tracer_cpu, int *guest_cpu)
{
	cpu_set_t set;
	int first = -1, second = -1;

	sched_getaffinity(0, sizeof(set), &set);
	for (int c = 0; c < CPU_SETSIZE; c++) {
		if (!CPU_ISSET(c, &set))
			continue;
		if (first < 0)
			first = c;
		else if (second < 0)
			second = c;
	}
	*tracer_cpu = first;
	*guest_cpu = two_cpus ? second : first;
}

pid_t mech_fork(int cpu, int *rfd, int *wfd)
{
	int fd[2];
	pid_t pid;

	if (pipe(fd) < 0)
		return -errno;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		int e = -errno;

		close(fd[0]);
		close(fd[1]);
		return e;
	}
	if (pid == 0) {
		close(fd[0]);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		mech_pin(cpu);
		*wfd = fd[1];
		return 0;
	}
	close(fd[1]);
	*rfd = fd[0];
	return pid;
}

static uint64_t now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

void mech_guest_loop(const struct mech_params *p, struct mech_report *rep)
{
	long warm = p->calls / 10, last = 0;
	uint64_t t0;

	if (warm < 100)
		warm = 100;
	for (long i = 0; i < warm; i++)
		syscall(p->nr);
	t0 = now();
	for (long i = 0; i < p->calls; i++)
		last = syscall(p->nr);
	rep->ns = now() - t0;
	rep->calls = warm + p->calls;
	rep->last = last;
}

void mech_child_done(int wfd, const struct mech_report *rep)
{
	syscall(SYS_write, wfd, rep, sizeof(*rep));
	syscall(SYS_exit_group, 0);
	__builtin_unreachable();
}

static const char *step_name(int64_t step)
{
	switch (step) {
	case MSTEP_FILTER: return "seccomp filter";
	case MSTEP_LISTENER: return "seccomp user notification listener";
	case MSTEP_SUD: return "Syscall User Dispatch";
	case MSTEP_SIGNAL: return "SIGSYS handler";
	case MSTEP_THREAD: return "supervisor thread";
	case MSTEP_NNP: return "no_new_privs";
	default: return "child";
	}
}

int mech_finish(pid_t pid, int rfd, int reaped, const struct mech_params *p,
		unsigned long stops, struct mech_result *res)
{
	struct mech_report rep;
	ssize_t got = 0, r;
	int status = reaped;

	memset(&rep, 0, sizeof(rep));
	while (got < (ssize_t)sizeof(rep)) {
		r = read(rfd, (char *)&rep + got, sizeof(rep) - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += r;
	}
	close(rfd);
	if (pid > 0) {
		if (got != (ssize_t)sizeof(rep))
			kill(pid, SIGKILL);
		os_wait_pid(pid, &status);
	}
	if (got != (ssize_t)sizeof(rep)) {
		snprintf(res->why, sizeof(res->why), "child died (%s %d)",
			 WIFSIGNALED(status) ? "signal" : "status",
			 WIFSIGNALED(status) ? WTERMSIG(status) :
			 WEXITSTATUS(status));
		return -EPROTO;
	}
	if (rep.err) {
		const char *s = strerror((int)-rep.err);

		if (rep.err == -EINVAL || rep.err == -ENOSYS)
			s = "host kernel lacks it";
		snprintf(res->why, sizeof(res->why), "%s: %s",
			 step_name(rep.step), s);
		return (int)rep.err;
	}
	if (rep.last != (p->mode == MODE_EMULATE ? MECH_RESULT : rep.native)) {
		snprintf(res->why, sizeof(res->why),
			 "wrong result %lld (expected %lld)",
			 (long long)rep.last, (long long)(p->mode == MODE_EMULATE ?
			 MECH_RESULT : rep.native));
		return -EPROTO;
	}
	if (!stops)
		stops = rep.stops;
	res->ns_per_call = (double)rep.ns / p->calls;
	res->stops_per_call = rep.calls ? (double)stops / rep.calls : 0;
	return 0;
}

int mech_install_filter(long nr, unsigned int ret, unsigned int flags,
			int marker)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned int)nr, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, args[5])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, MECH_MARKER,
			 marker ? 1 : 0, 0),
		BPF_STMT(BPF_RET | BPF_K, ret),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(f) / sizeof(f[0]), f };
	long r;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
	return r < 0 ? -errno : (int)r;
}

long mech_filter_nr(const struct mech_params *p)
{
	/* MODE_OTHER: armed for another call; the guest's call passes. */
	if (p->mode != MODE_OTHER)
		return p->nr;
	return p->nr == SYS_getuid ? SYS_getgid : SYS_getuid;
}

static int native_run(const struct mech_params *p, struct mech_result *res)
{
	struct mech_report rep;
	int rfd, wfd, tc, gc;
	pid_t pid;

	mech_cpus(0, &tc, &gc);
	pid = mech_fork(gc, &rfd, &wfd);
	if (pid < 0)
		return pid;
	if (pid == 0) {
		memset(&rep, 0, sizeof(rep));
		rep.native = syscall(p->nr);
		mech_guest_loop(p, &rep);
		mech_child_done(wfd, &rep);
	}
	return mech_finish(pid, rfd, 0, p, 0, res);
}

int mech_measure(enum mech_id m, const struct mech_params *p,
		 struct mech_result *res)
{
	const char *why;

	memset(res, 0, sizeof(*res));
	if (!mech_supports(m, p->mode, &why)) {
		snprintf(res->why, sizeof(res->why), "%s", why);
		return -EOPNOTSUPP;
	}
	if (p->two_cpus && os_cpu_count() < 2) {
		snprintf(res->why, sizeof(res->why), "one CPU only");
		return -ENODEV;
	}
	switch (m) {
	case MECH_NATIVE:
		return native_run(p, res);
	case MECH_PTRACE_SYSCALL:
	case MECH_PTRACE_SYSEMU:
	case MECH_PTRACE_VM:
	case MECH_SECCOMP_TRACE:
		return mech_ptrace(m, p, res);
	case MECH_SECCOMP_NOTIF:
		return mech_notif(p, res);
	case MECH_SECCOMP_TRAP:
		return mech_trap(p, res);
	case MECH_SUD:
		return mech_sud(p, res);
	default:
		return -EINVAL;
	}
}
