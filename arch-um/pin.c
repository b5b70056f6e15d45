// SPDX-License-Identifier: GPL-2.0
/*
 * Pinning (path views).  Between umvm's resolution and the host's, a
 * guest thread can swap a directory for a symlink (a rename race) and make
 * the host follow it out of the view.  So umvm opens the resolved path itself with
 * RESOLVE_NO_SYMLINKS, which fails if any component has become a link,
 * and hands the host /proc/<umvm>/fd/N[/name]: the host then starts from
 * exactly the directory (or file) umvm checked.  The guest must be able to
 * use umvm's /proc/<pid>/fd, which it can as the same user as umvm; for a
 * guest process that became another user (GT_OTHER_UID, seen after
 * set*uid calls and execs; umvm runs as root) a helper running as that
 * user holds the directory instead (os_pin_for()), and the guest gets
 * /proc/<helper>/fd/N[/name].
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "dispatch.h"
#include "view.h"
#include "os.h"
#include "umvm.h"

static int pinning;

void view_enable_pinning(void)
{
	pinning = 1;
}

/* Pin @path for thread @t; writes the path through it ("/name" added). */
static int pin_one(struct gthread *t, const char *path, int dir_only,
		   const char *name, char *out, size_t len)
{
	struct gsyscall *sc = &t->sc;
	pid_t holder = 0;
	uint32_t uid, gid;
	int fd, r;

	if (sc->npins == (int)ARRAY_SIZE(sc->pins))
		return -ENOMEM;
	fd = os_pin_path(path, dir_only);
	if (fd < 0)
		return fd == -ELOOP ? -EAGAIN : fd;
	if (t->flags & GT_OTHER_UID) {
		r = os_fs_ids(t->tid, &uid, &gid);
		if (r == 0)
			r = os_pin_for(uid, gid, fd, &holder);
		os_unpin(fd);
		if (r < 0)
			return r;
		fd = r;
	}
	sc->pins[sc->npins].holder = holder;
	sc->pins[sc->npins++].fd = fd;
	return os_pinned_path(holder, fd, name, out, len);
}

int view_pin(struct gthread *t, char *host, size_t len, int mode)
{
	char dir[PATH_MAX], name[NAME_MAX + 1];
	size_t hl = strlen(host);
	int trailing = hl > 1 && host[hl - 1] == '/', r;
	char *slash;

	/* procfs has no links a guest can make. */
	if (!pinning || host[0] != '/' || !strncmp(host, "/proc/", 6) ||
	    !strcmp(host, "/proc"))
		return 1;
	if (hl >= sizeof(dir))
		return -ENAMETOOLONG;
	strcpy(dir, host);
	if (trailing)
		dir[--hl] = 0;
	if (mode != PIN_PARENT) {
		r = pin_one(t, dir, 0, trailing ? "" : NULL, host, len);
		if (r != -ENOENT || mode == PIN_OBJECT)
			return r;
	}
	slash = strrchr(dir, '/');
	if (!slash[1] || strlen(slash + 1) > NAME_MAX)
		return 1;	/* "/" itself, or a name the host rejects */
	strcpy(name, slash + 1);
	if (slash == dir)
		strcpy(dir, "/");
	else
		*slash = 0;
	if (trailing)
		strcat(name, "/");
	r = pin_one(t, dir, 1, name, host, len);
	return r < 0 ? r : mode == PIN_CREATE ? 2 : 0;
}

/* After a set*uid or an exec: is @t still umvm's user? */
void view_check_user(struct gthread *t)
{
	int same = pinning ? os_same_fsuid(t->tid) : 1;

	if (same == 0)
		t->flags |= GT_OTHER_UID;
	else if (same == 1)
		t->flags &= ~GT_OTHER_UID;
}

int view_pin_keep(struct gsyscall *sc, pid_t *holder)
{
	if (sc->npins <= 0)
		return -1;
	sc->npins--;
	*holder = sc->pins[sc->npins].holder;
	return sc->pins[sc->npins].fd;
}

void view_unpin_one(pid_t holder, int fd)
{
	if (holder)
		os_unpin_for(holder, fd);
	else
		os_unpin(fd);
}

void view_unpin(struct gsyscall *sc)
{
	while (sc->npins > 0) {
		sc->npins--;
		view_unpin_one(sc->pins[sc->npins].holder,
			       sc->pins[sc->npins].fd);
	}
}
