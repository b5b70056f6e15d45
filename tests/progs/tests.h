/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the umvm conformance test programs.
 *
 * Every program prints one line per check ("<what>: ok" or "<what>: FAIL"),
 * never pids, addresses or timings, and exits 0 if all checks passed, 1 if
 * one failed, or 77 (with a reason on stderr) if it cannot run here.  The
 * harness (tests/run.sh) runs each program natively and under umvm and
 * diffs stdout, stderr and the exit status.
 *
 * stdout and stderr are unbuffered so that every printf() is one write(2):
 * the output order is then the syscall order, also across fork().
 */
#ifndef UMVM_TESTS_H
#define UMVM_TESTS_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define T_SKIP 77

static int t_failures;

static inline void t_init(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	setvbuf(stderr, NULL, _IONBF, 0);
}

static inline __attribute__((format(printf, 2, 3)))
int check(int ok, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printf("%s: %s\n", buf, ok ? "ok" : "FAIL");
	if (!ok)
		t_failures++;
	return ok;
}

static inline int t_done(void)
{
	return t_failures ? 1 : 0;
}

static inline __attribute__((noreturn, format(printf, 1, 2)))
void t_skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(T_SKIP);
}

/* Start a thread that runs @fn(NULL); exit 1 when it cannot. */
static inline void t_thread(void *(*fn)(void *))
{
	pthread_t th;

	if (pthread_create(&th, NULL, fn, NULL))
		exit(1);
}

/* Catch @sig with @handler (no flags) and block it: it stays pending. */
static inline void t_catch_blocked(int sig, void (*handler)(int))
{
	struct sigaction sa;
	sigset_t set;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigaction(sig, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_BLOCK, &set, NULL);
}

/* A setup step failed: print it (without errno numbers) and give up. */
static inline __attribute__((noreturn)) void t_fatal(const char *what)
{
	printf("%s: FAIL (%s)\n", what, strerror(errno));
	exit(1);
}

static inline const char *t_errname(int e)
{
	switch (e) {
	case 0: return "0";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case ESRCH: return "ESRCH";
	case EINTR: return "EINTR";
	case ENOEXEC: return "ENOEXEC";
	case EBADF: return "EBADF";
	case ECHILD: return "ECHILD";
	case EAGAIN: return "EAGAIN";
	case EFAULT: return "EFAULT";
	case EACCES: return "EACCES";
	case EEXIST: return "EEXIST";
	case ENOTDIR: return "ENOTDIR";
	case EISDIR: return "EISDIR";
	case EINVAL: return "EINVAL";
	case ESPIPE: return "ESPIPE";
	case EPIPE: return "EPIPE";
	case ENOSYS: return "ENOSYS";
	case ENOTEMPTY: return "ENOTEMPTY";
	case ETIMEDOUT: return "ETIMEDOUT";
	case ENAMETOOLONG: return "ENAMETOOLONG";
	case ELOOP: return "ELOOP";
	}
	return "E?";
}

static inline const char *t_signame(int sig)
{
	switch (sig) {
	case SIGHUP: return "SIGHUP";
	case SIGINT: return "SIGINT";
	case SIGQUIT: return "SIGQUIT";
	case SIGILL: return "SIGILL";
	case SIGTRAP: return "SIGTRAP";
	case SIGABRT: return "SIGABRT";
	case SIGBUS: return "SIGBUS";
	case SIGFPE: return "SIGFPE";
	case SIGKILL: return "SIGKILL";
	case SIGUSR1: return "SIGUSR1";
	case SIGSEGV: return "SIGSEGV";
	case SIGUSR2: return "SIGUSR2";
	case SIGPIPE: return "SIGPIPE";
	case SIGALRM: return "SIGALRM";
	case SIGTERM: return "SIGTERM";
	case SIGCHLD: return "SIGCHLD";
	case SIGCONT: return "SIGCONT";
	case SIGSTOP: return "SIGSTOP";
	case SIGPROF: return "SIGPROF";
	case SIGVTALRM: return "SIGVTALRM";
	case SIGSYS: return "SIGSYS";
	}
	if (sig >= SIGRTMIN && sig <= SIGRTMAX)
		return "SIGRT";
	return "SIG?";
}

/* Describe a wait status without numbers that could vary between hosts. */
static inline const char *t_wstatus(int st)
{
	static char buf[64];

	if (WIFEXITED(st))
		snprintf(buf, sizeof(buf), "exited %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(buf, sizeof(buf), "killed by %s", t_signame(WTERMSIG(st)));
	else if (WIFSTOPPED(st))
		snprintf(buf, sizeof(buf), "stopped by %s", t_signame(WSTOPSIG(st)));
	else if (WIFCONTINUED(st))
		snprintf(buf, sizeof(buf), "continued");
	else
		snprintf(buf, sizeof(buf), "status?");
	return buf;
}

static inline long long t_now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static inline void t_msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static inline pid_t t_gettid(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* A path to exec this very program again. */
static inline const char *t_self(const char *argv0)
{
	if (access("/proc/self/exe", X_OK) == 0)
		return "/proc/self/exe";
	return argv0;
}

/* A fresh private directory under $TMPDIR (or /tmp). */
static inline char *t_tmpdir(void)
{
	static char path[4096];
	const char *base = getenv("TMPDIR");

	if (!base || !*base)
		base = "/tmp";
	snprintf(path, sizeof(path), "%s/umvm-test.XXXXXX", base);
	if (!mkdtemp(path))
		t_skip("mkdtemp in %s: %s", base, strerror(errno));
	return path;
}

/* Remove name (relative to dfd) and everything below it. */
static inline void t_rmtree_at(int dfd, const char *name)
{
	struct dirent *de;
	DIR *d;
	int fd;

	if (unlinkat(dfd, name, 0) == 0 || errno == ENOENT)
		return;
	fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			t_rmtree_at(dirfd(d), de->d_name);
	closedir(d);
	unlinkat(dfd, name, AT_REMOVEDIR);
}

static inline void t_rmtree(const char *path)
{
	t_rmtree_at(AT_FDCWD, path);
}

#endif /* UMVM_TESTS_H */
