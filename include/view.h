/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Path views (-r, -b, -w): the file tree the guest sees, made of a root
 * directory and bind mounts of host paths, all resolved by the monitor.
 *
 * Guest paths are what the guest passes and sees; host paths are what
 * the host kernel is given.  Every path a syscall takes is resolved in
 * the guest's view (symlinks read and followed inside it, ".." stopped at
 * its root) into one absolute host path without symlinks left to follow,
 * which replaces the guest's argument; paths the host returns (getcwd,
 * readlink of /proc links) are mapped back.
 */
#ifndef UMVM_VIEW_H
#define UMVM_VIEW_H

#include <limits.h>
#include <stdint.h>
#include <sys/types.h>
#include "guest.h"

/* Set up: the root (a host directory) and binds; 0 or die(). */
void view_set_root(const char *host_dir);
void view_add_bind(const char *host, const char *guest);
/* 1 once -r or -b was given: the path hooks are needed. */
int view_active(void);
/* Check the view before the guest starts; dies with a message. */
void view_finish(void);

/* Guest absolute canonical path -> host path, and back. */
int view_to_host(const char *guest, char *host, size_t len);
int view_to_guest(const char *host, char *guest, size_t len);
/* Lexically clean an absolute path: no "//", ".", ".." or trailing "/". */
void view_clean(char *p);
/* Does @path start with directory @dir (length @n) as whole components? */
int view_under(const char *path, const char *dir, size_t n);
/* 1 when a bind, not the root, shows guest path @guest. */
int view_bound(const char *guest);

/* Flags for view_resolve(); the rest are openat2's RESOLVE_* rules. */
#define VR_FOLLOW	0x1	/* follow a symlink in the last component */
#define VR_BENEATH	0x2	/* stay below dirfd: no "..", "/" or links out */
#define VR_IN_ROOT	0x4	/* dirfd is the root: "/" and ".." stop there */
#define VR_NO_SYMLINKS	0x8	/* no symlink at all */
#define VR_NO_MAGICLINKS 0x10	/* no procfs link */
#define VR_KEEP_PIN	0x20	/* keep what the check opened for view_pin() */

/*
 * Resolve @path as thread @t would see it: relative to directory fd
 * @dirfd (AT_FDCWD: its cwd) when not absolute.  Writes the host path to
 * @host; returns 0 or -errno (-ELOOP, -ENAMETOOLONG, -EBADF...).  The
 * host path holds no symlink (but a last component that is not followed)
 * and no "." or "..": every directory in it was there when checked, and a
 * missing one fails the call here (-ENOENT, -ENOTDIR).  /proc/<pid> of
 * processes outside the guest does not exist (-ENOENT).
 */
int view_resolve(struct gthread *t, int dirfd, const char *path, int flags,
		 char *host, size_t len);

/*
 * Race-free hand-over (when umvm runs unprivileged, see view.c): @host,
 * a resolved path, is replaced by one through a directory umvm holds
 * open.  PIN_OBJECT: the file itself (calls that follow a last symlink);
 * PIN_PARENT: its directory, the name kept (calls that do not);
 * PIN_CREATE: the file if it exists, else its directory (2 is returned:
 * the call must not follow a link that appears there).  0 when replaced,
 * 1 when left as it was, -EAGAIN when the tree changed under the
 * resolution (resolve again), or -errno.
 */
enum { PIN_OBJECT, PIN_PARENT, PIN_CREATE };
void view_enable_pinning(void);
/*
 * The deepest of the view's root and binds (else the host's "/") that
 * host path @host lies under: a descriptor umvm keeps for the run, and
 * in *len the length of its path, which @host starts with (0: "/").
 */
int view_fixed_anchor(const char *host, size_t *len);
/*
 * Where a pin helper starts to look @host up for thread @t (anchor.c):
 * a directory umvm holds, and in *rel the rest of @host below it
 * ("." for the directory itself); *temp: close it after (os_unpin()).
 */
int view_anchor(struct gthread *t, const char *host, const char **rel,
		int *temp);
int view_pin(struct gthread *t, char *host, size_t len, int mode);
/*
 * creds-known.c: 1 when thread @t has umvm's own credentials (ids, groups,
 * capabilities, user namespace, LSM label); known after a set*id,
 * capset, prctl, unshare, setns or exec (asked again then).
 */
int view_same_creds(struct gthread *t);
/*
 * A guest opened an LSM's /proc/<pid>/attr/ file to write: a label can
 * now change unseen, so from here on no thread counts as having umvm's
 * credentials (umvm makes no call for it; helpers pin its paths).
 */
void view_labels_may_change(void);
/* The call is over: close what view_pin() opened for it. */
void view_unpin(struct gsyscall *sc);
/*
 * Keep the last directory view_pin() opened for the call: its fd (held by
 * *holder, 0: umvm), or -1; view_unpin_one() closes it later.
 */
int view_pin_keep(struct gsyscall *sc, pid_t *holder);
void view_unpin_one(pid_t holder, int fd);

/*
 * perform.c: umvm makes the call itself (gsyscall.perform): a call on
 * the path view_pin() made in @host, when thread @t has umvm's
 * credentials; a stat of descriptor dirfd through an empty path.  1 when
 * it will, 0 when the host must.
 */
int perform_path(struct gthread *t, const char *host);
int perform_empty_path(struct gthread *t);

/* Find PROGRAM along $PATH inside the view; the guest path in @out. */
int view_find_program(const char *prog, char *out, size_t len);

/* 1 when the view shows the host's /proc somewhere (-R, -b /proc). */
int view_shows_host_proc(void);

/* For a host path /proc/<pid>[/task/<tid>]/X: "/X" (or ""), else NULL. */
const char *view_proc_task_file(const char *host);
/* A /proc/<pid>/... link whose target is a host path ("exe", "cwd"...). */
int view_is_proc_link(const char *host);

/* exe.c: what /proc/<pid>/exe should say for a guest process. */
const char *view_exe_of(pid_t tgid);
/* exe.c: @tgid runs @path (NULL: what the host says); a new process. */
void view_exe_set(pid_t tgid, const char *path);
void view_exe_inherit(struct gthread *child, struct gthread *parent,
		      unsigned long clone_flags);
/*
 * exec-file.c: what program file @host asks of exec.  1 when it is an
 * ELF file of 32-bit code; its PT_INTERP into @out (1, 0: none, -errno);
 * whether the loader at @host understands --argv0; a script's "#!interp
 * [arg]" (1, 0: no script, -errno).
 */
int exec_elf_is_32bit(const char *host);
int exec_elf_interp(const char *host, char *out, size_t len);
int exec_loader_has_argv0(const char *host);
int exec_shebang(const char *host, char *interp, size_t ilen, char *arg,
		 size_t alen, int *has_arg);

#endif /* UMVM_VIEW_H */
