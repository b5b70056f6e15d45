// SPDX-License-Identifier: GPL-2.0
/*
 * -0/--root-id: who may signal whom among the fake identities.
 *
 * Every guest process runs as umvm's user on the host, so the host lets
 * any of them signal any other.  The kernel's rule (kill_ok_by_cred()):
 * the sender's real or effective uid is the target's real or saved uid,
 * or the sender has CAP_KILL; SIGCONT also reaches a process of the same
 * session.  kill, tkill, tgkill, rt_sigqueueinfo and rt_tgsigqueueinfo
 * aimed at one guest process or thread are checked so (signal 0 too);
 * calls for a process group or -1, and targets that are no guest
 * threads, are the host's business.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include "dispatch.h"
#include "personality.h"
#include "fakeroot.h"
#include "os.h"

enum { R, E, S };

static int kill_ok(const struct gthread *from, const struct gthread *to)
{
	const uint32_t *f = ids_of(from)->uid, *t = ids_of(to)->uid;

	return f[E] == t[S] || f[E] == t[R] || f[R] == t[S] || f[R] == t[R] ||
	       fake_capable(from, CAP_KILL);
}

/* The session of process @pid (field 6 of /proc/<pid>/stat), or -1. */
static long session_of(pid_t pid)
{
	char path[64], *buf, *p;
	long sid = -1;
	int field;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (os_read_file(path, &buf) < 0)
		return -1;
	p = strrchr(buf, ')');
	/* ") state ppid pgrp session" */
	for (field = 2; p && field < 6; field++)
		p = strchr(p + 1, ' ');
	if (p)
		sid = strtol(p + 1, NULL, 10);
	free(buf);
	return sid;
}

static enum outcome sys_kill_check(struct gthread *t, struct gsyscall *sc)
{
	const struct gthread *to;
	pid_t target;
	int sig;

	switch (sc->nr) {
	case __NR_kill:
	case __NR_rt_sigqueueinfo:
		target = (pid_t)sc->args[0];
		sig = (int)sc->args[1];
		if (target <= 0)
			return OUT_PASS;
		break;
	case __NR_tkill:
		target = (pid_t)sc->args[0];
		sig = (int)sc->args[1];
		break;
	default:	/* tgkill, rt_tgsigqueueinfo */
		target = (pid_t)sc->args[1];
		sig = (int)sc->args[2];
		break;
	}
	to = threads_find(target);
	/* a thread of another process: ESRCH from the host */
	if (to && (sc->nr == __NR_tgkill || sc->nr == __NR_rt_tgsigqueueinfo) &&
	    to->tgid != (pid_t)sc->args[0])
		return OUT_PASS;
	if (!to || to->tgid == t->tgid || sig < 0 || sig > 64 ||
	    kill_ok(t, to))
		return OUT_PASS;
	if (sig == SIGCONT && session_of(t->tgid) == session_of(to->tgid))
		return OUT_PASS;
	sc->ret = -EPERM;
	return OUT_EMULATE;
}

const struct personality killperm_personality = {
	FAKE_ROOT_PART("signals"),
	HOOKS(
		{ .nrs = NRS(__NR_kill, __NR_tkill, __NR_tgkill,
			     __NR_rt_sigqueueinfo, __NR_rt_tgsigqueueinfo),
		  .entry = sys_kill_check }),
};
