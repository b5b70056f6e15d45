// SPDX-License-Identifier: GPL-2.0
/*
 * The guest thread table: a hash by tid and a list of all threads.
 * Records are allocated when a thread appears and freed when it goes;
 * nothing is allocated per stop.
 */
#include <stdlib.h>
#include <string.h>
#include "dispatch.h"	/* guest_pid(), guest_each_process() */
#include "os.h"
#include "skas.h"
#include "umvm.h"

#define HASH_SIZE	1024

static struct gthread *hash[HASH_SIZE];
static struct gthread *all;
static int count;

static unsigned int bucket(pid_t tid)
{
	return (unsigned int)tid % HASH_SIZE;
}

struct gthread *thread_find(pid_t tid)
{
	struct gthread *t;

	for (t = hash[bucket(tid)]; t; t = t->hnext)
		if (t->tid == tid)
			return t;
	return NULL;
}

struct gthread *thread_new(pid_t tid, pid_t tgid)
{
	struct gthread *t = calloc(1, sizeof(*t));
	unsigned int b = bucket(tid);

	if (!t)
		die(EXIT_SETUP, "out of memory for guest thread %d", tid);
	t->tid = tid;
	t->tgid = tgid;
	t->hnext = hash[b];
	hash[b] = t;
	t->next = all;
	if (all)
		all->pprev = &t->next;
	t->pprev = &all;
	all = t;
	count++;
	return t;
}

void thread_unlink(struct gthread *t)
{
	struct gthread **p = &hash[bucket(t->tid)];

	while (*p && *p != t)
		p = &(*p)->hnext;
	if (*p)
		*p = t->hnext;
	*t->pprev = t->next;
	if (t->next)
		t->next->pprev = t->pprev;
	count--;
}

void thread_free(struct gthread *t)
{
	free(t);
}

struct gthread *thread_first(void)
{
	return all;
}

int thread_count(void)
{
	return count;
}

int guest_pid(pid_t pid)
{
	if (pid <= 0)
		return 0;
	if (thread_find(pid))
		return 1;
	return pers.container_pids && os_tracer_of(pid) > 0;
}

void guest_each_process(void (*fn)(pid_t tgid, void *arg), void *arg)
{
	for (struct gthread *t = all; t; t = t->next)
		if (t->tid == t->tgid)
			fn(t->tgid, arg);
}
