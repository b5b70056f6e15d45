// SPDX-License-Identifier: GPL-2.0
/*
 * Calls the monitor makes itself for a guest thread, so that the guest's
 * call needs no second stop (arch-um/perform.c decides when that is the
 * same as the host doing it): stat, statx and access on a directory umvm
 * holds, or on one of the guest's own descriptors; and the test that a
 * thread's credentials are umvm's own.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "os.h"
#include "proc-status.h"

#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH	0x1000
#endif

/*
 * Where @tid's descriptor @fd (AT_FDCWD: its working directory) is seen
 * from the monitor: its /proc link, which leads to the open file itself
 * (a pipe, a socket, a deleted file, an O_PATH symlink) as fstat would.
 */
static int fd_link(pid_t tid, int fd, char *out, size_t len)
{
	if (fd == AT_FDCWD)
		snprintf(out, len, "/proc/%d/cwd", (int)tid);
	else if (fd >= 0)
		snprintf(out, len, "/proc/%d/fd/%d", (int)tid, fd);
	else
		return -EBADF;
	return 0;
}

/* A missing link is a closed descriptor, as the guest's call would say. */
static int fd_errno(int fd, int err)
{
	return err == ENOENT && fd != AT_FDCWD ? -EBADF : -err;
}

/* The flags for a call on @dirfd's @name: "" is the file dirfd holds. */
static int at_flags(const char *name, int flags)
{
	return *name ? flags : flags | AT_EMPTY_PATH;
}

int os_perform_stat(int dirfd, const char *name, int flags, void *st)
{
	return fstatat(dirfd, name, st, at_flags(name, flags)) < 0 ? -errno :
	       0;
}

int os_perform_statx(int dirfd, const char *name, int flags,
		     unsigned int mask, void *stx)
{
	return syscall(SYS_statx, dirfd, name, at_flags(name, flags), mask,
		       stx) < 0 ? -errno : 0;
}

int os_perform_access(int dirfd, const char *name, int mode, int flags)
{
	return syscall(SYS_faccessat2, dirfd, name, mode,
		       at_flags(name, flags)) < 0 ? -errno : 0;
}

ssize_t os_perform_readlink(int dirfd, const char *name, char *buf,
			    size_t len)
{
	ssize_t n = readlinkat(dirfd, name, buf, len);

	return n < 0 ? -errno : n;
}

/*
 * The same of @tid's descriptor: the link is followed whatever the
 * guest's AT_SYMLINK_NOFOLLOW said, which for an empty path is about
 * the descriptor's file itself, never a name.
 */
int os_perform_fd_stat(pid_t tid, int fd, int flags, void *st)
{
	char p[64];
	int r = fd_link(tid, fd, p, sizeof(p));

	if (r < 0)
		return r;
	flags &= ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH);
	return fstatat(AT_FDCWD, p, st, flags) < 0 ? fd_errno(fd, errno) : 0;
}

int os_perform_fd_statx(pid_t tid, int fd, int flags, unsigned int mask,
			void *stx)
{
	char p[64];
	int r = fd_link(tid, fd, p, sizeof(p));

	if (r < 0)
		return r;
	flags &= ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH);
	return syscall(SYS_statx, AT_FDCWD, p, flags, mask, stx) < 0 ?
	       fd_errno(fd, errno) : 0;
}

/* The lines of /proc/<tid>/status that decide what a thread may do. */
static int cred_lines(pid_t tid, char *out, size_t len)
{
	static const char *const keys[] = {
		"Uid:", "Gid:", "Groups:", "CapEff:", "CapPrm:", "CapAmb:",
	};
	FILE *f = proc_status_open(tid);
	char line[512];
	size_t used = 0;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		size_t n = strlen(line);

		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			if (strncmp(line, keys[k], strlen(keys[k])))
				continue;
			if (used + n + 1 > len) {
				fclose(f);
				return -ENAMETOOLONG;
			}
			memcpy(out + used, line, n + 1);
			used += n;
		}
	}
	fclose(f);
	return used ? 0 : -EPROTO;
}

/* A /proc/<pid>/ link (ns/user) or file (attr/current), as text. */
static int proc_text(pid_t tid, const char *what, int link, char *out,
		     size_t len)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)tid, what);
	if (link) {
		n = readlink(path, out, len - 1);
	} else {
		/* No LSM: no file, or one that cannot be read. */
		fd = open(path, O_RDONLY | O_CLOEXEC);
		n = fd < 0 ? -1 : read(fd, out, len - 1);
		if (fd >= 0)
			close(fd);
		if (n < 0 && (errno == ENOENT || errno == EINVAL))
			n = 0;
	}
	if (n < 0)
		return -errno;
	out[n] = 0;
	return 0;
}

/* What os_same_creds() compares, read from /proc/<tid>/ into @out. */
#define CRED_PARTS	3
static int read_creds(pid_t tid, char out[CRED_PARTS][2048])
{
	int r = cred_lines(tid, out[0], sizeof(out[0]));

	if (r == 0)	/* capabilities are per user namespace */
		r = proc_text(tid, "ns/user", 1, out[1], sizeof(out[1]));
	if (r == 0)	/* the LSM's label, where there is one */
		r = proc_text(tid, "attr/current", 0, out[2], sizeof(out[2]));
	return r;
}

int os_same_creds(pid_t tid)
{
	/* umvm's own do not change while it runs: read once. */
	static char mine[CRED_PARTS][2048];
	static int have_mine;
	char theirs[CRED_PARTS][2048];
	int r;

	if (!have_mine) {
		r = read_creds((pid_t)syscall(SYS_gettid), mine);
		if (r < 0)
			return r;
		have_mine = 1;
	}
	r = read_creds(tid, theirs);
	if (r < 0)
		return r;
	for (int i = 0; i < CRED_PARTS; i++)
		if (strcmp(mine[i], theirs[i]))
			return 0;
	return 1;
}
