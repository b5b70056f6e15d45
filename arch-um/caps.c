// SPDX-License-Identifier: GPL-2.0
/*
 * -0/--root-id: the fake identity's capabilities, as the kernel keeps
 * them (capabilities(7)).
 *
 * Each guest thread has effective, permitted, inheritable, bounding and
 * ambient sets, securebits and no_new_privs (struct fake_ids).  The fake
 * root starts as a real root would here: permitted = effective = the
 * bounding set umvm itself runs with (a container may have dropped some),
 * no_new_privs as umvm had it.  From then on the kernel's rules apply:
 *
 * - uid changes (creds.c calls caps_fix_setuid()): when none of the real,
 *   effective and saved uids stays 0, permitted and effective are cleared
 *   (unless SECBIT_KEEP_CAPS, PR_SET_KEEPCAPS) and ambient is; an
 *   effective uid leaving 0 clears effective, returning to 0 restores it
 *   from permitted; the fs uid leaving or returning to 0 drops or raises
 *   the file-system capabilities.  SECBIT_NO_SETUID_FIXUP turns all that
 *   off.
 * - execve (caps_exec()): root (real or effective, unless SECBIT_NOROOT)
 *   gets permitted = bounding | inheritable, effective too when the
 *   effective uid is 0; others keep only the ambient set.  Set-user-ID
 *   and set-group-ID bits of the fake mode apply unless no_new_privs.
 *   File capabilities (security.capability) are not read.
 * - capget, capset and prctl's capability options are emulated;
 *   PR_SET_NO_NEW_PRIVS also reaches the host.  Other prctl options pass.
 *
 * fake_capable() is the kernel's capable(): a bit of the effective set.
 */
#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include <linux/prctl.h>
#include <linux/securebits.h>
#include "dispatch.h"
#include "personality.h"
#include "fakeroot.h"
#include "os.h"
#include "umvm.h"

enum { R, E, S, FS };

/* What umvm itself runs with: the starting point of the fake root. */
static uint64_t host_bnd;
static int host_nnp, last_cap;

/* Every capability this kernel knows: 0..last_cap. */
static uint64_t cap_all(void)
{
	return last_cap >= 63 ? ~0ULL : (1ULL << (last_cap + 1)) - 1;
}

/* The capabilities a file-system uid of 0 brings (CAP_FS_MASK). */
#define BIT(c)		(1ULL << (c))
#define CAP_FS_SET	(BIT(CAP_CHOWN) | BIT(CAP_DAC_OVERRIDE) | \
			 BIT(CAP_DAC_READ_SEARCH) | BIT(CAP_FOWNER) | \
			 BIT(CAP_FSETID) | BIT(CAP_LINUX_IMMUTABLE) | \
			 BIT(CAP_MKNOD) | BIT(CAP_MAC_OVERRIDE))

/* The securebits and their locks (the lock of bit N is bit N + 1). */
#define SECURE_BITS	(SECBIT_NOROOT | SECBIT_NO_SETUID_FIXUP | \
			 SECBIT_KEEP_CAPS | SECBIT_NO_CAP_AMBIENT_RAISE)
#define SECURE_LOCKS	(SECURE_BITS << 1)
#define SECURE_ALL	(SECURE_BITS | SECURE_LOCKS)

int fake_capable(const struct gthread *t, int cap)
{
	return cap >= 0 && cap < 64 && (ids_of(t)->cap_eff >> cap) & 1;
}

static int known_cap(long cap)
{
	return cap >= 0 && cap <= last_cap;
}

void caps_root(struct fake_ids *ids)
{
	ids->cap_bnd = host_bnd;
	ids->cap_prm = ids->cap_eff = host_bnd;
	ids->cap_inh = ids->cap_amb = 0;
	ids->securebits = 0;
	ids->no_new_privs = host_nnp;
}

static int any_root(const uint32_t *v)
{
	return v[R] == 0 || v[E] == 0 || v[S] == 0;
}

