// SPDX-License-Identifier: GPL-2.0
/*
 * The path hooks of -r/-b/-w: every syscall that takes a path has it
 * resolved in the guest's view (view.c) and replaced, for the host, by
 * the absolute host path; paths the host hands back are mapped into the
 * view at the exit stop.
 *
 * Which arguments are paths, which directory fd they are relative to and
 * whether a symlink in their last component is followed is data: the
 * table below.  The rewritten strings live on the guest's stack below its
 * red zone for the length of the call; the loop restores the guest's own
 * argument registers at the exit stop (dispatch.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <linux/openat2.h>
#include "dispatch.h"
#include "view.h"
#include "os.h"
#include "umvm.h"

/* How the last component of a path is treated. */
enum last {
	L_NONE,		/* no path in this slot */
	L_FOLLOW,	/* symlinks are followed */
	L_NOFOLLOW,	/* never followed (lstat, unlink, rename...) */
	L_OPEN,		/* O_NOFOLLOW or O_CREAT|O_EXCL in the flags */
	L_OPENAT2,	/* the same, in struct open_how */
	L_AT_NOFOLLOW,	/* AT_SYMLINK_NOFOLLOW in the flags */
	L_AT_FOLLOW,	/* AT_SYMLINK_FOLLOW in the flags */
	L_INOTIFY,	/* IN_DONT_FOLLOW in the mask */
};

struct parg {
	signed char dirfd;	/* argument holding the directory fd, or -1 */
	signed char path;	/* argument holding the path */
	unsigned char last;	/* enum last */
};

struct path_sc {
	short nr;
	signed char flags;	/* argument holding the flags, or -1 */
	unsigned char out;	/* PO_*: a path comes back at the exit */
	struct parg a[2];
};

enum { PO_NONE, PO_READLINK, PO_GETCWD };

