// SPDX-License-Identifier: GPL-2.0
/*
 * The container's file system as a path view: root.path and the mounts of
 * config.json become binds, staged copies and file systems the monitor
 * mounts (as root, in its own mount namespace), with runc's default
 * devices, masked paths and linux.devices.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "cli.h"
#include "dispatch.h"
#include "oci.h"
#include "oci-monitor.h"
#include "os.h"
#include "os-oci.h"
#include "umvm.h"
#include "view.h"

int mon_fail(struct mon *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->err, sizeof(m->err), fmt, ap);
	va_end(ap);
	return -1;
}

/* @dir/@name into @out; the monitor's paths stay far below PATH_MAX. */
void mon_join(char *out, size_t len, const char *dir, const char *name)
{
	if ((size_t)snprintf(out, len, "%s/%s", dir, name) >= len)
		out[0] = 0;
}

void mon_note(struct mon *m, const char *what)
{
	if (m->ignored.s && strstr(m->ignored.s, what))
		return;
	sb_add(&m->ignored, "%s%s", m->ignored.len ? ", " : "", what);
}

/* The host path guest path @g resolves to in the view built so far. */
int mon_host_of(const char *g, char *host, size_t len)
{
	struct gthread none = { .tid = 0 };

	return view_resolve(&none, AT_FDCWD, g, VR_FOLLOW, host, len);
}

static void parent_dir(const char *path, char *out, size_t len)
{
	char *s;

	snprintf(out, len, "%s", path);
	s = strrchr(out, '/');
	if (s && s != out)
		*s = 0;
	else if (s)
		s[1] = 0;
}

/*
 * A mount point for guest path @dest, as runc makes one in the rootfs: a
 * directory, or an empty file when @file.  Best effort: a read-only
 * rootfs without it still works where the path exists.
 */
void mon_mount_point(struct mon *m, const char *dest, int file)
{
	char host[PATH_MAX], dir[PATH_MAX];
	int r;

	if (mon_host_of(dest, host, sizeof(host)) < 0)
		return;
	if (os_file_kind(host, 1) >= 0)
		return;
	parent_dir(host, dir, sizeof(dir));
	r = os_mkdir_p(dir, 0755);
	if (r == 0)
		r = file ? os_touch(host, 0644) : os_mkdir(host, 0755);
	if (r < 0 && r != -EEXIST)
		oci_debug("mount point %s (%s): %s", dest, host, strerror(-r));
	(void)m;
}

static int bind(struct mon *m, const char *host, const char *guest)
{
	int kind = os_file_kind(host, 1);

	if (kind < 0)
		MON_FAIL(m, "mount source '%s' for '%s': %s", host, guest,
			 strerror(-kind));
	mon_mount_point(m, guest, kind != S_IFDIR);
	view_add_bind(host, guest);
	return 0;
}

/* A private directory under the state directory, for tmpfs and friends. */
static int private_dir(struct mon *m, char *out, size_t len)
{
	char name[32];
	int r;

	snprintf(name, sizeof(name), "mnt/%d", m->nmnt++);
	mon_join(out, len, m->dir, name);
	r = os_mkdir_p(out, 0755);
	if (r < 0)
		MON_FAIL(m, "cannot create '%s': %s", out, strerror(-r));
	return 0;
}

/*
 * As root, the root and every bind source are bind-mounted (in the
 * monitor's own mount namespace) under the state directory, a path
 * every user may traverse: a container user other than root then
 * reaches them without search permission on the engine's storage
 * (/var/lib/containers is 0700), and "ro" applies to the container's
 * mount alone.  exec finds the same mounts in the namespace it joins.
 */
int mon_stage(struct mon *m, const char *src, int ro, char *out,
		 size_t len)
{
	char name[32];
	int kind = os_file_kind(src, 1), r;

	if (kind < 0)
		MON_FAIL(m, "mount source '%s': %s", src, strerror(-kind));
	snprintf(name, sizeof(name), "fs/%d", m->nstage++);
	mon_join(out, len, m->dir, name);
	if (m->l->exec)
		return 0;
	r = os_mkdir_p(m->dir, 0711);
	if (r == 0) {
		char fs[PATH_MAX];

		mon_join(fs, sizeof(fs), m->dir, "fs");
		os_mkdir(fs, 0711);
		r = kind == S_IFDIR ? os_mkdir(out, 0755) : os_touch(out, 0600);
	}
	if (r == 0)
		r = os_bind(src, out);
	if (r == 0 && ro)
		r = os_bind_readonly(out);
	if (r < 0)
		MON_FAIL(m, "mount of '%s': %s", src, strerror(-r));
	return 0;
}

