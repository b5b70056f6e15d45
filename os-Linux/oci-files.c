// SPDX-License-Identifier: GPL-2.0
/*
 * The OCI runtime's files: state directories, their locks, the FIFO a
 * created container waits on, and the small files of cgroups and sysctl.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include "os-oci.h"

int os_mkdir(const char *path, unsigned int mode)
{
	return mkdir(path, mode) < 0 ? -errno : 0;
}

int os_mkdir_p(const char *path, unsigned int mode)
{
	char p[PATH_MAX];
	struct stat st;

	if (snprintf(p, sizeof(p), "%s", path) >= (int)sizeof(p))
		return -ENAMETOOLONG;
	for (char *s = p + 1; ; s++) {
		if (*s != '/' && *s)
			continue;
		char c = *s;

		*s = 0;
		if (mkdir(p, mode) < 0 && errno != EEXIST)
			return -errno;
		*s = c;
		if (!c)
			break;
	}
	if (stat(path, &st) < 0)
		return -errno;
	return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
}

int os_touch(const char *path, unsigned int mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, mode);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

int os_symlink(const char *target, const char *path)
{
	return symlink(target, path) < 0 ? -errno : 0;
}

int os_chmod(const char *path, unsigned int mode)
{
	return chmod(path, mode) < 0 ? -errno : 0;
}

/*
 * A directory stream on @fd, which it takes over (closed when no stream
 * comes); NULL with errno set then, or when @fd is -1 (a failed open).
 */
static DIR *dir_stream(int fd)
{
	DIR *d;
	int err;

	if (fd < 0)
		return NULL;
	d = fdopendir(fd);
	if (!d) {
		err = errno;
		close(fd);
		errno = err;
	}
	return d;
}

/* The next entry of @d but "." and "..", or NULL at the end. */
static struct dirent *next_entry(DIR *d)
{
	struct dirent *e;

	while ((e = readdir(d)) &&
	       (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")))
		;
	return e;
}

static int remove_at(int dirfd, const char *name, dev_t dev)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	int fd, r = 0;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISDIR(st.st_mode))
		return unlinkat(dirfd, name, 0) < 0 ? -errno : 0;
	if (st.st_dev != dev)
		return -EBUSY;	/* a mount point: never cross it */
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
	d = dir_stream(fd);
	if (!d)
		return -errno;
	while ((e = next_entry(d))) {
		int rr = remove_at(fd, e->d_name, dev);

		if (rr < 0 && !r)
			r = rr;
	}
	closedir(d);
	if (unlinkat(dirfd, name, AT_REMOVEDIR) < 0 && !r)
		r = -errno;
	return r;
}

int os_remove_tree(const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -errno;
	return remove_at(AT_FDCWD, path, st.st_dev);
}

int os_write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), r = 0;
	size_t len = strlen(text);

	if (fd < 0)
		return -errno;
	if (write(fd, text, len) != (ssize_t)len)
		r = -errno;
	if (close(fd) < 0 && !r)
		r = -errno;
	return r;
}

int os_list_dir(const char *path, void (*fn)(const char *name, void *arg),
		void *arg)
{
	DIR *d = opendir(path);
	struct dirent *e;

	if (!d)
		return -errno;
	while ((e = next_entry(d)))
		fn(e->d_name, arg);
	closedir(d);
	return 0;
}

int os_lock_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	while (flock(fd, LOCK_EX) < 0) {
		int r = -errno;

		if (r != -EINTR) {
			close(fd);
			return r;
		}
	}
	return fd;
}

void os_close(int fd)
{
	if (fd >= 0)
		close(fd);
}

int os_mkfifo(const char *path)
{
	return mkfifo(path, 0600) < 0 ? -errno : 0;
}

