/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fake root's records (arch-um/ownerdb.c): what chown, chmod and mknod
 * made of an inode, keyed by the host's (st_dev, st_ino).  stat shows a
 * recorded inode's owner, mode and device number; an inode without a
 * record shows the real user's uid and gid as 0.
 */
#ifndef UMVM_FAKEROOT_H
#define UMVM_FAKEROOT_H

#include <stdint.h>
#include <sys/stat.h>
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
void caps_init(void);

#endif /* UMVM_FAKEROOT_H */