static const char *opt_value(const struct json *opts, const char *key)
{
	size_t n = strlen(key);

	for (const struct json *o = opts ? opts->child : NULL; o; o = o->next)
		if (o->type == J_STR && !strncmp(o->str, key, n) &&
		    o->str[n] == '=')
			return o->str + n + 1;
	return NULL;
}

static int has_opt(const struct json *opts, const char *name)
{
	for (const struct json *o = opts ? opts->child : NULL; o; o = o->next)
		if (o->type == J_STR && !strcmp(o->str, name))
			return 1;
	return 0;
}

/* tmpfs data: the options that are no mount flags. */
static void fs_data(const struct json *opts, char *out, size_t len)
{
	static const char *const flags[] = {
		"nosuid", "noexec", "nodev", "strictatime", "relatime", "ro",
		"rw", "rprivate", "private", "rslave", "slave", "rshared",
		"shared", "unbindable", "runbindable", "bind", "rbind",
		"noatime", "suid", "dev", "exec", "tmpcopyup", "notmpcopyup",
		"sync", "async", "dirsync", "mand", "nomand", "diratime",
		"nodiratime", "norelatime", "nostrictatime", "lazytime",
		"nolazytime", "iversion", "noiversion", "copy-symlink",
	};
	size_t used = 0;

	out[0] = 0;
	for (const struct json *o = opts ? opts->child : NULL; o; o = o->next) {
		size_t i;

		if (o->type != J_STR)
			continue;
		for (i = 0; i < ARRAY_SIZE(flags); i++)
			if (!strcmp(o->str, flags[i]))
				break;
		if (i < ARRAY_SIZE(flags))
			continue;
		used += snprintf(out + used, used < len ? len - used : 0,
				 "%s%s", used ? "," : "", o->str);
	}
	if (used >= len)
		out[len - 1] = 0;
}

/* /dev as runc makes it: the usual devices, links and directories. */
static int default_dev(struct mon *m, const char *devdir)
{
	static const char *const nodes[] = {
		"null", "zero", "full", "random", "urandom", "tty",
	};
	static const char *const links[][2] = {
		{ "fd", "/proc/self/fd" }, { "stdin", "/proc/self/fd/0" },
		{ "stdout", "/proc/self/fd/1" }, { "stderr", "/proc/self/fd/2" },
		{ "core", "/proc/kcore" },
	};
	char path[PATH_MAX + 32], g[64];

	for (size_t i = 0; i < ARRAY_SIZE(links); i++) {
		snprintf(path, sizeof(path), "%s/%s", devdir, links[i][0]);
		os_symlink(links[i][1], path);
	}
	for (size_t i = 0; i < ARRAY_SIZE(nodes); i++) {
		snprintf(path, sizeof(path), "/dev/%s", nodes[i]);
		if (os_file_kind(path, 1) != S_IFCHR)
			continue;
		snprintf(g, sizeof(g), "/dev/%s", nodes[i]);
		if (bind(m, path, g) < 0)
			return -1;
	}
	snprintf(path, sizeof(path), "%s/ptmx", devdir);
	if (oci.rootful)
		os_symlink("pts/ptmx", path);
	for (const char *const *d = (const char *const[]){ "pts", "shm",
	     "mqueue", NULL }; *d; d++) {
		snprintf(path, sizeof(path), "%s/%s", devdir, *d);
		os_mkdir(path, 0755);
	}
	return 0;
}

