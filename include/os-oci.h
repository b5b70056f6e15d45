/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host calls of the OCI runtime (os-Linux/oci*.c): state directories and
 * their locks, processes seen through /proc, terminals handed over a
 * socket, and what only root may do (namespaces, mounts, cgroups,
 * capabilities, ids).  All return 0 (or a count, an fd, a pid) or -errno.
 */
#ifndef UMVM_OS_OCI_H
#define UMVM_OS_OCI_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* oci-files.c: directories and small files. */
int os_mkdir(const char *path, unsigned int mode);	/* -EEXIST too */
int os_mkdir_p(const char *path, unsigned int mode);
/* Create an empty regular file if nothing is at @path. */
int os_touch(const char *path, unsigned int mode);
int os_symlink(const char *target, const char *path);
int os_chmod(const char *path, unsigned int mode);
/* rm -rf @path, staying on its file system. */
int os_remove_tree(const char *path);
/* Write @text to an existing file (cgroup and /proc/sys knobs). */
int os_write_text(const char *path, const char *text);
/* Call @fn for each entry of directory @path but "." and "..". */
int os_list_dir(const char *path, void (*fn)(const char *name, void *arg),
		void *arg);
/* An exclusive flock(2) on directory @path: the fd, or -errno. */
int os_lock_path(const char *path);
void os_close(int fd);
int os_mkfifo(const char *path);
/* Hold @path's FIFO open (read and write) for os_fifo_wait(). */
int os_fifo_open(const char *path);
/* Block until a byte arrives on fd @fd. */
int os_fifo_wait(int fd);
/* Write a byte to FIFO @path: -ENXIO when no process holds it. */
int os_fifo_release(const char *path);
/* Copy directory @src's contents into @dst (files, dirs, links). */
int os_copy_tree(const char *src, const char *dst);
/* Open @path for appending (created 0644): the fd. */
int os_open_append(const char *path);
int os_append_text(const char *path, const char *text);
/* The time now as RFC 3339 with nanoseconds (UTC). */
void os_rfc3339(char *out, size_t len);

/* oci-proc.c: processes. */
/*
 * The start time of @pid (clock ticks since boot, /proc/PID/stat field
 * 22); -ESRCH when it is gone or a zombie.
 */
int os_proc_starttime(pid_t pid, unsigned long long *start);
int os_signal(pid_t pid, int sig);
/* The children of @pid (of all its threads); how many, at most @max. */
int os_proc_children(pid_t pid, pid_t *out, int max);
pid_t os_fork(void);
int os_pipe(int fds[2]);
/* waitpid(@pid), restarting on EINTR. */
int os_wait_child(pid_t pid, int *status);
/*
 * Run hook @path with @argv and @envp, @input on its stdin; kill it
 * after @timeout_s seconds (0: none) with -ETIMEDOUT.  *status as from
 * waitpid().
 */
int os_run_hook(const char *path, char *const *argv, char *const *envp,
		const char *input, int timeout_s, int *status);
/* Become a subreaper: orphaned descendants are reparented to us. */
int os_subreaper(void);
/* Default dispositions and an empty mask for every signal. */
void os_signals_default(void);
/* The environment becomes exactly @env (NAME=VALUE strings). */
int os_set_environment(char *const *env);
void os_set_umask(unsigned int mask);
/* Close every fd from @from up, but @keep and @keep2 (-1: none). */
void os_close_from(int from, int keep, int keep2);
/* The caller's own process exits now with @status, without atexit. */
void os_exit_now(int status) __attribute__((noreturn));

/* oci-tty.c: the container's terminal. */
/*
 * A new pty from @ptmx ("/dev/ptmx" or a private devpts's): the master
 * fd; the slave's path in @slave.
 */
int os_pty_open(const char *ptmx, char *slave, size_t len);
int os_pty_size(int fd, unsigned int cols, unsigned int rows);
/* Send @fd over the AF_UNIX stream socket at @path (SCM_RIGHTS). */
int os_send_fd(const char *path, int fd, const char *name);
/* A new session whose controlling terminal is @slave, on fds 0-2. */
int os_make_ctty(const char *slave);

/* oci-ns.c: what root can do. */
int os_unshare(int flags);
/* Join the namespace at @path (/proc/PID/ns/net, /run/netns/X...). */
int os_setns_path(const char *path, int flag);
/*
 * Join @flags of @pid's namespaces at once, through a pidfd: no half-
 * joined state, and no other process that took @pid's number.
 */
int os_setns_pid(pid_t pid, int flags);
int os_sethostname(const char *name);
/* Make every mount private to this (new) mount namespace. */
int os_mount_private(void);
int os_mount_fs(const char *type, const char *target, const char *data,
		int ro);
/* Bind-mount @src (recursively) on @dst. */
int os_bind(const char *src, const char *dst);
/* Make the bind mount at @dir/@name read-only. */
int os_remount_readonly(const char *dir, const char *name);
/* Bind @path onto itself, then make it read-only. */
int os_bind_readonly(const char *path);
int os_setrlimit(int resource, unsigned long long soft,
		 unsigned long long hard);
/* The current hard limit of @resource. */
unsigned long long os_rlimit_hard(int resource);
/* Drop every capability not in @keep from the bounding set. */
int os_cap_bound(uint64_t keep);
/* Effective and permitted sets become @caps, inheritable empty. */
int os_cap_set(uint64_t caps);
int os_no_new_privs(void);
/* Dumpable again after a change of ids (so /proc/self/fd stays usable). */
int os_dumpable(void);
/* setgroups, setresgid, setresuid. */
int os_set_ids(uint32_t uid, uint32_t gid, int ngids, const uint32_t *gids);

/* oci-cgroup.c: cgroups (root only). */
int os_cgroup_v2(void);
/* Make @path (from the hierarchies' roots) and move @pid into it. */
int os_cgroup_enter(const char *path, pid_t pid);
/* Write @value to @file of @path: controller @ctrl's under cgroup v1. */
int os_cgroup_set(const char *path, const char *ctrl, const char *file,
		  const char *value);
void os_cgroup_remove(const char *path);
int os_cgroup_exists(const char *path);

#endif /* UMVM_OS_OCI_H */
