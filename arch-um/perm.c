// SPDX-License-Identifier: GPL-2.0
/*
 * -0/--root-id: permission checks of the fake identity.
 *
 * The host sees one user, umvm's, who owns the files; the guest sees the
 * owners and modes the fake root recorded (files of the real user as
 * root's).  A guest that became another user (su, setpriv, apt's _apt)
 * must meet the kernel's checks against those, so before the host runs a
 * call that needs them the monitor makes them itself, with the fake fs
 * ids, supplementary groups and effective capabilities, by the kernel's
 * rules (generic_permission(), may_delete(), chown_ok()...):
 *
 * - open, creat, openat, openat2: read/write of the file, write and
 *   search of the directory a new file goes into;
 * - access, faccessat, faccessat2: with the real ids (and the capability
 *   rules for them), AT_EACCESS with the effective ones;
 * - execve, execveat: execute permission (root needs one x bit), and the
 *   program's set-id bits and owner for caps_exec();
 * - unlink, rmdir, rename: write and search of the directories, the
 *   sticky bit (owner of the file or of the directory, or CAP_FOWNER);
 * - mkdir, mknod, symlink, link: write and search of the directory;
 * - truncate, utime(s)/utimensat: write permission or ownership;
 * - stat family, readlink, chdir: search of the directories on the way.
 *
 * Search permission is checked on each directory of the resolved path
 * from the guest's "/" (symlinks already followed by the path layer),
 * only for identities without CAP_DAC_READ_SEARCH.  What the fake checks
 * allow still goes to the host, which may refuse for its own reasons.
 * Files of procfs are left to the host: their owners are the processes.
 *
 * Files and directories a non-root identity creates get a record with
 * its fs uid and gid (or the directory's group, set-group-ID), so that it
 * can use them afterwards as natively.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include "dispatch.h"
#include "personality.h"
#include "fakeroot.h"
#include "os.h"
#include "umvm.h"
#include "view.h"

enum { R, E, S, FS };

#define CAP(c)	(1ULL << (c))
#define HAS(w, c)	(((w)->caps & CAP(c)) != 0)

/* hook_data[0] of a call that creates a file: record its owner at exit */
#define CREATE_NOTE	0x6372656174UL

void perm_who_fs(const struct gthread *t, struct perm_who *w)
{
	w->uid = t->ids.uid[FS];
	w->gid = t->ids.gid[FS];
	w->caps = t->ids.cap_eff;
	w->ids = &t->ids;
}

/* access(2) without AT_EACCESS: the real ids, and root's permitted set. */
static void who_real(const struct gthread *t, struct perm_who *w)
{
	w->uid = t->ids.uid[R];
	w->gid = t->ids.gid[R];
	w->ids = &t->ids;
	w->caps = t->ids.cap_eff;
	if (!(t->ids.securebits & SECBIT_NO_SETUID_FIXUP))
		w->caps = t->ids.uid[R] == 0 ? t->ids.cap_prm : 0;
}

int perm_in_group(const struct perm_who *w, uint32_t gid)
{
	const struct fake_ids *ids = w->ids;

	if (gid == w->gid)
		return 1;
	if (!ids->groups_set)
		return gid == 0;
	for (int i = 0; i < ids->ngroups; i++)
		if (ids->groups[i] == gid)
			return 1;
	return 0;
}

int perm_inode(const struct perm_who *w, const struct fake_inode *fi,
	       int mask)
{
	uint32_t mode = fi->mode, m;

	mask &= MAY_READ | MAY_WRITE | MAY_EXEC;
	if (w->uid == fi->uid)
		m = mode >> 6;
	else if (perm_in_group(w, fi->gid))
		m = mode >> 3;
	else
		m = mode;
	if (!(mask & ~m & 7))
		return 0;
	if (S_ISDIR(mode)) {
		if (!(mask & MAY_WRITE) && HAS(w, CAP_DAC_READ_SEARCH))
			return 0;
		return HAS(w, CAP_DAC_OVERRIDE) ? 0 : -EACCES;
	}
	if (mask == MAY_READ && HAS(w, CAP_DAC_READ_SEARCH))
		return 0;
	if ((!(mask & MAY_EXEC) || (mode & 0111)) && HAS(w, CAP_DAC_OVERRIDE))
		return 0;
	return -EACCES;
}

/* Every directory is searchable for this identity. */
static int searches_all(const struct perm_who *w)
{
	return HAS(w, CAP_DAC_READ_SEARCH) || HAS(w, CAP_DAC_OVERRIDE);
}

