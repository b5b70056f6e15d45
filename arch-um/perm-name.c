// SPDX-License-Identifier: GPL-2.0
/*
 * -0/--root-id: the permission checks (perm.c) of calls that add or
 * remove a name in a directory: unlink, rmdir and rename (write and
 * search of the directories, the sticky bit), mkdir, mknod, symlink and
 * link (write and search of the directory), and the owner a new name's
 * inode gets.
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

/* hook_data[0] of a call that creates a file: record its owner at exit */
#define CREATE_NOTE	0x6372656174UL

static void note_create(struct gsyscall *sc, uint32_t uid, uint32_t gid)
{
	sc->hook_data[0] = CREATE_NOTE;
	sc->hook_data[1] = uid;
	sc->hook_data[2] = gid;
}

/* May @w remove the name @tg (inode @fi) from its directory? */
static int check_delete(struct gthread *t, const struct perm_who *w,
			const struct target *tg, const struct fake_inode *fi)
{
	struct fake_inode dfi;
	struct stat st;
	int r;

	r = perm_check_parent(t, w, tg, &st, &dfi);
	if (r)
		return r < 0 ? r : 0;
	if (target_is_proc(&st) || !(dfi.mode & S_ISVTX))
		return 0;
	if (fi->uid == w->uid || dfi.uid == w->uid || perm_has(w, CAP_FOWNER))
		return 0;
	return -EPERM;
}

/* unlink, unlinkat, rmdir, rename, renameat, renameat2 */
static enum outcome perm_unlink(struct gthread *t, struct gsyscall *sc)
{
	struct fake_inode fi, nfi;
	struct target tg, ntg, op, np;
	struct stat st, nst;
	struct perm_who w;
	int r;

	perm_who_fs(t, &w);
	if (perm_searches_all(&w) && perm_has(&w, CAP_DAC_OVERRIDE) &&
	    perm_has(&w, CAP_FOWNER))
		return OUT_PASS;
	if (find_removed_name(t, sc->nr, 0, &tg) < 0)
		return OUT_PASS;
	r = perm_check_target(t, &w, &tg, 0, &st, &fi);
	if (r)
		return r < 0 ? perm_deny(sc, r) : OUT_PASS;
	if (target_is_proc(&st))
		return OUT_PASS;
	r = check_delete(t, &w, &tg, &fi);
	if (r < 0)
		return perm_deny(sc, r);
	if (!is_rename(sc->nr) ||
	    find_removed_name(t, sc->nr, 1, &ntg) < 0)
		return OUT_PASS;
	r = perm_check_target(t, &w, &ntg, 0, &nst, &nfi);
	if (r < 0)
		return perm_deny(sc, r);
	if (r == 0) {
		/* onto another name of the same inode: nothing happens */
		if (nst.st_dev == st.st_dev && nst.st_ino == st.st_ino)
			return OUT_PASS;
		r = check_delete(t, &w, &ntg, &nfi);
	} else {
		uint32_t uid, gid;

		r = perm_check_create(t, &w, &ntg, &uid, &gid);
	}
	if (r < 0)
		return perm_deny(sc, r);
	/* a directory moving elsewhere: its ".." changes */
	if (S_ISDIR(fi.mode) && target_parent(&tg, &op) == 0 &&
	    target_parent(&ntg, &np) == 0) {
		struct stat a, b;

		if (os_stat_path(op.proc, 1, &a) == 0 &&
		    os_stat_path(np.proc, 1, &b) == 0 &&
		    (a.st_dev != b.st_dev || a.st_ino != b.st_ino) &&
		    perm_inode(&w, &fi, MAY_WRITE) < 0)
			return perm_deny(sc, -EACCES);
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

	sc->hook_data[0] = 0;
	perm_who_fs(t, &w);
	if (new_name(t, sc->nr, &tg) < 0 || stat_target(&tg, &st) == 0)
		return OUT_PASS;	/* EEXIST from the host */
	r = perm_check_create(t, &w, &tg, &uid, &gid);
	if (r < 0)
		return perm_deny(sc, r);
	if (sc->nr == __NR_link || sc->nr == __NR_linkat)
		return OUT_PASS;
	note_create(sc, uid, gid);
	return OUT_PASS_SEE_EXIT;
}

static int perm_mkobj_exit(struct gthread *t, struct gsyscall *sc)
{
	struct target tg;
	struct stat st;

	if (sc->hook_data[0] != CREATE_NOTE)
		return 0;
	sc->hook_data[0] = 0;
	if (sc->ret == 0 && new_name(t, sc->nr, &tg) == 0 &&
	    stat_target(&tg, &st) == 0)
		perm_record_create(&st, tg.human, sc->hook_data[1], sc->hook_data[2]);
	return 0;
}

const struct personality perm_name_personality = {
	FAKE_ROOT_PART("permissions on names"),
	HOOKS(
		{ .nrs = NRS(NAME_REMOVING_CALLS), .entry = perm_unlink },
		{ .nrs = NRS(__NR_mkdir, __NR_mkdirat, __NR_mknod, __NR_mknodat,
			     __NR_symlink, __NR_symlinkat),
		  .entry = perm_mkobj, .exit = perm_mkobj_exit },
		{ .nrs = NRS(__NR_link, __NR_linkat), .entry = perm_mkobj }),
};
