/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fake root's records (arch-um/ownerdb.c): what chown, chmod and mknod
 * made of an inode, keyed by the host's (st_dev, st_ino).  stat shows a
 * recorded inode's owner, mode and device number; an inode without a
 * record shows the real user's uid and gid as 0.
 */
#ifndef UMVM_FAKEROOT_H
#define UMVM_FAKEROOT_H

#include <limits.h>
#include <stdint.h>
#include <sys/stat.h>
#include "dispatch.h"
#include "guest.h"

struct owner_rec {
	uint64_t dev, ino;
	uint32_t uid, gid;
	uint32_t mode;		/* type and permission bits */
	uint64_t rdev;		/* device number of a recorded device */
	char *path;		/* where it was last seen, for humans */
	struct owner_rec *next;
};

struct owner_rec *ownerdb_find(uint64_t dev, uint64_t ino);
/*
 * The record of the inode @st describes, made from @st (owner mapped as
 * stat shows it) if there is none yet or the one there no longer fits
 * (ownerdb_check()); NULL when out of memory.
 */
struct owner_rec *ownerdb_get(const struct stat *st, const char *path);
void ownerdb_drop(uint64_t dev, uint64_t ino);
void ownerdb_set_path(struct owner_rec *r, const char *path);
/* The guest's view of a host owner: the real user's ids become 0. */
uint32_t fake_uid(uint32_t host_uid);
uint32_t fake_gid(uint32_t host_gid);
/*
 * A record that no longer fits the inode (another file type: the inode
 * was reused behind umvm's back) is dropped; NULL then.
 */
struct owner_rec *ownerdb_check(uint64_t dev, uint64_t ino, uint32_t mode);


/* An inode as the guest sees it: its record, else the host's mapped. */
struct fake_inode {
	uint32_t uid, gid, mode;
};
void fake_inode_of(const struct stat *st, struct fake_inode *fi);

/*
 * The guest's identity under -0 (arch-um/creds.c, caps.c): real,
 * effective, saved and filesystem ids, the supplementary groups and the
 * capability state.  Per thread, as in the kernel; a new thread starts
 * with its parent's (creds.c).
 */
#define FAKE_NGROUPS	64
struct fake_ids {
	uint32_t uid[4], gid[4];	/* real, effective, saved, fs */
	int groups_set;			/* 0: root's one group, 0 */
	int ngroups;
	uint32_t groups[FAKE_NGROUPS];
	/* capability sets, bit N = capability N (capabilities(7)) */
	uint64_t cap_eff, cap_prm, cap_inh, cap_bnd, cap_amb;
	uint32_t securebits;		/* SECBIT_*, PR_SET_KEEPCAPS */
	int no_new_privs;
	/* the program an execve in flight starts: its mode and owner */
	uint32_t exec_mode, exec_uid, exec_gid;
};

/*
 * fake-ids.c: @t's ids.  A thread the fake root has not started yet (one
 * held at its first stop until its fork event) has all ids 0 and no
 * capabilities.  ids_forget(): the thread is gone.  ids_move(): @t takes
 * @old's ids (and drops its own).
 */
struct fake_ids *ids_of(const struct gthread *t);
void ids_forget(struct gthread *t);
void ids_move(struct gthread *t, struct gthread *old);

/*
 * caps.c: the fake identity's capabilities (capabilities(7)).
 * fake_capable(): capability @cap is in @t's effective set.
 */
int fake_capable(const struct gthread *t, int cap);
/* The fake root's first state: every capability umvm's bounding set has. */
void caps_root(struct fake_ids *ids);
/* The uids changed from @old (setfsuid: @fs): the kernel's fixup. */
void caps_fix_setuid(struct fake_ids *ids, const uint32_t *old, int fs);
/* A successful execve of the program noted in ids->exec_*. */
void caps_exec(struct fake_ids *ids);

/*
 * target.c: where a call's path or descriptor argument leads, as the
 * monitor can reach it: the argument as the path layer left it in the
 * registers (a host path), relative ones under /proc/<tid>/cwd or
 * /proc/<tid>/fd/<dirfd>, a descriptor as /proc/<tid>/fd/<fd>.
 */
