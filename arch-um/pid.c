// SPDX-License-Identifier: GPL-2.0
/*
 * Other processes, under a path view: the guest's /proc shows only its
 * own processes (view.c), and the calls that act on a process by its pid
 * (the PID class of syscalls.list) reach only those too, as in a pid
 * namespace of its own.  A pid outside the guest, umvm's among them, is
 * "no such process" (ESRCH): its memory (process_vm_*), descriptors
 * (pidfd_open, then pidfd_getfd), signals, limits and scheduling are out
 * of reach.  kill(-1) signals every guest process but the caller.  A
 * listing of the host's /proc (where the view shows it) has only the
 * guest's processes.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include "dispatch.h"
#include "personality.h"
#include "view.h"
#include "os.h"
#include "umvm.h"

/* Which arguments name a pid, and what 0 or -1 mean there. */
enum { P_SELF0 = 1, P_GROUPS = 2 };

static const struct pid_call {
	long nr;
	signed char arg[2];	/* -1: none */
	unsigned char how;
} calls[] = {
	{ __NR_kill,			{ 0, -1 }, P_GROUPS },
	{ __NR_tkill,			{ 0, -1 }, 0 },
	{ __NR_tgkill,			{ 0, 1 }, 0 },
	{ __NR_rt_sigqueueinfo,		{ 0, -1 }, 0 },
	{ __NR_rt_tgsigqueueinfo,	{ 0, 1 }, 0 },
	{ __NR_process_vm_readv,	{ 0, -1 }, 0 },
	{ __NR_process_vm_writev,	{ 0, -1 }, 0 },
	{ __NR_kcmp,			{ 0, 1 }, 0 },
	{ __NR_pidfd_open,		{ 0, -1 }, 0 },
	{ __NR_perf_event_open,		{ 1, -1 }, P_SELF0 },
	{ __NR_prlimit64,		{ 0, -1 }, P_SELF0 },
	{ __NR_sched_setaffinity,	{ 0, -1 }, P_SELF0 },
	{ __NR_sched_setparam,		{ 0, -1 }, P_SELF0 },
	{ __NR_sched_setscheduler,	{ 0, -1 }, P_SELF0 },
	{ __NR_sched_setattr,		{ 0, -1 }, P_SELF0 },
	{ __NR_migrate_pages,		{ 0, -1 }, P_SELF0 },
	{ __NR_move_pages,		{ 0, -1 }, P_SELF0 },
	{ __NR_get_robust_list,		{ 0, -1 }, P_SELF0 },
	{ __NR_setpriority,		{ 1, -1 }, P_SELF0 },
};

static const struct pid_call *by_nr[MAX_SYSCALL];

struct kill_all {
	pid_t except;
	int sig, sent, err;
};

static void kill_one(pid_t tgid, void *arg)
{
	struct kill_all *k = arg;
	int r;

	if (tgid == k->except)
		return;
	r = os_kill(tgid, k->sig);
	if (r == 0)
		k->sent++;
	else
		k->err = r;
}

static enum outcome pid_entry(struct gthread *t, struct gsyscall *sc)
{
	const struct pid_call *c = by_nr[sc->nr];

	/* setpriority(PRIO_PROCESS, who): only then is "who" a pid. */
	if (sc->nr == __NR_setpriority && sc->args[0] != PRIO_PROCESS)
		return OUT_PASS;
	if (sc->nr == __NR_kill && (int)sc->args[0] == -1) {
		struct kill_all k = { t->tgid, (int)sc->args[1], 0, -ESRCH };

		threads_each_process(kill_one, &k);
		sc->ret = k.sent ? 0 : k.err;
		return OUT_EMULATE;
	}
	for (int i = 0; i < 2; i++) {
		pid_t pid;

		if (c->arg[i] < 0)
			continue;
		pid = (pid_t)sc->args[(int)c->arg[i]];
		if ((c->how & P_GROUPS) && pid <= 0)
			continue;	/* its own group, or a group */
		if ((c->how & P_SELF0) && pid == 0)
			continue;
		if (sc->nr == __NR_perf_event_open && pid == -1) {
			sc->ret = -EACCES;	/* every process: the host's */
			return OUT_EMULATE;
		}
		if (!threads_has_pid(pid)) {
			sc->ret = -ESRCH;
			return OUT_EMULATE;
		}
	}
	return OUT_PASS;
}

/*
 * getdents64 (and getdents) of the host's /proc: drop the entries of
 * processes outside the guest.  Both records start with an 8-byte inode
 * and offset and a 16-bit length; the name follows the type byte
 * (getdents64) or the length (getdents).  A buffer left empty would read
 * as the end of the directory: the call is made again instead, from
 * where the host left off.
 */
/* Does the call list the host's /proc (its descriptor's directory)? */
static int lists_proc(struct gthread *t, struct gsyscall *sc)
{
	char what[32], target[16];

	snprintf(what, sizeof(what), "fd/%d", (int)sc->args[0]);
	return os_proc_link(t->tid, what, target, sizeof(target)) >= 0 &&
	       !strcmp(target, "/proc");
}

static int dents_exit(struct gthread *t, struct gsyscall *sc)
{
	size_t len = sc->ret, off, out = 0;
	int name_at = sc->nr == __NR_getdents64 ? 19 : 18;
	unsigned char *buf;

	if (sc->ret <= 0)
		return 0;
	/* Checked again: the descriptor may have changed during the call. */
	if (!lists_proc(t, sc))
		return 0;
	buf = malloc(len);
	if (!buf || os_read_mem(t->tid, sc->args[1], buf, len) != (ssize_t)len) {
		free(buf);
		return 0;
	}
	for (off = 0; off + name_at < len; ) {
		unsigned short reclen;
		const char *name = (const char *)buf + off + name_at;
		char *end;
		long pid;

		memcpy(&reclen, buf + off + 16, sizeof(reclen));
		if (!reclen || off + reclen > len)
			break;
		pid = strtol(name, &end, 10);
		if (end == name || *end || threads_has_pid((pid_t)pid)) {
			memmove(buf + out, buf + off, reclen);
			out += reclen;
		}
		off += reclen;
	}
	if (out == len) {
		free(buf);
		return 0;
	}
	if (!out)
		t->flags |= GT_AGAIN;
	else if (os_write_mem(t->tid, sc->args[1], buf, out) == (ssize_t)out)
		sc->ret = out;
	free(buf);
	return 1;
}

static void pid_init(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(calls); i++)
		by_nr[calls[i].nr] = &calls[i];
}

static int pid_call(long nr)
{
	return by_nr[nr] != NULL;
}

/* Listing the host's /proc: only the guest's processes show. */
static int proc_listing(long nr)
{
	return (nr == __NR_getdents64 || nr == __NR_getdents) &&
	       view_shows_host_proc();
}

/* Under a view, pids reach only guest processes. */
const struct personality pid_personality = {
	VIEW_PART("pids"),
	.init = pid_init,
	HOOKS(
		{ .match = pid_call, .entry = pid_entry },
		{ .match = proc_listing, .exit = dents_exit,
		  .want_exit = lists_proc }),
};