int os_fifo_open(const char *path)
{
	/* Read and write: the open never blocks, and the FIFO has a reader
	 * from now on, so 'start' can never find nobody there. */
	int fd = open(path, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int os_fifo_wait(int fd)
{
	char c;
	ssize_t n;

	do
		n = read(fd, &c, 1);
	while (n < 0 && errno == EINTR);
	return n == 1 ? 0 : n < 0 ? -errno : -EPIPE;
}

int os_fifo_release(const char *path)
{
	int fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC), r = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, "s", 1) != 1)
		r = -errno;
	close(fd);
	return r;
}

void os_rfc3339(char *out, size_t len)
{
	struct timespec ts;
	struct tm tm;
	char base[40];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, len, "%s.%09ldZ", base, ts.tv_nsec);
}

int os_open_append(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);

	return fd < 0 ? -errno : fd;
}

int os_append_text(const char *path, const char *text)
{
	int fd = os_open_append(path), r = 0;
	size_t len = strlen(text);

	if (fd < 0)
		return fd;
	if (write(fd, text, len) != (ssize_t)len)
		r = -errno;
	close(fd);
	return r;
}

static int copy_file(int sfd, int dfd, const char *name, const struct stat *st)
{
	char buf[65536];
	int in, out, r = 0;
	ssize_t n;

	in = openat(sfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (in < 0)
		return -errno;
	out = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		     O_CLOEXEC, st->st_mode & 07777);
	if (out < 0) {
		r = -errno;
		close(in);
		return r;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n) {
			r = -EIO;
			break;
		}
	if (n < 0)
		r = -errno;
	if (fchown(out, st->st_uid, st->st_gid) < 0 && !r && errno != EPERM)
		r = -errno;
	fchmod(out, st->st_mode & 07777);
	close(in);
	close(out);
	return r;
}

static int copy_dir(int sfd, int dfd, int depth)
{
	DIR *d;
	struct dirent *e;
	int r = 0;

	if (depth > 64)
		return -ELOOP;
	/* a stream of its own: closedir() must leave @sfd open */
	d = dir_stream(fcntl(sfd, F_DUPFD_CLOEXEC, 0));
	if (!d)
		return -errno;
	while ((e = next_entry(d)) && !r) {
		struct stat st;
		char target[PATH_MAX];
		ssize_t n;

		if (fstatat(sfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			int s2, d2;

			if (mkdirat(dfd, e->d_name, st.st_mode & 07777) < 0 &&
			    errno != EEXIST)
				r = -errno;
			s2 = openat(sfd, e->d_name, O_RDONLY | O_DIRECTORY |
				    O_NOFOLLOW | O_CLOEXEC);
			d2 = openat(dfd, e->d_name, O_RDONLY | O_DIRECTORY |
				    O_NOFOLLOW | O_CLOEXEC);
			if (s2 >= 0 && d2 >= 0 && !r)
				r = copy_dir(s2, d2, depth + 1);
			if (d2 >= 0 && fchown(d2, st.st_uid, st.st_gid) < 0)
				(void)0;	/* unprivileged: our own */
			if (s2 >= 0)
				close(s2);
			if (d2 >= 0)
				close(d2);
		} else if (S_ISLNK(st.st_mode)) {
			n = readlinkat(sfd, e->d_name, target,
				       sizeof(target) - 1);
			if (n >= 0) {
				target[n] = 0;
				if (symlinkat(target, dfd, e->d_name) < 0)
					r = -errno;
			}
		} else if (S_ISREG(st.st_mode)) {
			r = copy_file(sfd, dfd, e->d_name, &st);
		}
	}
	closedir(d);
	return r;
}

int os_copy_tree(const char *src, const char *dst)
{
	int s = open(src, O_RDONLY | O_DIRECTORY | O_CLOEXEC), d, r;

	if (s < 0)
		return errno == ENOENT || errno == ENOTDIR ? 0 : -errno;
	d = open(dst, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d < 0) {
		r = -errno;
		close(s);
		return r;
	}
	r = copy_dir(s, d, 0);
	close(s);
	close(d);
	return r;
}
