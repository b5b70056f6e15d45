// SPDX-License-Identifier: GPL-2.0
/*
 * Signals sent to umvm itself.
 *
 * SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1 and SIGUSR2 sent to umvm are
 * passed to the guest's first process, once: a signal the same kill(2)
 * also brought to the guest (umvm and its guest share a process group,
 * so kill of the group, kill(0), kill(-1) and timeout(1) reach both) is
 * not passed again, nor is one a terminal sent to its foreground group.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include "os.h"
#include "proc-status.h"

static const int forwarded[] = {
	SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2,
};
#define NR_FORWARDED	((int)(sizeof(forwarded) / sizeof(forwarded[0])))

static sigset_t forwarded_set, orig_mask;
static struct sigaction orig_action[NR_FORWARDED];
static volatile pid_t guest_pid;
static volatile sig_atomic_t guest_gone, end_asked;

/* Bit @sig of a /proc status mask line "Name:\t<hex>"; async-signal-safe. */
static int mask_has(const char *buf, const char *name, int sig)
{
	const char *p = strstr(buf, name);
	int digits = 0, bit = sig - 1;

	if (!p)
		return 0;
	p += strlen(name);
	while (*p == ' ' || *p == '\t')
		p++;
	while ((p[digits] >= '0' && p[digits] <= '9') ||
	       (p[digits] >= 'a' && p[digits] <= 'f'))
		digits++;
	/* The last hex digit holds signals 1-4. */
	if (bit / 4 >= digits)
		return 0;
	{
		char c = p[digits - 1 - bit / 4];
		int v = c <= '9' ? c - '0' : c - 'a' + 10;

		return (v >> (bit % 4)) & 1;
	}
}

/* The /proc status of @pid in @buf; async-signal-safe. */
static int read_status(pid_t pid, char *buf, size_t len)
{
	char path[32] = "/proc/", digits[12];
	int nd = 0, at = 6, fd;
	ssize_t n;

	/* No snprintf(): it is not async-signal-safe. */
	do
		digits[nd++] = '0' + pid % 10;
	while ((pid /= 10) > 0);
	while (nd)
		path[at++] = digits[--nd];
	memcpy(path + at, "/status", 8);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	return 0;
}

/*
 * Is @pid a guest process?  Its kill() of a group or of -1 reaches umvm
 * only because umvm is there in the program's place: the processes it
 * meant have the signal already (kill(-1) spares the sender itself).
 */
static int from_guest(pid_t pid)
{
	char buf[4096];
	const char *p;
	long tracer = 0;

	if (pid <= 0 || read_status(pid, buf, sizeof(buf)) < 0)
		return 0;
	p = strstr(buf, "\nTracerPid:");
	if (!p)
		return 0;
	for (p += 11; *p == ' ' || *p == '\t'; p++)
		;
	while (*p >= '0' && *p <= '9')
		tracer = tracer * 10 + *p++ - '0';
	return tracer == getpid();
}

/*
 * Did the kill() that sent umvm @sig reach @pid too?  A kill() of a
 * process group or of -1 that umvm shares with its guest does; then the
 * guest has @sig pending, or is stopped (for umvm, its tracer) delivering
 * it.  Only read(2), open(2) and ptrace(2): this runs in the handler.
 */
static int guest_got(pid_t pid, int sig, const siginfo_t *si)
{
	char buf[4096];
	siginfo_t info;

	if (ptrace(PTRACE_GETSIGINFO, pid, NULL, &info) == 0 &&
	    info.si_signo == sig && info.si_code == SI_USER &&
	    info.si_pid == si->si_pid)
		return 1;
	if (read_status(pid, buf, sizeof(buf)) < 0)
		return 0;
	return mask_has(buf, "\nSigPnd:", sig) || mask_has(buf, "\nShdPnd:", sig);
}

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	struct timespec settle = { 0, 2000000 };
	int saved = errno;
	pid_t pid = guest_pid;

	(void)uc;
	if (guest_gone) {
		/* Nobody to pass it to: umvm ends, as the guest did. */
		end_asked++;
	} else if (si->si_code == SI_KERNEL || pid <= 0) {
		/* A terminal's signal already went to the whole process group. */
	} else if (si->si_code != SI_USER) {
		/* tgkill() or sigqueue(): meant for umvm alone. */
		kill(pid, sig);
	} else if (from_guest(si->si_pid)) {
		/* Sent by the guest to a group or to -1: arrived already. */
	} else if (!guest_got(pid, sig, si)) {
		/*
		 * kill(2) of umvm, of its group, or of -1: the guest, if
		 * the same call reaches it, has it within microseconds (-1
		 * walks the task list oldest first, umvm before its guest).
		 */
		nanosleep(&settle, NULL);
		if (!guest_got(pid, sig, si))
			kill(pid, sig);
	}
	errno = saved;
}

/*
 * The forwarded signals stay blocked until the guest exists
 * (os_signals_forward_to()): one that comes during start-up then reaches
 * the guest, as it would have reached the program run natively.
 */
void os_signals_init(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO;	/* no SA_RESTART: wake waitpid() */
	sigemptyset(&sa.sa_mask);
	sigemptyset(&forwarded_set);
	for (int i = 0; i < NR_FORWARDED; i++) {
		sigaddset(&forwarded_set, forwarded[i]);
		sigaddset(&sa.sa_mask, forwarded[i]);
	}
	sigprocmask(SIG_BLOCK, &forwarded_set, &orig_mask);
	for (int i = 0; i < NR_FORWARDED; i++)
		sigaction(forwarded[i], &sa, &orig_action[i]);
}

void os_signals_forward_to(pid_t guest)
{
	if (guest > 0) {
		guest_pid = guest;
		sigprocmask(SIG_UNBLOCK, &forwarded_set, NULL);
	} else {
		/* Never to a pid that may be reused. */
		guest_pid = 0;
		guest_gone = 1;
	}
}

int os_signals_end(void)
{
	return end_asked;
}

/*
 * The guest starts with the dispositions umvm was given: what nohup or a
 * shell's background job set to "ignored" stays ignored, as natively.
 */
void os_signals_reset(void)
{
	for (int i = 0; i < NR_FORWARDED; i++)
		sigaction(forwarded[i], &orig_action[i], NULL);
	sigprocmask(SIG_SETMASK, &orig_mask, NULL);
}

void os_die_by_signal(int sig)
{
	struct rlimit no_core = { 0, 0 };
	sigset_t set;

	/* The guest dumped its core already, if it was going to. */
	setrlimit(RLIMIT_CORE, &no_core);
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	kill(getpid(), sig);
	_exit(128 + sig);
}

int os_signal_pending(pid_t tid)
{
	char line[256];
	unsigned long long pnd = 0, blk = 0, ign = 0, v;
	FILE *f;

	f = proc_status_open(tid);
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "SigPnd: %llx", &v) == 1 ||
		    sscanf(line, "ShdPnd: %llx", &v) == 1)
			pnd |= v;
		else if (sscanf(line, "SigBlk: %llx", &v) == 1)
			blk = v;
		else if (sscanf(line, "SigIgn: %llx", &v) == 1)
			ign = v;
	}
	fclose(f);
	return !!(pnd & ~blk & ~ign);
}