/* Owner, or CAP_FOWNER (inode_owner_or_capable()). */
static int owner_or_capable(const struct perm_who *w,
			    const struct fake_inode *fi)
{
	return w->uid == fi->uid || HAS(w, CAP_FOWNER);
}

/*
 * The guest named the file through a /proc magic link (/proc/self/fd/3,
 * /dev/stdin): the kernel jumps to the file without searching the
 * directories on its way, where the path layer read the link as a path.
 */
static int through_magic_link(struct gthread *t, const struct target *tg)
{
	char p[PATH_MAX];

	if (!tg->guest_path ||
	    os_read_string(t->tid, tg->guest_path, p, sizeof(p)) < 0)
		return 0;
	return !strncmp(p, "/proc/", 6) || !strncmp(p, "/dev/fd/", 8) ||
	       !strncmp(p, "/dev/std", 8);
}

int perm_search(struct gthread *t, const struct perm_who *w,
		const struct target *tg)
{
	char host[PATH_MAX], guest[PATH_MAX], hp[PATH_MAX];
	struct target parent;
	struct fake_inode fi;
	struct stat st;
	size_t n;

	if (searches_all(w) || through_magic_link(t, tg))
		return 0;
	if (target_parent(tg, &parent) < 0 ||
	    target_host_path(&parent, host, sizeof(host)) < 0)
		return 0;
	if (pers.path_views) {
		if (view_to_guest(host, guest, sizeof(guest)) < 0)
			return 0;
	} else {
		snprintf(guest, sizeof(guest), "%s", host);
	}
	/* "/", then each longer prefix, up to the directory itself */
	n = 0;
	for (;;) {
		char save = guest[n ? n : 1];

		guest[n ? n : 1] = 0;
		if (pers.path_views ?
		    view_to_host(guest, hp, sizeof(hp)) < 0 :
		    snprintf(hp, sizeof(hp), "%s", guest) >= (int)sizeof(hp))
			return 0;
		guest[n ? n : 1] = save;
		if (os_stat_path(hp, 1, &st) < 0)
			return 0;
		if (target_is_proc(&st))
			return 0;
		fake_inode_of(&st, &fi);
		if (S_ISDIR(fi.mode) && perm_inode(w, &fi, MAY_EXEC) < 0)
			return -EACCES;
		if (!guest[n] || (n == 0 && !guest[1]))
			return 0;
		n++;
		while (guest[n] && guest[n] != '/')
			n++;
	}
}

/* Search, then @mask on @tg itself; 1 when it does not exist. */
static int check_target(struct gthread *t, const struct perm_who *w,
			const struct target *tg, int mask, struct stat *st,
			struct fake_inode *fi)
{
	int r = perm_search(t, w, tg);

	if (r < 0)
		return r;
	if (stat_target(tg, st) < 0)
		return 1;
	if (target_is_proc(st))
		return 0;
	fake_inode_of(st, fi);
	return mask ? perm_inode(w, fi, mask) : 0;
}

/*
 * A name @tg is to be made in its directory: write and search of the
 * directory (may_create()); the owner it will have in *uid, *gid.
 */
static int check_create(struct gthread *t, const struct perm_who *w,
			const struct target *tg, uint32_t *uid, uint32_t *gid)
{
	struct target parent;
	struct fake_inode fi;
	struct stat st;
	int r;

	*uid = w->uid;
	*gid = w->gid;
	if (target_parent(tg, &parent) < 0)
		return 0;
	r = check_target(t, w, &parent, MAY_WRITE | MAY_EXEC, &st, &fi);
	if (r == 0 && !target_is_proc(&st) && (fi.mode & S_ISGID))
		*gid = fi.gid;
	return r < 0 ? r : 0;
}

static void note_create(struct gthread *t, uint32_t uid, uint32_t gid)
{
	t->hook_data[0] = CREATE_NOTE;
	t->hook_data[1] = uid;
	t->hook_data[2] = gid;
}

/* A call made @st's inode: give it its owner. */
static void record_create(const struct stat *st, const char *name,
			  uint32_t uid, uint32_t gid)
{
	struct fake_inode fi;
	struct owner_rec *rec;

	fake_inode_of(st, &fi);
	if (fi.uid == uid && fi.gid == gid)
		return;
	rec = ownerdb_get(st, name);
	if (rec) {
		rec->uid = uid;
		rec->gid = gid;
	}
}