void caps_fix_setuid(struct fake_ids *ids, const uint32_t *old, int fs)
{
	if (ids->securebits & SECBIT_NO_SETUID_FIXUP)
		return;
	if (fs) {
		if (old[FS] == 0 && ids->uid[FS] != 0)
			ids->cap_eff &= ~CAP_FS_SET;
		if (old[FS] != 0 && ids->uid[FS] == 0)
			ids->cap_eff |= ids->cap_prm & CAP_FS_SET;
		return;
	}
	if (any_root(old) && !any_root(ids->uid)) {
		if (!(ids->securebits & SECBIT_KEEP_CAPS))
			ids->cap_prm = ids->cap_eff = 0;
		ids->cap_amb = 0;
	}
	if (old[E] == 0 && ids->uid[E] != 0)
		ids->cap_eff = 0;
	if (old[E] != 0 && ids->uid[E] == 0)
		ids->cap_eff = ids->cap_prm;
}

/*
 * The kernel's execve credential rules (prepare_exec_creds,
 * bprm_fill_uid, cap_bprm_creds_from_file) for a program without file
 * capabilities whose fake mode and owner were noted at the entry.
 */
void caps_exec(struct fake_ids *ids)
{
	uint64_t old_prm = ids->cap_prm;
	uint32_t old_uid[4], old_gid[4];
	int setid, eff = 0;

	memcpy(old_uid, ids->uid, sizeof(old_uid));
	memcpy(old_gid, ids->gid, sizeof(old_gid));
	ids->securebits &= ~SECBIT_KEEP_CAPS;
	if (!ids->no_new_privs) {
		if (ids->exec_mode & S_ISUID)
			ids->uid[E] = ids->exec_uid;
		if ((ids->exec_mode & (S_ISGID | S_IXGRP)) ==
		    (S_ISGID | S_IXGRP))
			ids->gid[E] = ids->exec_gid;
	}
	ids->cap_prm = 0;
	if (!(ids->securebits & SECBIT_NOROOT)) {
		if (ids->uid[E] == 0 || ids->uid[R] == 0)
			ids->cap_prm = ids->cap_bnd | ids->cap_inh;
		if (ids->uid[E] == 0)
			eff = 1;
	}
	setid = ids->uid[E] != old_uid[E] || ids->gid[E] != old_gid[E];
	/* no_new_privs: nothing gained (setid was refused above) */
	if (ids->no_new_privs && (ids->cap_prm & ~old_prm))
		ids->cap_prm &= old_prm;
	ids->uid[S] = ids->uid[FS] = ids->uid[E];
	ids->gid[S] = ids->gid[FS] = ids->gid[E];
	if (setid)
		ids->cap_amb = 0;
	ids->cap_prm |= ids->cap_amb;
	ids->cap_eff = eff ? ids->cap_prm : ids->cap_amb;
}

/* The capget/capset header's version: how many 32-bit words follow. */
static int cap_words(struct gthread *t, unsigned long hdr, int write_back)
{
	uint32_t v, want = _LINUX_CAPABILITY_VERSION_3;

	if (os_read_mem(t->tid, hdr, &v, sizeof(v)) != sizeof(v))
		return -EFAULT;
	switch (v) {
	case _LINUX_CAPABILITY_VERSION_1:
		return 1;
	case _LINUX_CAPABILITY_VERSION_2:
	case _LINUX_CAPABILITY_VERSION_3:
		return 2;
	}
	if (write_back &&
	    os_write_mem(t->tid, hdr, &want, sizeof(want)) != sizeof(want))
		return -EFAULT;
	return -EINVAL;
}

static enum outcome sys_capget(struct gthread *t, struct gsyscall *sc)
{
	struct __user_cap_data_struct d[2];
	const struct gthread *of = t;
	const struct fake_ids *ids;
	int32_t pid;
	int n = cap_words(t, sc->args[0], 1);

