// SPDX-License-Identifier: GPL-2.0
/*
 * -0/--root-id (alias --fake-root): the guest's identity calls.
 *
 * Each guest thread starts as root (all ids 0, one group 0, the
 * capabilities of caps.c) and keeps the ids it sets: set*id calls follow
 * the kernel's rules, "capable" being CAP_SETUID or CAP_SETGID in the
 * fake effective set, and are never passed to the host, which would
 * refuse them.  Uid changes adjust the capabilities as the kernel does
 * (caps_fix_setuid()).  So a program that drops to a user and asks
 * getuid() sees that user, and one that keeps capabilities across the
 * change (setpriv, PR_SET_KEEPCAPS) keeps them.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include "dispatch.h"
#include "personality.h"
#include "fakeroot.h"
#include "os.h"
#include "umvm.h"

enum { R, E, S, FS };
#define NOCHANGE	((uint32_t)-1)

static void creds_new_thread(struct gthread *child, struct gthread *parent,
			     unsigned long clone_flags)
{
	struct fake_ids *ids = ids_of(child);

	(void)clone_flags;
	if (parent) {
		*ids = *ids_of(parent);
	} else {
		memset(ids, 0, sizeof(*ids));
		caps_root(ids);
	}
}

/* CAP_SETGID for the gid calls, CAP_SETUID for the uid calls */
static int capable(const struct gthread *t, int gid)
{
	return fake_capable(t, gid ? CAP_SETGID : CAP_SETUID);
}

/* After a uid call changed @t's uids from @old: the capability fixup. */
static void fixup(struct gthread *t, long nr, int gid, const uint32_t *old)
{
	if (!gid)
		caps_fix_setuid(ids_of(t), old, nr == __NR_setfsuid);
}

/*
 * A set*id call changed @v (uid[] or gid[]) from @old: the fs id follows
 * the effective one, the capabilities follow the uids; the call succeeds.
 */
static enum outcome changed(struct gthread *t, struct gsyscall *sc,
			    uint32_t *v, int gid, const uint32_t *old)
{
	v[FS] = v[E];
	fixup(t, sc->nr, gid, old);
	sc->ret = 0;
	return OUT_EMULATE;
}

/*
 * The id calls' handlers work on @v, the thread's uid[] or, for the gid
 * twin of a call (@gid), its gid[].
 */

/* getuid, geteuid, getgid, getegid */
static enum outcome sys_getid(struct gthread *t, struct gsyscall *sc,
			      uint32_t *v, int gid)
{
	int eff = sc->nr == __NR_geteuid || sc->nr == __NR_getegid;

	(void)t;
	(void)gid;
	sc->ret = v[eff ? E : R];
	return OUT_EMULATE;
}

/* getresuid, getresgid: three ids through three pointers */
static enum outcome sys_getresid(struct gthread *t, struct gsyscall *sc,
				 uint32_t *v, int gid)
{
	(void)gid;
	sc->ret = 0;
	for (int i = 0; i < 3; i++)
		if (os_write_mem(t->tid, sc->args[i], &v[i], sizeof(v[i])) < 0)
			sc->ret = -EFAULT;
	return OUT_EMULATE;
}

/* id is one of the thread's real, effective or saved ids */
static int is_one_of(const uint32_t *v, uint32_t id)
{
	return id == v[R] || id == v[E] || id == v[S];
}

/* setuid, setgid */
static enum outcome sys_setid(struct gthread *t, struct gsyscall *sc,
			      uint32_t *v, int gid)
{
	uint32_t id = (uint32_t)sc->args[0], old[4];

	memcpy(old, v, sizeof(old));
	sc->ret = 0;
	if (id == NOCHANGE)
		sc->ret = -EINVAL;
	else if (capable(t, gid))
		v[R] = v[E] = v[S] = v[FS] = id;
	else if (id == v[R] || id == v[S])
		v[E] = v[FS] = id;
	else
		sc->ret = -EPERM;
	if (sc->ret == 0)
		fixup(t, sc->nr, gid, old);
	return OUT_EMULATE;
}

/* setreuid, setregid */
static enum outcome sys_setreid(struct gthread *t, struct gsyscall *sc,
				uint32_t *v, int gid)
{
	uint32_t r = (uint32_t)sc->args[0], e = (uint32_t)sc->args[1];
	uint32_t old_r = v[R], old[4];

	memcpy(old, v, sizeof(old));
	sc->ret = -EPERM;
	if (!capable(t, gid)) {
		if (r != NOCHANGE && r != v[R] && r != v[E])
			return OUT_EMULATE;
		if (e != NOCHANGE && !is_one_of(v, e))
			return OUT_EMULATE;
	}
	if (r != NOCHANGE)
		v[R] = r;
	if (e != NOCHANGE)
		v[E] = e;
	if (r != NOCHANGE || (e != NOCHANGE && e != old_r))
		v[S] = v[E];
	return changed(t, sc, v, gid, old);
}

