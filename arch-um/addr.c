// SPDX-License-Identifier: GPL-2.0
/*
 * Socket addresses inside a path view.  An AF_UNIX address names a file,
 * which is resolved in the view like any path; and every address the
 * host reads from guest memory (bind, connect, sendto, sendmsg,
 * sendmmsg) is handed over as umvm's copy in the scratch window, so no
 * guest thread can change it between umvm's check and the host's read
 * (another family turned into AF_UNIX, another path).  Names the host
 * writes back (getsockname, getpeername, accept, recvfrom, recvmsg) are
 * mapped back into the view.
 *
 * Lengths are read as the host reads them: an int, so the upper half of
 * the register counts for nothing; negative or longer than a
 * sockaddr_storage fails (EINVAL) without the host reading the address.
 *
 * bind() gets a path through a directory umvm holds open (view_pin), and
 * the host keeps that path as the socket's name; umvm keeps the directory
 * open (up to BOUND_MAX of them) and shows the name the guest gave.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include "dispatch.h"
#include "personality.h"
#include "scratch.h"
#include "view.h"
#include "os.h"
#include "umvm.h"

#define BOUND_MAX	256

/* The names of a socket being bound (hook_state). */
struct binding {
	char host[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char guest[sizeof(((struct sockaddr_un *)0)->sun_path) + 1];
};

/* Names of bound sockets: the host's (a pinned path) and the guest's. */
static struct bound {
	char *host, *guest;
	pid_t holder;
	int fd;
} bound[BOUND_MAX];
static int bound_next;

static void bound_add(pid_t holder, int fd, const char *host,
		      const char *guest)
{
	struct bound *b = &bound[bound_next++ % BOUND_MAX];

	if (b->host) {
		view_unpin_one(b->holder, b->fd);
		free(b->host);
		free(b->guest);
	}
	b->host = strdup(host);
	b->guest = strdup(guest);
	b->holder = holder;
	b->fd = fd;
}

static const char *bound_guest(const char *host)
{
	for (int i = 0; i < BOUND_MAX; i++)
		if (bound[i].host && !strcmp(bound[i].host, host))
			return bound[i].guest;
	return NULL;
}

/*
 * The address of @len bytes at guest @addr as the host should get it, in
 * scratch: *out and the new length.  An AF_UNIX path is resolved in the
 * view (followed for connect and sends; bind makes the file).  Returns
 * the new length, or -errno.
 */
static int copy_addr(struct gthread *t, unsigned long addr, int len,
		     int follow, uintptr_t *out, struct binding *names)
{
	union {
		struct sockaddr_storage ss;
		struct sockaddr_un sun;
	} a;
	size_t path_off = offsetof(struct sockaddr_un, sun_path);
	char host[PATH_MAX];
	int r;

	if (len < 0 || len > (int)sizeof(a.ss))
		return -EINVAL;
	memset(&a, 0, sizeof(a));
	if (os_read_mem(t->tid, addr, &a, len) != len)
		return -EFAULT;
	if (len > (int)path_off && a.sun.sun_family == AF_UNIX &&
	    a.sun.sun_path[0]) {
		/* As the host reads it: up to the length, or a NUL. */
		((char *)&a)[len < (int)sizeof(a.ss) ? len :
			     (int)sizeof(a.ss) - 1] = 0;
		t->sc.path_start = a.sun.sun_path[0] == '/' ? PATH_ABSOLUTE :
				   AT_FDCWD;
		r = view_resolve(t, AT_FDCWD, a.sun.sun_path,
				 follow ? VR_FOLLOW : 0, host, sizeof(host));
		if (r == 0)
			r = view_pin(t, host, sizeof(host), follow ? PIN_OBJECT :
				     PIN_PARENT);
		if (r == -EAGAIN)
			r = -ELOOP;
		if (r < 0)
			return r;
		if (strlen(host) >= sizeof(a.sun.sun_path))
			return -ENAMETOOLONG;
		if (names) {
			strcpy(names->guest, a.sun.sun_path);
			strcpy(names->host, r == 0 ? host : "");
		}
		memset(a.sun.sun_path, 0, sizeof(a.sun.sun_path));
		strcpy(a.sun.sun_path, host);
		len = path_off + strlen(host) + 1;
	}
	*out = scratch_put(t, &a, len ? len : 1);
	return *out ? len : -ENOMEM;
}

/* The argument indexes of the address and its length, per call. */
static int addr_args(long nr, int *len_arg)
{
	*len_arg = nr == __NR_sendto ? 5 : 2;
	return nr == __NR_sendto ? 4 : 1;
}

/* bind, connect, sendto */
static enum outcome addr_entry(struct gthread *t, struct gsyscall *sc)
{
	int la, aa = addr_args(sc->nr, &la);
	int len = (int)(unsigned int)sc->args[la];
	uintptr_t at;
	int r;

