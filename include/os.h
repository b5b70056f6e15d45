/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host layer: every call umvm makes into the host kernel for ptrace,
 * wait, seccomp, guest memory and scheduling goes through these functions.
 * They live in os-Linux/ and are the only code that touches those host
 * interfaces.  They return 0 (or a count) on success and -errno on failure;
 * callers never look at errno.
 */
#ifndef UMVM_OS_H
#define UMVM_OS_H

#include <sys/types.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/filter.h>
#include "regs.h"

/* ptrace.c */
int os_ptrace_seize(pid_t tid, unsigned long options);
int os_ptrace_setoptions(pid_t tid, unsigned long options);
int os_getregs(pid_t tid, struct host_regs *regs);
int os_setregs(pid_t tid, const struct host_regs *regs);
int os_poke_reg(pid_t tid, long offset, unsigned long value);
int os_peek_reg(pid_t tid, long offset, unsigned long *value);
int os_resume(pid_t tid, int request, unsigned long addr, int sig);
/* Single-step @tid with @request (0: PTRACE_SINGLESTEP). */
int os_step(pid_t tid, int request, int sig);
int os_listen(pid_t tid);
/* Send @sig to thread @tid's whole process (kill(2)). */
int os_kill(pid_t tid, int sig);
int os_geteventmsg(pid_t tid, unsigned long *msg);
/* Any request, for guest tracers' requests passed on (ptrace-guest.c). */
long os_ptrace_raw(int request, pid_t tid, unsigned long addr, void *data);
/* PTRACE_PEEKDATA/PEEKTEXT/PEEKUSER of one word. */
int os_peek_word(pid_t tid, int request, unsigned long addr,
		 unsigned long *value);
/* 1 if @tid is in a syscall-exit stop, 0 if not, or -errno. */
int os_at_syscall_exit(pid_t tid);
/*
 * At a syscall-entry or seccomp stop of call @nr: its ABI (enum sc_abi)
 * as the kernel reports it (PTRACE_GET_SYSCALL_INFO), or -errno.
 */
int os_syscall_abi(pid_t tid, long nr);

/* The options every tracee carries (inherited by its children). */
#define OS_TRACE_OPTIONS	os_trace_options()
unsigned long os_trace_options(void);
void os_trace_options_add(unsigned long options);

/* wait.c: one stop or exit of any guest thread, and what kind it is. */
enum os_stop_kind {
	OS_GONE,		/* exited or killed, and reaped */
	OS_SYSCALL_STOP,	/* a syscall entry or exit (SIGTRAP | 0x80) */
	OS_SECCOMP_STOP,	/* the guest's filter said trace */
	OS_EVENT_STOP,		/* fork, vfork, clone, exec, exit, listen */
	OS_SIGNAL_STOP,		/* a signal to deliver or to hold */
};
struct os_stop {
	pid_t tid;
	int status;		/* as from waitpid(): a guest tracer's view */
	enum os_stop_kind kind;
	int sig;		/* the stop's signal */
	int event;		/* PTRACE_EVENT_* of an event stop, else 0 */
	int interrupt;		/* PTRACE_EVENT_STOP: a seized thread's first
				 * stop, a group stop or an interrupt */
};
int os_wait_any(struct os_stop *stop);	/* -EINTR when a signal came */
/* The same without blocking: 0 and stop->tid = 0 when none is pending. */
int os_poll_any(struct os_stop *stop);
int os_wait_pid(pid_t pid, int *status);
/* The thread group and parent process of @tid, from the host. */
int os_proc_ids(pid_t tid, pid_t *tgid, pid_t *ppid);

/* mem.c: guest memory. */
ssize_t os_read_mem(pid_t tid, uintptr_t addr, void *buf, size_t len);
ssize_t os_write_mem(pid_t tid, uintptr_t addr, const void *buf, size_t len);
/* Copy a NUL-terminated string of at most len-1 bytes. */
ssize_t os_read_string(pid_t tid, uintptr_t addr, char *buf, size_t len);
/*
 * /proc/<tid>/mem of a thread's address space: writes land even on pages
 * the guest maps read-only.  os_mem_write() writes all or fails.
 */