#define A(d, p, l)	{ d, p, L_##l }
static const struct path_sc table[] = {
	{ __NR_open,		 1, 0, { A(-1, 0, OPEN) } },
	{ __NR_creat,		-1, 0, { A(-1, 0, FOLLOW) } },
	{ __NR_openat,		 2, 0, { A(0, 1, OPEN) } },
	{ __NR_openat2,		-1, 0, { A(0, 1, OPENAT2) } },
	{ __NR_stat,		-1, 0, { A(-1, 0, FOLLOW) } },
	{ __NR_lstat,		-1, 0, { A(-1, 0, NOFOLLOW) } },
	{ __NR_newfstatat,	 3, 0, { A(0, 1, AT_NOFOLLOW) } },
	{ __NR_statx,		 2, 0, { A(0, 1, AT_NOFOLLOW) } },
	{ __NR_access,		-1, 0, { A(-1, 0, FOLLOW) } },
	{ __NR_faccessat,	-1, 0, { A(0, 1, FOLLOW) } },
	{ __NR_faccessat2,	 3, 0, { A(0, 1, AT_NOFOLLOW) } },
	{ __NR_link,		-1, 0, { A(-1, 0, NOFOLLOW), A(-1, 1, NOFOLLOW) } },
	{ __NR_linkat,		 4, 0, { A(0, 1, AT_FOLLOW), A(2, 3, NOFOLLOW) } },
	{ __NR_unlink,		-1, 0, { A(-1, 0, NOFOLLOW) } },
	{ __NR_unlinkat,	-1, 0, { A(0, 1, NOFOLLOW) } },
	{ __NR_rename,		-1, 0, { A(-1, 0, NOFOLLOW), A(-1, 1, NOFOLLOW) } },
	{ __NR_renameat,	-1, 0, { A(0, 1, NOFOLLOW), A(2, 3, NOFOLLOW) } },
	{ __NR_renameat2,	-1, 0, { A(0, 1, NOFOLLOW), A(2, 3, NOFOLLOW) } },
	{ __NR_mkdir,		-1, 0, { A(-1, 0, NOFOLLOW) } },
	{ __NR_mkdirat,		-1, 0, { A(0, 1, NOFOLLOW) } },
	{ __NR_rmdir,		-1, 0, { A(-1, 0, NOFOLLOW) } },
	{ __NR_symlink,		-1, 0, { A(-1, 1, NOFOLLOW) } },
	{ __NR_symlinkat,	-1, 0, { A(1, 2, NOFOLLOW) } },
	{ __NR_readlink,	-1, PO_READLINK, { A(-1, 0, NOFOLLOW) } },
	{ __NR_readlinkat,	-1, PO_READLINK, { A(0, 1, NOFOLLOW) } },
	{ __NR_chmod,		-1, 0, { A(-1, 0, FOLLOW) } },
	{ __NR_fchmodat,	-1, 0, { A(0, 1, FOLLOW) } },
	{ __NR_chown,		-1, 0, { A(-1, 0, FOLLOW) } },
	{ __NR_lchown,		-1, 0, { A(-1, 0, NOFOLLOW) } },
	{ __NR_fchownat,	 4, 0, { A(0, 1, AT_NOFOLLOW) } },
	{ __NR_utime,		-1, 0, { A(-1, 0, FOLLOW) } },
	{ __NR_utimes,		-1, 0, { A(-1, 0, FOLLOW) } },
	{ __NR_futimesat,	-1, 0, { A(0, 1, FOLLOW) } },
	{ __NR_utimensat,	 3, 0, { A(0, 1, AT_NOFOLLOW) } },
	{ __NR_truncate,	-1, 0, { A(-1, 0, FOLLOW) } },
	{ __NR_chdir,		-1, 0, { A(-1, 0, FOLLOW) } },
	{ __NR_chroot,		-1, 0, { A(-1, 0, FOLLOW) } },
	{ __NR_mknod,		-1, 0, { A(-1, 0, NOFOLLOW) } },
	{ __NR_mknodat,		-1, 0, { A(0, 1, NOFOLLOW) } },
	{ __NR_statfs,		-1, 0, { A(-1, 0, FOLLOW) } },
	{ __NR_setxattr,	-1, 0, { A(-1, 0, FOLLOW) } },
	{ __NR_getxattr,	-1, 0, { A(-1, 0, FOLLOW) } },
	{ __NR_listxattr,	-1, 0, { A(-1, 0, FOLLOW) } },
	{ __NR_removexattr,	-1, 0, { A(-1, 0, FOLLOW) } },
	{ __NR_lsetxattr,	-1, 0, { A(-1, 0, NOFOLLOW) } },
	{ __NR_lgetxattr,	-1, 0, { A(-1, 0, NOFOLLOW) } },
	{ __NR_llistxattr,	-1, 0, { A(-1, 0, NOFOLLOW) } },
	{ __NR_lremovexattr,	-1, 0, { A(-1, 0, NOFOLLOW) } },
	{ __NR_name_to_handle_at, 4, 0, { A(0, 1, AT_FOLLOW) } },
	{ __NR_inotify_add_watch, 2, 0, { A(-1, 1, INOTIFY) } },
	{ __NR_getcwd,		-1, PO_GETCWD, { } },
};

static const struct path_sc *by_nr[MAX_SYSCALL];

/* open, openat, creat with O_CREAT: a missing file is made. */
static int creates(const struct path_sc *e, struct gthread *t)
{
	if (e->nr == __NR_creat)
		return 1;
	if (e->a[0].last != L_OPEN || e->flags < 0)
		return 0;
	return !!(t->sc.args[(int)e->flags] & O_CREAT);
}

static int follows(const struct path_sc *e, const struct parg *a,
		   struct gthread *t)
{
	unsigned long f = e->flags >= 0 ? t->sc.args[(int)e->flags] : 0;