struct target {
	char proc[PATH_MAX + 64];	/* name for the monitor's host calls */
	char human[PATH_MAX + 64];	/* resolved path, for the record */
	int follow;			/* follow a final symlink */
	int empty;			/* no path: the descriptor itself */
	unsigned long guest_path;	/* the guest's own path argument */
};
/*
 * @path_reg: the argument register of the path (-1: a call on descriptor
 * @dirfd), @empty_ok: AT_EMPTY_PATH was given.
 */
int find_target(struct gthread *t, int dirfd, int path_reg, int empty_ok,
		int follow, struct target *tg);
int stat_target(const struct target *tg, struct stat *st);
/* The directory @tg's last component is in; -1 for "." or "..". */
int target_parent(const struct target *tg, struct target *parent);
/*
 * The host path @tg names, a leading /proc/<pid>/fd/<n> or
 * /proc/<pid>/cwd (a directory umvm or the guest holds) read back; -1
 * when there is none.
 */
int target_host_path(const struct target *tg, char *out, size_t len);
/*
 * The calls that remove a name (NRS(NAME_REMOVING_CALLS)), and of them
 * the renames.  find_removed_name(): the name such a call removes, or
 * with @new the name a rename gives (and so replaces).
 */
#define NAME_REMOVING_CALLS						\
	__NR_unlink, __NR_unlinkat, __NR_rmdir,				\
	__NR_rename, __NR_renameat, __NR_renameat2
int is_rename(long nr);
int find_removed_name(struct gthread *t, long nr, int new, struct target *tg);
/* The guest thread's umask, from /proc/<tid>/status (022 if unknown). */
unsigned int guest_umask(struct gthread *t);
/* An inode of procfs (whose owners are the processes'): no fake checks. */
int target_is_proc(const struct stat *st);

/*
 * perm.c: permission checks of the fake identity (path_resolution(7),
 * the kernel's generic_permission()).  MAY_* as the kernel's.
 */
#define MAY_EXEC	1
#define MAY_WRITE	2
#define MAY_READ	4
/* Who asks: the fs ids and effective set, or the real ones (access). */
struct perm_who {
	uint32_t uid, gid;
	uint64_t caps;
	const struct fake_ids *ids;	/* for the supplementary groups */
};
void perm_who_fs(const struct gthread *t, struct perm_who *w);
/* 0 or -EACCES */
int perm_inode(const struct perm_who *w, const struct fake_inode *fi,
	       int mask);
/* Search permission on each directory up to @tg's: 0 or -EACCES. */
int perm_search(struct gthread *t, const struct perm_who *w,
		const struct target *tg);
int perm_in_group(const struct perm_who *w, uint32_t gid);
/*
 * The checks perm-file.c and perm-name.c share: who asks with the real
 * ids (access), the capabilities that skip every search check, owner or
 * CAP_FOWNER; search, then @mask on @tg itself (1: it does not exist);
 * write and search of @tg's directory (1: none); the same for a name @tg
 * is to be made in, with the owner it gets; the owner recorded for the
 * inode a call made; a refusal (-errno @err) as the call's result.
 */
void perm_who_real(const struct gthread *t, struct perm_who *w);
int perm_searches_all(const struct perm_who *w);
int perm_owner_or_capable(const struct perm_who *w,
			  const struct fake_inode *fi);
int perm_check_target(struct gthread *t, const struct perm_who *w,
		      const struct target *tg, int mask, struct stat *st,
		      struct fake_inode *fi);
int perm_check_parent(struct gthread *t, const struct perm_who *w,
		      const struct target *tg, struct stat *st,
		      struct fake_inode *fi);
int perm_check_create(struct gthread *t, const struct perm_who *w,
		      const struct target *tg, uint32_t *uid, uint32_t *gid);
void perm_record_create(const struct stat *st, const char *name,
			uint32_t uid, uint32_t gid);
enum outcome perm_deny(struct gsyscall *sc, int err);

static inline int perm_has(const struct perm_who *w, int cap)
{
	return (w->caps & (1ULL << cap)) != 0;
}

/* -0 enables every part of the fake root (the personalities' .enabled). */
static inline int fakeroot_enabled(void)
{
	return pers.fake_root;
}

/*
 * The fake root is several personalities, one subject each, all enabled
 * by -0: FAKE_ROOT_PART("owners") in one's initializer names
 * it "fake root: owners" and enables it with the others.
 */
#define FAKE_ROOT_PART(what)						\
	.name = "fake root: " what,					\
	.enabled = fakeroot_enabled

#endif /* UMVM_FAKEROOT_H */
