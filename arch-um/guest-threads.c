// SPDX-License-Identifier: GPL-2.0
/*
 * arch-um's view of the guest thread table.  The table is skas's; the
 * personalities ask it through the functions skas's caller passed down
 * (struct guest_threads), so no arch-um file calls up into skas.
 */
#include "dispatch.h"

static const struct guest_threads *threads;

void threads_set(const struct guest_threads *table)
{
	threads = table;
}

struct gthread *threads_find(pid_t tid)
{
	return threads ? threads->find(tid) : NULL;
}

int threads_has_pid(pid_t pid)
{
	return threads ? threads->is_guest(pid) : 0;
}

void threads_each_process(void (*fn)(pid_t tgid, void *arg), void *arg)
{
	if (threads)
		threads->each_process(fn, arg);
}
