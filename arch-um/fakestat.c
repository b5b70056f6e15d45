// SPDX-License-Identifier: GPL-2.0
/*
 * -0/--root-id: the stat family shows what the fake root recorded.
 *
 * At the exit of a successful stat, lstat, fstat, newfstatat or statx the
 * monitor reads the structure the host wrote into the guest's buffer,
 * looks the inode up by (st_dev, st_ino) and writes back owner, mode and
 * device number: the recorded ones, or else the host's with the real
 * user's uid and gid shown as 0.
 */
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <linux/stat.h>
#include "dispatch.h"
#include "personality.h"
#include "fakeroot.h"
#include "os.h"

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

const struct personality fakestat_personality = {
	FAKE_ROOT_PART("stat"),
	HOOKS(
		{ .nrs = NRS(__NR_stat, __NR_lstat, __NR_fstat,
			     __NR_newfstatat),
		  .exit = stat_exit },
		{ .nr = __NR_statx, .exit = statx_exit }),
};
