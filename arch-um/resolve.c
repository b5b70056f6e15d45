// SPDX-License-Identifier: GPL-2.0
/*
 * Resolving a guest path inside the view (view.c's tree).
 *
 * Resolution walks the guest path one component at a time, reading each
 * prefix's host counterpart as a symlink: a link's target is read in the
 * guest's view (an absolute target starts again at the guest's root), and
 * ".." never climbs above that root, so no path, link or ".." chain can
 * name a host file outside the view.  A component that does not exist (or
 * is no directory) ends the walk; the rest is handed over as written, and
 * the host fails on that component as it would natively.
 *
 * Links under /proc/<pid>/ (cwd, root, exe, fd/N) point at host paths;
 * they are mapped back into the view, and /proc/self names the guest,
 * not the monitor.
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

#define MAX_LINKS	40	/* as the host's MAXSYMLINKS */

/* A guest path of directory fd @fd (AT_FDCWD: the cwd) of thread @t. */
static int base_dir(struct gthread *t, int fd, char *guest, size_t len)
{
	char host[PATH_MAX], what[32];
	ssize_t n;

	if (fd == AT_FDCWD)
		strcpy(what, "cwd");
	else
		snprintf(what, sizeof(what), "fd/%d", fd);
	n = os_proc_link(t->tid, what, host, sizeof(host));
	if (n == -ENOENT)
		return -EBADF;
	if (n < 0)
		return (int)n;
	if (host[0] != '/')
		return -ENOTDIR;	/* a pipe or socket */
	return view_to_guest(host, guest, len);
}

/* Pop the last component of canonical guest path @p. */
static void pop(char *p)
{
	char *s = strrchr(p, '/');

	if (s == p)
		p[1] = 0;
	else if (s)
		*s = 0;
}

/* Prepend @a and "/" to @rest (of capacity @len). */
static int prepend(char *rest, size_t len, const char *a)
{
	size_t al = strlen(a), rl = strlen(rest);

	if (al + 1 + rl + 1 > len)
		return -ENAMETOOLONG;
	memmove(rest + al + 1, rest, rl + 1);
	memcpy(rest, a, al);
	rest[al] = '/';
	return 0;
}

/*
 * A procfs link to something that is no file: "mnt:[4026531841]" under
 * /proc/<pid>/ns/, "anon_inode:[eventfd]" under fd/.  The host follows it.
 */
static int proc_object(const char *host, const char *target)
{
	const char *c = target;

	if (strncmp(host, "/proc/", 6) || host[6] < '0' || host[6] > '9')
		return 0;
	while ((*c >= 'a' && *c <= 'z') || *c == '_')
		c++;
	return c > target && *c == ':';
}

/* What /proc/self and /proc/thread-self mean for thread @t. */
static int proc_self(struct gthread *t, const char *host, char *target,
		     size_t len)
{
	if (!strcmp(host, "/proc/self"))
		snprintf(target, len, "%d", (int)t->tgid);
	else if (!strcmp(host, "/proc/thread-self"))
		snprintf(target, len, "%d/task/%d", (int)t->tgid, (int)t->tid);
	else
		return 0;
	return 1;
}

/*
 * /proc/<pid> of a process outside the guest (umvm itself, or the host's)
 * does not exist in the view: 1 for such a host path.
 */
static int proc_hidden(const char *host)
{
	const char *p;
	long pid;

	if (strncmp(host, "/proc/", 6) || host[6] < '0' || host[6] > '9')
		return 0;
	pid = strtol(host + 6, (char **)&p, 10);
	if (*p && *p != '/')
		return 0;
	if (!threads_has_pid((pid_t)pid))
		return 1;
	if (!strncmp(p, "/task/", 6) && p[6] >= '0' && p[6] <= '9') {
		pid = strtol(p + 6, (char **)&p, 10);
		if ((!*p || *p == '/') && !threads_has_pid((pid_t)pid))
			return 1;
	}
	return 0;
}

/* Has @path a ".." component? */
static int has_dotdot(const char *path)
{
	for (const char *c = path; (c = strstr(c, "..")); c += 2)
		if ((c == path || c[-1] == '/') && (!c[2] || c[2] == '/'))
			return 1;
	return 0;
}

/*
 * The common case in one host call: a path without "..", outside the
 * binds and /proc, whose host counterpart openat2 finds without meeting
 * a symlink (RESOLVE_NO_SYMLINKS), needs no walk: the walk would read
 * every component, find no link and make the same host path.  The file
 * (or, when the call does not follow a last link or the file is missing,
 * its directory) is then open already, and with VR_KEEP_PIN left for
 * view_pin().  0 when resolved, 1 when the walk must decide.
 */