int os_mem_open(pid_t tid);
ssize_t os_mem_write(int fd, uintptr_t addr, const void *buf, size_t len);
void os_mem_close(int fd);
/*
 * 1 when thread @tid's address space maps exactly [start, end) as one
 * private, anonymous, read-only mapping, 0 if not, or -errno.
 */
int os_vma_private_ro(pid_t tid, unsigned long start, unsigned long end);

/* paths.c: host paths as the monitor sees them (what path views need). */
/* The target of symlink @path, NUL-terminated; its length or -errno. */
ssize_t os_readlink(const char *path, char *buf, size_t len);
/* readlink of /proc/<tid>/<what> ("cwd", "exe", "fd/3"...). */
ssize_t os_proc_link(pid_t tid, const char *what, char *buf, size_t len);
/* The S_IFMT bits of @path's inode, or -errno. */
int os_file_kind(const char *path, int follow);
/* 0 when @path is a regular file we may execute, else -errno. */
int os_check_exec(const char *path);
/* Read up to @len bytes of @path at offset 0 / @off. */
ssize_t os_read_head(const char *path, void *buf, size_t len);
ssize_t os_read_at(const char *path, void *buf, size_t len, off_t off);
/*
 * An O_PATH fd of @path, opened only if no component of it is a symlink
 * (openat2 RESOLVE_NO_SYMLINKS): -ELOOP when one is, -ENOSYS without
 * openat2.  @dir_only: it must be a directory.
 */
int os_pin_path(const char *path, int dir_only);
/*
 * The same, and with @follow_last a last component that is a symlink
 * fails too (-ELOOP): the path as the host would resolve it has no link.
 */
int os_open_nolinks(const char *path, int dir_only, int follow_last);
/* As os_pin_path(), for @rel under directory @dirfd, never above it. */
int os_pin_beneath(int dirfd, const char *rel, int dir_only);
/*
 * Thread @tid's working directory (@dirfd AT_FDCWD) or its directory
 * descriptor @dirfd, opened (O_PATH) for umvm: the fd, and its host path
 * in @host; or -errno.
 */
int os_open_guest_dir(pid_t tid, int dirfd, char *host, size_t len);
void os_unpin(int fd);
/*
 * "/proc/<umvm>/fd/<fd>[/name]": a path through a pinned directory (held
 * by process @holder, 0: umvm itself).
 */
int os_pinned_path(pid_t holder, int fd, const char *name, char *out,
		   size_t len);
/* 1 when umvm may hand its guests paths through its own fds. */
int os_can_pin(void);
/* realpath(3) into @out (PATH_MAX bytes); the working directory. */
int os_realpath(const char *path, char *out);
int os_getcwd(char *buf, size_t len);
int os_unlink(const char *path);
/* @path opened for writing (created or truncated), as a stdio stream. */
int os_open_stream(const char *path, FILE **f);
/* 1 when host paths @a and @b name the same file. */
int os_same_file(const char *a, const char *b);
/* 1 when they are on the same filesystem, 0 if not, or -errno. */
int os_same_dev(const char *a, const char *b);
/*
 * perform.c: calls umvm makes itself for a guest, on a directory it holds
 * (@dirfd, @name: "" for the directory or file itself) or on thread
 * @tid's descriptor @fd (AT_FDCWD: its working directory); 0 or -errno.
 * @st and @stx are a struct stat and a struct statx.
 */
int os_perform_stat(int dirfd, const char *name, int flags, void *st);
int os_perform_statx(int dirfd, const char *name, int flags,
		     unsigned int mask, void *stx);
int os_perform_access(int dirfd, const char *name, int mode, int flags);
ssize_t os_perform_readlink(int dirfd, const char *name, char *buf,
			    size_t len);
int os_perform_fd_stat(pid_t tid, int fd, int flags, void *st);
int os_perform_fd_statx(pid_t tid, int fd, int flags, unsigned int mask,
			void *stx);
/*
 * 1 when thread @tid has umvm's own credentials (ids, groups,
 * capabilities, user namespace, LSM label), 0 if not, or -errno.
 */
