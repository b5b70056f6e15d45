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
#include <sys/fanotify.h>
#include <sys/inotify.h>
#include <sys/syscall.h>
#include <linux/openat2.h>
#include "dispatch.h"
#include "personality.h"
#include "scratch.h"
#include "sysent.h"
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
	L_FANOTIFY,	/* FAN_MARK_DONT_FOLLOW in the flags */
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
	{ __NR_fanotify_mark,	 1, 0, { A(3, 4, FANOTIFY) } },
	{ __NR_fchmodat2,	 3, 0, { A(0, 1, AT_NOFOLLOW) } },
	{ __NR_getcwd,		-1, PO_GETCWD, { } },
};

static const struct path_sc *by_nr[MAX_SYSCALL];

/*
 * openat2's struct open_how, as the guest passed it (@size bytes, the
 * first three fields known), read once: the host gets umvm's copy.
 */
#define HOW_MAX		4096	/* the host refuses larger with E2BIG */
struct how {
	size_t size;
	union {
		struct open_how how;
		unsigned char raw[HOW_MAX];
	} u;
};

static int read_how(struct gthread *t, struct how *h)
{
	h->size = t->sc.args[3];
	if (h->size < sizeof(struct open_how))
		return -EINVAL;
	if (h->size > HOW_MAX)
		return -E2BIG;
	if (os_read_mem(t->tid, t->sc.args[2], h->u.raw, h->size) !=
	    (ssize_t)h->size)
		return -EFAULT;
	return 0;
}

/* The open flags of the call in flight (0 for calls that open nothing). */
static unsigned long open_flags(const struct path_sc *e, struct gthread *t,
				const struct how *h)
{
	if (e->nr == __NR_creat)
		return O_WRONLY | O_CREAT | O_TRUNC;
	if (e->a[0].last == L_OPENAT2)
		return h->u.how.flags;
	if (e->a[0].last == L_OPEN && e->flags >= 0)
		return t->sc.args[(int)e->flags];
	return 0;
}

static int follows(const struct path_sc *e, const struct parg *a,
		   struct gthread *t, unsigned long oflags)
{
	unsigned long f = e->flags >= 0 ? t->sc.args[(int)e->flags] : 0;

	switch (a->last) {
	case L_FOLLOW:
		return 1;
	case L_OPEN:
	case L_OPENAT2:
		return !(oflags & O_NOFOLLOW) &&
		       (oflags & (O_CREAT | O_EXCL)) != (O_CREAT | O_EXCL);
	case L_AT_NOFOLLOW:
		return !(f & AT_SYMLINK_NOFOLLOW);
	case L_AT_FOLLOW:
		return !!(f & AT_SYMLINK_FOLLOW);
	case L_INOTIFY:
		return !(f & IN_DONT_FOLLOW);
	case L_FANOTIFY:
		return !(f & FAN_MARK_DONT_FOLLOW);
	default:
		return 0;
	}
}

/* openat2's RESOLVE_* rules, which umvm applies itself (view.c). */
static int resolve_rules(const struct how *h)
{
	unsigned long r = h->u.how.resolve;

	return (r & RESOLVE_BENEATH ? VR_BENEATH : 0) |
	       (r & RESOLVE_IN_ROOT ? VR_IN_ROOT : 0) |
	       (r & RESOLVE_NO_SYMLINKS ? VR_NO_SYMLINKS : 0) |
	       (r & RESOLVE_NO_MAGICLINKS ? VR_NO_MAGICLINKS : 0);
}

/*
 * Files the guest may not open as the host would let it: writing guest
 * memory past its protections (/proc/<pid>/mem, which would reach the
 * scratch window) and userfaultfd (scratch.c).  And one umvm must know
 * of: a /proc/<pid>/attr/ file opened to write changes a thread's LSM
 * label, which umvm's credentials test cannot see change.  Checked on
 * the path and, for an fd link the host follows, on what it points to.
 */
static int open_check(const char *host, unsigned long oflags)
{
	char target[PATH_MAX];
	int writes = (oflags & O_ACCMODE) != O_RDONLY;
	const char *file = view_proc_task_file(host);

	if (view_is_proc_link(host) == 2 &&
	    os_readlink(host, target, sizeof(target)) > 0)
		return open_check(target, oflags);
	if (writes && file && !strcmp(file, "/mem"))
		return -EACCES;
	if (writes && file && !strncmp(file, "/attr/", 6))
		view_labels_may_change();
	if (!strcmp(host, "/dev/userfaultfd"))
		return -EACCES;
	return 0;
}

/* RESOLVE_NO_XDEV: the file must be on the filesystem of dirfd. */
static int same_dev(struct gthread *t, int dirfd, const char *host)
{
	char base[PATH_MAX], dir[PATH_MAX];
	char *slash;
	int r = view_resolve(t, dirfd, ".", VR_FOLLOW, base, sizeof(base));

	if (r < 0)
		return r;
	snprintf(dir, sizeof(dir), "%s", host);
	if (os_file_kind(dir, 0) < 0 && (slash = strrchr(dir, '/')))
		slash == dir ? (void)(dir[1] = 0) : (void)(*slash = 0);
	return os_same_dev(base, dir) == 1 ? 0 : -EXDEV;
}

/* Point argument @arg at a copy of @data in the scratch window. */
static int put_arg(struct gthread *t, int arg, const void *data, size_t len)
{
	uintptr_t at = scratch_put(t, data, len);

	if (!at)
		return -ENOMEM;
	regs_set_arg(&t->regs, arg, at);
	t->flags |= GT_REGS_DIRTY;
	return 0;
}

