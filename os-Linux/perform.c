// SPDX-License-Identifier: GPL-2.0
/*
 * Calls the monitor makes itself for a guest thread, so that the guest's
 * call needs no second stop (arch-um/perform.c decides when that is the
 * same as the host doing it): stat, statx and access on a directory umvm
 * holds, or on one of the guest's own descriptors.  Whether a thread's
 * credentials are umvm's own is proc-creds.c's.
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
	int r = proc_fd_link(tid, fd, p, sizeof(p));

	if (r < 0)
		return r;
	flags &= ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH);
	return fstatat(AT_FDCWD, p, st, flags) < 0 ? fd_errno(fd, errno) : 0;
}

int os_perform_fd_statx(pid_t tid, int fd, int flags, unsigned int mask,
			void *stx)
{
	char p[64];
	int r = proc_fd_link(tid, fd, p, sizeof(p));

	if (r < 0)
		return r;
	flags &= ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH);
	return syscall(SYS_statx, AT_FDCWD, p, flags, mask, stx) < 0 ?
	       fd_errno(fd, errno) : 0;
}