static int fast_resolve(struct gthread *t, const char *base,
			const char *path, int flags, char *host, size_t len)
{
	char guest[PATH_MAX], obj[PATH_MAX];
	size_t hl;
	int fd, dir = 0;

	/* Without "..", the lexical path is the one the walk would make. */
	if (has_dotdot(path) ||
	    snprintf(guest, sizeof(guest), "%s/%s", path[0] == '/' ? "" : base,
		     path) >= (int)sizeof(guest))
		return 1;
	view_clean(guest);
	if (!strcmp(guest, "/") || view_bound(guest) ||
	    view_to_host(guest, obj, sizeof(obj)) < 0 ||
	    !strncmp(obj, "/proc/", 6) || !strcmp(obj, "/proc"))
		return 1;
	if (flags & VR_FOLLOW) {
		fd = os_open_nolinks(obj, 0, 1);
		if (fd == -ENOENT)
			dir = 1;	/* the directory, then: a new file */
		else if (fd < 0)
			return 1;
	}
	if (!(flags & VR_FOLLOW) || dir) {
		char parent[PATH_MAX];
		size_t pl = strrchr(obj, '/') - obj;

		memcpy(parent, obj, pl);
		strcpy(parent + pl, pl ? "" : "/");
		fd = os_open_nolinks(parent, 1, 0);
		if (fd < 0)
			return 1;
		dir = 1;
	}
	hl = strlen(obj);
	if (hl + 2 > len) {
		os_unpin(fd);
		return 1;
	}
	memcpy(host, obj, hl + 1);
	/* A path ending in "/" names a directory: the host checks that. */
	if (path[strlen(path) - 1] == '/' && hl > 1)
		strcpy(host + hl, "/");
	/* umvm opened it: a pin only for a thread with umvm's credentials. */
	if ((flags & VR_KEEP_PIN) && view_same_creds(t)) {
		t->sc.pre_pin = fd + 1;
		t->sc.pre_pin_dir = dir;
	} else {
		os_unpin(fd);
	}
	return 0;
}

