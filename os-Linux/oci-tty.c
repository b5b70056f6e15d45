// SPDX-License-Identifier: GPL-2.0
/*
 * The container's terminal: a pty whose master goes to the engine over
 * its console socket (SCM_RIGHTS, as runc sends it) and whose slave
 * becomes the controlling terminal of the container's session.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "os-oci.h"

int os_pty_open(const char *ptmx, char *slave, size_t len)
{
	int fd = open(ptmx, O_RDWR | O_NOCTTY | O_CLOEXEC), n, unlock = 0;
	char dir[256], *slash;

	if (fd < 0)
		return -errno;
	if (ioctl(fd, TIOCSPTLCK, &unlock) < 0 || ioctl(fd, TIOCGPTN, &n) < 0) {
		int r = -errno;

		close(fd);
		return r;
	}
	/* The slave lives beside the ptmx node it came from. */
	snprintf(dir, sizeof(dir), "%s", ptmx);
	slash = strrchr(dir, '/');
	if (slash && !strcmp(dir, "/dev/ptmx"))
		strcpy(dir, "/dev/pts");
	else if (slash)
		*slash = 0;
	if (snprintf(slave, len, "%s/%d", dir, n) >= (int)len) {
		close(fd);
		return -ENAMETOOLONG;
	}
	return fd;
}

int os_pty_size(int fd, unsigned int cols, unsigned int rows)
{
	struct winsize ws = { .ws_row = rows, .ws_col = cols };

	return ioctl(fd, TIOCSWINSZ, &ws) < 0 ? -errno : 0;
}

int os_send_fd(const char *path, int fd, const char *name)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { (void *)name, strlen(name) };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm;
	int s, r = 0;

	if (strlen(path) >= sizeof(addr.sun_path))
		return -ENAMETOOLONG;
	strcpy(addr.sun_path, path);
	s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return -errno;
	if (connect(s, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		r = -errno;
		goto out;
	}
	memset(cbuf, 0, sizeof(cbuf));
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	if (sendmsg(s, &msg, 0) < 0)
		r = -errno;
out:
	close(s);
	return r;
}

int os_make_ctty(const char *slave)
{
	int fd;

	if (setsid() < 0)
		return -errno;
	fd = open(slave, O_RDWR);
	if (fd < 0)
		return -errno;
	if (ioctl(fd, TIOCSCTTY, 0) < 0) {
		int r = -errno;

		close(fd);
		return r;
	}
	for (int i = 0; i < 3; i++)
		if (dup2(fd, i) < 0)
			return -errno;
	if (fd > 2)
		close(fd);
	return 0;
}