	switch (a->last) {
	case L_FOLLOW:
		return 1;
	case L_OPEN:
		return !(f & O_NOFOLLOW) &&
		       (f & (O_CREAT | O_EXCL)) != (O_CREAT | O_EXCL);
	case L_OPENAT2: {
		struct open_how how;

		if (os_read_mem(t->tid, t->sc.args[2], &how, sizeof(how.flags))
		    != sizeof(how.flags))
			return 1;	/* the host reports EFAULT */
		return !(how.flags & O_NOFOLLOW) &&
		       (how.flags & (O_CREAT | O_EXCL)) != (O_CREAT | O_EXCL);
	}
	case L_AT_NOFOLLOW:
		return !(f & AT_SYMLINK_NOFOLLOW);
	case L_AT_FOLLOW:
		return !!(f & AT_SYMLINK_FOLLOW);
	case L_INOTIFY:
		return !(f & IN_DONT_FOLLOW);
	default:
		return 0;
	}
}

/*
 * openat2 with RESOLVE_BENEATH or RESOLVE_IN_ROOT: the host keeps the
 * lookup below the directory fd, which the guest opened inside its view;
 * the call goes to the host as it is.
 */
static int beneath(struct gthread *t)
{
	struct open_how how;

	if (os_read_mem(t->tid, t->sc.args[2], &how, sizeof(how)) !=
	    sizeof(how))
		return 0;
	return !!(how.resolve & (RESOLVE_BENEATH | RESOLVE_IN_ROOT));
}

/*
 * Resolve the path in argument a->path of the call in flight and point
 * the argument at the host path.  0, 1 when nothing was changed, -errno.
 */
static int translate(struct gthread *t, const struct path_sc *e,
		     const struct parg *a, char *host, size_t len)
{
	char path[PATH_MAX];
	unsigned long ptr = t->sc.args[(int)a->path];
	int dirfd = a->dirfd >= 0 ? (int)t->sc.args[(int)a->dirfd] : AT_FDCWD;
	ssize_t n;
	uintptr_t at;
	int r, follow;

	host[0] = 0;
	if (!ptr)
		return 1;	/* utimensat(fd, NULL, ...) */
	n = os_read_string(t->tid, ptr, path, sizeof(path));
	if (n < 0)
		return (int)n;
	if (a->last == L_OPENAT2 && beneath(t))
		return 1;
	if (!path[0]) {
		/* AT_EMPTY_PATH: the call is about dirfd itself. */
		if (e->flags >= 0 &&
		    (t->sc.args[(int)e->flags] & AT_EMPTY_PATH))
			return 1;
		return -ENOENT;
	}
	follow = follows(e, a, t);
	for (int tries = 0; ; tries++) {
		r = view_resolve(t, dirfd, path, follow ? VR_FOLLOW : 0, host,
				 len);
		if (r < 0)
			return r;
		/* The host would read the guest's own string the same way. */
		if (path[0] == '/' && !strcmp(path, host))
			return 1;
		if (e->out == PO_READLINK && view_is_proc_link(host))
			t->sc.hook_state = 1;
		r = view_pin(t, host, len, !follow ? PIN_PARENT :
			     creates(e, t) ? PIN_CREATE : PIN_OBJECT);
		if (r != -EAGAIN)
			break;
		if (tries == 3)
			return -ELOOP;
	}
	if (r < 0)
		return r;
	/* A new file, not there when checked: no link may appear there. */
	if (r == 2 && e->flags >= 0) {
		regs_set_arg(&t->regs, e->flags,
			     t->sc.args[(int)e->flags] | O_NOFOLLOW);
		t->flags |= GT_REGS_DIRTY;
	}
	at = view_scratch_put(t, host, strlen(host) + 1);
	if (!at)
		return -EFAULT;
	regs_set_arg(&t->regs, a->path, at);
	if (a->dirfd >= 0)
		regs_set_arg(&t->regs, a->dirfd, (unsigned long)AT_FDCWD);
	t->flags |= GT_REGS_DIRTY;
	return 0;
}

/*
 * readlink of /proc/<pid>/exe of a guest program that umvm started
 * through its ELF interpreter: the program, not the interpreter.
 */
