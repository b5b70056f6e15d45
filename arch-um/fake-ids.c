// SPDX-License-Identifier: GPL-2.0
/*
 * The fake root's ids of each guest thread (struct fake_ids), kept out of
 * the thread record: they are the fake root's alone.  creds.c starts,
 * moves and forgets them with the thread; caps.c, perm.c and the other
 * fake root parts read and change them through ids_of().
 *
 * The table is keyed by the thread's record, whose address stays the
 * thread's for its life: chained buckets hashed on it.
 */
#include <stdint.h>
#include <stdlib.h>
#include "fakeroot.h"
#include "umvm.h"

struct ids_entry {
	const struct gthread *t;
	struct ids_entry *next;
	struct fake_ids ids;
};
#define IDS_BUCKETS	256
static struct ids_entry *ids_table[IDS_BUCKETS];

static struct ids_entry **ids_link(const struct gthread *t)
{
	/* Fibonacci hashing: the top 8 bits of the address times 2^64/phi */
	uint64_t h = (uint64_t)(uintptr_t)t * 0x9e3779b97f4a7c15ULL;
	struct ids_entry **e = &ids_table[h >> 56];

	while (*e && (*e)->t != t)
		e = &(*e)->next;
	return e;
}

/*
 * Made on first use with all ids 0, as the thread record's own were: a
 * thread held at its first stop is looked at (capget, kill, /proc status)
 * before creds.c starts its ids.
 */
struct fake_ids *ids_of(const struct gthread *t)
{
	struct ids_entry **e = ids_link(t);

	if (!*e) {
		*e = calloc(1, sizeof(**e));
		if (!*e)
			die(EXIT_SETUP, "out of memory for thread %d's ids",
			    t->tid);
		(*e)->t = t;
	}
	return &(*e)->ids;
}

/* @t's entry out of the table, or NULL when it has none. */
static struct ids_entry *ids_unlink(const struct gthread *t)
{
	struct ids_entry **e = ids_link(t), *found = *e;

	if (found)
		*e = found->next;
	return found;
}

void ids_forget(struct gthread *t)
{
	free(ids_unlink(t));
}

void ids_move(struct gthread *t, struct gthread *old)
{
	struct ids_entry *e = ids_unlink(old);

	ids_forget(t);
	if (e) {
		e->t = t;
		e->next = NULL;
		*ids_link(t) = e;
	}
}
