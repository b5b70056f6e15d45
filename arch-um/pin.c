// SPDX-License-Identifier: GPL-2.0
/*
 * Pinning (path views).  Between umvm's resolution and the host's, a
 * guest thread can swap a directory for a symlink (a rename race) and make
 * the host follow it out of the view.  So umvm opens the resolved path itself with
 * RESOLVE_NO_SYMLINKS, which fails if any component has become a link,
 * and hands the host /proc/<umvm>/fd/N[/name]: the host then starts from
 * exactly the directory (or file) umvm checked.  The guest must be able to
 * use umvm's /proc/<pid>/fd, which it can with umvm's credentials; for a
 * guest thread with others (it called setuid or dropped capabilities:
 * view_same_creds()) a helper with exactly its credentials opens and
 * holds the path instead (os_pin_as()), so that the host also checks
 * every directory on the way as it would for the guest, and the guest
 * gets /proc/<helper>/fd/N[/name].
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "dispatch.h"
#include "view.h"
#include "os.h"
#include "umvm.h"

static int pinning;

void view_enable_pinning(void)
{
	pinning = 1;
}

/* Record pin @fd (held by @holder, 0: umvm); the path through it. */
static int pin_fd(struct gthread *t, pid_t holder, int fd, const char *name,
		  char *out, size_t len)
{
	struct gsyscall *sc = &t->sc;

	if (sc->npins == (int)ARRAY_SIZE(sc->pins)) {
		view_unpin_one(holder, fd);
		return -ENOMEM;
	}
	sc->pins[sc->npins].holder = holder;
	sc->pins[sc->npins++].fd = fd;
	snprintf(sc->pin_name, sizeof(sc->pin_name), "%s", name ? name : "");
	return os_pinned_path(holder, fd, name, out, len);
}

/* access(), faccessat() and faccessat2() check with the real ids. */
static int checks_real_ids(const struct gsyscall *sc)
{
	return sc->nr == __NR_access || sc->nr == __NR_faccessat ||
	       (sc->nr == __NR_faccessat2 && !(sc->args[3] & AT_EACCESS));
}

/* A helper with @t's credentials opens @path from its anchor. */
static int pin_as(struct gthread *t, const char *path, int dir_only,
		  pid_t *holder)
{
	const char *rel;
	int temp, fd, anchor = view_anchor(t, path, &rel, &temp);

	if (anchor < 0)
		return anchor;
	fd = os_pin_as(t->tid, anchor, rel, dir_only,
		       checks_real_ids(&t->sc), holder);
	if (temp)
		os_unpin(anchor);
	return fd;
}

/*
 * Pin @path for thread @t; writes the path through it ("/name" added).
 * A thread with other credentials than umvm's has a helper with its own
 * open the path (os_pin_as()); where umvm cannot start one (it runs
 * unprivileged, so the guest can only have entered a user namespace of
 * its own), umvm holds it.
 */
static int pin_one(struct gthread *t, const char *path, int dir_only,
		   const char *name, char *out, size_t len)
{
	pid_t holder = 0;
	int fd = -EIO;

	if (!view_same_creds(t))
		fd = pin_as(t, path, dir_only, &holder);
	if (fd == -EIO) {
		holder = 0;
		fd = os_pin_path(path, dir_only);
	}
	if (fd < 0)
		return fd == -ELOOP ? -EAGAIN : fd;
	return pin_fd(t, holder, fd, name, out, len);
}

/*
 * What view_resolve()'s check left open for this path (VR_KEEP_PIN):
 * its fd, or -1; *dir: it is the parent directory, the file was missing.
 */
static int take_pre_pin(struct gsyscall *sc, int *dir)
{
	int fd = sc->pre_pin - 1;

	*dir = sc->pre_pin_dir;
	sc->pre_pin = 0;
	return fd;
}

static void drop_pre_pin(struct gsyscall *sc)
{
	int dir, fd = take_pre_pin(sc, &dir);

	if (fd >= 0)
		os_unpin(fd);
}

int view_pin(struct gthread *t, char *host, size_t len, int mode)
{
	char dir[PATH_MAX], name[NAME_MAX + 1];
	size_t hl = strlen(host);
	int trailing = hl > 1 && host[hl - 1] == '/', r, pre_dir;
	int pre = take_pre_pin(&t->sc, &pre_dir);
	char *slash;

	/* procfs has no links a guest can make. */
	if (!pinning || host[0] != '/' || !strncmp(host, "/proc/", 6) ||
	    !strcmp(host, "/proc") || hl >= sizeof(dir)) {
		if (pre >= 0)
			os_unpin(pre);
		return hl >= sizeof(dir) ? -ENAMETOOLONG : 1;
	}
	strcpy(dir, host);
	if (trailing)
		dir[--hl] = 0;
	if (mode != PIN_PARENT) {
		if (pre >= 0 && !pre_dir)
			return pin_fd(t, 0, pre, trailing ? "" : NULL, host,
				      len);
		if (pre >= 0 && mode == PIN_OBJECT) {
			os_unpin(pre);	/* missing when checked */
			return -ENOENT;
		}
		if (pre < 0) {
			r = pin_one(t, dir, 0, trailing ? "" : NULL, host,
				    len);
			if (r != -ENOENT || mode == PIN_OBJECT)
				return r;
		}
	} else if (pre >= 0 && !pre_dir) {
		os_unpin(pre);	/* not what a parent pin needs */
		pre = -1;
	}
	slash = strrchr(dir, '/');
	if (!slash[1] || strlen(slash + 1) > NAME_MAX) {
		if (pre >= 0)
			os_unpin(pre);
		return 1;	/* "/" itself, or a name the host rejects */
	}
	strcpy(name, slash + 1);
	if (slash == dir)
		strcpy(dir, "/");
	else
		*slash = 0;
	if (trailing)
		strcat(name, "/");
	r = pre >= 0 ? pin_fd(t, 0, pre, name, host, len) :
	    pin_one(t, dir, 1, name, host, len);
	return r < 0 ? r : mode == PIN_CREATE ? 2 : 0;
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
	drop_pre_pin(sc);
	while (sc->npins > 0) {
		sc->npins--;
		view_unpin_one(sc->pins[sc->npins].holder,
			       sc->pins[sc->npins].fd);
	}
}