int os_same_creds(pid_t tid);
/* The pid tracing process @pid (0: none), or -errno. */
int os_tracer_of(pid_t pid);
/*
 * pinhelp.c: have a helper process with thread @tid's credentials open
 * @rel under directory @anchor (an fd of umvm's) as os_pin_beneath()
 * does, and hold it: its fd number there, the helper's pid in *holder,
 * or -errno (-ELOOP: a symlink on the way); then os_unpin_for() closes
 * it.  For guests whose credentials are not
 * umvm's: the host checks the path as it would for them, with their
 * real ids when @real_ids (the access() family's checks).
 */
int os_pin_as(pid_t tid, int anchor, const char *rel, int dir_only,
	      int real_ids, pid_t *holder);
/* @tid's credentials may have changed, or it is gone: read them again. */
void os_pin_creds_changed(pid_t tid);
void os_unpin_for(pid_t holder, int fd);
/* The guest is gone: the helpers end (umvm waits for its children). */
void os_pin_helpers_end(void);

/*
 * fork-piped.c: a pipe @fds (pipe2()'s @flags), then fork(): the child's
 * pid, 0 in the child, or -errno with the pipe closed again.
 */
pid_t os_fork_piped(int fds[2], int flags);

/* start.c: start the first guest process, traced and stopped at entry. */
struct os_start {
	char *const *argv;	/* program and arguments */
	const char *path;	/* resolved program path */
	int cpu;		/* CPU to pin the guest to, or -1 */
	const char *cwd;	/* host directory to start in, or NULL */
	/*
	 * A seccomp filter the guest installs before its execve, or NULL.
	 * With one, the guest is also traced with PTRACE_O_TRACESECCOMP.
	 */
	const struct os_filter *filter;
};
pid_t os_start_guest(const struct os_start *st);
/* Resolve PROGRAM along $PATH as execvp does; -ENOENT, -EACCES... */
int os_find_program(const char *prog, char *out, size_t len);

/*
 * seccomp.c: the guest's syscall filter.  A call stops (SECCOMP_RET_TRACE)
 * when spec->stop(nr) is true (numbers >= max_nr count as max_nr), when
 * it comes through another ABI or has the x32 bit, or when it is one of
 * spec->ranges and an address range among its arguments may touch the
 * 4 GiB window at spec->window: the high half of its address is the
 * window's or the one below, or its length is 4 GiB or more.  All other
 * calls run.  The filter data says which: OS_FILTER_DATA for x86_64
 * calls, OS_FILTER_DATA_I386 for another ABI, OS_FILTER_DATA_X32.
 */
#define OS_FILTER_MAX	1024
#define OS_FILTER_DATA	0x554d	/* SECCOMP_RET_DATA of umvm's stops */
#define OS_FILTER_DATA_I386	(OS_FILTER_DATA + 1)
#define OS_FILTER_DATA_X32	(OS_FILTER_DATA + 2)
struct os_filter {
	unsigned short len;
	struct sock_filter insns[OS_FILTER_MAX];
};
struct os_filter_range {
	long nr;
	/* up to two (address, length) argument pairs; -1: none */
	signed char addr[2], len[2];
};
struct os_filter_spec {
	int (*stop)(long nr);
	long max_nr;
	const struct os_filter_range *ranges;
	int nranges;
	unsigned long window;	/* 4 GiB aligned */
};
int os_filter_build(struct os_filter *f, const struct os_filter_spec *spec);
/* Does the filter stop call @nr with @args (the same rules, in C)? */
int os_filter_stops(const struct os_filter_spec *spec, long nr,
		    const unsigned long args[6]);
/* Install @f in the calling process (no_new_privs only if needed). */
int os_filter_install(const struct os_filter *f);

/* cpu.c: CPU placement of the tracer and its guests. */
int os_current_cpu(void);
int os_pin_self(int cpu);
int os_set_affinity(pid_t tid, const void *mask, size_t len);
int os_get_affinity(pid_t tid, void *mask, size_t len);
int os_cpu_count(void);
/* CPU time @tid has used, in clock ticks, or -errno. */
long os_thread_cpu_ticks(pid_t tid);

