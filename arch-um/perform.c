// SPDX-License-Identifier: GPL-2.0
/*
 * Calls umvm makes itself (path views).  A path the view rewrote must
 * reach the host through umvm's scratch window, which changes the guest's
 * argument registers; they are put back at the call's exit, a second
 * stop.  For the calls that only look at a file (stat, statx, access,
 * readlink) umvm can instead make the call itself on the directory it
 * pinned and write the result into the guest's buffer: one stop, and
 * nothing the guest could change in between reaches the host.
 *
 * That is the host's own answer only when umvm asks with the guest's
 * credentials: the same ids, groups, capabilities, user namespace and
 * LSM label.  Each thread's are compared with umvm's once (os_same_creds())
 * and again after any call that can change them, an exec, or in a new
 * thread; a thread with others, a guest's tracee and the calls of other
 * ABIs go the long way.  fstat through an empty path (glibc's fstat is
 * newfstatat(fd, "", AT_EMPTY_PATH)) needs no credentials and is always
 * made by umvm: the thread's descriptor is reached through /proc.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/stat.h>
#include "dispatch.h"
#include "personality.h"
#include "view.h"
#include "os.h"
#include "umvm.h"

/* The result @len bytes of @buf into the guest's buffer at @at. */
static int put_result(struct gthread *t, unsigned long at, const void *buf,
		      size_t len, int r)
{
	if (r < 0)
		return r;
	return os_write_mem(t->tid, at, buf, len) == (ssize_t)len ? 0 :
	       -EFAULT;
}

static int pinned_fd(struct gsyscall *sc)
{
	return sc->pins[sc->npins - 1].fd;
}

static long do_stat(struct gthread *t, struct gsyscall *sc)
{
	int at = sc->nr == __NR_newfstatat;
	int flags = at ? (int)sc->args[3] :
		    sc->nr == __NR_lstat ? AT_SYMLINK_NOFOLLOW : 0;
	struct stat st;
	int r;

	if (sc->npins)
		r = os_perform_stat(pinned_fd(sc), sc->pin_name, flags,
				    &st);
	else
		r = os_perform_fd_stat(t->tid, (int)sc->args[0], flags, &st);
	return put_result(t, sc->args[at + 1], &st, sizeof(st), r);
}

static long do_statx(struct gthread *t, struct gsyscall *sc)
{
	struct statx stx;
	int flags = (int)sc->args[2];
	unsigned int mask = (unsigned int)sc->args[3];
	int r;

	if (sc->npins)
		r = os_perform_statx(pinned_fd(sc), sc->pin_name, flags,
				     mask, &stx);
	else
		r = os_perform_fd_statx(t->tid, (int)sc->args[0], flags,
					mask, &stx);
	return put_result(t, sc->args[4], &stx, sizeof(stx), r);
}

static long do_access(struct gthread *t, struct gsyscall *sc)
{
	int at = sc->nr != __NR_access;
	int flags = sc->nr == __NR_faccessat2 ? (int)sc->args[3] : 0;

	(void)t;
	return os_perform_access(pinned_fd(sc), sc->pin_name,
				 (int)sc->args[at + 1], flags);
}

static long do_readlink(struct gthread *t, struct gsyscall *sc)
{
	int at = sc->nr == __NR_readlinkat;
	char target[PATH_MAX];
	int size = (int)sc->args[at + 2];	/* the host reads an int */
	ssize_t n;

	/* A size of 0 or less is the host's to refuse (EINVAL). */
	n = os_perform_readlink(pinned_fd(sc), sc->pin_name, target,
				size <= 0 ? (size_t)(long)size :
				size > PATH_MAX ? PATH_MAX : (size_t)size);
	if (n < 0)
		return n;
	return put_result(t, sc->args[at + 1], target, n, 0) ?: n;
}

static long (*performer(long nr))(struct gthread *, struct gsyscall *)
{
	switch (nr) {
	case __NR_stat:
	case __NR_lstat:
	case __NR_newfstatat:
		return do_stat;
	case __NR_statx:
		return do_statx;
	case __NR_access:
	case __NR_faccessat:
	case __NR_faccessat2:
		return do_access;
	case __NR_readlink:
	case __NR_readlinkat:
		return do_readlink;
	}
	return NULL;
}

int perform_path(struct gthread *t, const char *host)
{
	struct gsyscall *sc = &t->sc;
	long (*fn)(struct gthread *, struct gsyscall *) = performer(sc->nr);

	/*
	 * umvm's own pin (a helper's is for other credentials), of no path
	 * that must name a directory ("/" at its end); readlink names a link
	 * in a directory, never the directory.
	 */
	if (!fn || t->vt || sc->npins == 0 ||
	    sc->pins[sc->npins - 1].holder || host[strlen(host) - 1] == '/' ||
	    (fn == do_readlink && !sc->pin_name[0]) || !view_same_creds(t))
		return 0;
	sc->perform = fn;
	return 1;
}

int perform_empty_path(struct gthread *t)
{
	struct gsyscall *sc = &t->sc;

	/* No pin: the performer reaches the thread's descriptor. */
	if (t->vt || sc->npins ||
	    (sc->nr != __NR_newfstatat && sc->nr != __NR_statx))
		return 0;
	sc->perform = performer(sc->nr);
	return 1;
}
