// SPDX-License-Identifier: GPL-2.0
/*
 * Signals sent to umvm itself.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include "os.h"

static const int forwarded[] = {
	SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2,
};
#define NR_FORWARDED	((int)(sizeof(forwarded) / sizeof(forwarded[0])))

static volatile pid_t guest_pid;
/* What umvm was started with: the guest gets the same (an ignored one
 * stays ignored, as for a background job of a script). */
static struct sigaction inherited[NR_FORWARDED];

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	/* A terminal's signal already went to the whole process group. */
	if (si->si_code == SI_KERNEL)
		return;
	if (guest_pid > 0)
		kill(guest_pid, sig);
}

void os_signals_init(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO;	/* no SA_RESTART: wake waitpid() */
	sigemptyset(&sa.sa_mask);
	for (int i = 0; i < NR_FORWARDED; i++)
		sigaction(forwarded[i], &sa, &inherited[i]);
}

void os_signals_forward_to(pid_t guest)
{
	guest_pid = guest;
}

void os_signals_reset(void)
{
	for (int i = 0; i < NR_FORWARDED; i++)
		signal(forwarded[i], inherited[i].sa_handler == SIG_IGN ?
		       SIG_IGN : SIG_DFL);
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
	char path[64], line[256];
	unsigned long long pnd = 0, blk = 0, ign = 0, v;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	f = fopen(path, "re");
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
