// SPDX-License-Identifier: GPL-2.0
/*
 * Pin helpers: processes that hold umvm's pinned directories for guests
 * running as another user than umvm.
 *
 * umvm hands a guest the path /proc/<pid>/fd/N/name through a directory
 * it opened itself, so that the host starts from exactly the directory
 * umvm checked (view.c).  The host lets a process use another's
 * /proc/<pid>/fd only when their ids match, so a guest that became
 * another user (umvm runs as root and the guest called setuid) cannot use
 * umvm's own.  For each such (fsuid, fsgid) umvm starts a helper running
 * as exactly that user, sends it each directory (SCM_RIGHTS) and hands
 * the guest /proc/<helper>/fd/N/name.  A helper only receives, keeps and
 * closes descriptors; the guest cannot name it (/proc/<pid> of processes
 * outside the guest does not exist in a view) or signal it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include "os.h"

#define MAX_HELPERS	16

static struct helper {
	uint32_t uid, gid;
	pid_t pid;
	int sock;
} helpers[MAX_HELPERS];
static int n_helpers;

/* A request: an fd to keep (with SCM_RIGHTS, close_fd -1) or to close. */
struct pin_msg {
	int close_fd;
};

static void helper_main(int sock, uint32_t uid, uint32_t gid)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (setgroups(0, NULL) < 0 || setresgid(gid, gid, gid) < 0 ||
	    setresuid(uid, uid, uid) < 0)
		_exit(1);
	/* Its /proc/<pid>/fd must be open to processes of its user. */
	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	for (;;) {
		struct pin_msg m;
		char cbuf[CMSG_SPACE(sizeof(int))];
		struct iovec iov = { &m, sizeof(m) };
		struct msghdr mh = {
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
		};
		struct cmsghdr *c;
		int fd = -1;
		ssize_t n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);

		if (n == 0)
			_exit(0);
		if (n != sizeof(m))
			continue;
		if (m.close_fd >= 0 && m.close_fd != sock) {
			close(m.close_fd);
			continue;
		}
		c = CMSG_FIRSTHDR(&mh);
		if (c && c->cmsg_type == SCM_RIGHTS)
			memcpy(&fd, CMSG_DATA(c), sizeof(fd));
		if (write(sock, &fd, sizeof(fd)) != sizeof(fd))
			_exit(1);
	}
}

static struct helper *helper_for(uint32_t uid, uint32_t gid)
{
	struct helper *h;
	int sv[2];
	pid_t pid;

	for (int i = 0; i < n_helpers; i++)
		if (helpers[i].uid == uid && helpers[i].gid == gid)
			return &helpers[i];
	if (n_helpers == MAX_HELPERS)
		return NULL;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return NULL;
	pid = fork();
	if (pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return NULL;
	}
	if (pid == 0) {
		/* Nothing of umvm's but the socket stays open. */
		close(sv[0]);
		close_range(0, sv[1] - 1, 0);
		close_range(sv[1] + 1, ~0U, 0);
		helper_main(sv[1], uid, gid);
	}
	close(sv[1]);
	h = &helpers[n_helpers++];
	*h = (struct helper){ uid, gid, pid, sv[0] };
	return h;
}

int os_pin_for(uint32_t uid, uint32_t gid, int fd, pid_t *holder)
{
	struct helper *h = helper_for(uid, gid);
	struct pin_msg m = { -1 };
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &m, sizeof(m) };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	int theirs;

	if (!h)
		return -EAGAIN;
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(fd));
	if (sendmsg(h->sock, &mh, MSG_NOSIGNAL) != sizeof(m) ||
	    read(h->sock, &theirs, sizeof(theirs)) != sizeof(theirs))
		return -EIO;
	if (theirs < 0)
		return -EIO;
	*holder = h->pid;
	return theirs;
}

void os_unpin_for(pid_t holder, int fd)
{
	struct pin_msg m = { fd };

	for (int i = 0; i < n_helpers; i++)
		if (helpers[i].pid == holder) {
			send(helpers[i].sock, &m, sizeof(m), MSG_NOSIGNAL);
			return;
		}
}

void os_pin_helpers_end(void)
{
	/* A helper ends when its socket closes; umvm's wait reaps it. */
	for (int i = 0; i < n_helpers; i++)
		close(helpers[i].sock);
	n_helpers = 0;
}
