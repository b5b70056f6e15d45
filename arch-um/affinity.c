// SPDX-License-Identifier: GPL-2.0
/*
 * CPU affinity as the guest would see it natively.
 *
 * umvm keeps a guest on the tracer's CPU (each ptrace stop then costs a
 * switch, not a cross-CPU wake-up).  The guest must not notice: until it
 * sets an affinity of its own, sched_getaffinity shows the mask umvm was
 * started with, so nproc and thread pools size themselves as natively.
 */
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "dispatch.h"
#include "os.h"
#include "personality.h"
#include "umvm.h"

static unsigned char native_mask[1024];

static void affinity_init(void)
{
	os_get_affinity(0, native_mask, sizeof(native_mask));
}

static struct gthread *target(struct gthread *t, pid_t pid)
{
	return pid == 0 ? t : threads_find(pid);
}

static enum outcome sys_sched_setaffinity(struct gthread *t, struct gsyscall *sc)
{
	struct gthread *g = target(t, (pid_t)sc->args[0]);

	if (g)
		g->flags |= GT_OWN_AFFINITY;
	return OUT_PASS;
}

static int sys_sched_getaffinity_exit(struct gthread *t, struct gsyscall *sc)
{
	struct gthread *g = target(t, (pid_t)sc->args[0]);
	size_t len = sc->ret;

	if (!pers.pinned || sc->ret <= 0 || !g || g->flags & GT_OWN_AFFINITY)
		return 0;
	if (len > sizeof(native_mask))
		len = sizeof(native_mask);
	os_write_mem(t->tid, sc->args[2], native_mask, len);
	return 0;
}

const struct personality affinity_personality = {
	.name = "affinity",
	.init = affinity_init,
	HOOKS(
		{ .nr = __NR_sched_getaffinity,
		  .exit = sys_sched_getaffinity_exit },
		{ .nr = __NR_sched_setaffinity,
		  .entry = sys_sched_setaffinity }),
	.inherit = GT_OWN_AFFINITY,
};
