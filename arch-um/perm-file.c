// SPDX-License-Identifier: GPL-2.0
/*
 * -0/--root-id: the permission checks (perm.c) of calls on a file that
 * exists or is opened: open and its kin (a new file's owner too), access,
 * execve, truncate, utime(s), and the calls that only look a path up
 * (stat family, readlink, chdir).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include "dispatch.h"
#include "personality.h"
#include "fakeroot.h"
#include "os.h"
#include "umvm.h"
#include "view.h"

/*
 * A new file whose owner is not the one the host gives it (a fake user,
 * a set-group-ID directory): umvm creates it first, with the guest's
 * mode and umask, and records the owner, then lets the guest's open find
 * it (without O_EXCL: it is new).  So the open needs no exit stop.
 */
static enum outcome create_first(struct gthread *t, const struct target *tg,
				 unsigned long long flags, uint32_t uid,
				 uint32_t gid)
{
	unsigned int mode;
	struct stat st;
	int freg;

	/* O_CREAT | O_DIRECTORY fails (EINVAL): make nothing for it */
	if ((uid == 0 && gid == 0) || (flags & O_DIRECTORY))
		return OUT_PASS;
	switch (t->sc.nr) {
	case __NR_open:
		mode = regs_arg(&t->regs, 2);
		freg = 1;
		break;
	case __NR_creat:
		mode = regs_arg(&t->regs, 1);
		freg = -1;
		break;
	case __NR_openat:
		mode = regs_arg(&t->regs, 3);
		freg = 2;
		break;
	default:	/* openat2: its flags are in memory */
		return OUT_PASS;
	}
	if ((flags & O_EXCL) && freg < 0)
		return OUT_PASS;
	if (os_create_excl(tg->proc, mode & 07777 & ~guest_umask(t), &st) < 0)
		return OUT_PASS;	/* the host's own answer follows */
	perm_record_create(&st, tg->human, uid, gid);
	if (!(flags & O_EXCL))
		return OUT_PASS;
	regs_set_arg(&t->regs, freg, regs_arg(&t->regs, freg) & ~O_EXCL);
	t->flags |= GT_REGS_DIRTY;
	return OUT_PASS_SEE_EXIT;
}

/* open, creat, openat, openat2 */
static enum outcome perm_open(struct gthread *t, struct gsyscall *sc)
{
	int dirfd = AT_FDCWD, reg = 0, mask = 0, r;
	unsigned long long flags;
	struct fake_inode fi;
	struct perm_who w;
	struct target tg;
	struct stat st;
	uint32_t uid, gid;

	switch (sc->nr) {
	case __NR_open:
		flags = (unsigned int)regs_arg(&t->regs, 1);
		break;
	case __NR_creat:
		flags = O_CREAT | O_WRONLY | O_TRUNC;
		break;
	case __NR_openat:
		dirfd = (int)regs_arg(&t->regs, 0);
		reg = 1;
		flags = (unsigned int)regs_arg(&t->regs, 2);
		break;
	default:	/* openat2 */
		dirfd = (int)regs_arg(&t->regs, 0);
		reg = 1;
		if (os_read_mem(t->tid, regs_arg(&t->regs, 2), &flags,
				sizeof(flags)) != sizeof(flags))
			return OUT_PASS;
		break;
	}
	if (flags & O_PATH)
		return OUT_PASS;
	perm_who_fs(t, &w);
	if (perm_searches_all(&w) && perm_has(&w, CAP_DAC_OVERRIDE) &&
	    !(flags & O_CREAT))
		return OUT_PASS;
	if (find_target(t, dirfd, reg, 0, !(flags & (O_NOFOLLOW | O_EXCL)),
			&tg) < 0)
		return OUT_PASS;
	if ((flags & O_ACCMODE) != O_WRONLY)
		mask |= MAY_READ;
	if ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC))
		mask |= MAY_WRITE;
	r = perm_check_target(t, &w, &tg, 0, &st, &fi);
	if (r < 0)
		return perm_deny(sc, r);
	if (r == 1) {
		if (!(flags & O_CREAT))
			return OUT_PASS;
		r = perm_check_create(t, &w, &tg, &uid, &gid);
		if (r < 0)
			return perm_deny(sc, r);
		return create_first(t, &tg, flags, uid, gid);
	}
	if (target_is_proc(&st) || (flags & (O_CREAT | O_EXCL)) ==
	    (O_CREAT | O_EXCL))
		return OUT_PASS;
	/* a directory opened for writing: EISDIR from the host */
	if (S_ISDIR(fi.mode) && (mask & MAY_WRITE))
		return OUT_PASS;
	r = perm_inode(&w, &fi, mask);
	return r < 0 ? perm_deny(sc, r) : OUT_PASS;
}

