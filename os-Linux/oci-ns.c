// SPDX-License-Identifier: GPL-2.0
/*
 * What only root can give a container: namespaces, mounts in its own
 * mount namespace, limits above the current ones, the capability
 * bounding set and other users' ids.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdio.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>
#include <linux/capability.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include "os-oci.h"

int os_unshare(int flags)
{
	return unshare(flags) < 0 ? -errno : 0;
}

/* Join @flags of the namespaces @fd names (-1: errno says why); closes @fd. */
static int setns_close(int fd, int flags)
{
	int r = fd < 0 || setns(fd, flags) < 0 ? -errno : 0;

	if (fd >= 0)
		close(fd);
	return r;
}

int os_setns_path(const char *path, int flag)
{
	return setns_close(open(path, O_RDONLY | O_CLOEXEC), flag);
}

int os_setns_pid(pid_t pid, int flags)
{
	return setns_close((int)syscall(SYS_pidfd_open, pid, 0), flags);
}

int os_sethostname(const char *name)
{
	return sethostname(name, strlen(name)) < 0 ? -errno : 0;
}

int os_mount_private(void)
{
	return mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ?
	       -errno : 0;
}

int os_mount_fs(const char *type, const char *target, const char *data,
		int ro)
{
	unsigned long flags = MS_NOSUID | (ro ? MS_RDONLY : 0);

	/* devpts holds the ptmx node: nodev would make it unusable. */
	if (strcmp(type, "devpts"))
		flags |= MS_NODEV;
	if (strcmp(type, "tmpfs"))
		flags |= MS_NOEXEC;
	return mount(type, target, type, flags, data) < 0 ? -errno : 0;
}

int os_bind_readonly(const char *path)
{
	if (mount(path, path, NULL, MS_BIND | MS_REC, NULL) < 0)
		return -errno;
	if (mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL) < 0)
		return -errno;
	return 0;
}

int os_setrlimit(int resource, unsigned long long soft,
		 unsigned long long hard)
{
	struct rlimit rl = { soft, hard };

	return setrlimit(resource, &rl) < 0 ? -errno : 0;
}

unsigned long long os_rlimit_hard(int resource)
{
	struct rlimit rl;

	if (getrlimit(resource, &rl) < 0)
		return 0;
	return rl.rlim_max;
}

int os_cap_bound(uint64_t keep)
{
	for (int cap = 0; cap <= 63; cap++) {
		if (keep & (1ULL << cap))
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0) {
			if (errno == EINVAL)
				break;	/* past the host's last capability */
			return -errno;
		}
	}
	return 0;
}

int os_no_new_privs(void)
{
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ? -errno : 0;
}

int os_set_ids(uint32_t uid, uint32_t gid, int ngids, const uint32_t *gids)
{
	gid_t g[64];

	for (int i = 0; i < ngids && i < 64; i++)
		g[i] = gids[i];
	if (setgroups(ngids < 64 ? ngids : 64, g) < 0)
		return -errno;
	if (setresgid(gid, gid, gid) < 0)
		return -errno;
	if (setresuid(uid, uid, uid) < 0)
		return -errno;
	return 0;
}

int os_cap_set(uint64_t caps)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	memset(d, 0, sizeof(d));
	for (int i = 0; i < 2; i++) {
		d[i].effective = (uint32_t)(caps >> (32 * i));
		d[i].permitted = d[i].effective;
	}
	if (syscall(SYS_capset, &h, d) < 0)
		return -errno;
	return 0;
}

int os_dumpable(void)
{
	return prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0 ? -errno : 0;
}

int os_bind(const char *src, const char *dst)
{
	return mount(src, dst, NULL, MS_BIND | MS_REC, NULL) < 0 ? -errno : 0;
}

int os_remount_readonly(const char *dir, const char *name)
{
	char path[PATH_MAX];

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    sizeof(path))
		return -ENAMETOOLONG;
	if (mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL) < 0)
		return -errno;
	return 0;
}
