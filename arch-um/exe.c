// SPDX-License-Identifier: GPL-2.0
/*
 * What /proc/<pid>/exe says for a guest process of a view: a program
 * started through its loader (exec.c) shows as the program, not as the
 * loader the host ran; a new process shows its parent's program until it
 * execs.
 */
#include <stdlib.h>
#include <string.h>
#include "dispatch.h"
#include "view.h"

/* What /proc/<pid>/exe says for processes started through a loader. */
struct exe {
	pid_t tgid;
	char *path;
	struct exe *next;
};

#define EXE_HASH	64
static struct exe *exes[EXE_HASH];

static struct exe **exe_slot(pid_t tgid)
{
	struct exe **p = &exes[tgid % EXE_HASH];

	while (*p && (*p)->tgid != tgid)
		p = &(*p)->next;
	return p;
}

const char *view_exe_of(pid_t tgid)
{
	struct exe *e = *exe_slot(tgid);

	return e ? e->path : NULL;
}

void view_exe_set(pid_t tgid, const char *path)
{
	struct exe **p = exe_slot(tgid), *e = *p;

	if (e) {
		*p = e->next;
		free(e->path);
		free(e);
	}
	if (!path)
		return;
	e = malloc(sizeof(*e));
	if (!e)
		return;
	e->tgid = tgid;
	e->path = strdup(path);
	e->next = exes[tgid % EXE_HASH];
	exes[tgid % EXE_HASH] = e;
}

/* A new process runs its parent's program until it execs. */
void view_exe_inherit(struct gthread *child, struct gthread *parent,
		      unsigned long clone_flags)
{
	(void)clone_flags;
	if (parent && child->tgid != parent->tgid)
		view_exe_set(child->tgid, view_exe_of(parent->tgid));
}