/*
 * Search up to the call's path (in register @reg, relative to @dirfd)
 * and @mask on what it names, for @w: the call passes or is refused.
 */
static enum outcome check_path(struct gthread *t, struct gsyscall *sc,
			       const struct perm_who *w, int dirfd, int reg,
			       int empty, int follow, int mask)
{
	struct fake_inode fi;
	struct target tg;
	struct stat st;
	int r;

	if (find_target(t, dirfd, reg, empty, follow, &tg) < 0)
		return OUT_PASS;
	r = perm_check_target(t, w, &tg, mask, &st, &fi);
	return r < 0 ? perm_deny(sc, r) : OUT_PASS;
}

/* access, faccessat, faccessat2 */
static enum outcome perm_access(struct gthread *t, struct gsyscall *sc)
{
	int dirfd = AT_FDCWD, reg = 0, mode, flags = 0;
	struct perm_who w;

	if (sc->nr == __NR_access) {
		mode = (int)regs_arg(&t->regs, 1);
	} else {
		dirfd = (int)regs_arg(&t->regs, 0);
		reg = 1;
		mode = (int)regs_arg(&t->regs, 2);
		if (sc->nr == __NR_faccessat2)
			flags = (int)regs_arg(&t->regs, 3);
	}
	if (mode & ~7)
		return OUT_PASS;	/* EINVAL from the host */
	if (flags & AT_EACCESS)
		perm_who_fs(t, &w);
	else
		perm_who_real(t, &w);
	if (perm_searches_all(&w) && perm_has(&w, CAP_DAC_OVERRIDE) && !(mode & X_OK))
		return OUT_PASS;
	return check_path(t, sc, &w, dirfd, reg, flags & AT_EMPTY_PATH,
			  !(flags & AT_SYMLINK_NOFOLLOW), mode);
}

/*
 * The program an execve starts, as a target.  Inside a path view the
 * path layer may have replaced it by its interpreter or loader: resolve
 * the guest's own argument then.
 */
static int exec_target(struct gthread *t, struct gsyscall *sc,
		       struct target *tg)
{
	int at = sc->nr == __NR_execveat;
	int flags = at ? (int)sc->args[4] : 0;
	char path[PATH_MAX];

	if (at && (flags & AT_EMPTY_PATH))
		return find_target(t, (int)sc->args[0], -1, 1, 1, tg);
	if (!pers.path_views)
		return find_target(t, at ? (int)regs_arg(&t->regs, 0) :
				   AT_FDCWD, at, 0, 1, tg);
	if (os_read_string(t->tid, sc->args[at], path, sizeof(path)) < 0 ||
	    view_resolve(t, at ? (int)sc->args[0] : AT_FDCWD, path, VR_FOLLOW,
			 tg->proc, PATH_MAX) < 0)
		return -1;
	snprintf(tg->human, sizeof(tg->human), "%s", tg->proc);
	tg->follow = 1;
	return 0;
}

/* execve, execveat */
static enum outcome perm_exec(struct gthread *t, struct gsyscall *sc)
{
	struct fake_inode fi;
	struct perm_who w;
	struct target tg;
	struct stat st;
	struct fake_ids *ids = ids_of(t);
	int r;

	ids->exec_mode = 0;
	if (exec_target(t, sc, &tg) < 0)
		return OUT_PASS;
	perm_who_fs(t, &w);
	r = perm_check_target(t, &w, &tg, MAY_EXEC, &st, &fi);
	if (r < 0)
		return perm_deny(sc, r);
	if (r == 0 && !target_is_proc(&st)) {
		ids->exec_mode = fi.mode;
		ids->exec_uid = fi.uid;
		ids->exec_gid = fi.gid;
	}
	return OUT_PASS_SEE_EXIT;
}

static int perm_exec_exit(struct gthread *t, struct gsyscall *sc)
{
	struct fake_ids *ids = ids_of(t);

	if (sc->ret == 0)
		caps_exec(ids);
	ids->exec_mode = 0;
	return 0;
}

/* truncate: write permission */
static enum outcome perm_truncate(struct gthread *t, struct gsyscall *sc)
{
	struct perm_who w;

	perm_who_fs(t, &w);
	if (perm_searches_all(&w) && perm_has(&w, CAP_DAC_OVERRIDE))
		return OUT_PASS;
	return check_path(t, sc, &w, AT_FDCWD, 0, 0, 1, MAY_WRITE);
}

/*
 * utime, utimes, futimesat, utimensat: setting explicit times needs the
 * owner (or CAP_FOWNER), "now" also write permission.
 */
