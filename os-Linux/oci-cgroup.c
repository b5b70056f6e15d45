// SPDX-License-Identifier: GPL-2.0
/*
 * The container's cgroup, for a monitor running as root: the engine's
 * cgroupsPath made under every mounted hierarchy (cgroup v2, or each v1
 * controller), the monitor moved in (its guests follow), limits written.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "os-oci.h"

#define CG	"/sys/fs/cgroup"

int os_cgroup_v2(void)
{
	return access(CG "/cgroup.controllers", F_OK) == 0;
}

/* @dir/@name's value into @val; its length, or -1 when unreadable. */
static int read_value(const char *dir, const char *name, char *val,
		      size_t len)
{
	char file[PATH_MAX + 32];
	FILE *f;
	size_t n;

	snprintf(file, sizeof(file), "%s/%s", dir, name);
	f = fopen(file, "re");
	if (!f)
		return -1;
	n = fread(val, 1, len - 1, f);
	fclose(f);
	val[n] = 0;
	return (int)n;
}

/* Copy cpuset.cpus/mems down to @dir (a new v1 cpuset group is empty). */
static void cpuset_fill(const char *base, const char *path)
{
	char dir[PATH_MAX], file[PATH_MAX + 32], val[512];
	const char *names[] = { "cpuset.cpus", "cpuset.mems" };

	snprintf(dir, sizeof(dir), "%s", base);
	for (const char *p = path; *p; ) {
		const char *end = strchrnul(p + 1, '/');
		char parent[PATH_MAX];

		snprintf(parent, sizeof(parent), "%s", dir);
		snprintf(dir + strlen(dir), sizeof(dir) - strlen(dir), "%.*s",
			 (int)(end - p), p);
		for (int i = 0; i < 2; i++) {
			int n = read_value(dir, names[i], val, sizeof(val));

			if (n < 0 || n > 1)
				continue;	/* unreadable, or already set */
			if (read_value(parent, names[i], val, sizeof(val)) < 0)
				continue;
			snprintf(file, sizeof(file), "%s/%s", dir, names[i]);
			os_write_text(file, val);
		}
		p = end;
	}
}

static int enter_one(const char *base, const char *path, pid_t pid)
{
	char dir[PATH_MAX], procs[PATH_MAX + 16], num[32];
	int r;

	if (snprintf(dir, sizeof(dir), "%s%s", base, path) >= (int)sizeof(dir))
		return -ENAMETOOLONG;
	r = os_mkdir_p(dir, 0755);
	if (r < 0)
		return r;
	if (strstr(base, "cpuset"))
		cpuset_fill(base, path);
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", dir);
	snprintf(num, sizeof(num), "%d", (int)pid);
	return os_write_text(procs, num);
}

static int v1_controller(const char *name)
{
	return strcmp(name, "unified") && name[0] != '.';
}

int os_cgroup_enter(const char *path, pid_t pid)
{
	char base[PATH_MAX];
	struct dirent *e;
	DIR *d;
	int r = 0;

	if (os_cgroup_v2())
		return enter_one(CG, path, pid);
	d = opendir(CG);
	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		struct stat st;

		if (!v1_controller(e->d_name))
			continue;
		snprintf(base, sizeof(base), CG "/%s", e->d_name);
		/* cpu,cpuacct-style links name the same hierarchy twice. */
		if (lstat(base, &st) < 0 || !S_ISDIR(st.st_mode))
			continue;
		int rr = enter_one(base, path, pid);

		if (rr < 0 && !r)
			r = rr;
	}
	closedir(d);
	return r;
}

int os_cgroup_set(const char *path, const char *ctrl, const char *file,
		  const char *value)
{
	char p[PATH_MAX];

	if (os_cgroup_v2())
		snprintf(p, sizeof(p), CG "%s/%s", path, file);
	else
		snprintf(p, sizeof(p), CG "/%s%s/%s", ctrl, path, file);
	return os_write_text(p, value);
}

void os_cgroup_remove(const char *path)
{
	char dir[PATH_MAX];
	struct dirent *e;
	DIR *d;

	if (os_cgroup_v2()) {
		snprintf(dir, sizeof(dir), CG "%s", path);
		rmdir(dir);
		return;
	}
	d = opendir(CG);
	if (!d)
		return;
	while ((e = readdir(d))) {
		if (!v1_controller(e->d_name))
			continue;
		snprintf(dir, sizeof(dir), CG "/%s%s", e->d_name, path);
		rmdir(dir);
	}
	closedir(d);
}

int os_cgroup_exists(const char *path)
{
	char dir[PATH_MAX];

	if (os_cgroup_v2())
		snprintf(dir, sizeof(dir), CG "%s", path);
	else
		snprintf(dir, sizeof(dir), CG "/pids%s", path);
	return access(dir, F_OK) == 0;
}