	if (!sc->args[1] || n < 0) {
		sc->ret = !sc->args[1] && n == -EINVAL ? 0 : n;
		return OUT_EMULATE;
	}
	if (os_read_mem(t->tid, sc->args[0] + 4, &pid, 4) != 4) {
		sc->ret = -EFAULT;
		return OUT_EMULATE;
	}
	if (pid < 0) {
		sc->ret = -EINVAL;
		return OUT_EMULATE;
	}
	if (pid && pid != t->tid) {
		of = threads_find(pid);
		/* Not a guest thread: the host knows it. */
		if (!of)
			return OUT_PASS;
	}
	ids = ids_of(of);
	d[0].effective = (uint32_t)ids->cap_eff;
	d[0].permitted = (uint32_t)ids->cap_prm;
	d[0].inheritable = (uint32_t)ids->cap_inh;
	d[1].effective = ids->cap_eff >> 32;
	d[1].permitted = ids->cap_prm >> 32;
	d[1].inheritable = ids->cap_inh >> 32;
	sc->ret = 0;
	if (os_write_mem(t->tid, sc->args[1], d, n * sizeof(d[0])) !=
	    (ssize_t)(n * sizeof(d[0])))
		sc->ret = -EFAULT;
	return OUT_EMULATE;
}

/* The kernel's cap_capset() rules. */
static int capset_ok(const struct fake_ids *o, uint64_t eff, uint64_t prm,
		     uint64_t inh)
{
	int setpcap = (o->cap_eff >> CAP_SETPCAP) & 1;

	if (!setpcap && (inh & ~(o->cap_inh | o->cap_prm)))
		return -EPERM;
	if (inh & ~(o->cap_inh | o->cap_bnd))
		return -EPERM;
	if (prm & ~o->cap_prm)
		return -EPERM;
	if (eff & ~prm)
		return -EPERM;
	return 0;
}

static enum outcome sys_capset(struct gthread *t, struct gsyscall *sc)
{
	struct __user_cap_data_struct d[2] = { { 0 } };
	struct fake_ids *ids = ids_of(t);
	uint64_t eff, prm, inh;
	int32_t pid;
	int n = cap_words(t, sc->args[0], 0), r;

	sc->ret = n;
	if (n < 0)
		return OUT_EMULATE;
	if (os_read_mem(t->tid, sc->args[0] + 4, &pid, 4) != 4) {
		sc->ret = -EFAULT;
		return OUT_EMULATE;
	}
	if (pid && pid != t->tid) {
		sc->ret = -EPERM;
		return OUT_EMULATE;
	}
	if (os_read_mem(t->tid, sc->args[1], d, n * sizeof(d[0])) !=
	    (ssize_t)(n * sizeof(d[0]))) {
		sc->ret = -EFAULT;
		return OUT_EMULATE;
	}
	eff = (d[0].effective | (uint64_t)d[1].effective << 32) & cap_all();
	prm = (d[0].permitted | (uint64_t)d[1].permitted << 32) & cap_all();
	inh = (d[0].inheritable | (uint64_t)d[1].inheritable << 32) &
	      cap_all();
	r = capset_ok(ids, eff, prm, inh);
	if (r == 0) {
		ids->cap_eff = eff;
		ids->cap_prm = prm;
		ids->cap_inh = inh;
		/* ambient bits no longer both permitted and inheritable go */
		ids->cap_amb &= prm & inh;
	}
	sc->ret = r;
	return OUT_EMULATE;
}

static long prctl_ambient(struct fake_ids *ids, const unsigned long *a)
{
	uint64_t bit;

	if (a[1] == PR_CAP_AMBIENT_CLEAR_ALL) {
		if (a[2] | a[3] | a[4])
			return -EINVAL;
		ids->cap_amb = 0;
		return 0;
	}
	if (!known_cap((long)a[2]) || a[3] || a[4])
		return -EINVAL;
	bit = 1ULL << a[2];
	switch (a[1]) {
	case PR_CAP_AMBIENT_IS_SET:
		return !!(ids->cap_amb & bit);
	case PR_CAP_AMBIENT_RAISE:
		if (!(ids->cap_prm & bit) || !(ids->cap_inh & bit) ||
		    (ids->securebits & SECBIT_NO_CAP_AMBIENT_RAISE))
			return -EPERM;
		ids->cap_amb |= bit;
		return 0;
	case PR_CAP_AMBIENT_LOWER:
		ids->cap_amb &= ~bit;
		return 0;
	}
	return -EINVAL;
}