int view_resolve(struct gthread *t, int dirfd, const char *path, int flags,
		 char *host, size_t len)
{
	char res[PATH_MAX], rest[PATH_MAX], hp[PATH_MAX], target[PATH_MAX];
	char top[PATH_MAX];
	size_t plen = strlen(path);
	int links = 0, trailing = plen > 1 && path[plen - 1] == '/';
	int scoped = flags & (VR_BENEATH | VR_IN_ROOT);
	int r;

	if (plen >= sizeof(rest))
		return -ENAMETOOLONG;
	if (path[0] == '/' && (flags & VR_BENEATH))
		return -EXDEV;
	if (path[0] == '/' && !scoped) {
		strcpy(res, "/");
	} else {
		r = base_dir(t, dirfd, res, sizeof(res));
		if (r < 0)
			return r;
	}
	if (trailing)
		flags |= VR_FOLLOW;
	if (!scoped && fast_resolve(t, res, path, flags, host, len) == 0)
		return 0;
	/* Where ".." stops and an absolute link starts again. */
	strcpy(top, scoped ? res : "/");
	strcpy(rest, path);

	while (rest[0]) {
		char *c = rest, *end;
		size_t cl, rl;
		ssize_t n;
		int last, magic;

		while (*c == '/')
			c++;
		end = strchrnul(c, '/');
		cl = end - c;
		if (cl == 0) {
			rest[0] = 0;
			break;
		}
		{
			const char *after = end;

			while (*after == '/')
				after++;
			last = !*after;
		}
		if (cl == 1 && c[0] == '.') {
			memmove(rest, end, strlen(end) + 1);
			continue;
		}
		if (cl == 2 && c[0] == '.' && c[1] == '.') {
			/* res never holds a link: ".." is its parent. */
			if (!strcmp(res, top)) {
				if (flags & VR_BENEATH)
					return -EXDEV;
			} else {
				pop(res);
			}
			memmove(rest, end, strlen(end) + 1);
			continue;
		}
		rl = strlen(res);
		if (rl + 1 + cl >= sizeof(res))
			return -ENAMETOOLONG;
		if (rl > 1)
			res[rl++] = '/';
		memcpy(res + rl, c, cl);
		res[rl + cl] = 0;
		memmove(rest, end, strlen(end) + 1);
		if (last && !(flags & VR_FOLLOW))
			break;

		r = view_to_host(res, hp, sizeof(hp));
		if (r < 0)
			return r;
		if (proc_hidden(hp))
			return -ENOENT;
		if (proc_self(t, hp, target, sizeof(target))) {
			magic = 0;
		} else {
			n = os_readlink(hp, target, sizeof(target));
			if (n == -EINVAL)
				continue;	/* not a link */
			/*
			 * A missing last component is for the host to make or
			 * report; a missing directory ends the walk here, so
			 * that nothing after it (no "..") reaches the host.
			 */
			if (n < 0 && last)
				break;
			if (n < 0)
				return (int)n;
			magic = view_is_proc_link(hp);
			if (!magic && proc_object(hp, target))
				magic = 2;
		}
		if (flags & VR_NO_SYMLINKS)
			return -ELOOP;
		if (magic && (flags & VR_NO_MAGICLINKS))
			return -ELOOP;
		if (magic && scoped)
			return -EXDEV;
		if (++links > MAX_LINKS)
			return -ELOOP;
		if (magic) {
			const char *exe = NULL;

			if (magic == 1 && !strcmp(strrchr(hp, '/'), "/exe")) {
				pid_t pid = (pid_t)atoi(hp + 6);

				exe = view_exe_of(pid);
			}
			/*
			 * A pipe, socket or namespace, and an fd link at the
			 * end of the path: the host follows it to the open file
			 * itself (a memfd, a deleted file), as natively.
			 */
			if (exe) {
				snprintf(target, sizeof(target), "%s", exe);
			} else if (target[0] != '/' ||
				   (last && magic == 2 && !rest[0])) {
				if (snprintf(host, len, "%s", hp) >= (int)len)
					return -ENAMETOOLONG;
				goto tail;
			} else {
				char g[PATH_MAX];

				r = view_to_guest(target, g, sizeof(g));
				if (r < 0)
					return r;
				strcpy(target, g);
			}
		}
		pop(res);
		if (target[0] == '/') {
			if (flags & VR_BENEATH)
				return -EXDEV;
			strcpy(res, top);
		}
		r = prepend(rest, sizeof(rest), target);
		if (r < 0)
			return r;
	}
	r = view_to_host(res, host, len);
	if (r < 0)
		return r;
	if (proc_hidden(host))
		return -ENOENT;
tail:
	{
		size_t hl = strlen(host);
		const char *tail = rest;

		while (*tail == '/' && tail[1] == '/')
			tail++;
		if (*tail && strcmp(tail, "/")) {
			if (hl + strlen(tail) + 2 > len)
				return -ENAMETOOLONG;
			if (tail[0] != '/')
				host[hl++] = '/';
			strcpy(host + hl, tail);
		} else if (trailing && strcmp(host, "/")) {
			if (hl + 2 > len)
				return -ENAMETOOLONG;
			strcpy(host + hl, "/");
		}
	}
	return 0;
}

int view_find_program(const char *prog, char *out, size_t len)
{
	const char *path = getenv("PATH");
	char host[PATH_MAX], g[PATH_MAX];
	struct gthread none = { .tid = 0 };
	int err = -ENOENT, r;

	if (!*prog)
		return -ENOENT;
	if (strchr(prog, '/')) {
		if (prog[0] != '/')
			return -EINVAL;	/* callers make it absolute */
		r = view_resolve(&none, AT_FDCWD, prog, VR_FOLLOW, host,
				 sizeof(host));
		if (r == 0)
			r = os_check_exec(host);
		if (r == 0 && snprintf(out, len, "%s", prog) >= (int)len)
			r = -ENAMETOOLONG;
		return r;
	}
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		const char *end = strchrnul(path, ':');
		int dlen = end - path;

		if (dlen && path[0] == '/' &&
		    snprintf(g, sizeof(g), "%.*s/%s", dlen, path, prog) <
		    (int)sizeof(g)) {
			r = view_resolve(&none, AT_FDCWD, g, VR_FOLLOW, host,
					 sizeof(host));
			if (r == 0)
				r = os_check_exec(host);
			if (r == 0) {
				if (snprintf(out, len, "%s", g) >= (int)len)
					return -ENAMETOOLONG;
				return 0;
			}
			if (r == -EACCES)
				err = r;
		}
		path = *end ? end + 1 : end;
	}
	return err;
}
