// SPDX-License-Identifier: GPL-2.0
/*
 * -0/--root-id: chown, chmod and mknod as the kernel would do them for
 * the fake identity: root's succeed, others' by the kernel's rules.
 *
 * The monitor finds the call's target itself (target.c).
 *
 * - chown family: emulated; the new owner is recorded for the inode.
 *   Changing the owner needs CAP_CHOWN (or is no change by the owner),
 *   the group the owner and a group of the caller's, else EPERM.
 * - chmod family: the owner or CAP_FOWNER, else EPERM.  The host is
 *   asked too, with read and write (and search) for its owner, umvm's
 *   user, kept: who else may use the file is decided by the fake
 *   permission checks (perm.c) from the recorded mode.  EPERM from the
 *   host becomes success; the mode is recorded either way.
 * - mknod of a character or block device: CAP_MKNOD; an empty regular
 *   file is made in its place (so that open and stat work) and the type
 *   and device number are recorded; other types go to the host.
 * - unlink, rmdir, rename: the record of an inode whose last link goes
 *   is dropped.
 * - the stat family shows what was recorded: at the exit of a successful
 *   stat, lstat, fstat, newfstatat or statx the monitor reads what the
 *   host wrote into the guest's buffer, looks the inode up by (dev, ino)
 *   and writes back owner, mode and device number: the recorded ones,
 *   or else the host's with the real user's uid and gid shown as 0.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/stat.h>
#include "dispatch.h"
#include "personality.h"
#include "fakeroot.h"
#include "os.h"
#include "umvm.h"

#define NOCHANGE	((uint32_t)-1)

/*
 * Without CAP_CHOWN (chown_ok(), chgrp_ok()): the owner may "change" the
 * owner to itself and the group to one of its own.
 */
static int chown_ok(const struct perm_who *w, const struct fake_inode *fi,
		    uint32_t uid, uint32_t gid)
{
	if (uid != NOCHANGE && (w->uid != fi->uid || uid != fi->uid))
		return 0;
	if (gid != NOCHANGE && (w->uid != fi->uid ||
				(gid != fi->gid && !perm_in_group(w, gid))))
		return 0;
	return 1;
}

/* chown, fchown, lchown, fchownat */
static enum outcome sys_chown(struct gthread *t, struct gsyscall *sc)
{
	struct target tg;
	struct owner_rec *rec;
	struct fake_inode fi;
	struct perm_who w;
	struct stat st;
	uint32_t uid, gid;
	int r, flags = 0;

	switch (sc->nr) {
	case __NR_chown:
	case __NR_lchown:
		r = find_target(t, AT_FDCWD, 0, 0, sc->nr == __NR_chown, &tg);
		uid = regs_arg(&t->regs, 1);
		gid = regs_arg(&t->regs, 2);
		break;
	case __NR_fchown:
		r = find_target(t, (int)regs_arg(&t->regs, 0), -1, 1, 1, &tg);
		uid = regs_arg(&t->regs, 1);
		gid = regs_arg(&t->regs, 2);
		break;
	default:	/* fchownat */
		flags = (int)regs_arg(&t->regs, 4);
		if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) {
			sc->ret = -EINVAL;
			return OUT_EMULATE;
		}
		r = find_target(t, (int)regs_arg(&t->regs, 0), 1,
				flags & AT_EMPTY_PATH,
				!(flags & AT_SYMLINK_NOFOLLOW), &tg);
		uid = regs_arg(&t->regs, 2);
		gid = regs_arg(&t->regs, 3);
		break;
	}
	perm_who_fs(t, &w);
	if (r == 0)
		r = perm_search(t, &w, &tg);
	if (r == 0)
		r = stat_target(&tg, &st);
	if (r < 0) {
		sc->ret = r;
		return OUT_EMULATE;
	}
	fake_inode_of(&st, &fi);
	if (!fake_capable(t, CAP_CHOWN) && !chown_ok(&w, &fi, uid, gid)) {
		sc->ret = -EPERM;
		return OUT_EMULATE;
	}
	rec = ownerdb_get(&st, tg.human);
	if (!rec) {
		sc->ret = -ENOMEM;
		return OUT_EMULATE;
	}
	if (uid != NOCHANGE)
		rec->uid = uid;
	if (gid != NOCHANGE)
		rec->gid = gid;
	/* A change of owner clears set-id bits, for root too (Linux). */
	if ((uid != NOCHANGE || gid != NOCHANGE) && !S_ISDIR(rec->mode)) {
		rec->mode &= ~S_ISUID;
		if (rec->mode & S_IXGRP)
			rec->mode &= ~S_ISGID;
	}
	sc->ret = 0;
	return OUT_EMULATE;
}

