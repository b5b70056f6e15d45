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
	(void)clone_flags;
	if (parent) {
		child->ids = parent->ids;
	} else {
		memset(&child->ids, 0, sizeof(child->ids));
		caps_root(&child->ids);
	}
}

static int is_uid_call(long nr)
{
	return nr == __NR_setuid || nr == __NR_setreuid ||
	       nr == __NR_setresuid || nr == __NR_setfsuid;
}

/* CAP_SETUID for the uid calls, CAP_SETGID for the gid calls */
static int capable(const struct gthread *t, long nr)
{
	return fake_capable(t, is_uid_call(nr) ? CAP_SETUID : CAP_SETGID);
}

/* After a uid call changed @t's uids from @old: the capability fixup. */
static void fixup(struct gthread *t, long nr, const uint32_t *old)
{
	if (is_uid_call(nr))
		caps_fix_setuid(&t->ids, old, nr == __NR_setfsuid);
}

/*
 * A set*id call changed @v (uid[] or gid[]) from @old: the fs id follows
 * the effective one, the capabilities follow the uids; the call succeeds.
 */
static enum outcome changed(struct gthread *t, struct gsyscall *sc,
			    uint32_t *v, const uint32_t *old)
{
	v[FS] = v[E];
	fixup(t, sc->nr, old);
	sc->ret = 0;
	return OUT_EMULATE;
}

/* uid[] or gid[] of @t, chosen by the call's number. */
static uint32_t *idv(struct gthread *t, long nr)
{
	switch (nr) {
	case __NR_getgid: case __NR_getegid: case __NR_getresgid:
	case __NR_setgid: case __NR_setregid: case __NR_setresgid:
	case __NR_setfsgid:
		return t->ids.gid;
	}
	return t->ids.uid;
}

/* getuid, geteuid, getgid, getegid */
static enum outcome sys_getid(struct gthread *t, struct gsyscall *sc)
{
	int eff = sc->nr == __NR_geteuid || sc->nr == __NR_getegid;

	sc->ret = idv(t, sc->nr)[eff ? E : R];
	return OUT_EMULATE;
}

/* getresuid, getresgid: three ids through three pointers */
static enum outcome sys_getresid(struct gthread *t, struct gsyscall *sc)
{
	uint32_t *v = idv(t, sc->nr);

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
static enum outcome sys_setid(struct gthread *t, struct gsyscall *sc)
{
	uint32_t *v = idv(t, sc->nr), id = (uint32_t)sc->args[0], old[4];

	memcpy(old, v, sizeof(old));
	sc->ret = 0;
	if (id == NOCHANGE)
		sc->ret = -EINVAL;
	else if (capable(t, sc->nr))
		v[R] = v[E] = v[S] = v[FS] = id;
	else if (id == v[R] || id == v[S])
		v[E] = v[FS] = id;
	else
		sc->ret = -EPERM;
	if (sc->ret == 0)
		fixup(t, sc->nr, old);
	return OUT_EMULATE;
}

/* setreuid, setregid */
static enum outcome sys_setreid(struct gthread *t, struct gsyscall *sc)
{
	uint32_t *v = idv(t, sc->nr);
	uint32_t r = (uint32_t)sc->args[0], e = (uint32_t)sc->args[1];
	uint32_t old_r = v[R], old[4];

	memcpy(old, v, sizeof(old));
	sc->ret = -EPERM;
	if (!capable(t, sc->nr)) {
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
	return changed(t, sc, v, old);
}

/* setresuid, setresgid */
static enum outcome sys_setresid(struct gthread *t, struct gsyscall *sc)
{
	uint32_t *v = idv(t, sc->nr), n[3], old[4];

	memcpy(old, v, sizeof(old));
	for (int i = 0; i < 3; i++) {
		n[i] = (uint32_t)sc->args[i];
		if (n[i] != NOCHANGE && !capable(t, sc->nr) &&
		    !is_one_of(v, n[i])) {
			sc->ret = -EPERM;
			return OUT_EMULATE;
		}
	}
	for (int i = 0; i < 3; i++)
		if (n[i] != NOCHANGE)
			v[i] = n[i];
	return changed(t, sc, v, old);
}

/* setfsuid, setfsgid: return the old value, change it when allowed */
static enum outcome sys_setfsid(struct gthread *t, struct gsyscall *sc)
{
	uint32_t *v = idv(t, sc->nr), id = (uint32_t)sc->args[0], old[4];

	memcpy(old, v, sizeof(old));
	sc->ret = v[FS];
	if (id != NOCHANGE && id != v[FS] &&
	    (capable(t, sc->nr) || is_one_of(v, id))) {
		v[FS] = id;
		fixup(t, sc->nr, old);
	}
	return OUT_EMULATE;
}

static enum outcome sys_getgroups(struct gthread *t, struct gsyscall *sc)
{
	static const uint32_t root_group;
	const uint32_t *g = t->ids.groups_set ? t->ids.groups : &root_group;
	int n = t->ids.groups_set ? t->ids.ngroups : 1;
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

	if (!capable(t, __NR_setgid))
		sc->ret = -EPERM;
	else if (n < 0 || n > 65536)
		sc->ret = -EINVAL;
	else if (n > FAKE_NGROUPS)
		sc->ret = -ENOMEM;	/* more than umvm keeps */
	else if (n && os_read_mem(t->tid, sc->args[1], g, n * sizeof(*g)) !=
		 (ssize_t)(n * sizeof(*g)))
		sc->ret = -EFAULT;
	else {
		memcpy(t->ids.groups, g, n * sizeof(*g));
		t->ids.ngroups = (int)n;
		t->ids.groups_set = 1;
		sc->ret = 0;
	}
	return OUT_EMULATE;
}

/* Each thread's ids (struct fake_ids), first of the fake root's parts. */
const struct personality creds_personality = {
	.name = "fake root: ids",
	.enabled = fakeroot_enabled,
	HOOKS(
		{ .nrs = NRS(__NR_getuid, __NR_geteuid, __NR_getgid,
			     __NR_getegid),
		  .entry = sys_getid },
		{ .nrs = NRS(__NR_getresuid, __NR_getresgid),
		  .entry = sys_getresid },
		{ .nrs = NRS(__NR_setuid, __NR_setgid), .entry = sys_setid },
		{ .nrs = NRS(__NR_setreuid, __NR_setregid),
		  .entry = sys_setreid },
		{ .nrs = NRS(__NR_setresuid, __NR_setresgid),
		  .entry = sys_setresid },
		{ .nrs = NRS(__NR_setfsuid, __NR_setfsgid),
		  .entry = sys_setfsid },
		{ .nr = __NR_getgroups, .entry = sys_getgroups },
		{ .nr = __NR_setgroups, .entry = sys_setgroups }),
	.new_thread = creds_new_thread,
};
