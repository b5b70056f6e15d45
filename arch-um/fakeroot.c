// SPDX-License-Identifier: GPL-2.0
/*
 * -0/--root-id: chown, chmod and mknod succeed as they would for root.
 *
 * The monitor finds the call's target itself, by a name that resolves as
 * the guest's would: an absolute path as it is (after the path layer,
 * which runs before us, rewrote it into a host path), a relative one
 * under /proc/<tid>/cwd or /proc/<tid>/fd/<dirfd>, a descriptor as
 * /proc/<tid>/fd/<fd>.  The arguments are read from the registers as they
 * are now (t->regs), not as the guest passed them.
 *
 * - chown family: emulated; the new owner is recorded for the inode.
 * - chmod family: the host is asked too (so permission bits stay real
 *   where it agrees); EPERM from the host becomes success; the mode is
 *   recorded either way.
 * - mknod of a character or block device: an empty regular file is made
 *   in its place (so that open and stat work) and the type and device
 *   number are recorded; other types go to the host.
 * - unlink, rmdir, rename: the record of an inode whose last link goes
 *   is dropped.
 *
 * When the guest has set a non-zero effective uid (creds.c) these calls
 * go to the host unchanged, as they would for an ordinary user.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/fs.h>
#include "dispatch.h"
#include "fakeroot.h"
#include "os.h"
#include "umvm.h"

#define NOCHANGE	((uint32_t)-1)

/* Where a call's target is, as the monitor can reach it. */
struct target {
	char proc[PATH_MAX + 64];	/* name for the monitor's host calls */
	char human[PATH_MAX + 64];	/* resolved path, for the record */
	int follow;			/* follow a final symlink */
};

static int capable(const struct gthread *t)
{
	return t->ids.uid[1] == 0;
}

/* "/proc/<tid>/cwd" or "/proc/<tid>/fd/<fd>" */
static void base_of(struct gthread *t, int dirfd, char *buf, size_t len)
{
	if (dirfd == AT_FDCWD)
		snprintf(buf, len, "/proc/%d/cwd", (int)t->tid);
	else
		snprintf(buf, len, "/proc/%d/fd/%d", (int)t->tid, dirfd);
}

/*
 * The target of a call: @path_reg is the argument register of the path
 * (-1 for a call on a descriptor), @dirfd the directory descriptor (or
 * the descriptor itself), @empty_ok: AT_EMPTY_PATH was given.
 */
static int find_target(struct gthread *t, int dirfd, int path_reg,
		       int empty_ok, int follow, struct target *tg)
{
	char path[PATH_MAX], base[64];
	ssize_t n;

	tg->follow = follow;
	if (path_reg >= 0) {
		n = os_read_string(t->tid, regs_arg(&t->regs, path_reg), path,
				   sizeof(path));
		if (n < 0)
			return (int)n;
	} else {
		path[0] = 0;
		empty_ok = 1;
		tg->follow = 1;
	}
	if (!path[0] && !empty_ok)
		return -ENOENT;
	if (path[0] == '/') {
		/* The monitor's /proc/self is not the guest's. */
		if (!strncmp(path, "/proc/self/", 11))
			snprintf(tg->proc, sizeof(tg->proc), "/proc/%d/%s",
				 (int)t->tgid, path + 11);
		else if (!strncmp(path, "/proc/thread-self/", 18))
			snprintf(tg->proc, sizeof(tg->proc), "/proc/%d/%s",
				 (int)t->tid, path + 18);
		else
			snprintf(tg->proc, sizeof(tg->proc), "%s", path);
		snprintf(tg->human, sizeof(tg->human), "%s", tg->proc);
		return 0;
	}
	base_of(t, dirfd, base, sizeof(base));
	if (os_readlink(base, tg->human, PATH_MAX) < 0) {
		struct stat st;

		if (dirfd != AT_FDCWD && os_stat_path(base, 0, &st) == -ENOENT)
			return -EBADF;
		snprintf(tg->human, sizeof(tg->human), "%s", base);
	}
	if (path[0]) {
		snprintf(tg->proc, sizeof(tg->proc), "%s/%s", base, path);
		n = strlen(tg->human);
		snprintf(tg->human + n, sizeof(tg->human) - n, "/%s", path);
	} else {
		snprintf(tg->proc, sizeof(tg->proc), "%s", base);
	}
	return 0;
}

static int stat_target(const struct target *tg, struct stat *st)
{
	return os_stat_path(tg->proc, tg->follow, st);
}

/* chown, fchown, lchown, fchownat */
static enum outcome sys_chown(struct gthread *t, struct gsyscall *sc)
{
	struct target tg;
	struct owner_rec *rec;
	struct stat st;
	uint32_t uid, gid;
	int r, flags = 0;

