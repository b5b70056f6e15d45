// SPDX-License-Identifier: GPL-2.0
/*
 * A container's monitor: the process engines see as the container.
 *
 * create forks it twice (the first child enters the namespaces, the
 * second is the monitor, pid 1 of a new pid namespace when there is one)
 * and returns once the monitor is set up: the view made of root.path and
 * the mounts, the terminal handed to the engine, limits, ids and the
 * policy in place.  The monitor then waits on the state's FIFO; 'start'
 * releases it and it becomes 'umvm run' in-process, whose guest is the
 * container's process.  Everything that can fail is done before create
 * returns, so a bad bundle fails create with one line.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "cli.h"
#include "dispatch.h"
#include "oci.h"
#include "oci-monitor.h"
#include "os.h"
#include "os-oci.h"
#include "umvm.h"
#include "view.h"

static int ns_flag_new(const struct oci_config *c, int flag)
{
	for (int i = 0; i < c->nns; i++)
		if (c->ns[i].flag == flag)
			return !c->ns[i].path;
	return 0;
}

/* Namespaces and cgroup, in the first child (before the monitor forks). */
static int enter(struct mon *m, pid_t self)
{
	const struct oci_config *c = m->c;
	int flags = 0, r;

	if (!oci.rootful) {
		for (int i = 0; i < c->nns; i++)
			if (c->ns[i].flag != CLONE_NEWUSER) {
				char what[64];

				snprintf(what, sizeof(what), "%s namespace",
					 c->ns[i].name);
				mon_note(m, what);
			}
		if (c->cgroups_path || c->resources)
			mon_note(m, "cgroups");
		return 0;
	}
	if (m->l->target && m->l->target->cgroup[0]) {
		r = os_cgroup_enter(m->l->target->cgroup, self);
		if (r < 0)
			MON_FAIL(m, "cgroup '%s': %s", m->l->target->cgroup,
				 strerror(-r));
	}
	if (m->l->exec) {
		pid_t target = m->l->target->pid;

		/*
		 * The container's namespaces, made or joined at create, and
		 * its mounts; the user namespace is the monitor's own.
		 */
		flags = CLONE_NEWNS;
		for (int i = 0; i < c->nns; i++)
			if (c->ns[i].flag != CLONE_NEWUSER)
				flags |= c->ns[i].flag;
		r = os_setns_pid(target, flags);
		if (r < 0)
			MON_FAIL(m, "joining the namespaces of %d: %s",
				 (int)target, strerror(-r));
		m->new_pid_ns = 0;
		/* The container's other processes are another monitor's. */
		pers.container_pids = ns_flag_new(c, CLONE_NEWPID);
		return 0;
	}
	for (int i = 0; i < c->nns; i++) {
		if (c->ns[i].flag == CLONE_NEWUSER) {
			mon_note(m, "user namespace");
			continue;
		}
		if (c->ns[i].path) {
			r = os_setns_path(c->ns[i].path, c->ns[i].flag);
			if (r < 0)
				MON_FAIL(m, "%s namespace '%s': %s",
					 c->ns[i].name, c->ns[i].path,
					 strerror(-r));
		} else {
			flags |= c->ns[i].flag;
		}
	}
	/* Our own mounts (proc, devpts, tmpfs, read-only) stay ours. */
	flags |= CLONE_NEWNS;
	r = os_unshare(flags);
	if (r < 0)
		MON_FAIL(m, "unshare: %s", strerror(-r));
	return 0;
}

static void mon_init(struct mon *m, const struct oci_launch *l)
{
	memset(m, 0, sizeof(*m));
	m->l = l;
	m->c = l->config;
	m->p = &l->config->proc;
	m->backend = "auto";
	m->cpus = "auto";
	oci_state_path(m->dir, sizeof(m->dir), l->id, NULL);
	if (oci.rootful && !l->exec) {
		m->new_pid_ns = ns_flag_new(m->c, CLONE_NEWPID);
		m->new_uts_ns = ns_flag_new(m->c, CLONE_NEWUTS);
		m->new_ipc_ns = ns_flag_new(m->c, CLONE_NEWIPC);
		m->new_net_ns = ns_flag_new(m->c, CLONE_NEWNET);
	}
	if (oci.rootful && l->exec) {
		m->new_uts_ns = ns_flag_new(m->c, CLONE_NEWUTS);
		m->new_ipc_ns = ns_flag_new(m->c, CLONE_NEWIPC);
		m->new_net_ns = ns_flag_new(m->c, CLONE_NEWNET);
	}
}

static void report(int fd, char kind, const char *msg)
{
	os_write_full(fd, &kind, 1);
	if (msg)
		os_write_full(fd, msg, strlen(msg));
	os_close(fd);
}

