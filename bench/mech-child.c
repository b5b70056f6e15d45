// SPDX-License-Identifier: GPL-2.0
/*
 * What every mechanism is built from: the child that makes the calls and
 * sends back its report, the checks made on that report, CPU pinning and
 * the seccomp filter.  The raw host calls here are on purpose: the
 * benchmark measures the mechanisms themselves, not umvm's os_* layer.
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
	pid_t pid = os_fork_piped(fd, 0);

	if (pid < 0)
		return pid;
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

/* Warm up, then time p->calls calls. */
static void guest_loop(const struct mech_params *p, struct mech_report *rep)
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

/* Raw calls: after an interception is armed, libc's own may be caught. */
static void __attribute__((noreturn)) child_done(int wfd,
						 const struct mech_report *rep)
{
	syscall(SYS_write, wfd, rep, sizeof(*rep));
	syscall(SYS_exit_group, 0);
	__builtin_unreachable();
}

void mech_child_run(const struct mechanism *m, const struct mech_params *p,
		    int helper_cpu, int wfd)
{
	struct mech_report rep;
	int step = MSTEP_NONE;

	memset(&rep, 0, sizeof(rep));
	rep.native = syscall(p->nr);
	if (m->arm) {
		rep.err = m->arm(p, helper_cpu, &step);
		rep.step = step;
		if (rep.err)
			child_done(wfd, &rep);
	}
	guest_loop(p, &rep);
	if (m->disarm)
		rep.stops = m->disarm();
	child_done(wfd, &rep);
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

/* Read the whole report; the byte count read (short: the child died). */
static ssize_t read_report(int rfd, struct mech_report *rep)
{
	ssize_t got = 0, r;

	memset(rep, 0, sizeof(*rep));
	while (got < (ssize_t)sizeof(*rep)) {
		r = read(rfd, (char *)rep + got, sizeof(*rep) - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += r;
	}
	close(rfd);
	return got;
}

int mech_finish(pid_t pid, int rfd, int reaped, const struct mech_params *p,
		unsigned long stops, struct mech_result *res)
{
	struct mech_report rep;
	int whole = read_report(rfd, &rep) == (ssize_t)sizeof(rep);
	int status = reaped;
	long long want;

	if (pid > 0) {
		if (!whole)
			kill(pid, SIGKILL);
		os_wait_pid(pid, &status);
	}
	if (!whole) {
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
	want = p->mode == MODE_EMULATE ? MECH_RESULT : rep.native;
	if (rep.last != want) {
		snprintf(res->why, sizeof(res->why),
			 "wrong result %lld (expected %lld)",
			 (long long)rep.last, want);
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