	sc->hook_state = 0;
	struct binding *names = NULL;

	if (!sc->args[aa] || len == 0)
		return OUT_PASS;	/* no address: the host reads none */
	if (len < 0 || len > (int)sizeof(struct sockaddr_storage))
		return OUT_PASS;	/* the host fails it, reading nothing */
	if (sc->nr == __NR_bind && !(names = calloc(1, sizeof(*names)))) {
		sc->ret = -ENOMEM;
		return OUT_EMULATE;
	}
	r = copy_addr(t, sc->args[aa], len, sc->nr != __NR_bind, &at, names);
	if (r < 0) {
		free(names);
		sc->ret = r;
		return OUT_EMULATE;
	}
	regs_set_arg(&t->regs, aa, at);
	regs_set_arg(&t->regs, la, (unsigned long)r);
	t->flags |= GT_REGS_DIRTY;
	sc->hook_state = (unsigned long)names;
	return OUT_PASS_SEE_EXIT;
}

/* A bound socket: keep its directory and remember both names. */
static int bind_exit(struct gthread *t, struct gsyscall *sc)
{
	struct binding *b = (struct binding *)sc->hook_state;
	pid_t holder;
	int fd;

	(void)t;
	sc->hook_state = 0;
	if (!b)
		return 0;
	if (sc->ret == 0 && b->host[0] &&
	    (fd = view_pin_keep(sc, &holder)) >= 0)
		bound_add(holder, fd, b->host, b->guest);
	free(b);
	return 0;
}

/*
 * A struct msghdr for the host, its name replaced, in scratch: the host
 * reads the header itself from guest memory, so the copy is what it reads.
 */
static int copy_msghdr(struct gthread *t, unsigned long msg, uintptr_t *out)
{
	struct msghdr m;
	uintptr_t name;
	int len, r;

	if (os_read_mem(t->tid, msg, &m, sizeof(m)) != sizeof(m))
		return -EFAULT;
	len = (int)m.msg_namelen;
	if (len < 0)
		return -EINVAL;
	/* The host cuts a longer name to a sockaddr_storage. */
	if (len > (int)sizeof(struct sockaddr_storage))
		len = sizeof(struct sockaddr_storage);
	if (m.msg_name && len) {
		r = copy_addr(t, (unsigned long)m.msg_name, len, 1, &name,
			      NULL);
		if (r < 0)
			return r;
		m.msg_name = (void *)name;
		m.msg_namelen = r;
	}
	*out = scratch_put(t, &m, sizeof(m));
	return *out ? 0 : -ENOMEM;
}

static enum outcome sendmsg_entry(struct gthread *t, struct gsyscall *sc)
{
	uintptr_t at;
	int r = copy_msghdr(t, sc->args[1], &at);

	if (r < 0) {
		sc->ret = r;
		return OUT_EMULATE;
	}
	regs_set_arg(&t->regs, 1, at);
	t->flags |= GT_REGS_DIRTY;
	return OUT_PASS_SEE_EXIT;
}

/*
 * sendmmsg: the host writes each message's msg_len back into the vector,
 * so the vector cannot be a read-only copy.  Its first message goes as a
 * sendmsg of umvm's copy instead, and the exit reports one message sent,
 * as sendmmsg may; the program sends the rest with its next call.
 */
static enum outcome sendmmsg_entry(struct gthread *t, struct gsyscall *sc)
{
	uintptr_t at;
	int r;