/* The monitor, once set up: wait for start, then run the guest. */
static __attribute__((noreturn)) void monitor(struct mon *m, int ready)
{
	char fifo[PATH_MAX], *argv[64 + 1024];
	char backend[64], cpus[64];
	int fd = -1, argc = 0, status;

	os_signals_default();
	/* Opened while still root: mon_setup() may become another user. */
	if (m->l->wait_start) {
		oci_state_path(fifo, sizeof(fifo), m->l->id, "exec.fifo");
		fd = os_fifo_open(fifo);
		if (fd < 0) {
			report(ready, 'E', "cannot open the start FIFO");
			os_exit_now(EXIT_SETUP);
		}
	}
	if (mon_setup(m) < 0) {
		report(ready, 'E', m->err);
		os_exit_now(EXIT_SETUP);
	}
	/* Root ignores nothing it could do: those notes are for --debug. */
	if (oci.rootful && m->ignored.len)
		oci_debug("not mapped: %s", m->ignored.s);
	report(ready, 'K', oci.rootful || m->l->exec ? NULL : m->ignored.s);
	if (fd >= 0) {
		if (os_fifo_wait(fd) < 0)
			os_exit_now(EXIT_SETUP);
		os_close(fd);
	}
	snprintf(backend, sizeof(backend), "--backend=%s", m->backend);
	snprintf(cpus, sizeof(cpus), "--cpus=%s", m->cpus);
	argv[argc++] = "run";
	argv[argc++] = backend;
	argv[argc++] = cpus;
	argv[argc++] = "-w";
	argv[argc++] = (char *)m->p->cwd;
	argv[argc++] = "--";
	for (int i = 0; m->p->args[i] && argc < (int)ARRAY_SIZE(argv) - 1; i++)
		argv[argc++] = m->p->args[i];
	argv[argc] = NULL;
	optind = 0;
	status = cmd_run(argc, argv);
	fflush(NULL);
	os_exit_now(status);
}

/*
 * Two pipes: the first child reports the monitor's pid on one, the
 * monitor its readiness on the other, so neither can overtake the other.
 */
pid_t oci_launch(const struct oci_launch *l, char *err, size_t errlen)
{
	struct mon m;
	int ready[2], pidp[2], r, status;
	pid_t p1, p2 = -1;
	char kind = 0, msg[512];
	ssize_t n;

	mon_init(&m, l);
	r = os_pipe(ready);
	if (r == 0) {
		r = os_pipe(pidp);
		if (r < 0) {
			os_close(ready[0]);
			os_close(ready[1]);
		}
	}
	if (r < 0) {
		snprintf(err, errlen, "pipe: %s", strerror(-r));
		return -1;
	}
	p1 = os_fork();
	if (p1 < 0) {
		snprintf(err, errlen, "fork: %s", strerror(-p1));
		return -1;
	}
	if (p1 == 0) {
		pid_t self = os_self_pid();

		os_close(ready[0]);
		os_close(pidp[0]);
		/* No lock or other fd of ours goes with the container. */
		os_close_from(3, ready[1], pidp[1]);
		if (enter(&m, self) < 0) {
			os_write_full(pidp[1], &p2, sizeof(p2));
			report(ready[1], 'E', m.err);
			os_exit_now(EXIT_SETUP);
		}
		p2 = os_fork();
		if (p2 == 0) {
			os_close(pidp[1]);
			monitor(&m, ready[1]);
		}
		os_write_full(pidp[1], &p2, sizeof(p2));
		if (p2 < 0)
			report(ready[1], 'E', strerror(-p2));
		os_exit_now(0);
	}
	os_close(ready[1]);
	os_close(pidp[1]);
	n = os_read_full(pidp[0], &p2, sizeof(p2));
	os_close(pidp[0]);
	os_wait_child(p1, &status);
	if (n != sizeof(p2))
		p2 = -1;
	n = os_read_full(ready[0], &kind, 1);
	msg[0] = 0;
	if (n == 1) {
		n = os_read_full(ready[0], msg, sizeof(msg) - 1);
		msg[n > 0 ? n : 0] = 0;
	}
	os_close(ready[0]);
	if (kind == 'K' && p2 > 0) {
		if (msg[0])
			oci_warn("not running as root: ignored %s", msg);
		return p2;
	}
	if (kind == 'E')
		snprintf(err, errlen, "%s", msg);
	else
		snprintf(err, errlen, "the monitor died while setting up");
	if (p2 > 0)
		os_signal(p2, SIGKILL);
	return -1;
}

int oci_wait_monitor(pid_t pid)
{
	int status = 0;

	if (os_wait_child(pid, &status) < 0)
		return -1;
	return status;
}
