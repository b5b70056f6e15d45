// SPDX-License-Identifier: GPL-2.0
/*
 * The benchmark's in-process seccomp mechanisms.
 *
 *   SECCOMP_RET_USER_NOTIF  the guest thread's filter sends the chosen
 *            call to a listener fd; a supervisor thread (started before
 *            the filter, so not filtered itself) answers MECH_RESULT or
 *            SECCOMP_USER_NOTIF_FLAG_CONTINUE.  Stops = notifications.
 *   SECCOMP_RET_TRAP  the chosen call raises SIGSYS; the handler writes
 *            MECH_RESULT into the saved rax, or makes the call itself
 *            with a marker in argument 5 that the filter lets through.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>
#include <linux/seccomp.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include "mech-child.h"

struct notif_arg {
	int pipe_rd;		/* the listener fd arrives here */
	int cpu;
	int pass;
	volatile unsigned long stops;
};

static void *supervisor(void *p)
{
	struct notif_arg *a = p;
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;
	int fd;

	mech_pin(a->cpu);
	if (read(a->pipe_rd, &fd, sizeof(fd)) != sizeof(fd))
		return NULL;
	for (;;) {
		memset(&req, 0, sizeof(req));
		if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0) {
			if (errno == EINTR)
				continue;
			return NULL;
		}
		a->stops++;
		memset(&resp, 0, sizeof(resp));
		resp.id = req.id;
		if (a->pass)
			resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		else
			resp.val = MECH_RESULT;
		ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	}
}

static void notif_child(const struct mech_params *p, int wfd, int sup_cpu)
{
	static struct notif_arg a;
	struct mech_report rep;
	pthread_t tid;
	int fd[2], lfd;

	memset(&rep, 0, sizeof(rep));
	rep.native = syscall(p->nr);
	a.pass = p->mode != MODE_EMULATE;
	a.cpu = sup_cpu;
	if (pipe(fd) < 0 ||
	    pthread_create(&tid, NULL, supervisor, (a.pipe_rd = fd[0], &a))) {
		rep.err = -EAGAIN;
		rep.step = MSTEP_THREAD;
		mech_child_done(wfd, &rep);
	}
	lfd = mech_install_filter(mech_filter_nr(p), SECCOMP_RET_USER_NOTIF,
				  SECCOMP_FILTER_FLAG_NEW_LISTENER, 0);
	if (lfd < 0) {
		rep.err = lfd;
		rep.step = MSTEP_LISTENER;
		mech_child_done(wfd, &rep);
	}
	if (write(fd[1], &lfd, sizeof(lfd)) != sizeof(lfd))
		rep.err = -EPIPE;
	else
		mech_guest_loop(p, &rep);
	rep.stops = a.stops;
	mech_child_done(wfd, &rep);
}

int mech_notif(const struct mech_params *p, struct mech_result *res)
{
	int rfd, wfd, tc, gc;
	pid_t pid;

	mech_cpus(p->two_cpus, &tc, &gc);
	/* The child runs on the guest CPU, its supervisor on the tracer's. */
	pid = mech_fork(gc, &rfd, &wfd);
	if (pid < 0)
		return pid;
	if (pid == 0)
		notif_child(p, wfd, tc);
	return mech_finish(pid, rfd, 0, p, 0, res);
}

static volatile unsigned long trap_stops;
static int trap_pass;

static void on_sigsys(int sig, siginfo_t *si, void *ctx)
{
	greg_t *g = ((ucontext_t *)ctx)->uc_mcontext.gregs;

	(void)sig;
	trap_stops++;
	if (trap_pass)
		g[REG_RAX] = syscall(si->si_syscall, g[REG_RDI], g[REG_RSI],
				     g[REG_RDX], g[REG_R10], g[REG_R8],
				     MECH_MARKER);
	else
		g[REG_RAX] = MECH_RESULT;
}

int mech_trap(const struct mech_params *p, struct mech_result *res)
{
	struct mech_report rep;
	struct sigaction sa;
	int rfd, wfd, tc, gc, r;
	pid_t pid;

	mech_cpus(0, &tc, &gc);
	pid = mech_fork(gc, &rfd, &wfd);
	if (pid < 0)
		return pid;
	if (pid)
		return mech_finish(pid, rfd, 0, p, 0, res);
	memset(&rep, 0, sizeof(rep));
	rep.native = syscall(p->nr);
	trap_pass = p->mode != MODE_EMULATE;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	if (sigaction(SIGSYS, &sa, NULL) < 0) {
		rep.err = -errno;
		rep.step = MSTEP_SIGNAL;
		mech_child_done(wfd, &rep);
	}
	r = mech_install_filter(mech_filter_nr(p), SECCOMP_RET_TRAP, 0, 1);
	if (r < 0) {
		rep.err = r;
		rep.step = MSTEP_FILTER;
		mech_child_done(wfd, &rep);
	}
	mech_guest_loop(p, &rep);
	rep.stops = trap_stops;
	mech_child_done(wfd, &rep);
}