/*
 * signal.c: signals sent to umvm itself.  SIGINT, SIGTERM, SIGHUP, SIGQUIT,
 * SIGUSR1 and SIGUSR2 sent to umvm by a process are passed on to @guest;
 * those that reached the guest by the same kill (a process group, -1) or
 * from the terminal are not passed on twice.  They are held from
 * os_signals_init() until os_signals_forward_to() names the guest; after
 * os_signals_forward_to(0) (the guest is gone) os_signals_end() counts
 * them.
 */
void os_signals_init(void);
void os_signals_forward_to(pid_t guest);
int os_signals_end(void);
/* Give a new guest, before exec, the dispositions umvm was started with. */
void os_signals_reset(void);
/* 1 when thread @tid has a signal pending that it neither blocks nor
 * ignores (it would interrupt a blocking call), 0, or -errno. */
int os_signal_pending(pid_t tid);
/* End umvm the way a process killed by @sig ends. */
void os_die_by_signal(int sig) __attribute__((noreturn));

/* probe-child.c: a traced child for probing host features. */
pid_t os_probe_child(void (*body)(void));
/* Wait for the probe child's next stop; returns status or -errno. */
int os_probe_wait(pid_t pid);
void os_probe_kill(pid_t pid);

/*
 * timed-run.c: run @argv (searched in $PATH) in its own process group with
 * stdin from /dev/null, stdout to file @out and stderr to @err; kill the
 * group after @timeout_s seconds (*status = -1) and, in any case, once
 * it ended.  *status as from waitpid(), *ns the wall time.
 */
int os_run_timed(char *const *argv, const char *out, const char *err,
		 int timeout_s, int *status, uint64_t *ns);

/*
 * self.c: make umvm's own process unreachable for processes of its user
 * (no /proc/<pid>/{mem,fd,root}, process_vm_*, pidfd_getfd, ptrace).
 */
int os_hide_self(void);
/* Does umvm run under a seccomp filter (which its guests inherit)? */
int os_self_filtered(void);
/* Who umvm is, and the host it runs on (uname(2)). */
pid_t os_self_pid(void);
int os_self_is_root(void);	/* effective uid 0 */
struct utsname;
int os_uname(struct utsname *u);

/* time.c */
uint64_t os_now_ns(void);
/* Sleep @ms milliseconds (less when a signal comes). */
void os_sleep_ms(unsigned int ms);
/* A tick every @ms that interrupts os_wait_any() with -EINTR. */
void os_tick_start(int ms);

/*
 * file-io.c: files the monitor looks at on the guest's behalf (the fake
 * root's targets, reached through /proc/<tid>/...) and its own data files.
 */
struct stat;
/* fstatat(AT_FDCWD, @path); @follow: follow a final symlink. */
int os_stat_path(const char *path, int follow, struct stat *st);
int os_chmod_path(const char *path, unsigned int mode);
int os_mknod_path(const char *path, unsigned int mode, unsigned long dev);
/*
 * All @len bytes, across short reads and writes and EINTR: the count (less
 * at end of file), or -errno.
 */
ssize_t os_read_full(int fd, void *buf, size_t len);
ssize_t os_write_full(int fd, const void *buf, size_t len);
/* A whole file into a malloc'd NUL-terminated buffer; the length. */
ssize_t os_read_file(const char *path, char **buf);
/* The real (host) user and group umvm runs as. */
void os_real_ids(uint32_t *uid, uint32_t *gid);
/* 0 if a file @path could be created or replaced, or -errno. */
int os_can_replace(const char *path);
/* Replace @path by @len bytes: a temporary file, fsync, rename. */
int os_replace_file(const char *path, const void *data, size_t len);
/* Create regular file @path (not there yet) with @mode; its stat. */
int os_create_excl(const char *path, unsigned int mode, struct stat *st);
/*
 * A memfd holding @len bytes of @data (close-on-exec), and in @path a
 * name by which other processes of this user open it; fd or -errno.
 */
int os_memfd_with(const char *name, const void *data, size_t len,
		  char *path, size_t plen);

/* self-caps.c: the monitor's own capability state (the fake root's start). */
int os_cap_last_cap(void);
uint64_t os_cap_bounding(int last_cap);
int os_get_no_new_privs(void);

/* handover.c: replace umvm by @path with @argv; returns only -errno. */
int os_exec(const char *path, char *const argv[]);

#endif /* UMVM_OS_H */