/* setresuid, setresgid */
static enum outcome sys_setresid(struct gthread *t, struct gsyscall *sc,
				 uint32_t *v, int gid)
{
	uint32_t n[3], old[4];

	memcpy(old, v, sizeof(old));
	for (int i = 0; i < 3; i++) {
		n[i] = (uint32_t)sc->args[i];
		if (n[i] != NOCHANGE && !capable(t, gid) &&
		    !is_one_of(v, n[i])) {
			sc->ret = -EPERM;
			return OUT_EMULATE;
		}
	}
	for (int i = 0; i < 3; i++)
		if (n[i] != NOCHANGE)
			v[i] = n[i];
	return changed(t, sc, v, gid, old);
}

/* setfsuid, setfsgid: return the old value, change it when allowed */
static enum outcome sys_setfsid(struct gthread *t, struct gsyscall *sc,
				uint32_t *v, int gid)
{
	uint32_t id = (uint32_t)sc->args[0], old[4];

	memcpy(old, v, sizeof(old));
	sc->ret = v[FS];
	if (id != NOCHANGE && id != v[FS] &&
	    (capable(t, gid) || is_one_of(v, id))) {
		v[FS] = id;
		fixup(t, sc->nr, gid, old);
	}
	return OUT_EMULATE;
}

/* Each id call with its gid twin: one handler serves both. */
static const struct id_call {
	long uid_nr, gid_nr;
	enum outcome (*fn)(struct gthread *t, struct gsyscall *sc,
			   uint32_t *v, int gid);
} id_calls[] = {
	{ __NR_getuid, __NR_getgid, sys_getid },
	{ __NR_geteuid, __NR_getegid, sys_getid },
	{ __NR_getresuid, __NR_getresgid, sys_getresid },
	{ __NR_setuid, __NR_setgid, sys_setid },
	{ __NR_setreuid, __NR_setregid, sys_setreid },
	{ __NR_setresuid, __NR_setresgid, sys_setresid },
	{ __NR_setfsuid, __NR_setfsgid, sys_setfsid },
};

static const struct id_call *id_call_of(long nr)
{
	for (size_t i = 0; i < ARRAY_SIZE(id_calls); i++)
		if (id_calls[i].uid_nr == nr || id_calls[i].gid_nr == nr)
			return &id_calls[i];
	return NULL;
}

static int is_id_call(long nr)
{
	return id_call_of(nr) != NULL;
}

static enum outcome sys_id_call(struct gthread *t, struct gsyscall *sc)
{
	const struct id_call *c = id_call_of(sc->nr);
	int gid = sc->nr == c->gid_nr;
	struct fake_ids *ids = ids_of(t);

	return c->fn(t, sc, gid ? ids->gid : ids->uid, gid);
}

static enum outcome sys_getgroups(struct gthread *t, struct gsyscall *sc)
{
	static const uint32_t root_group;
	const struct fake_ids *ids = ids_of(t);
	const uint32_t *g = ids->groups_set ? ids->groups : &root_group;
	int n = ids->groups_set ? ids->ngroups : 1;
	long size = (int)sc->args[0];

	sc->ret = n;
	if (size < 0)
		sc->ret = -EINVAL;
	else if (size == 0 || n == 0)
		;
	else if (size < n)
		sc->ret = -EINVAL;
	else if (os_write_mem(t->tid, sc->args[1], g, n * sizeof(*g)) < 0)
		sc->ret = -EFAULT;
	return OUT_EMULATE;
}

static enum outcome sys_setgroups(struct gthread *t, struct gsyscall *sc)
{
	long n = (int)sc->args[0];
	uint32_t g[FAKE_NGROUPS];
	struct fake_ids *ids = ids_of(t);

	if (!fake_capable(t, CAP_SETGID))
		sc->ret = -EPERM;
	else if (n < 0 || n > 65536)
		sc->ret = -EINVAL;
	else if (n > FAKE_NGROUPS)
		sc->ret = -ENOMEM;	/* more than umvm keeps */
	else if (n && os_read_mem(t->tid, sc->args[1], g, n * sizeof(*g)) !=
		 (ssize_t)(n * sizeof(*g)))
		sc->ret = -EFAULT;
	else {
		memcpy(ids->groups, g, n * sizeof(*g));
		ids->ngroups = (int)n;
		ids->groups_set = 1;
		sc->ret = 0;
	}
	return OUT_EMULATE;
}

/* Each thread's ids (struct fake_ids), first of the fake root's parts. */
const struct personality creds_personality = {
	FAKE_ROOT_PART("ids"),
	HOOKS(
		{ .match = is_id_call, .entry = sys_id_call },
		{ .nr = __NR_getgroups, .entry = sys_getgroups },
		{ .nr = __NR_setgroups, .entry = sys_setgroups }),
	.new_thread = creds_new_thread,
	.thread_gone = ids_forget,
	/* after a non-leader's exec, the process's ids are that thread's */
	.replaced = ids_move,
};