static enum outcome deny(struct gsyscall *sc, int err)
{
	sc->ret = err;
	return OUT_EMULATE;
}

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
	record_create(&st, tg->human, uid, gid);
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
	if (searches_all(&w) && HAS(&w, CAP_DAC_OVERRIDE) &&
	    !(flags & O_CREAT))
		return OUT_PASS;
	if (find_target(t, dirfd, reg, 0, !(flags & (O_NOFOLLOW | O_EXCL)),
			&tg) < 0)
		return OUT_PASS;
	if ((flags & O_ACCMODE) != O_WRONLY)
		mask |= MAY_READ;
	if ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC))
		mask |= MAY_WRITE;
	r = check_target(t, &w, &tg, 0, &st, &fi);
	if (r < 0)
		return deny(sc, r);
	if (r == 1) {
		if (!(flags & O_CREAT))
			return OUT_PASS;
		r = check_create(t, &w, &tg, &uid, &gid);
		if (r < 0)
			return deny(sc, r);
		return create_first(t, &tg, flags, uid, gid);
	}
	if (target_is_proc(&st) || (flags & (O_CREAT | O_EXCL)) ==
	    (O_CREAT | O_EXCL))
		return OUT_PASS;
	/* a directory opened for writing: EISDIR from the host */
	if (S_ISDIR(fi.mode) && (mask & MAY_WRITE))
		return OUT_PASS;
	r = perm_inode(&w, &fi, mask);
	return r < 0 ? deny(sc, r) : OUT_PASS;
}

/* access, faccessat, faccessat2 */
static enum outcome perm_access(struct gthread *t, struct gsyscall *sc)
{
	int dirfd = AT_FDCWD, reg = 0, mode, flags = 0, r;
	struct fake_inode fi;
	struct perm_who w;
	struct target tg;
	struct stat st;

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
		who_real(t, &w);
	if (searches_all(&w) && HAS(&w, CAP_DAC_OVERRIDE) && !(mode & X_OK))
		return OUT_PASS;
	if (find_target(t, dirfd, reg, flags & AT_EMPTY_PATH,
			!(flags & AT_SYMLINK_NOFOLLOW), &tg) < 0)
		return OUT_PASS;
	r = check_target(t, &w, &tg, mode, &st, &fi);
	return r < 0 ? deny(sc, r) : OUT_PASS;
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
	int r;

	t->ids.exec_mode = 0;
	if (exec_target(t, sc, &tg) < 0)
		return OUT_PASS;
	perm_who_fs(t, &w);
	r = check_target(t, &w, &tg, MAY_EXEC, &st, &fi);
	if (r < 0)
		return deny(sc, r);
	if (r == 0 && !target_is_proc(&st)) {
		t->ids.exec_mode = fi.mode;
		t->ids.exec_uid = fi.uid;
		t->ids.exec_gid = fi.gid;
	}
	return OUT_PASS_SEE_EXIT;
}

static int perm_exec_exit(struct gthread *t, struct gsyscall *sc)
{
	if (sc->ret == 0)
		caps_exec(&t->ids);
	t->ids.exec_mode = 0;
	return 0;
}

/* May @w remove the name @tg (inode @fi) from its directory? */
static int check_delete(struct gthread *t, const struct perm_who *w,
			const struct target *tg, const struct fake_inode *fi)
{
	struct target parent;
	struct fake_inode dfi;
	struct stat st;
	int r;

	if (target_parent(tg, &parent) < 0)
		return 0;
	r = check_target(t, w, &parent, MAY_WRITE | MAY_EXEC, &st, &dfi);
	if (r)
		return r < 0 ? r : 0;
	if (target_is_proc(&st) || !(dfi.mode & S_ISVTX))
		return 0;
	if (fi->uid == w->uid || dfi.uid == w->uid || HAS(w, CAP_FOWNER))
		return 0;
	return -EPERM;
}

/* The name an unlink, rmdir or rename call removes. */
static int removed_name(struct gthread *t, long nr, int new, struct target *tg)
{
	switch (nr) {
	case __NR_unlink:
	case __NR_rmdir:
		return find_target(t, AT_FDCWD, 0, 0, 0, tg);
	case __NR_unlinkat:
		return find_target(t, (int)regs_arg(&t->regs, 0), 1, 0, 0, tg);
	case __NR_rename:
		return find_target(t, AT_FDCWD, new, 0, 0, tg);
	}
	/* renameat, renameat2 */
	return find_target(t, (int)regs_arg(&t->regs, new ? 2 : 0),
			   new ? 3 : 1, 0, 0, tg);
}