static long prctl_securebits(struct fake_ids *ids, unsigned long bits)
{
	uint32_t old = ids->securebits;

	/* no change of a locked bit, no unlocking, known bits, privilege */
	if ((((old & SECURE_LOCKS) >> 1) & (old ^ bits)) ||
	    (old & SECURE_LOCKS & ~bits) || (bits & ~SECURE_ALL) ||
	    !((ids->cap_eff >> CAP_SETPCAP) & 1))
		return -EPERM;
	ids->securebits = (uint32_t)bits;
	return 0;
}

static enum outcome sys_prctl(struct gthread *t, struct gsyscall *sc)
{
	struct fake_ids *ids = ids_of(t);
	const unsigned long *a = sc->args;

	switch ((int)a[0]) {
	case PR_CAPBSET_READ:
		sc->ret = known_cap((long)a[1]) ?
			  (long)((ids->cap_bnd >> a[1]) & 1) : -EINVAL;
		break;
	case PR_CAPBSET_DROP:
		if (!fake_capable(t, CAP_SETPCAP))
			sc->ret = -EPERM;
		else if (!known_cap((long)a[1]))
			sc->ret = -EINVAL;
		else {
			ids->cap_bnd &= ~(1ULL << a[1]);
			sc->ret = 0;
		}
		break;
	case PR_SET_KEEPCAPS:
		if (a[1] > 1)
			sc->ret = -EINVAL;
		else if (ids->securebits & SECBIT_KEEP_CAPS_LOCKED)
			sc->ret = -EPERM;
		else {
			if (a[1])
				ids->securebits |= SECBIT_KEEP_CAPS;
			else
				ids->securebits &= ~SECBIT_KEEP_CAPS;
			sc->ret = 0;
		}
		break;
	case PR_GET_KEEPCAPS:
		sc->ret = !!(ids->securebits & SECBIT_KEEP_CAPS);
		break;
	case PR_GET_SECUREBITS:
		sc->ret = ids->securebits;
		break;
	case PR_SET_SECUREBITS:
		sc->ret = prctl_securebits(ids, a[1]);
		break;
	case PR_CAP_AMBIENT:
		sc->ret = prctl_ambient(ids, a);
		break;
	case PR_GET_NO_NEW_PRIVS:
		sc->ret = a[1] | a[2] | a[3] | a[4] ? -EINVAL :
			  ids->no_new_privs;
		break;
	case PR_SET_NO_NEW_PRIVS:
		/* The host's too: it then refuses setuid programs as well. */
		if (a[1] != 1 || a[2] | a[3] | a[4]) {
			sc->ret = -EINVAL;
			break;
		}
		return OUT_PASS_SEE_EXIT;
	default:
		return OUT_PASS;
	}
	return OUT_EMULATE;
}

static int sys_prctl_exit(struct gthread *t, struct gsyscall *sc)
{
	if ((int)sc->args[0] == PR_SET_NO_NEW_PRIVS && sc->ret == 0)
		ids_of(t)->no_new_privs = 1;
	return 0;
}

static void caps_init(void)
{
	last_cap = os_cap_last_cap();
	host_bnd = os_cap_bounding(last_cap);
	host_nnp = os_get_no_new_privs();
}

const struct personality caps_personality = {
	FAKE_ROOT_PART("capabilities"),
	.init = caps_init,
	HOOKS(
		{ .nr = __NR_capget, .entry = sys_capget },
		{ .nr = __NR_capset, .entry = sys_capset },
		{ .nr = __NR_prctl,
		  .entry = sys_prctl, .exit = sys_prctl_exit }),
};
