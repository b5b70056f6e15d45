// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's file tree: a root directory plus binds; mapping whole
 * paths between the guest's names and the host's.  Resolving a path
 * component by component is resolve.c's.
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

struct bind {
	char *host;		/* canonical host path */
	char *guest;		/* canonical guest path */
	size_t hlen, glen;
};

static char root[PATH_MAX];	/* "" for the host's "/" */
static int root_set, active;
static struct bind binds[MAX_BINDS];
static int nr_binds;
/* The root's, each bind's and the host's "/", opened when first needed. */
static int anchor_fds[2 + MAX_BINDS];	/* fd + 1, or 0 */

int view_active(void)
{
	return active;
}

int view_under(const char *path, const char *dir, size_t n)
{
	if (n == 1 && dir[0] == '/')
		return path[0] == '/';
	return !strncmp(path, dir, n) && (path[n] == '/' || path[n] == 0);
}

void view_clean(char *p)
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
	int r = os_realpath(in, out);

	if (r < 0)
		die(EXIT_SETUP, "%s: '%s': %s", what, in, strerror(-r));
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
	view_clean(g);
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
		if (view_under(guest, binds[i].guest, binds[i].glen) &&
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

int view_bound(const char *guest)
{
	for (int i = 0; i < nr_binds; i++)
		if (view_under(guest, binds[i].guest, binds[i].glen))
			return 1;
	return 0;
}

int view_to_guest(const char *host, char *guest, size_t len)
{
	const struct bind *best = NULL;
	size_t rlen = strlen(root);

	/* The most specific of the binds and the root shows the file. */
	for (int i = 0; i < nr_binds; i++)
		if (view_under(host, binds[i].host, binds[i].hlen) &&
		    (!best || binds[i].hlen > best->hlen))
			best = &binds[i];
	if (rlen && view_under(host, root, rlen) && (!best || rlen > best->hlen))
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

int view_fixed_anchor(const char *host, size_t *len)
{
	size_t rlen = strlen(root);
	const char *dir = "/";
	int slot = 1 + MAX_BINDS, fd;

	*len = 0;
	if (rlen && view_under(host, root, rlen)) {
		dir = root;
		slot = 0;
		*len = rlen;
	}
	/* The most specific shows the file, as in view_to_guest(). */
	for (int i = 0; i < nr_binds; i++)
		if (binds[i].hlen > 1 && binds[i].hlen > *len &&
		    view_under(host, binds[i].host, binds[i].hlen)) {
			dir = binds[i].host;
			slot = 1 + i;
			*len = binds[i].hlen;
		}
	if (anchor_fds[slot])
		return anchor_fds[slot] - 1;
	fd = os_pin_path(dir, 1);
	if (fd >= 0)
		anchor_fds[slot] = fd + 1;
	return fd;
}

int view_shows_host_proc(void)
{
	char guest[PATH_MAX], host[PATH_MAX];

	return active && !view_to_guest("/proc", guest, sizeof(guest)) &&
	       !view_to_host(guest, host, sizeof(host)) &&
	       !strcmp(host, "/proc");
}

const char *view_proc_task_file(const char *host)
{
	const char *p;

	if (strncmp(host, "/proc/", 6))
		return NULL;
	p = host + 6;
	if (*p < '0' || *p > '9')
		return NULL;
	while (*p >= '0' && *p <= '9')
		p++;
	if (!strncmp(p, "/task/", 6)) {
		p += 6;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return p;
}

int view_is_proc_link(const char *host)
{
	const char *p = view_proc_task_file(host);

	if (!p)
		return 0;
	if (!strcmp(p, "/cwd") || !strcmp(p, "/root") || !strcmp(p, "/exe"))
		return 1;
	if (!strncmp(p, "/fd/", 4) && p[4])
		return 2;
	return 0;
}