/* unlink, unlinkat, rmdir, rename, renameat, renameat2 */
static enum outcome perm_unlink(struct gthread *t, struct gsyscall *sc)
{
	struct fake_inode fi, nfi;
	struct target tg, ntg, op, np;
	struct stat st, nst;
	struct perm_who w;
	int r, is_rename = sc->nr == __NR_rename || sc->nr == __NR_renameat ||
			   sc->nr == __NR_renameat2;

	perm_who_fs(t, &w);
	if (searches_all(&w) && HAS(&w, CAP_DAC_OVERRIDE) &&
	    HAS(&w, CAP_FOWNER))
		return OUT_PASS;
	if (removed_name(t, sc->nr, 0, &tg) < 0)
		return OUT_PASS;
	r = check_target(t, &w, &tg, 0, &st, &fi);
	if (r)
		return r < 0 ? deny(sc, r) : OUT_PASS;
	if (target_is_proc(&st))
		return OUT_PASS;
	r = check_delete(t, &w, &tg, &fi);
	if (r < 0)
		return deny(sc, r);
	if (!is_rename || removed_name(t, sc->nr, 1, &ntg) < 0)
		return OUT_PASS;
	r = check_target(t, &w, &ntg, 0, &nst, &nfi);
	if (r < 0)
		return deny(sc, r);
	if (r == 0) {
		/* onto another name of the same inode: nothing happens */
		if (nst.st_dev == st.st_dev && nst.st_ino == st.st_ino)
			return OUT_PASS;
		r = check_delete(t, &w, &ntg, &nfi);
	} else {
		uint32_t uid, gid;

		r = check_create(t, &w, &ntg, &uid, &gid);
	}
	if (r < 0)
		return deny(sc, r);
	/* a directory moving elsewhere: its ".." changes */
	if (S_ISDIR(fi.mode) && target_parent(&tg, &op) == 0 &&
	    target_parent(&ntg, &np) == 0) {
		struct stat a, b;

		if (os_stat_path(op.proc, 1, &a) == 0 &&
		    os_stat_path(np.proc, 1, &b) == 0 &&
		    (a.st_dev != b.st_dev || a.st_ino != b.st_ino) &&
		    perm_inode(&w, &fi, MAY_WRITE) < 0)
			return deny(sc, -EACCES);
	}
	return OUT_PASS;
}

/* Where the new name of mkdir, mknod, symlink, link is: dirfd and path. */
static void new_name_regs(long nr, int *dreg, int *preg)
{
	*dreg = -1;
	switch (nr) {
	case __NR_mkdir:
	case __NR_mknod:
		*preg = 0;
		break;
	case __NR_mkdirat:
	case __NR_mknodat:
		*dreg = 0;
		*preg = 1;
		break;
	case __NR_symlink:
	case __NR_link:
		*preg = 1;
		break;
	case __NR_symlinkat:
		*dreg = 1;
		*preg = 2;
		break;
	default:	/* linkat */
		*dreg = 2;
		*preg = 3;
		break;
	}
}

static int new_name(struct gthread *t, long nr, struct target *tg)
{
	int dreg, preg;

	new_name_regs(nr, &dreg, &preg);
	return find_target(t, dreg < 0 ? AT_FDCWD :
			   (int)regs_arg(&t->regs, dreg), preg, 0, 0, tg);
}

/* mkdir, mkdirat, mknod, mknodat, symlink, symlinkat, link, linkat */
static enum outcome perm_mkobj(struct gthread *t, struct gsyscall *sc)
{
	struct perm_who w;
	struct target tg;
	struct stat st;
	uint32_t uid, gid;
	int r;

	t->hook_data[0] = 0;
	perm_who_fs(t, &w);
	if (new_name(t, sc->nr, &tg) < 0 || stat_target(&tg, &st) == 0)
		return OUT_PASS;	/* EEXIST from the host */
	r = check_create(t, &w, &tg, &uid, &gid);
	if (r < 0)
		return deny(sc, r);
	if (sc->nr == __NR_link || sc->nr == __NR_linkat)
		return OUT_PASS;
	note_create(t, uid, gid);
	return OUT_PASS_SEE_EXIT;
}

static int perm_mkobj_exit(struct gthread *t, struct gsyscall *sc)
{
	struct target tg;
	struct stat st;

	if (t->hook_data[0] != CREATE_NOTE)
		return 0;
	t->hook_data[0] = 0;
	if (sc->ret == 0 && new_name(t, sc->nr, &tg) == 0 &&
	    stat_target(&tg, &st) == 0)
		record_create(&st, tg.human, t->hook_data[1], t->hook_data[2]);
	return 0;
}

