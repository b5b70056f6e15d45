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
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/openat2.h>
#include "os.h"
#include "proc-status.h"

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

/* openat2 with no symlink on the way, O_PATH; @beneath: under @dirfd. */
static int open_nolinks_at(int dirfd, const char *path, int dir_only,
			   int follow_last, int beneath)
{
	struct open_how how = {
		.flags = O_PATH | O_CLOEXEC | (follow_last ? 0 : O_NOFOLLOW) |
			 (dir_only ? O_DIRECTORY : 0),
		.resolve = RESOLVE_NO_SYMLINKS |
			   (beneath ? RESOLVE_BENEATH : 0),
	};
	long fd = syscall(SYS_openat2, dirfd, path, &how, sizeof(how));

	return fd < 0 ? -errno : (int)fd;
}

int os_open_nolinks(const char *path, int dir_only, int follow_last)
{
	return open_nolinks_at(AT_FDCWD, path, dir_only, follow_last, 0);
}

int os_pin_path(const char *path, int dir_only)
{
	return open_nolinks_at(AT_FDCWD, path, dir_only, 0, 0);
}

int os_pin_beneath(int dirfd, const char *rel, int dir_only)
{
	return open_nolinks_at(dirfd, rel, dir_only, 0, 1);
}

int os_open_guest_dir(pid_t tid, int dirfd, char *host, size_t len)
{
	char link[64];
	ssize_t n;
	int fd;

	fd = proc_fd_link(tid, dirfd, link, sizeof(link));
	if (fd < 0)
		return fd;
	fd = open(link, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, host, len - 1);
	if (n <= 0 || host[0] != '/') {
		close(fd);
		return n < 0 ? -errno : -ENOENT;
	}
	host[n] = 0;
	return fd;
}

/*
 * Pins are let go of in batches: each call's is closed with up to 31
 * others, by one close_range() per run of consecutive numbers (the host
 * hands out the lowest free ones, so a batch is mostly one run).  Only
 * umvm holds them, O_PATH and close-on-exec.
 */
#define UNPIN_BATCH	32
static int unpinned[UNPIN_BATCH];
static int n_unpinned;

static int by_number(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static void unpin_batch(void)
{
	qsort(unpinned, n_unpinned, sizeof(int), by_number);
	for (int i = 0; i < n_unpinned; ) {
		int j = i;

		while (j + 1 < n_unpinned && unpinned[j + 1] == unpinned[j] + 1)
			j++;
		if (syscall(SYS_close_range, unpinned[i], unpinned[j], 0) < 0)
			for (int k = i; k <= j; k++)
				close(unpinned[k]);
		i = j + 1;
	}
	n_unpinned = 0;
}

void os_unpin(int fd)
{
	unpinned[n_unpinned++] = fd;
	if (n_unpinned == UNPIN_BATCH)
		unpin_batch();
}

int os_pinned_path(pid_t holder, int fd, const char *name, char *out,
		   size_t len)
{
	static pid_t self;
	int n;

	if (!self)
		self = getpid();
	n = snprintf(out, len, "/proc/%d/fd/%d%s%s",
		     (int)(holder ? holder : self), fd,
		     name ? "/" : "", name ? name : "");
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int os_can_pin(void)
{
	int fd = os_pin_path("/", 1);

	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

int os_tracer_of(pid_t pid)
{
	char line[256];
	int tracer = -ESRCH;
	FILE *f;

	f = proc_status_open(pid);
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "TracerPid: %d", &tracer) == 1)
			break;
	fclose(f);
	return tracer;
}

int os_same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	if (stat(a, &sa) < 0 || stat(b, &sb) < 0)
		return 0;
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int os_same_dev(const char *a, const char *b)
{
	struct stat sa, sb;

	if (stat(a, &sa) < 0 || stat(b, &sb) < 0)
		return -errno;
	return sa.st_dev == sb.st_dev;
}

int os_realpath(const char *path, char *out)
{
	return realpath(path, out) ? 0 : -errno;
}

int os_getcwd(char *buf, size_t len)
{
	return getcwd(buf, len) ? 0 : -errno;
}

int os_unlink(const char *path)
{
	return unlink(path) < 0 ? -errno : 0;
}

int os_open_stream(const char *path, FILE **f)
{
	*f = fopen(path, "we");
	return *f ? 0 : -errno;
}