	if (!capable(t))
		return OUT_PASS;
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
	if (r == 0)
		r = stat_target(&tg, &st);
	if (r < 0) {
		sc->ret = r;
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
	struct stat st;
	unsigned int mode;
	int r;

	if (!capable(t))
		return OUT_PASS;
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
	if (r == 0)
		r = stat_target(&tg, &st);
	if (r == 0) {
		r = os_chmod_path(tg.proc, mode);
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

/* The guest thread's umask, from /proc/<tid>/status (022 if unknown). */
static unsigned int guest_umask(struct gthread *t)
{
	char path[64], *buf, *p;
	unsigned int mask = 022;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)t->tid);
	if (os_read_file(path, &buf) < 0)
		return mask;
	p = strstr(buf, "\nUmask:");
	if (p)
		mask = strtoul(p + 7, NULL, 8) & 0777;
	free(buf);
	return mask;
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
	if (!capable(t))
		return OUT_PASS;
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
	rec->uid = t->ids.uid[3];
	rec->gid = t->ids.gid[3];
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
	int dirfd = AT_FDCWD, reg = 0;
	unsigned long flags = 0;

	t->hook_data[2] = 0;
	switch (sc->nr) {
	case __NR_unlinkat:
		dirfd = (int)regs_arg(&t->regs, 0);
		reg = 1;
		break;
	case __NR_rename:
		reg = 1;
		break;
	case __NR_renameat:
	case __NR_renameat2:
		dirfd = (int)regs_arg(&t->regs, 2);
		reg = 3;
		if (sc->nr == __NR_renameat2)
			flags = regs_arg(&t->regs, 4);
		break;
	}
	if (flags & (RENAME_EXCHANGE | RENAME_NOREPLACE))
		return OUT_PASS;
	if (find_target(t, dirfd, reg, 0, 0, &tg) < 0 ||
	    stat_target(&tg, &st) < 0 ||
	    !ownerdb_find(st.st_dev, st.st_ino) ||
	    (!S_ISDIR(st.st_mode) && st.st_nlink > 1))
		return OUT_PASS;
	/* rename onto another link of the same inode does nothing */
	if (sc->nr == __NR_rename || sc->nr == __NR_renameat ||
	    sc->nr == __NR_renameat2) {
		int odir = sc->nr == __NR_rename ? AT_FDCWD :
			   (int)regs_arg(&t->regs, 0);

		if (find_target(t, odir, sc->nr != __NR_rename, 0, 0,
				&old) == 0 &&
		    stat_target(&old, &ost) == 0 &&
		    ost.st_dev == st.st_dev && ost.st_ino == st.st_ino)
			return OUT_PASS;
	}
	t->hook_data[0] = st.st_dev;
	t->hook_data[1] = st.st_ino;
	t->hook_data[2] = 1;
	return OUT_PASS_SEE_EXIT;
}

static int sys_unlink_exit(struct gthread *t, struct gsyscall *sc)
{
	struct owner_rec *rec;
	struct target tg;
	struct stat st;

	if (t->hook_data[2] && sc->ret == 0)
		ownerdb_drop(t->hook_data[0], t->hook_data[1]);
	t->hook_data[2] = 0;
	/* A renamed inode's record learns its new name. */
	if (sc->ret == 0 && (sc->nr == __NR_rename ||
			     sc->nr == __NR_renameat ||
			     sc->nr == __NR_renameat2) &&
	    find_target(t, sc->nr == __NR_rename ? AT_FDCWD :
			(int)regs_arg(&t->regs, 2), sc->nr == __NR_rename ?
			1 : 3, 0, 0, &tg) == 0 &&
	    stat_target(&tg, &st) == 0) {
		rec = ownerdb_find(st.st_dev, st.st_ino);
		if (rec)
			ownerdb_set_path(rec, tg.human);
	}
	return 0;
}

void fakeroot_init(void)
{
	static const long chowns[] = {
		__NR_chown, __NR_fchown, __NR_lchown, __NR_fchownat,
	};
	static const long chmods[] = {
		__NR_chmod, __NR_fchmod, __NR_fchmodat,
	};
	static const long unlinks[] = {
		__NR_unlink, __NR_unlinkat, __NR_rmdir, __NR_rename,
		__NR_renameat, __NR_renameat2,
	};

	for (size_t i = 0; i < ARRAY_SIZE(chowns); i++)
		dispatch_hook(chowns[i], sys_chown, NULL);
	for (size_t i = 0; i < ARRAY_SIZE(chmods); i++)
		dispatch_hook(chmods[i], sys_chmod, NULL);
	dispatch_hook(__NR_mknod, sys_mknod, NULL);
	dispatch_hook(__NR_mknodat, sys_mknod, NULL);
	for (size_t i = 0; i < ARRAY_SIZE(unlinks); i++)
		dispatch_hook(unlinks[i], sys_unlink, sys_unlink_exit);
}