/*
 * Resolve the path in argument a->path of the call in flight and point
 * the argument at the host path, in the scratch window, so that what the
 * host reads is what umvm checked.  0, 1 when nothing was changed (no
 * path: a NULL pointer), -errno.
 */
static int translate(struct gthread *t, const struct path_sc *e,
		     const struct parg *a, struct how *h, char *host,
		     size_t len)
{
	char path[PATH_MAX];
	unsigned long ptr = t->sc.args[(int)a->path];
	unsigned long oflags = open_flags(e, t, h);
	int dirfd = a->dirfd >= 0 ? (int)t->sc.args[(int)a->dirfd] : AT_FDCWD;
	int vr = (a->last == L_OPENAT2 ? resolve_rules(h) : 0) | VR_KEEP_PIN;
	ssize_t n;
	int r;

	host[0] = 0;
	if (!ptr)
		return 1;	/* utimensat(fd, NULL, ...) */
	n = os_read_string(t->tid, ptr, path, sizeof(path));
	if (n < 0)
		return (int)n;
	if (!path[0]) {
		/* AT_EMPTY_PATH: about dirfd itself; "" is kept, in scratch. */
		if ((a->last == L_AT_NOFOLLOW || a->last == L_AT_FOLLOW) &&
		    (t->sc.args[(int)e->flags] & AT_EMPTY_PATH))
			return perform_empty_path(t) ? 1 :
			       put_arg(t, a->path, "", 1);
		/* readlinkat takes "" as the link dirfd names (O_PATH). */
		if (t->sc.nr == __NR_readlinkat)
			return put_arg(t, a->path, "", 1);
		return -ENOENT;
	}
	if (follows(e, a, t, oflags))
		vr |= VR_FOLLOW;
	t->sc.path_start = path[0] == '/' ? PATH_ABSOLUTE : dirfd;
	for (int tries = 0; ; tries++) {
		r = view_resolve(t, dirfd, path, vr, host, len);
		if (r < 0)
			return r;
		r = open_check(host, oflags);
		if (r < 0)
			return r;
		if (e->out == PO_READLINK && view_is_proc_link(host))
			t->sc.hook_state = 1;
		if (a->last == L_OPENAT2 &&
		    (h->u.how.resolve & RESOLVE_NO_XDEV) &&
		    (r = same_dev(t, dirfd, host)) < 0)
			return r;
		r = view_pin(t, host, len, !(vr & VR_FOLLOW) ? PIN_PARENT :
			     oflags & O_CREAT ? PIN_CREATE : PIN_OBJECT);
		if (r != -EAGAIN)
			break;
		if (tries == 3)
			return -ELOOP;
	}
	if (r < 0)
		return r;
	/* umvm makes the call on what it holds: the guest's registers stay. */
	if (r == 0 && perform_path(t, host))
		return 1;
	/* A new file, not there when checked: no link may appear there. */
	if (r == 2 && a->last == L_OPENAT2) {
		h->u.how.flags |= O_NOFOLLOW;
	} else if (r == 2 && e->flags >= 0) {
		regs_set_arg(&t->regs, e->flags,
			     t->sc.args[(int)e->flags] | O_NOFOLLOW);
		t->flags |= GT_REGS_DIRTY;
	}
	r = put_arg(t, a->path, host, strlen(host) + 1);
	if (r < 0)
		return r;
	/* The host ignores dirfd for an absolute path: it is left as it is. */
	if (a->dirfd >= 0 && host[0] != '/')
		regs_set_arg(&t->regs, a->dirfd, (unsigned long)AT_FDCWD);
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
	struct how *h = NULL;
	int r = 0;

	sc->hook_state = 0;
	/* Marks on a whole mount or filesystem report files outside. */
	if (e->a[0].last == L_FANOTIFY &&
	    (sc->args[1] & (FAN_MARK_MOUNT | FAN_MARK_FILESYSTEM))) {
		sc->ret = -EPERM;
		return OUT_EMULATE;
	}
	if (e->a[0].last == L_OPENAT2) {
		h = malloc(sizeof(*h));
		r = h ? read_how(t, h) : -ENOMEM;
	}
	for (int i = 0; i < 2 && r >= 0; i++)
		if (e->a[i].last != L_NONE)
			r = translate(t, e, &e->a[i], h, host, sizeof(host));
	/* The host gets umvm's open_how: the rules applied, O_NOFOLLOW set. */
	if (r >= 0 && h) {
		h->u.how.resolve &= ~(unsigned long)(RESOLVE_BENEATH |
			RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS |
			RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV);
		r = put_arg(t, 2, h->u.raw, h->size);
	}
	free(h);
	if (r < 0) {
		sc->ret = r;
		t->flags &= ~GT_REGS_DIRTY;
		return OUT_EMULATE;
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

static void path_init(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(table); i++) {
		const struct path_sc *e = &table[i];

		by_nr[e->nr] = e;
		scratch_want(e->nr);
	}
}

static int path_call(long nr)
{
	return by_nr[nr] != NULL;
}

static int path_call_out(long nr)
{
	return by_nr[nr] && by_nr[nr]->out;
}

/* -r/-R/-b/-w: the guest's paths, mapped into the view (view.c). */
const struct personality paths_personality = {
	VIEW_PART("paths"),
	.init = path_init,
	HOOKS(
		{ .match = path_call, .entry = path_entry },
		{ .match = path_call_out, .exit = path_exit }),
};
