// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's file tree: a root directory plus binds, and the resolution
 * of guest paths inside it.
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

#define MAX_BINDS	64
#define MAX_LINKS	40	/* as the host's MAXSYMLINKS */

struct bind {
	char *host;		/* canonical host path */
	char *guest;		/* canonical guest path */
	size_t hlen, glen;
};

static char root[PATH_MAX];	/* "" for the host's "/" */
static int root_set, active;
static struct bind binds[MAX_BINDS];
static int nr_binds;

int view_active(void)
{
	return active;
}

/* Does @path start with directory @dir (length @n) as whole components? */
static int under(const char *path, const char *dir, size_t n)
{
	if (n == 1 && dir[0] == '/')
		return path[0] == '/';
	return !strncmp(path, dir, n) && (path[n] == '/' || path[n] == 0);
}

/* Lexically clean an absolute path: no "//", ".", ".." or trailing "/". */
static void clean(char *p)
{
	char *out = p, *in = p;

	while (*in) {
		while (*in == '/')
			in++;
		if (!*in)
			break;
		if (in[0] == '.' && (in[1] == '/' || !in[1])) {
			in++;
			continue;
		}
		if (in[0] == '.' && in[1] == '.' && (in[2] == '/' || !in[2])) {
			in += 2;
			while (out > p && *--out != '/')
				;
			continue;
		}
		*out++ = '/';
		while (*in && *in != '/')
			*out++ = *in++;
	}
	if (out == p)
		*out++ = '/';
	*out = 0;
}

static void host_realpath(const char *what, const char *in, char *out)
{
	if (!realpath(in, out))
		die(EXIT_SETUP, "%s: '%s': %s", what, in, strerror(errno));
}

void view_set_root(const char *dir)
{
	char real[PATH_MAX];

	host_realpath("--root", dir, real);
	if (os_file_kind(real, 1) != S_IFDIR)
		die(EXIT_SETUP, "--root: '%s' is not a directory", dir);
	strcpy(root, strcmp(real, "/") ? real : "");
	root_set = 1;
	active = 1;
}

void view_add_bind(const char *host, const char *guest)
{
	char real[PATH_MAX], g[PATH_MAX];
	struct bind *b;

	if (nr_binds == MAX_BINDS)
		die(EXIT_SETUP, "--bind: more than %d binds", MAX_BINDS);
	host_realpath("--bind", host, real);
	if (!guest)
		guest = host;
	if (guest[0] != '/')
		die(EXIT_SETUP, "--bind: guest path '%s' is not absolute", guest);
	if (strlen(guest) >= sizeof(g))
		die(EXIT_SETUP, "--bind: guest path too long");
	strcpy(g, guest);
	clean(g);
	b = &binds[nr_binds++];
	b->host = strdup(real);
	b->guest = strdup(g);
	if (!b->host || !b->guest)
		die(EXIT_SETUP, "out of memory");
	b->hlen = strlen(b->host);
	b->glen = strlen(b->guest);
	active = 1;
}

void view_finish(void)
{
	if (active && !root_set)
		strcpy(root, "");
}

static int put(char *out, size_t len, const char *a, const char *b)
{
	int n = snprintf(out, len, "%s%s", a, b);

	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	if (!*out)
		strcpy(out, "/");
	return 0;
}

int view_to_host(const char *guest, char *host, size_t len)
{
	const struct bind *best = NULL;

	/* The last bind given wins among equals, like mount order. */
	for (int i = 0; i < nr_binds; i++)
		if (under(guest, binds[i].guest, binds[i].glen) &&
		    (!best || binds[i].glen >= best->glen))
			best = &binds[i];
	if (best) {
		const char *rest = guest + (best->glen == 1 ? 0 : best->glen);

		if (best->hlen == 1 && *rest)
			return put(host, len, "", rest);
		return put(host, len, best->host, rest);
	}
	return put(host, len, root, strcmp(guest, "/") ? guest : (*root ? "" : "/"));
}

int view_to_guest(const char *host, char *guest, size_t len)
{
	const struct bind *best = NULL;
	size_t rlen = strlen(root);

	/* The most specific of the binds and the root shows the file. */
	for (int i = 0; i < nr_binds; i++)
		if (under(host, binds[i].host, binds[i].hlen) &&
		    (!best || binds[i].hlen > best->hlen))
			best = &binds[i];
	if (rlen && under(host, root, rlen) && (!best || rlen > best->hlen))
		return put(guest, len, "", host + rlen);
	if (best) {
		const char *rest = host + (best->hlen == 1 ? 0 : best->hlen);

		if (best->glen == 1 && *rest)
			return put(guest, len, "", rest);
		return put(guest, len, best->guest, rest);
	}
	/* Outside the view (a pipe, or a directory umvm was started in). */
	return put(guest, len, "", host);
}

int view_shows_host_proc(void)
{
	char guest[PATH_MAX], host[PATH_MAX];

	return active && !view_to_guest("/proc", guest, sizeof(guest)) &&
	       !view_to_host(guest, host, sizeof(host)) &&
	       !strcmp(host, "/proc");
}

int view_is_proc_link(const char *host)
{
	const char *p;

	if (strncmp(host, "/proc/", 6))
		return 0;
	p = host + 6;
	if (*p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	if (!strncmp(p, "/task/", 6)) {
		p += 6;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (!strcmp(p, "/cwd") || !strcmp(p, "/root") || !strcmp(p, "/exe"))
		return 1;
	if (!strncmp(p, "/fd/", 4) && p[4])
		return 2;
	return 0;
}

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
	/* Where ".." stops and an absolute link starts again. */
	strcpy(top, scoped ? res : "/");
	strcpy(rest, path);
	if (trailing)
		flags |= VR_FOLLOW;

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

/*
 * Pinning.  Between umvm's resolution and the host's, a guest thread can
 * swap a directory for a symlink (a rename race) and make the host follow
 * it out of the view.  So umvm opens the resolved path itself with
 * RESOLVE_NO_SYMLINKS, which fails if any component has become a link,
 * and hands the host /proc/<umvm>/fd/N[/name]: the host then starts from
 * exactly the directory (or file) umvm checked.  The guest must be able to
 * use umvm's /proc/<pid>/fd, which it can as the same user as umvm; for a
 * guest process that became another user (GT_OTHER_UID, seen after
 * set*uid calls and execs; umvm runs as root) a helper running as that
 * user holds the directory instead (os_pin_for()), and the guest gets
 * /proc/<helper>/fd/N[/name].
 */
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

/* Scratch space on the guest's stack, below its red zone. */
static uintptr_t scratch;

void view_scratch_reset(struct gthread *t)
{
	scratch = (regs_sp(&t->regs) - REGS_RED_ZONE) & ~15UL;
}

/* Copy @len bytes to the guest's scratch; its address, or 0. */
uintptr_t view_scratch_put(struct gthread *t, const void *data, size_t len)
{
	uintptr_t at = (scratch - len) & ~15UL;

	if (os_write_mem(t->tid, at, data, len) != (ssize_t)len)
		return 0;
	scratch = at;
	return at;
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
