// SPDX-License-Identifier: GPL-2.0
/*
 * The processes of a running container: kill signals them, ps lists
 * them.  They are the monitor's descendants, as the host sees them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "oci.h"
#include "os.h"
#include "os-oci.h"
#include "umvm.h"

static int signal_by_name(const char *s)
{
	static const struct { const char *name; int sig; } names[] = {
		{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT },
		{ "ILL", SIGILL }, { "TRAP", SIGTRAP }, { "ABRT", SIGABRT },
		{ "BUS", SIGBUS }, { "FPE", SIGFPE }, { "KILL", SIGKILL },
		{ "USR1", SIGUSR1 }, { "SEGV", SIGSEGV }, { "USR2", SIGUSR2 },
		{ "PIPE", SIGPIPE }, { "ALRM", SIGALRM }, { "TERM", SIGTERM },
		{ "CHLD", SIGCHLD }, { "CONT", SIGCONT }, { "STOP", SIGSTOP },
		{ "TSTP", SIGTSTP }, { "TTIN", SIGTTIN }, { "TTOU", SIGTTOU },
		{ "URG", SIGURG }, { "XCPU", SIGXCPU }, { "XFSZ", SIGXFSZ },
		{ "VTALRM", SIGVTALRM }, { "PROF", SIGPROF },
		{ "WINCH", SIGWINCH }, { "IO", SIGIO }, { "PWR", SIGPWR },
		{ "SYS", SIGSYS },
	};
	char *end;
	long n = strtol(s, &end, 10);

	if (*s && !*end)
		return n > 0 && n < NSIG ? (int)n : -1;
	if (!strncasecmp(s, "SIG", 3))
		s += 3;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcasecmp(s, names[i].name))
			return names[i].sig;
	return -1;
}

/* Every process of the container: the monitor's descendants. */
static int container_pids(const struct oci_state *st, pid_t *out, int max)
{
	int n = 0;

	out[n++] = st->pid;
	for (int i = 0; i < n && n < max; i++) {
		int r = os_proc_children(out[i], out + n, max - n);

		if (r > 0)
			n += r;
	}
	return n;
}

/*
 * The container's first process: the monitor's child once it has run
 * execve (before that the monitor's children are its probes of the
 * host's backends, which never exec).  Waits up to a second for it.
 */
static pid_t guest_of(const struct oci_state *st)
{
	char mon[PATH_MAX], exe[PATH_MAX];
	pid_t kids[16];

	if (os_proc_link(st->pid, "exe", mon, sizeof(mon)) < 0)
		return -1;
	for (int i = 0; i < 100; i++) {
		int n = os_proc_children(st->pid, kids, ARRAY_SIZE(kids));

		for (int k = 0; k < n; k++)
			if (os_proc_link(kids[k], "exe", exe, sizeof(exe)) >= 0 &&
			    strcmp(exe, mon))
				return kids[k];
		os_sleep_ms(10);
	}
	return -1;
}

int oci_cmd_kill(int argc, char **argv)
{
	struct oci_state st;
	const char *id;
	int all = oci_flag_option(argc, argv, OCI_KILL);
	int sig = SIGTERM, lock, n;
	pid_t pids[4096], guest;
	enum oci_status s;

	id = oci_need_id(argc, argv, "kill");
	if (optind + 1 < argc && (sig = signal_by_name(argv[optind + 1])) < 0)
		oci_fail("kill: unknown signal '%s'", argv[optind + 1]);
	lock = oci_load(id, &st, 1);
	s = oci_status_of(&st);
	if (s == OCI_STOPPED)
		oci_fail("container '%s' is not running", id);
	if (all) {
		n = container_pids(&st, pids, ARRAY_SIZE(pids));
		/* Guests first: the monitor's end would kill them anyway. */
		for (int i = n - 1; i >= 0; i--)
			os_signal(pids[i], sig);
	} else if (sig == SIGKILL || s != OCI_RUNNING ||
		   (guest = guest_of(&st)) <= 0) {
		os_signal(st.pid, sig == SIGKILL || s != OCI_RUNNING ?
			  SIGKILL : sig);
	} else {
		/* The container's first process, as runc signals its init. */
		os_signal(guest, sig);
	}
	oci_unlock(lock);
	return 0;
}

int oci_cmd_ps(int argc, char **argv)
{
	struct oci_state st;
	pid_t pids[4096];
	int n;

	optind = 1;
	while (optind < argc && argv[optind][0] == '-') {
		if (!strncmp(argv[optind], "--format", 8) && !argv[optind][8] &&
		    optind + 1 < argc)
			optind++;
		optind++;
	}
	oci_load(oci_need_id(argc, argv, "ps"), &st, 0);
	if (oci_status_of(&st) == OCI_STOPPED) {
		printf("[]\n");
		return 0;
	}
	n = container_pids(&st, pids, ARRAY_SIZE(pids));
	printf("[");
	for (int i = 0; i < n; i++)
		printf("%s%d", i ? "," : "", (int)pids[i]);
	printf("]\n");
	return 0;
}