static int readlink_exe(struct gthread *t, struct gsyscall *sc,
			const char *host)
{
	int b = sc->nr == __NR_readlinkat;
	const char *slash = strrchr(host, '/'), *exe;
	size_t n;

	if (strcmp(slash, "/exe"))
		return 0;
	exe = view_exe_of((pid_t)atoi(host + 6));
	if (!exe)
		return 0;
	t->flags &= ~GT_REGS_DIRTY;
	n = strlen(exe);
	if (n > sc->args[b + 2])
		n = sc->args[b + 2];
	if ((long)sc->args[b + 2] <= 0)
		sc->ret = -EINVAL;
	else if (os_write_mem(t->tid, sc->args[b + 1], exe, n) != (ssize_t)n)
		sc->ret = -EFAULT;
	else
		sc->ret = n;
	return 1;
}

static enum outcome path_entry(struct gthread *t, struct gsyscall *sc)
{
	const struct path_sc *e = by_nr[sc->nr];
	char host[PATH_MAX];

	view_scratch_reset(t);
	sc->hook_state = 0;
	for (int i = 0; i < 2; i++) {
		int r;

		if (e->a[i].last == L_NONE)
			continue;
		r = translate(t, e, &e->a[i], host, sizeof(host));
		if (r < 0) {
			sc->ret = r;
			t->flags &= ~GT_REGS_DIRTY;
			return OUT_EMULATE;
		}
	}
	if (sc->hook_state && readlink_exe(t, sc, host))
		return OUT_EMULATE;
	if (e->out == PO_GETCWD || sc->hook_state)
		return OUT_PASS_SEE_EXIT;
	return t->flags & GT_REGS_DIRTY ? OUT_PASS_SEE_EXIT : OUT_PASS;
}

/* Replace the host path the kernel wrote at @buf by its guest path. */
static int path_back(struct gthread *t, struct gsyscall *sc, uintptr_t buf,
		     size_t size, int with_nul)
{
	char host[PATH_MAX], guest[PATH_MAX];
	size_t n = sc->ret, gl;

	if (sc->ret <= 0 || n >= sizeof(host))
		return 0;
	if (os_read_mem(t->tid, buf, host, n) != (ssize_t)n)
		return 0;
	host[with_nul ? n - 1 : n] = 0;
	if (host[0] != '/')
		return 0;
	if (view_to_guest(host, guest, sizeof(guest)) < 0)
		return 0;
	gl = strlen(guest) + (with_nul ? 1 : 0);
	if (gl > size) {
		if (with_nul) {
			sc->ret = -ERANGE;
			return 1;
		}
		gl = size;	/* readlink truncates silently */
	}
	if (os_write_mem(t->tid, buf, guest, gl) != (ssize_t)gl)
		return 0;
	sc->ret = gl;
	return 1;
}

static int path_exit(struct gthread *t, struct gsyscall *sc)
{
	const struct path_sc *e = by_nr[sc->nr];

	if (e->out == PO_GETCWD)
		return path_back(t, sc, sc->args[0], sc->args[1], 1);
	if (e->out == PO_READLINK && sc->hook_state) {
		int b = sc->nr == __NR_readlinkat;

		return path_back(t, sc, sc->args[b + 1], sc->args[b + 2], 0);
	}
	return 0;
}

/* bind() and connect() on AF_UNIX sockets name files too. */
static enum outcome unix_entry(struct gthread *t, struct gsyscall *sc)
{
	struct sockaddr_un sun;
	char host[PATH_MAX];
	size_t alen = sc->args[2], hl;
	uintptr_t at;
	int r;

