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

void perm_who_fs(const struct gthread *t, struct perm_who *w)
{
	const struct fake_ids *ids = ids_of(t);

	w->uid = ids->uid[FS];
	w->gid = ids->gid[FS];
	w->caps = ids->cap_eff;
	w->ids = ids;
}

/* access(2) without AT_EACCESS: the real ids, and root's permitted set. */
void perm_who_real(const struct gthread *t, struct perm_who *w)
{
	const struct fake_ids *ids = ids_of(t);

	w->uid = ids->uid[R];
	w->gid = ids->gid[R];
	w->ids = ids;
	w->caps = ids->cap_eff;
	if (!(ids->securebits & SECBIT_NO_SETUID_FIXUP))
		w->caps = ids->uid[R] == 0 ? ids->cap_prm : 0;
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
int perm_searches_all(const struct perm_who *w)
{
	return HAS(w, CAP_DAC_READ_SEARCH) || HAS(w, CAP_DAC_OVERRIDE);
}

/* Owner, or CAP_FOWNER (inode_owner_or_capable()). */
int perm_owner_or_capable(const struct perm_who *w,
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

	if (perm_searches_all(w) || through_magic_link(t, tg))
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
int perm_check_target(struct gthread *t, const struct perm_who *w,
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
 * Write and search of the directory @tg's name is in (its inode in *st,
 * *fi): 0, -EACCES, or 1 when it has none or it is not there.
 */
int perm_check_parent(struct gthread *t, const struct perm_who *w,
		      const struct target *tg, struct stat *st,
		      struct fake_inode *fi)
{
	struct target parent;

	if (target_parent(tg, &parent) < 0)
		return 1;
	return perm_check_target(t, w, &parent, MAY_WRITE | MAY_EXEC, st, fi);
}

/*
 * A name @tg is to be made in its directory: write and search of the
 * directory (may_create()); the owner it will have in *uid, *gid.
 */
int perm_check_create(struct gthread *t, const struct perm_who *w,
		      const struct target *tg, uint32_t *uid, uint32_t *gid)
{
	struct fake_inode fi;
	struct stat st;
	int r;

	*uid = w->uid;
	*gid = w->gid;
	r = perm_check_parent(t, w, tg, &st, &fi);
	if (r == 0 && !target_is_proc(&st) && (fi.mode & S_ISGID))
		*gid = fi.gid;
	return r < 0 ? r : 0;
}

/* A call made @st's inode: give it its owner. */
void perm_record_create(const struct stat *st, const char *name,
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

enum outcome perm_deny(struct gsyscall *sc, int err)
{
	sc->ret = err;
	return OUT_EMULATE;
}