/* truncate: write permission */
static enum outcome perm_truncate(struct gthread *t, struct gsyscall *sc)
{
	struct fake_inode fi;
	struct perm_who w;
	struct target tg;
	struct stat st;
	int r;

	perm_who_fs(t, &w);
	if (searches_all(&w) && HAS(&w, CAP_DAC_OVERRIDE))
		return OUT_PASS;
	if (find_target(t, AT_FDCWD, 0, 0, 1, &tg) < 0)
		return OUT_PASS;
	r = check_target(t, &w, &tg, MAY_WRITE, &st, &fi);
	return r < 0 ? deny(sc, r) : OUT_PASS;
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
	if (searches_all(&w) && HAS(&w, CAP_FOWNER))
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
	r = check_target(t, &w, &tg, 0, &st, &fi);
	if (r)
		return r < 0 ? deny(sc, r) : OUT_PASS;
	if (target_is_proc(&st) || owner_or_capable(&w, &fi))
		return OUT_PASS;
	if (!now)
		return deny(sc, -EPERM);
	r = perm_inode(&w, &fi, MAY_WRITE);
	return r < 0 ? deny(sc, r) : OUT_PASS;
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
	if (searches_all(&w))
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
	r = check_target(t, &w, &tg, sc->nr == __NR_chdir ? MAY_EXEC : 0,
			 &st, &fi);
	if (r == 0 && sc->nr == __NR_chdir && !S_ISDIR(fi.mode))
		return OUT_PASS;	/* ENOTDIR from the host */
	return r < 0 ? deny(sc, r) : OUT_PASS;
}

static const struct sc_hook perm_hooks[] = {
	{ .nr = __NR_open, .entry = perm_open },
	{ .nr = __NR_creat, .entry = perm_open },
	{ .nr = __NR_openat, .entry = perm_open },
	{ .nr = __NR_openat2, .entry = perm_open },
	{ .nr = __NR_access, .entry = perm_access },
	{ .nr = __NR_faccessat, .entry = perm_access },
	{ .nr = __NR_faccessat2, .entry = perm_access },
	{ .nr = __NR_execve, .entry = perm_exec, .exit = perm_exec_exit },
	{ .nr = __NR_execveat, .entry = perm_exec, .exit = perm_exec_exit },
	{ .nr = __NR_unlink, .entry = perm_unlink },
	{ .nr = __NR_unlinkat, .entry = perm_unlink },
	{ .nr = __NR_rmdir, .entry = perm_unlink },
	{ .nr = __NR_rename, .entry = perm_unlink },
	{ .nr = __NR_renameat, .entry = perm_unlink },
	{ .nr = __NR_renameat2, .entry = perm_unlink },
	{ .nr = __NR_mkdir, .entry = perm_mkobj, .exit = perm_mkobj_exit },
	{ .nr = __NR_mkdirat, .entry = perm_mkobj, .exit = perm_mkobj_exit },
	{ .nr = __NR_mknod, .entry = perm_mkobj, .exit = perm_mkobj_exit },
	{ .nr = __NR_mknodat, .entry = perm_mkobj, .exit = perm_mkobj_exit },
	{ .nr = __NR_symlink, .entry = perm_mkobj, .exit = perm_mkobj_exit },
	{ .nr = __NR_symlinkat, .entry = perm_mkobj, .exit = perm_mkobj_exit },
	{ .nr = __NR_link, .entry = perm_mkobj },
	{ .nr = __NR_linkat, .entry = perm_mkobj },
	{ .nr = __NR_truncate, .entry = perm_truncate },
	{ .nr = __NR_utime, .entry = perm_utimes },
	{ .nr = __NR_utimes, .entry = perm_utimes },
	{ .nr = __NR_futimesat, .entry = perm_utimes },
	{ .nr = __NR_utimensat, .entry = perm_utimes },
	{ .nr = __NR_stat, .entry = perm_lookup },
	{ .nr = __NR_lstat, .entry = perm_lookup },
	{ .nr = __NR_newfstatat, .entry = perm_lookup },
	{ .nr = __NR_statx, .entry = perm_lookup },
	{ .nr = __NR_readlink, .entry = perm_lookup },
	{ .nr = __NR_readlinkat, .entry = perm_lookup },
	{ .nr = __NR_chdir, .entry = perm_lookup },
};

/* The fake identity's permission checks: they may refuse the call. */
const struct personality perm_personality = {
	.name = "fake root: permissions",
	.enabled = fakeroot_enabled,
	HOOKS(perm_hooks),
};
