// SPDX-License-Identifier: GPL-2.0
/*
 * -0/--root-id: the file a call is about, found by the monitor by a name
 * that resolves as the guest's would: an absolute path as it is (after
 * the path layer, which runs before the fake root's hooks, rewrote it
 * into a host path), a relative one under /proc/<tid>/cwd or
 * /proc/<tid>/fd/<dirfd>, a descriptor as /proc/<tid>/fd/<fd>.  The
 * arguments are read from the registers as they are now (t->regs), not
 * as the guest passed them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "dispatch.h"
#include "fakeroot.h"
#include "os.h"

/* "/proc/<tid>/cwd" or "/proc/<tid>/fd/<fd>" */
static void base_of(struct gthread *t, int dirfd, char *buf, size_t len)
{
	if (dirfd == AT_FDCWD)
		snprintf(buf, len, "/proc/%d/cwd", (int)t->tid);
	else
		snprintf(buf, len, "/proc/%d/fd/%d", (int)t->tid, dirfd);
}

int find_target(struct gthread *t, int dirfd, int path_reg, int empty_ok,
		int follow, struct target *tg)
{
	char path[PATH_MAX], base[64];
	ssize_t n;

	tg->follow = follow;
	tg->guest_path = path_reg >= 0 ? t->sc.args[path_reg] : 0;
	if (path_reg >= 0) {
		n = os_read_string(t->tid, regs_arg(&t->regs, path_reg), path,
				   sizeof(path));
		if (n < 0)
			return (int)n;
	} else {
		path[0] = 0;
		empty_ok = 1;
		tg->follow = 1;
	}
	if (!path[0] && !empty_ok)
		return -ENOENT;
	tg->empty = !path[0];
	if (path[0] == '/') {
		/* The monitor's /proc/self is not the guest's. */
		if (!strncmp(path, "/proc/self/", 11))
			snprintf(tg->proc, sizeof(tg->proc), "/proc/%d/%s",
				 (int)t->tgid, path + 11);
		else if (!strncmp(path, "/proc/thread-self/", 18))
			snprintf(tg->proc, sizeof(tg->proc), "/proc/%d/%s",
				 (int)t->tid, path + 18);
		else
			snprintf(tg->proc, sizeof(tg->proc), "%s", path);
		snprintf(tg->human, sizeof(tg->human), "%s", tg->proc);
		return 0;
	}
	base_of(t, dirfd, base, sizeof(base));
	if (os_readlink(base, tg->human, PATH_MAX) < 0) {
		struct stat st;

		if (dirfd != AT_FDCWD && os_stat_path(base, 0, &st) == -ENOENT)
			return -EBADF;
		snprintf(tg->human, sizeof(tg->human), "%s", base);
	}
	if (path[0]) {
		snprintf(tg->proc, sizeof(tg->proc), "%s/%s", base, path);
		n = strlen(tg->human);
		snprintf(tg->human + n, sizeof(tg->human) - n, "/%s", path);
	} else {
		snprintf(tg->proc, sizeof(tg->proc), "%s", base);
	}
	return 0;
}

int stat_target(const struct target *tg, struct stat *st)
{
	return os_stat_path(tg->proc, tg->follow, st);
}

/* Cut @p after its parent directory; 0, or -1 for "." and ".." names. */
static int cut_parent(char *p)
{
	size_t n = strlen(p);
	char *slash;

	while (n > 1 && p[n - 1] == '/')
		p[--n] = 0;
	slash = strrchr(p, '/');
	if (!slash)
		return -1;
	if (!strcmp(slash + 1, ".") || !strcmp(slash + 1, ".."))
		return -1;
	if (slash == p)
		slash[1] = 0;
	else
		*slash = 0;
	return 0;
}

int target_parent(const struct target *tg, struct target *parent)
{
	char host[PATH_MAX];
	int pid;

	*parent = *tg;
	parent->follow = 1;
	if (tg->empty)
		return -1;
	/*
	 * A file the path layer pinned (/proc/<umvm>/fd/<n>) has no parent
	 * in its text: take the host path the descriptor stands for.  A
	 * guest's own /proc/<pid>/fd/<n> is a magic link, searched as such.
	 */
	if (sscanf(tg->human, "/proc/%d/", &pid) == 1 && !threads_find(pid) &&
	    target_host_path(tg, host, sizeof(host)) == 0) {
		snprintf(parent->proc, sizeof(parent->proc), "%s", host);
		snprintf(parent->human, sizeof(parent->human), "%s", host);
	}
	if (cut_parent(parent->proc) < 0 || cut_parent(parent->human) < 0)
		return -1;
	return 0;
}

int target_is_proc(const struct stat *st)
{
	static dev_t proc_dev;
	static int known;
	struct stat p;

	if (!known) {
		known = 1;
		if (os_stat_path("/proc/self", 0, &p) == 0)
			proc_dev = p.st_dev;
	}
	return proc_dev && st->st_dev == proc_dev;
}

int target_host_path(const struct target *tg, char *out, size_t len)
{
	const char *p = tg->human, *rest;
	char link[96];
	ssize_t n;
	int pid, fd, k = 0;

	if (sscanf(p, "/proc/%d/fd/%d%n", &pid, &fd, &k) == 2 && k > 0)
		rest = p + k;
	else if (sscanf(p, "/proc/%d/cwd%n", &pid, &k) == 1 && k > 0)
		rest = p + k;
	else
		rest = NULL;
	if (rest && (*rest == '/' || !*rest)) {
		snprintf(link, sizeof(link), "%.*s", k, p);
		n = os_readlink(link, out, len);
		if (n < 0 || out[0] != '/')
			return -1;
		if (snprintf(out + n, len - n, "%s", rest) >= (int)(len - n))
			return -1;
		return 0;
	}
	if (p[0] != '/' || snprintf(out, len, "%s", p) >= (int)len)
		return -1;
	return 0;
}

/* The guest thread's umask, from /proc/<tid>/status (022 if unknown). */
unsigned int guest_umask(struct gthread *t)
{
	char path[64], *buf, *p;
	unsigned int mask = 022;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)t->tid);
	if (os_read_file(path, &buf) < 0)
		return mask;
	p = strstr(buf, "\nUmask:");
	if (p)
		mask = strtoul(p + 7, NULL, 8) & 0777;
	free(buf);
	return mask;
}

int is_rename(long nr)
{
	return nr == __NR_rename || nr == __NR_renameat ||
	       nr == __NR_renameat2;
}

int find_removed_name(struct gthread *t, long nr, int new, struct target *tg)
{
	switch (nr) {
	case __NR_unlink:
	case __NR_rmdir:
		return find_target(t, AT_FDCWD, 0, 0, 0, tg);
	case __NR_unlinkat:
		return find_target(t, (int)regs_arg(&t->regs, 0), 1, 0, 0, tg);
	case __NR_rename:
		return find_target(t, AT_FDCWD, new, 0, 0, tg);
	}
	/* renameat, renameat2 */
	return find_target(t, (int)regs_arg(&t->regs, new ? 2 : 0),
			   new ? 3 : 1, 0, 0, tg);
}