/* chmod, fchmod, fchmodat */
static enum outcome sys_chmod(struct gthread *t, struct gsyscall *sc)
{
	struct target tg;
	struct owner_rec *rec;
	struct fake_inode fi;
	struct perm_who w;
	struct stat st;
	unsigned int mode, keep;
	int r;

	switch (sc->nr) {
	case __NR_chmod:
		r = find_target(t, AT_FDCWD, 0, 0, 1, &tg);
		mode = regs_arg(&t->regs, 1);
		break;
	case __NR_fchmod:
		r = find_target(t, (int)regs_arg(&t->regs, 0), -1, 1, 1, &tg);
		mode = regs_arg(&t->regs, 1);
		break;
	default:	/* fchmodat: no flags before Linux 6.6 */
		r = find_target(t, (int)regs_arg(&t->regs, 0), 1, 0, 1, &tg);
		mode = regs_arg(&t->regs, 2);
		break;
	}
	mode &= 07777;
	perm_who_fs(t, &w);
	if (r == 0)
		r = perm_search(t, &w, &tg);
	if (r == 0)
		r = stat_target(&tg, &st);
	if (r == 0) {
		fake_inode_of(&st, &fi);
		if (w.uid != fi.uid && !fake_capable(t, CAP_FOWNER))
			r = -EPERM;
		else if (!perm_in_group(&w, fi.gid) &&
			 !fake_capable(t, CAP_FSETID))
			mode &= ~S_ISGID;
	}
	if (r == 0) {
		keep = S_ISDIR(st.st_mode) ? 0700 : 0600;
		r = os_chmod_path(tg.proc, mode | keep);
		if (r == -EPERM)
			r = 0;
	}
	if (r < 0) {
		sc->ret = r;
		return OUT_EMULATE;
	}
	rec = ownerdb_get(&st, tg.human);
	if (!rec) {
		sc->ret = -ENOMEM;
		return OUT_EMULATE;
	}
	rec->mode = (rec->mode & S_IFMT) | mode;
	sc->ret = 0;
	return OUT_EMULATE;
}

/* mknod, mknodat */
static enum outcome sys_mknod(struct gthread *t, struct gsyscall *sc)
{
	int at = sc->nr == __NR_mknodat;
	unsigned int mode = regs_arg(&t->regs, at + 1);
	unsigned long dev = (unsigned int)regs_arg(&t->regs, at + 2);
	struct owner_rec *rec;
	struct target tg;
	struct stat st;
	int r;

	if (!S_ISCHR(mode) && !S_ISBLK(mode))
		return OUT_PASS;
	if (!fake_capable(t, CAP_MKNOD)) {
		sc->ret = -EPERM;
		return OUT_EMULATE;
	}
	r = find_target(t, at ? (int)regs_arg(&t->regs, 0) : AT_FDCWD, at, 0,
			0, &tg);
	if (r == 0)
		r = os_mknod_path(tg.proc, S_IFREG | 0600, 0);
	if (r == 0)
		r = stat_target(&tg, &st);
	if (r < 0) {
		sc->ret = r;
		return OUT_EMULATE;
	}
	ownerdb_drop(st.st_dev, st.st_ino);
	rec = ownerdb_get(&st, tg.human);
	if (!rec) {
		sc->ret = -ENOMEM;
		return OUT_EMULATE;
	}
	rec->mode = (mode & S_IFMT) | (mode & 07777 & ~guest_umask(t));
	rec->rdev = dev;
	/* owned by the fs ids, as the kernel's mknod makes it */
	rec->uid = ids_of(t)->uid[3];
	rec->gid = ids_of(t)->gid[3];
	sc->ret = 0;
	return OUT_EMULATE;
}

/*
 * unlink, unlinkat, rmdir, rename, renameat, renameat2: note the inode
 * that loses its last link if the call succeeds (hook_data[0..1], with
 * hook_data[2] = 1), drop its record at the exit.
 */
static enum outcome sys_unlink(struct gthread *t, struct gsyscall *sc)
{
	struct target tg, old;
	struct stat st, ost;

	sc->hook_data[2] = 0;
	if (sc->nr == __NR_renameat2 &&
	    (regs_arg(&t->regs, 4) & (RENAME_EXCHANGE | RENAME_NOREPLACE)))
		return OUT_PASS;
	/* the name whose inode loses a link: a rename's new one */
	if (find_removed_name(t, sc->nr, 1, &tg) < 0 ||
	    stat_target(&tg, &st) < 0 ||
	    !ownerdb_find(st.st_dev, st.st_ino) ||
	    (!S_ISDIR(st.st_mode) && st.st_nlink > 1))
		return OUT_PASS;
	/* rename onto another link of the same inode does nothing */
	if (is_rename(sc->nr) &&
	    find_removed_name(t, sc->nr, 0, &old) == 0 &&
	    stat_target(&old, &ost) == 0 &&
	    ost.st_dev == st.st_dev && ost.st_ino == st.st_ino)
		return OUT_PASS;
	sc->hook_data[0] = st.st_dev;
	sc->hook_data[1] = st.st_ino;
	sc->hook_data[2] = 1;
	return OUT_PASS_SEE_EXIT;
}