	if (alen <= offsetof(struct sockaddr_un, sun_path) + 1 ||
	    alen > sizeof(sun))
		return OUT_PASS;
	memset(&sun, 0, sizeof(sun));
	if (os_read_mem(t->tid, sc->args[1], &sun, alen) != (ssize_t)alen ||
	    sun.sun_family != AF_UNIX || !sun.sun_path[0])
		return OUT_PASS;	/* abstract names are no files */
	sun.sun_path[sizeof(sun.sun_path) - 1] = 0;
	view_scratch_reset(t);
	r = view_resolve(t, AT_FDCWD, sun.sun_path,
			 sc->nr == __NR_connect ? VR_FOLLOW : 0,
			 host, sizeof(host));
	if (r == 0 && sc->nr == __NR_connect)
		r = view_pin(t, host, sizeof(host), PIN_OBJECT);
	if (r == -EAGAIN)
		r = -ELOOP;
	if (r > 0)
		r = 0;
	hl = strlen(host);
	if (r == 0 && hl >= sizeof(sun.sun_path))
		r = -ENAMETOOLONG;
	if (r < 0) {
		sc->ret = r;
		return OUT_EMULATE;
	}
	memcpy(sun.sun_path, host, hl + 1);
	alen = offsetof(struct sockaddr_un, sun_path) + hl + 1;
	at = view_scratch_put(t, &sun, alen);
	if (!at) {
		sc->ret = -EFAULT;
		return OUT_EMULATE;
	}
	regs_set_arg(&t->regs, 1, at);
	regs_set_arg(&t->regs, 2, alen);
	t->flags |= GT_REGS_DIRTY;
	return OUT_PASS_SEE_EXIT;
}

/* getsockname, getpeername, accept, accept4: AF_UNIX names come back. */
static int unix_name_exit(struct gthread *t, struct gsyscall *sc)
{
	struct sockaddr_un sun;
	char guest[PATH_MAX];
	uint32_t alen, have, gl;

	if (sc->ret < 0 || !sc->args[1] || !sc->args[2] ||
	    os_read_mem(t->tid, sc->args[2], &alen, sizeof(alen)) !=
	    sizeof(alen))
		return 0;
	have = alen < sizeof(sun) ? alen : sizeof(sun);
	if (have <= offsetof(struct sockaddr_un, sun_path) + 1)
		return 0;
	memset(&sun, 0, sizeof(sun));
	if (os_read_mem(t->tid, sc->args[1], &sun, have) != (ssize_t)have ||
	    sun.sun_family != AF_UNIX || sun.sun_path[0] != '/')
		return 0;
	sun.sun_path[sizeof(sun.sun_path) - 1] = 0;
	if (view_to_guest(sun.sun_path, guest, sizeof(guest)) < 0 ||
	    strlen(guest) >= sizeof(sun.sun_path))
		return 0;
	gl = strlen(guest);
	memcpy(sun.sun_path, guest, gl + 1);
	alen = offsetof(struct sockaddr_un, sun_path) + gl + 1;
	/* Write what fits, and the full length, as the host does. */
	have = alen < have ? alen : have;
	os_write_mem(t->tid, sc->args[1], &sun, have);
	os_write_mem(t->tid, sc->args[2], &alen, sizeof(alen));
	return 0;
}

/* set*uid: a guest that becomes another user gets plain paths. */
static int setuid_exit(struct gthread *t, struct gsyscall *sc)
{
	if (sc->ret == 0)
		view_check_user(t);
	return 0;
}

void path_init(void)
{
	static const int setuids[] = {
		__NR_setuid, __NR_setreuid, __NR_setresuid, __NR_setfsuid,
	};

	if (!view_active())
		return;
	for (size_t i = 0; i < ARRAY_SIZE(setuids); i++)
		dispatch_hook(setuids[i], NULL, setuid_exit);
	for (size_t i = 0; i < ARRAY_SIZE(table); i++) {
		const struct path_sc *e = &table[i];

		by_nr[e->nr] = e;
		dispatch_hook(e->nr, path_entry, e->out ? path_exit : NULL);
	}
	dispatch_hook(__NR_bind, unix_entry, NULL);
	dispatch_hook(__NR_connect, unix_entry, NULL);
	dispatch_hook(__NR_getsockname, NULL, unix_name_exit);
	dispatch_hook(__NR_getpeername, NULL, unix_name_exit);
	dispatch_hook(__NR_accept, NULL, unix_name_exit);
	dispatch_hook(__NR_accept4, NULL, unix_name_exit);
	exec_init();
}
