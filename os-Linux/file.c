// SPDX-License-Identifier: GPL-2.0
/*
 * Host files as the monitor itself sees them: what the path views need
 * to resolve a guest path (links, kinds, the first bytes of a program).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/stat.h>
#include "os.h"

ssize_t os_readlink(const char *path, char *buf, size_t len)
{
	ssize_t n;

	if (len == 0)
		return -ENAMETOOLONG;
	n = readlink(path, buf, len - 1);
	if (n < 0)
		return -errno;
	if ((size_t)n == len - 1)
		return -ENAMETOOLONG;
	buf[n] = 0;
	return n;
}

ssize_t os_proc_link(pid_t tid, const char *what, char *buf, size_t len)
{
	char p[64];

	snprintf(p, sizeof(p), "/proc/%d/%s", (int)tid, what);
	return os_readlink(p, buf, len);
}

int os_file_kind(const char *path, int follow)
{
	struct stat st;

	if ((follow ? stat(path, &st) : lstat(path, &st)) < 0)
		return -errno;
	return (int)(st.st_mode & S_IFMT);
}

int os_check_exec(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EACCES;
	if (access(path, X_OK) < 0)
		return -errno;
	return 0;
}

ssize_t os_read_head(const char *path, void *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = pread(fd, buf, len, 0);
	if (n < 0)
		n = -errno;
	close(fd);
	return n;
}

ssize_t os_read_at(const char *path, void *buf, size_t len, off_t off)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = pread(fd, buf, len, off);
	if (n < 0)
		n = -errno;
	close(fd);
	return n;
}