int mon_map_mount(struct mon *m, const struct oci_mount *om)
{
	char dir[PATH_MAX], data[512];
	const char *t = om->type;
	int r;

	if (om->bind) {
		if (om->source[0] != '/')
			MON_FAIL(m, "mount source '%s' is not absolute",
				 om->source);
		if (!oci.rootful) {
			if (om->ro)
				mon_note(m, "read-only binds");
			return bind(m, om->source, om->dest);
		}
		if (mon_stage(m, om->source, om->ro, dir, sizeof(dir)) < 0)
			return -1;
		return bind(m, dir, om->dest);
	}
	if (!strcmp(t, "proc")) {
		return bind(m, "/proc", om->dest);
	}
	if (!strcmp(t, "devpts")) {
		if (!oci.rootful) {
			if (bind(m, "/dev/pts", om->dest) < 0)
				return -1;
			snprintf(m->ptmx, sizeof(m->ptmx), "/dev/ptmx");
			return bind(m, "/dev/ptmx", "/dev/ptmx");
		}
		mon_join(dir, sizeof(dir), m->dir, "devpts");
		if (!m->l->exec) {
			os_mkdir(dir, 0755);
			r = os_mount_fs("devpts", dir,
					"newinstance,ptmxmode=0666,mode=0620", 0);
			if (r < 0)
				MON_FAIL(m, "devpts: %s", strerror(-r));
		}
		mon_join(m->ptmx, sizeof(m->ptmx), dir, "ptmx");
		return bind(m, dir, om->dest);
	}
	if (!strcmp(t, "sysfs") || !strcmp(t, "mqueue") ||
	    !strcmp(t, "tmpfs") || !strcmp(t, "cgroup") ||
	    !strcmp(t, "cgroup2")) {
		int own = oci.rootful && (!strcmp(t, "tmpfs") ||
			  (!strcmp(t, "sysfs") && m->new_net_ns) ||
			  (!strcmp(t, "mqueue") && m->new_ipc_ns));

		if (!oci.rootful && !strcmp(t, "sysfs"))
			return bind(m, "/sys", om->dest);
		if (!oci.rootful && !strcmp(t, "mqueue") &&
		    os_file_kind("/dev/mqueue", 1) == S_IFDIR)
			return bind(m, "/dev/mqueue", om->dest);
		if (!strcmp(t, "sysfs") && !own) {
			r = bind(m, "/sys", om->dest);
			if (r == 0 && om->ro && !m->l->exec)
				os_bind_readonly("/sys");
			return r;
		}
		if (private_dir(m, dir, sizeof(dir)) < 0)
			return -1;
		if (own && !m->l->exec) {
			char src[PATH_MAX];
			fs_data(om->options, data, sizeof(data));
			r = os_mount_fs(t, dir, data[0] ? data : NULL, om->ro);
			if (r < 0)
				MON_FAIL(m, "%s on '%s': %s", t, om->dest,
					 strerror(-r));
			if (has_opt(om->options, "tmpcopyup") &&
			    mon_host_of(om->dest, src, sizeof(src)) == 0)
				os_copy_tree(src, dir);
		} else if (!strcmp(t, "tmpfs")) {
			char src[PATH_MAX];
			const char *mode = opt_value(om->options, "mode");

			os_chmod(dir, mode ? strtoul(mode, NULL, 8) : 01777);
			if (!m->l->exec && has_opt(om->options, "tmpcopyup") &&
			    mon_host_of(om->dest, src, sizeof(src)) == 0)
				os_copy_tree(src, dir);
		} else if (!strncmp(t, "cgroup", 6)) {
			mon_note(m, "cgroup file system (an empty directory)");
		}
		if (bind(m, dir, om->dest) < 0)
			return -1;
		if (!strcmp(om->dest, "/dev") && !strcmp(t, "tmpfs"))
			return default_dev(m, dir);
		return 0;
	}
	mon_note(m, "mounts of other types");
	oci_debug("mount of type '%s' on '%s' ignored", t, om->dest);
	return 0;
}

/* maskedPaths: /dev/null over files, an empty directory over others. */
int mon_mask_paths(struct mon *m)
{
	char host[PATH_MAX], empty[PATH_MAX];
	int kind;

	mon_join(empty, sizeof(empty), m->dir, "empty");
	os_mkdir(empty, 0500);
	for (const struct json *j = m->c->masked ? m->c->masked->child : NULL;
	     j; j = j->next) {
		if (j->type != J_STR || j->str[0] != '/')
			continue;
		if (mon_host_of(j->str, host, sizeof(host)) < 0)
			continue;
		kind = os_file_kind(host, 1);
		if (kind < 0)
			continue;
		view_add_bind(kind == S_IFDIR ? empty : "/dev/null", j->str);
	}
	for (const struct json *j = m->c->readonly_paths ?
	     m->c->readonly_paths->child : NULL; j; j = j->next) {
		if (!oci.rootful || m->l->exec || j->type != J_STR ||
		    mon_host_of(j->str, host, sizeof(host)) < 0 ||
		    os_file_kind(host, 1) < 0)
			continue;
		os_bind_readonly(host);
	}
	return 0;
}

int mon_devices(struct mon *m)
{
	for (const struct json *d = m->c->devices ? m->c->devices->child : NULL;
	     d; d = d->next) {
		const char *path = json_str(d, "path");

		if (!path || path[0] != '/')
			continue;
		if (!strncmp(path, "/dev/", 5) && os_file_kind(path, 1) > 0 &&
		    bind(m, path, path) == 0)
			continue;
		mon_note(m, "linux.devices");
	}
	return 0;
}