static enum outcome perm_utimes(struct gthread *t, struct gsyscall *sc)
{
	int dirfd = AT_FDCWD, preg = 0, times_reg = 1, flags = 0, r;
	unsigned long times;
	struct fake_inode fi;
	struct perm_who w;
	struct target tg;
	struct stat st;
	int now = 0;

	perm_who_fs(t, &w);
	if (perm_searches_all(&w) && perm_has(&w, CAP_FOWNER))
		return OUT_PASS;
	if (sc->nr == __NR_utimensat || sc->nr == __NR_futimesat) {
		dirfd = (int)regs_arg(&t->regs, 0);
		preg = 1;
		times_reg = 2;
		if (sc->nr == __NR_utimensat)
			flags = (int)regs_arg(&t->regs, 3);
	}
	times = regs_arg(&t->regs, times_reg);
	if (!times) {
		now = 1;
	} else if (sc->nr == __NR_utimensat) {
		struct { long sec, nsec; } ts[2];

		if (os_read_mem(t->tid, times, ts, sizeof(ts)) != sizeof(ts))
			return OUT_PASS;
		if (ts[0].nsec == UTIME_OMIT && ts[1].nsec == UTIME_OMIT)
			return OUT_PASS;
		now = ts[0].nsec == UTIME_NOW && ts[1].nsec == UTIME_NOW;
	}
	if (sc->nr == __NR_utimensat && !regs_arg(&t->regs, 1))
		r = find_target(t, dirfd, -1, 1, 1, &tg);
	else
		r = find_target(t, dirfd, preg, flags & AT_EMPTY_PATH,
				!(flags & AT_SYMLINK_NOFOLLOW), &tg);
	if (r < 0)
		return OUT_PASS;
	r = perm_check_target(t, &w, &tg, 0, &st, &fi);
	if (r)
		return r < 0 ? perm_deny(sc, r) : OUT_PASS;
	if (target_is_proc(&st) || perm_owner_or_capable(&w, &fi))
		return OUT_PASS;
	if (!now)
		return perm_deny(sc, -EPERM);
	r = perm_inode(&w, &fi, MAY_WRITE);
	return r < 0 ? perm_deny(sc, r) : OUT_PASS;
}

/* stat family, readlink, chdir: search; chdir also the directory's x. */
static enum outcome perm_lookup(struct gthread *t, struct gsyscall *sc)
{
	int dirfd = AT_FDCWD, reg = 0, follow = 1, empty = 0, flags, r;
	struct fake_inode fi;
	struct perm_who w;
	struct target tg;
	struct stat st;

	perm_who_fs(t, &w);
	if (perm_searches_all(&w))
		return OUT_PASS;
	switch (sc->nr) {
	case __NR_lstat:
	case __NR_readlink:
		follow = 0;
		break;
	case __NR_newfstatat:
	case __NR_statx:
		dirfd = (int)regs_arg(&t->regs, 0);
		reg = 1;
		flags = (int)regs_arg(&t->regs, sc->nr == __NR_statx ? 2 : 3);
		follow = !(flags & AT_SYMLINK_NOFOLLOW);
		empty = flags & AT_EMPTY_PATH;
		break;
	case __NR_readlinkat:
		dirfd = (int)regs_arg(&t->regs, 0);
		reg = 1;
		follow = 0;
		empty = 1;
		break;
	}
	if (find_target(t, dirfd, reg, empty, follow, &tg) < 0 || tg.empty)
		return OUT_PASS;
	r = perm_check_target(t, &w, &tg, sc->nr == __NR_chdir ? MAY_EXEC : 0,
			 &st, &fi);
	if (r == 0 && sc->nr == __NR_chdir && !S_ISDIR(fi.mode))
		return OUT_PASS;	/* ENOTDIR from the host */
	return r < 0 ? perm_deny(sc, r) : OUT_PASS;
}

/* The fake identity's permission checks: they may refuse the call. */
const struct personality perm_file_personality = {
	FAKE_ROOT_PART("permissions on files"),
	HOOKS(
		{ .nrs = NRS(__NR_open, __NR_creat, __NR_openat, __NR_openat2),
		  .entry = perm_open },
		{ .nrs = NRS(__NR_access, __NR_faccessat, __NR_faccessat2),
		  .entry = perm_access },
		{ .nrs = NRS(__NR_execve, __NR_execveat),
		  .entry = perm_exec, .exit = perm_exec_exit },
		{ .nr = __NR_truncate, .entry = perm_truncate },
		{ .nrs = NRS(__NR_utime, __NR_utimes, __NR_futimesat,
			     __NR_utimensat),
		  .entry = perm_utimes },
		{ .nrs = NRS(__NR_stat, __NR_lstat, __NR_newfstatat, __NR_statx,
			     __NR_readlink, __NR_readlinkat, __NR_chdir),
		  .entry = perm_lookup }),
};
