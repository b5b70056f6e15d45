// SPDX-License-Identifier: GPL-2.0
/*
 * exec: one more process in a running container, from --process's
 * process.json or from the command line, under a monitor of its own.
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

struct exec_opts {
	const char *process, *console_socket, *pid_file, *cwd, *user;
	char *env[256];
	int nenv, tty, detach;
};

/* exec's process: --process FILE, or the config's with the flags. */
static void exec_process(struct oci_config *c, const struct exec_opts *o,
			 int argc, char **argv)
{
	char err[600], perr[128];
	struct oci_process *p = &c->proc;

	if (o->process) {
		char *text;
		struct json *j;
		ssize_t n = os_read_file(o->process, &text);

		if (n < 0)
			oci_fail("--process '%s': %s", o->process,
				 strerror(-n));
		j = json_parse(text, perr, sizeof(perr));
		free(text);
		if (!j)
			oci_fail("--process '%s': malformed JSON: %s",
				 o->process, perr);
		if (oci_process_parse(j, p, err, sizeof(err)) < 0)
			oci_fail("--process '%s': %s", o->process, err);
		return;
	}
	if (argc <= 0)
		oci_fail("exec: no command given");
	p->args = argv;
	p->terminal = o->tty;
	if (o->cwd)
		p->cwd = o->cwd;
	if (o->nenv) {
		int n = 0;
		char **env;

		while (p->env[n])
			n++;
		env = calloc(n + o->nenv + 1, sizeof(*env));
		if (!env)
			oci_fail("out of memory");
		memcpy(env, p->env, n * sizeof(*env));
		memcpy(env + n, o->env, o->nenv * sizeof(*env));
		p->env = env;
	}
	if (o->user && sscanf(o->user, "%u:%u", &p->uid, &p->gid) < 1)
		oci_fail("--user '%s': expected UID[:GID]", o->user);
}

int oci_cmd_exec(int argc, char **argv)
{
	struct exec_opts o = { 0 };
	struct oci_state st;
	struct oci_config c;
	struct oci_launch l = { 0 };
	char err[600], bundle[PATH_MAX], line[64];
	const char *id;
	int ch, lock, status, r;
	pid_t pid;
	unsigned long long start;

	optind = 1;
	while ((ch = oci_next_option(argc, argv, OCI_EXEC)) != -1) {
		switch (ch) {
		case OCI_OPT_PROCESS: o.process = optarg; break;
		case OCI_OPT_CONSOLE_SOCKET: o.console_socket = optarg; break;
		case OCI_OPT_PID_FILE: o.pid_file = optarg; break;
		case OCI_OPT_CWD: o.cwd = optarg; break;
		case OCI_OPT_ENV:
			if (o.nenv == (int)ARRAY_SIZE(o.env) || !strchr(optarg, '='))
				oci_fail("--env '%s': expected NAME=VALUE",
					 optarg);
			o.env[o.nenv++] = optarg;
			break;
		case OCI_OPT_TTY: o.tty = 1; break;
		case OCI_OPT_USER: o.user = optarg; break;
		case OCI_OPT_DETACH: o.detach = 1; break;
		}
	}
	id = oci_need_id(argc, argv, "exec");
	lock = oci_load(id, &st, 1);
	if (oci_status_of(&st) == OCI_STOPPED)
		oci_fail("cannot exec in container '%s': it is stopped", id);
	oci_state_path(bundle, sizeof(bundle), id, NULL);
	if (oci_config_load(bundle, &c, err, sizeof(err)) < 0)
		oci_fail("%s", err);
	exec_process(&c, &o, argc - optind - 1, argv + optind + 1);
	if (c.proc.terminal && !o.console_socket && o.detach)
		oci_fail("exec: a terminal needs --console-socket");
	l.id = id;
	l.bundle = st.bundle;
	l.config = &c;
	l.console_socket = o.console_socket;
	l.exec = 1;
	l.target = &st;
	l.foreground = !o.detach;
	if (l.foreground)
		os_subreaper();
	pid = oci_launch(&l, err, sizeof(err));
	if (pid < 0)
		oci_fail("%s", err);
	if (os_proc_starttime(pid, &start) == 0) {
		char path[PATH_MAX];

		/* delete and kill --all reach exec'd processes too. */
		oci_state_path(path, sizeof(path), id, "exec.pids");
		snprintf(line, sizeof(line), "%d %llu\n", (int)pid, start);
		r = os_append_text(path, line);
		if (r < 0)
			oci_warn("%s: %s", path, strerror(-r));
	}
	if (o.pid_file)
		oci_write_pid_file(o.pid_file, pid);
	oci_unlock(lock);
	if (o.detach)
		return 0;
	status = oci_wait_monitor(pid);
	if (status < 0)
		return 1;
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) :
	       WEXITSTATUS(status);
}
