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

/* The child's one supervisor; its count is read after the timed calls. */
static struct notif_arg notif;

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

/* Start the supervisor, then the filter whose listener it is given. */
static int notif_arm(const struct mech_params *p, int helper_cpu, int *step)
{
	pthread_t tid;
	int fd[2], lfd;

	notif.pass = p->mode != MODE_EMULATE;
	notif.cpu = helper_cpu;
	if (pipe(fd) < 0 ||
	    pthread_create(&tid, NULL, supervisor,
			   (notif.pipe_rd = fd[0], &notif))) {
		*step = MSTEP_THREAD;
		return -EAGAIN;
	}
	lfd = mech_install_filter(mech_filter_nr(p), SECCOMP_RET_USER_NOTIF,
				  SECCOMP_FILTER_FLAG_NEW_LISTENER, 0);
	if (lfd < 0) {
		*step = MSTEP_LISTENER;
		return lfd;
	}
	if (write(fd[1], &lfd, sizeof(lfd)) != sizeof(lfd))
		return -EPIPE;
	return 0;
}

static unsigned long notif_disarm(void)
{
	return notif.stops;
}

const struct mechanism mech_seccomp_notif = {
	.key = "seccomp-notif",
	.title = "seccomp RET_USER_NOTIF (supervisor thread)",
	.modes = MODES_ALL, .cross_process = 1,
	.arm = notif_arm, .disarm = notif_disarm,
};

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

/* The handler first: the filter's first SIGSYS must find it. */
static int trap_arm(const struct mech_params *p, int helper_cpu, int *step)
{
	struct sigaction sa;
	int r;

	(void)helper_cpu;
	trap_pass = p->mode != MODE_EMULATE;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	if (sigaction(SIGSYS, &sa, NULL) < 0) {
		*step = MSTEP_SIGNAL;
		return -errno;
	}
	r = mech_install_filter(mech_filter_nr(p), SECCOMP_RET_TRAP, 0, 1);
	if (r < 0) {
		*step = MSTEP_FILTER;
		return r;
	}
	return 0;
}

static unsigned long trap_disarm(void)
{
	return trap_stops;
}

const struct mechanism mech_seccomp_trap = {
	.key = "seccomp-trap", .title = "seccomp RET_TRAP (SIGSYS)",
	.modes = MODES_ALL, .arm = trap_arm, .disarm = trap_disarm,
};