	if (sc->args[2] == 0)
		return OUT_PASS;	/* no message: the host reads nothing */
	r = copy_msghdr(t, sc->args[1], &at);
	if (r < 0) {
		sc->ret = r;
		return OUT_EMULATE;
	}
	regs_set_syscall_nr(&t->regs, __NR_sendmsg);
	regs_set_arg(&t->regs, 1, at);
	regs_set_arg(&t->regs, 2, sc->args[3]);
	t->flags |= GT_REGS_DIRTY;
	return OUT_PASS_SEE_EXIT;
}

static int sendmmsg_exit(struct gthread *t, struct gsyscall *sc)
{
	unsigned int sent;

	if (sc->ret < 0)
		return 0;
	sent = (unsigned int)sc->ret;
	if (os_write_mem(t->tid, sc->args[1] + offsetof(struct mmsghdr,
			 msg_len), &sent, sizeof(sent)) != sizeof(sent))
		sc->ret = -EFAULT;
	else
		sc->ret = 1;
	return 1;
}

/*
 * An AF_UNIX name the host wrote at guest @name, with its length at
 * @lenp (a socklen_t the host set): mapped back into the view.
 */
static void name_back(struct gthread *t, unsigned long name,
		      unsigned long lenp, uint32_t have_max)
{
	struct sockaddr_un sun;
	char guest[PATH_MAX];
	uint32_t alen, have, gl;

	if (!name || !lenp || os_read_mem(t->tid, lenp, &alen,
					  sizeof(alen)) != sizeof(alen))
		return;
	have = alen < sizeof(sun) ? alen : sizeof(sun);
	if (have > have_max)
		have = have_max;
	if (have <= offsetof(struct sockaddr_un, sun_path) + 1)
		return;
	memset(&sun, 0, sizeof(sun));
	if (os_read_mem(t->tid, name, &sun, have) != (ssize_t)have ||
	    sun.sun_family != AF_UNIX || sun.sun_path[0] != '/')
		return;
	sun.sun_path[sizeof(sun.sun_path) - 1] = 0;
	if (bound_guest(sun.sun_path))
		snprintf(guest, sizeof(guest), "%s", bound_guest(sun.sun_path));
	else if (view_to_guest(sun.sun_path, guest, sizeof(guest)) < 0)
		return;
	if (strlen(guest) >= sizeof(sun.sun_path))
		return;
	gl = strlen(guest);
	memcpy(sun.sun_path, guest, gl + 1);
	alen = offsetof(struct sockaddr_un, sun_path) + gl + 1;
	/* Write what fits, and the full length, as the host does. */
	have = alen < have ? alen : have;
	os_write_mem(t->tid, name, &sun, have);
	os_write_mem(t->tid, lenp, &alen, sizeof(alen));
}

/* getsockname, getpeername, accept, accept4 */
static int name_exit(struct gthread *t, struct gsyscall *sc)
{
	if (sc->ret >= 0)
		name_back(t, sc->args[1], sc->args[2], UINT32_MAX);
	return 0;
}

static int recvfrom_exit(struct gthread *t, struct gsyscall *sc)
{
	if (sc->ret >= 0)
		name_back(t, sc->args[4], sc->args[5], UINT32_MAX);
	return 0;
}

static int recvmsg_exit(struct gthread *t, struct gsyscall *sc)
{
	struct msghdr m;

	if (sc->ret < 0 || os_read_mem(t->tid, sc->args[1], &m, sizeof(m)) !=
	    sizeof(m))
		return 0;
	name_back(t, (unsigned long)m.msg_name, sc->args[1] +
		  offsetof(struct msghdr, msg_namelen), UINT32_MAX);
	return 0;
}

static void addr_init(void)
{
	static const long sends[] = {
		__NR_bind, __NR_connect, __NR_sendto, __NR_sendmsg,
		__NR_sendmmsg,
	};

	for (size_t i = 0; i < ARRAY_SIZE(sends); i++)
		scratch_want(sends[i]);
}

/* Unix socket addresses are paths: mapped into the view too. */
const struct personality addr_personality = {
	VIEW_PART("socket addresses"),
	.init = addr_init,
	HOOKS(
		{ .nr = __NR_bind, .entry = addr_entry, .exit = bind_exit },
		{ .nrs = NRS(__NR_connect, __NR_sendto), .entry = addr_entry },
		{ .nr = __NR_sendmsg, .entry = sendmsg_entry },
		{ .nr = __NR_sendmmsg,
		  .entry = sendmmsg_entry, .exit = sendmmsg_exit },
		{ .nrs = NRS(__NR_getsockname, __NR_getpeername, __NR_accept,
			     __NR_accept4),
		  .exit = name_exit },
		{ .nr = __NR_recvfrom, .exit = recvfrom_exit },
		{ .nr = __NR_recvmsg, .exit = recvmsg_exit }),
};
