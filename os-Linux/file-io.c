// SPDX-License-Identifier: GPL-2.0
/*
 * Files the monitor touches itself: the targets of the fake root's
 * chown/chmod/mknod (by their /proc/<tid>/... names, so that the guest's
 * cwd and descriptors resolve them), and its own data files.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "os.h"

int os_stat_path(const char *path, int follow, struct stat *st)
{
	if (fstatat(AT_FDCWD, path, st, follow ? 0 : AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	return 0;
}

int os_chmod_path(const char *path, unsigned int mode)
{
	return chmod(path, mode) < 0 ? -errno : 0;
}

int os_mknod_path(const char *path, unsigned int mode, unsigned long dev)
{
	return mknod(path, mode, dev) < 0 ? -errno : 0;
}

ssize_t os_read_file(const char *path, char **out)
{
	size_t len = 0, size = 4096;
	char *buf = malloc(size + 1);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0 || !buf) {
		n = fd < 0 ? -errno : -ENOMEM;
		free(buf);
		if (fd >= 0)
			close(fd);
		return n;
	}
	for (;;) {
		if (len == size) {
			char *nb = realloc(buf, 2 * size + 1);

			if (!nb) {
				n = -ENOMEM;
				break;
			}
			buf = nb;
			size *= 2;
		}
		n = read(fd, buf + len, size - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n < 0)
				n = -errno;
			break;
		}
		len += n;
	}
	close(fd);
	if (n < 0) {
		free(buf);
		return n;
	}
	buf[len] = 0;
	*out = buf;
	return len;
}

int os_replace_file(const char *path, const void *data, size_t len)
{
	char tmp[PATH_MAX];
	ssize_t n;
	int fd, r = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%d", path, (int)getpid()) >=
	    (int)sizeof(tmp))
		return -ENAMETOOLONG;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	n = os_write_full(fd, data, len);
	if (n < 0)
		r = (int)n;
	if (!r && fsync(fd) < 0)
		r = -errno;
	if (close(fd) < 0 && !r)
		r = -errno;
	if (!r && rename(tmp, path) < 0)
		r = -errno;
	if (r)
		unlink(tmp);
	return r;
}

void os_real_ids(uint32_t *uid, uint32_t *gid)
{
	*uid = getuid();
	*gid = getgid();
}

int os_can_replace(const char *path)
{
	char dir[PATH_MAX];
	char *slash;
	struct stat st;

	if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir))
		return -ENAMETOOLONG;
	slash = strrchr(dir, '/');
	if (!slash)
		strcpy(dir, ".");
	else if (slash == dir)
		dir[1] = 0;
	else
		*slash = 0;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return -EISDIR;
	return access(dir, W_OK | X_OK) < 0 ? -errno : 0;
}

int os_memfd_with(const char *name, const void *data, size_t len,
		  char *path, size_t plen)
{
	int fd = memfd_create(name, MFD_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = os_write_full(fd, data, len);
	if (n < 0) {
		close(fd);
		return (int)n;
	}
	snprintf(path, plen, "/proc/%d/fd/%d", (int)getpid(), fd);
	return fd;
}

int os_create_excl(const char *path, unsigned int mode, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		      O_CLOEXEC, mode);
	int r = fd < 0 || fstat(fd, st) < 0 ? -errno : 0;

	if (fd >= 0)
		close(fd);
	return r;
}

ssize_t os_read_full(int fd, void *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, (char *)buf + got, len - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		got += n;
	}
	return got;
}

ssize_t os_write_full(int fd, const void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(fd, (const char *)buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		done += n;
	}
	return done;
}
