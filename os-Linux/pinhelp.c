// SPDX-License-Identifier: GPL-2.0
/*
 * Pin helpers: processes that hold umvm's pinned directories for guest
 * threads whose credentials are not umvm's.
 *
 * umvm hands a guest the path /proc/<pid>/fd/N/name through a directory
 * it opened itself, so that the host starts from exactly the directory
 * umvm checked (arch-um/pin.c).  Two things go wrong when the guest has
 * other credentials than umvm (it called setuid, or dropped capabilities):
 * the host lets a process use another's /proc/<pid>/fd only when their
 * ids match and the other has no capability it lacks, so the guest cannot
 * use umvm's; and umvm's own lookup would pass directories that the
 * guest may not search.  So for each set of credentials (ids, groups,
 * effective capabilities) umvm starts a helper that has exactly those,
 * and the helper opens each path itself (openat2, RESOLVE_NO_SYMLINKS):
 * the host checks every directory as it would for the guest, and the
 * guest gets /proc/<helper>/fd/N/name.  A helper only opens, keeps and
 * closes descriptors; the guest cannot name it (/proc/<pid> of processes
 * outside the guest does not exist in a view) or signal it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include "os.h"
#include "proc-creds.h"

#define MAX_HELPERS	16

static struct helper {
	struct proc_creds c;
	pid_t pid;
	int sock;
} helpers[MAX_HELPERS];
static int n_helpers;

/* A request: open @path (O_PATH, no symlinks), or close @close_fd. */
struct pin_msg {
	int close_fd;
	int dir_only;
	char path[PATH_MAX];
};

/* Become @c: its filesystem ids, groups and exactly its capabilities. */
static int take_creds(const struct proc_creds *c)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2] = { { 0 } };

	d[0].effective = d[0].permitted = (uint32_t)c->cap_eff;
	d[1].effective = d[1].permitted = (uint32_t)(c->cap_eff >> 32);
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0 ||
	    setgroups(c->ngroups, c->groups) < 0 ||
	    setresgid(c->gid[3], c->gid[3], c->gid[3]) < 0 ||
	    setresuid(c->uid[3], c->uid[3], c->uid[3]) < 0 ||
	    syscall(SYS_capset, &h, d) < 0)
		return -1;
	/* Its /proc/<pid>/fd must be open to the guest. */
	return prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
}

/* A request, and with it the directory it starts at (-1: none came). */
static ssize_t recv_request(int sock, struct pin_msg *m, int *anchor)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { m, sizeof(*m) };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *cm;
	ssize_t n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);

	*anchor = -1;
	cm = n > 0 ? CMSG_FIRSTHDR(&msg) : NULL;
	if (cm && cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS &&
	    cm->cmsg_len == CMSG_LEN(sizeof(int)))
		memcpy(anchor, CMSG_DATA(cm), sizeof(int));
	return n;
}

static void helper_main(int sock, const struct proc_creds *c)
{
	static struct pin_msg m;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (take_creds(c) < 0)
		_exit(1);
	for (;;) {
		int anchor, fd = -EPROTO;
		ssize_t n = recv_request(sock, &m, &anchor);

		if (n == 0)
			_exit(0);
		if (n == sizeof(m) && m.close_fd >= 0 && anchor < 0) {
			if (m.close_fd != sock)
				close(m.close_fd);
			continue;
		}
		m.path[sizeof(m.path) - 1] = 0;
		/* The host checks each directory from the anchor down. */
		if (n == sizeof(m) && anchor >= 0)
			fd = os_pin_beneath(anchor, m.path, m.dir_only);
		if (anchor >= 0)
			close(anchor);
		if (fd == sock)
			fd = -EBADF;
		if (write(sock, &fd, sizeof(fd)) != sizeof(fd))
			_exit(1);
	}
}

/* One helper serves both: the same filesystem ids, groups, capabilities. */
static int same_helper(const struct proc_creds *a, const struct proc_creds *b)
{
	return a->uid[3] == b->uid[3] && a->gid[3] == b->gid[3] &&
	       a->cap_eff == b->cap_eff && a->ngroups == b->ngroups &&
	       !memcmp(a->groups, b->groups, a->ngroups * sizeof(gid_t));
}

static struct helper *helper_for(const struct proc_creds *c)
{
	struct helper *h;
	int sv[2];
	pid_t pid;

	for (int i = 0; i < n_helpers; i++)
		if (same_helper(&helpers[i].c, c))
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
		helper_main(sv[1], c);
	}
	close(sv[1]);
	h = &helpers[n_helpers++];
	*h = (struct helper){ *c, pid, sv[0] };
	return h;
}

/*
 * Which helpers serve which thread, so that a thread's credentials are
 * read once, not at every pin: direct-mapped by tid (a collision only
 * costs a read); an entry goes when its thread's credentials may have
 * changed or the thread is gone (os_pin_creds_changed()).  [0]: the
 * helper for most calls, [1]: for the access() family's checks.
 */
#define TID_CACHE	256
static struct {
	pid_t tid;
	signed char helper[2];	/* index in helpers[], or -1 */
} tid_cache[TID_CACHE];

void os_pin_creds_changed(pid_t tid)
{
	if (tid_cache[tid % TID_CACHE].tid == tid)
		tid_cache[tid % TID_CACHE].tid = 0;
}

/*
 * access() checks with the real ids and, for a real root, the permitted
 * capabilities (none for anyone else), as the kernel's access_override_
 * creds() does (a thread with SECBIT_NO_SETUID_FIXUP is not modelled).
 */
static void access_creds(struct proc_creds *c)
{
	c->uid[3] = c->uid[0];
	c->gid[3] = c->gid[0];
	c->cap_eff = c->uid[0] == 0 ? c->cap_prm : 0;
}

static struct helper *helper_of(pid_t tid, int real_ids)
{
	struct proc_creds c;
	struct helper *h;
	int slot = tid % TID_CACHE;

	if (tid_cache[slot].tid != tid)
		tid_cache[slot] = (typeof(tid_cache[0])){ tid, { -1, -1 } };
	else if (tid_cache[slot].helper[real_ids] >= 0)
		return &helpers[(int)tid_cache[slot].helper[real_ids]];
	if (proc_creds_read(tid, &c) < 0)
		return NULL;
	if (real_ids)
		access_creds(&c);
	h = helper_for(&c);
	if (h)
		tid_cache[slot].helper[real_ids] = (signed char)(h - helpers);
	return h;
}

int os_pin_as(pid_t tid, int anchor, const char *rel, int dir_only,
	      int real_ids, pid_t *holder)
{
	static struct pin_msg m;
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { &m, sizeof(m) };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
	struct helper *h = helper_of(tid, !!real_ids);
	int theirs;

	if (!h)
		return -EAGAIN;
	if (strlen(rel) >= sizeof(m.path))
		return -ENAMETOOLONG;
	m.close_fd = -1;
	m.dir_only = dir_only;
	strcpy(m.path, rel);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &anchor, sizeof(int));
	if (sendmsg(h->sock, &msg, MSG_NOSIGNAL) != sizeof(m) ||
	    read(h->sock, &theirs, sizeof(theirs)) != sizeof(theirs))
		return -EIO;	/* the helper could not take the credentials */
	if (theirs < 0)
		return theirs;
	*holder = h->pid;
	return theirs;
}

void os_unpin_for(pid_t holder, int fd)
{
	static struct pin_msg m;

	m.close_fd = fd;
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
	memset(tid_cache, 0, sizeof(tid_cache));
}
