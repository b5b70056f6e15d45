// SPDX-License-Identifier: GPL-2.0
/*
 * The scratch window's guards (see scratch.c): under a view, the calls
 * that could make the window writable or put other memory there are
 * refused, as the host refuses what overlaps a mapping it cannot change.
 * munmap, mprotect, pkey_mprotect, madvise, mmap and mremap stop only
 * when their ranges may touch the window (a seccomp filter checks that).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include "dispatch.h"
#include "personality.h"
#include "scratch.h"
#include "view.h"
#include "umvm.h"

static enum outcome refuse(struct gsyscall *sc, int err)
{
	sc->ret = -err;
	return OUT_EMULATE;
}

static enum outcome guard_range(struct gthread *t, struct gsyscall *sc)
{
	(void)t;
	if (!scratch_holds(sc->args[0], sc->args[1]))
		return OUT_PASS;
	return refuse(sc, sc->nr == __NR_munmap ? EINVAL : ENOMEM);
}

static enum outcome guard_mmap(struct gthread *t, struct gsyscall *sc)
{
	(void)t;
	if (!(sc->args[3] & MAP_FIXED) || !scratch_holds(sc->args[0], sc->args[1]))
		return OUT_PASS;
	return refuse(sc, ENOMEM);
}

static enum outcome guard_mremap(struct gthread *t, struct gsyscall *sc)
{
	(void)t;
	if (scratch_holds(sc->args[0], sc->args[1]) ||
	    ((sc->args[3] & MREMAP_FIXED) && scratch_holds(sc->args[4], sc->args[2])))
		return refuse(sc, ENOMEM);
	return OUT_PASS;
}

/* A segment of unknown size remapped below the window's end may reach it. */
static enum outcome guard_shmat(struct gthread *t, struct gsyscall *sc)
{
	(void)t;
	if ((sc->args[2] & SHM_REMAP) && sc->args[1] < scratch_window_end())
		return refuse(sc, EINVAL);
	return OUT_PASS;
}

/* With userfaultfd a page can be moved away and its fault answered. */
static enum outcome guard_userfaultfd(struct gthread *t, struct gsyscall *sc)
{
	(void)t;
	return refuse(sc, ENOSYS);
}

static const struct os_filter_range ranges[] = {
	{ __NR_munmap,		{ 0, -1 }, { 1, -1 } },
	{ __NR_mprotect,	{ 0, -1 }, { 1, -1 } },
	{ __NR_pkey_mprotect,	{ 0, -1 }, { 1, -1 } },
	{ __NR_madvise,		{ 0, -1 }, { 1, -1 } },
	{ __NR_mmap,		{ 0, -1 }, { 1, -1 } },
	{ __NR_mremap,		{ 0, 4 }, { 1, 2 } },
};

const struct personality scratch_guard_personality = {
	VIEW_PART("scratch guards"),
	.init = scratch_init,
	HOOKS(
		{ .nr = __NR_munmap,
		  .range = &ranges[0], .entry = guard_range },
		{ .nr = __NR_mprotect,
		  .range = &ranges[1], .entry = guard_range },
		{ .nr = __NR_pkey_mprotect,
		  .range = &ranges[2], .entry = guard_range },
		{ .nr = __NR_madvise,
		  .range = &ranges[3], .entry = guard_range },
		{ .nr = __NR_mmap, .range = &ranges[4], .entry = guard_mmap },
		{ .nr = __NR_mremap,
		  .range = &ranges[5], .entry = guard_mremap },
		{ .nr = __NR_shmat, .entry = guard_shmat },
		{ .nr = __NR_userfaultfd, .entry = guard_userfaultfd }),
};
