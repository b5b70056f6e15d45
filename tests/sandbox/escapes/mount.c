// SPDX-License-Identifier: GPL-2.0
/*
 * Mounts: in a mount namespace of its own (and a user namespace when not
 * root), bind the hidden file's directory, named by its host path, onto
 * a directory of the view: with mount(2), and with the mount API
 * (open_tree + move_mount), whose paths a monitor must see too.
 *   usage: mount DIR   (DIR: an empty directory of the view)
 */
#include <sched.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include "escape.h"

#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE		1
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH	0x00000004
#endif

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);

	if (fd >= 0) {
		if (write(fd, text, strlen(text)) < 0)
			(void)0;
		close(fd);
	}
}

int main(int argc, char **argv)
{
	char dir[4096], in[8192], map[64];
	const char *secret = env("SECRET"), *slash;
	uid_t uid = getuid();
	gid_t gid = getgid();
	int tree;

	if (argc != 2)
		return 2;
	slash = strrchr(secret, '/');
	snprintf(dir, sizeof(dir), "%.*s", (int)(slash - secret), secret);
	snprintf(in, sizeof(in), "%s%s", argv[1], slash);
	if (unshare(CLONE_NEWNS | (uid ? CLONE_NEWUSER : 0)) < 0)
		blocked("unshare: %s", strerror(errno));
	if (uid) {
		write_file("/proc/self/setgroups", "deny");
		snprintf(map, sizeof(map), "0 %d 1", (int)uid);
		write_file("/proc/self/uid_map", map);
		snprintf(map, sizeof(map), "0 %d 1", (int)gid);
		write_file("/proc/self/gid_map", map);
	}
	mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
	if (mount(dir, argv[1], NULL, MS_BIND, NULL) == 0 &&
	    is_secret(open(in, O_RDONLY)))
		escaped("mount --bind of a host directory");
	tree = syscall(SYS_open_tree, AT_FDCWD, dir, OPEN_TREE_CLONE);
	if (tree >= 0 && syscall(SYS_move_mount, tree, "", AT_FDCWD, argv[1],
				 MOVE_MOUNT_F_EMPTY_PATH) == 0 &&
	    is_secret(open(in, O_RDONLY)))
		escaped("open_tree + move_mount of a host directory");
	blocked("no mount showed the hidden file: %s", strerror(errno));
}
