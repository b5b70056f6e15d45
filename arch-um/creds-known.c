// SPDX-License-Identifier: GPL-2.0
/*
 * Which guest threads have umvm's own credentials (path views).  umvm
 * looks up and opens guest paths itself (pin.c) and makes some calls for
 * the guest (perform.c); the host's answer is then the guest's own only
 * when the two have the same ids, groups, capabilities, user namespace
 * and LSM label.  Each thread's are compared with umvm's once
 * (os_same_creds()), and again after any call that can change them, an
 * exec, or in a new thread (whose flags start without GT_CREDS_KNOWN).
 */
#include <sys/syscall.h>
#include "dispatch.h"
#include "personality.h"
#include "view.h"
#include "os.h"
#include "umvm.h"

static int labels_may_change;

void view_labels_may_change(void)
{
	labels_may_change = 1;
}

/* Does thread @t have umvm's credentials?  Asked of the host once. */
int view_same_creds(struct gthread *t)
{
	if (labels_may_change)
		return 0;
	if (!(t->flags & GT_CREDS_KNOWN)) {
		int r = os_same_creds(t->tid);

		t->flags &= ~GT_CREDS_SAME;
		if (r < 0)
			return 0;	/* asked again next time */
		t->flags |= GT_CREDS_KNOWN | (r ? GT_CREDS_SAME : 0);
	}
	return !!(t->flags & GT_CREDS_SAME);
}

/* What umvm knows of @t's credentials is out of date: ask again. */
static void forget(struct gthread *t)
{
	t->flags &= ~GT_CREDS_KNOWN;
	os_pin_creds_changed(t->tid);
}

/* A call that may give the thread other credentials. */
static enum outcome creds_change(struct gthread *t, struct gsyscall *sc)
{
	(void)sc;
	forget(t);
	return OUT_PASS;
}

/* A new thread (its tid may be a dead one's), an exec, a thread gone. */
static void creds_new_thread(struct gthread *child, struct gthread *parent,
			     unsigned long clone_flags)
{
	(void)parent;
	(void)clone_flags;
	forget(child);
}

static void creds_replaced(struct gthread *t, struct gthread *old)
{
	forget(t);
	forget(old);
}

const struct personality creds_known_personality = {
	VIEW_PART("creds-known"),
	HOOKS(
		{ .nrs = NRS(__NR_setuid, __NR_setgid, __NR_setreuid,
			     __NR_setregid, __NR_setresuid, __NR_setresgid,
			     __NR_setfsuid, __NR_setfsgid, __NR_setgroups,
			     __NR_capset, __NR_prctl, __NR_unshare,
			     __NR_setns, __NR_execve, __NR_execveat),
		  .entry = creds_change }),
	.new_thread = creds_new_thread,
	.exec = forget,
	.thread_gone = forget,
	.replaced = creds_replaced,
};