static int sys_unlink_exit(struct gthread *t, struct gsyscall *sc)
{
	struct owner_rec *rec;
	struct target tg;
	struct stat st;

	if (sc->hook_data[2] && sc->ret == 0)
		ownerdb_drop(sc->hook_data[0], sc->hook_data[1]);
	sc->hook_data[2] = 0;
	/* A renamed inode's record learns its new name. */
	if (sc->ret == 0 && is_rename(sc->nr) &&
	    find_removed_name(t, sc->nr, 1, &tg) == 0 &&
	    stat_target(&tg, &st) == 0) {
		rec = ownerdb_find(st.st_dev, st.st_ino);
		if (rec)
			ownerdb_set_path(rec, tg.human);
	}
	return 0;
}

/* The head of x86_64's struct stat, as the kernel writes it. */
struct kstat_head {
	uint64_t dev, ino, nlink;
	uint32_t mode, uid, gid, pad;
	uint64_t rdev;
};

/* What stat shows for an inode the host describes so. */
static void fake_view(uint64_t dev, uint64_t ino, uint32_t *mode,
		      uint32_t *uid, uint32_t *gid, uint64_t *rdev)
{
	struct owner_rec *r = ownerdb_check(dev, ino, *mode);

	if (!r) {
		*uid = fake_uid(*uid);
		*gid = fake_gid(*gid);
		return;
	}
	*uid = r->uid;
	*gid = r->gid;
	*mode = r->mode;
	if (S_ISCHR(r->mode) || S_ISBLK(r->mode))
		*rdev = r->rdev;
}

static int stat_exit(struct gthread *t, struct gsyscall *sc)
{
	int arg = sc->nr == __NR_newfstatat ? 2 : 1;
	unsigned long buf = sc->args[arg];
	struct kstat_head h, o;

	if (sc->ret != 0 ||
	    os_read_mem(t->tid, buf, &h, sizeof(h)) != sizeof(h))
		return 0;
	o = h;
	fake_view(h.dev, h.ino, &h.mode, &h.uid, &h.gid, &h.rdev);
	if (memcmp(&h, &o, sizeof(h)))
		os_write_mem(t->tid, buf + offsetof(struct kstat_head, mode),
			     &h.mode, sizeof(h) -
			     offsetof(struct kstat_head, mode));
	return 0;
}

static int statx_exit(struct gthread *t, struct gsyscall *sc)
{
	unsigned long buf = sc->args[4];
	struct statx x, o;
	uint64_t rdev;
	uint32_t mode;

	if (sc->ret != 0 ||
	    os_read_mem(t->tid, buf, &x, sizeof(x)) != sizeof(x) ||
	    !(x.stx_mask & STATX_INO))
		return 0;
	o = x;
	mode = x.stx_mode;
	rdev = makedev(x.stx_rdev_major, x.stx_rdev_minor);
	fake_view(makedev(x.stx_dev_major, x.stx_dev_minor), x.stx_ino,
		  &mode, &x.stx_uid, &x.stx_gid, &rdev);
	x.stx_mode = (uint16_t)mode;
	x.stx_rdev_major = major(rdev);
	x.stx_rdev_minor = minor(rdev);
	if (!(o.stx_mask & STATX_UID))
		x.stx_uid = o.stx_uid;
	if (!(o.stx_mask & STATX_GID))
		x.stx_gid = o.stx_gid;
	if (!(o.stx_mask & (STATX_TYPE | STATX_MODE)))
		x.stx_mode = o.stx_mode;
	if (memcmp(&x, &o, sizeof(x)))
		os_write_mem(t->tid, buf, &x, sizeof(x));
	return 0;
}

/*
 * What chown, chmod and mknod make of an inode (after perm's checks), and
 * what stat shows of it.
 */
const struct personality fakeroot_personality = {
	FAKE_ROOT_PART("owners"),
	HOOKS(
		{ .nrs = NRS(__NR_chown, __NR_fchown, __NR_lchown,
			     __NR_fchownat),
		  .entry = sys_chown },
		{ .nrs = NRS(__NR_chmod, __NR_fchmod, __NR_fchmodat),
		  .entry = sys_chmod },
		{ .nrs = NRS(__NR_mknod, __NR_mknodat), .entry = sys_mknod },
		{ .nrs = NRS(NAME_REMOVING_CALLS),
		  .entry = sys_unlink, .exit = sys_unlink_exit },
		{ .nrs = NRS(__NR_stat, __NR_lstat, __NR_fstat,
			     __NR_newfstatat),
		  .exit = stat_exit },
		{ .nr = __NR_statx, .exit = statx_exit }),
};
