// SPDX-License-Identifier: GPL-2.0
/*
 * A container's life: create (and run, which is create + start), start
 * and delete.  Errors are one line and a non-zero status; a failed
 * create leaves no state behind.
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

/* The config as created, kept for exec; the rootfs made absolute. */
static void save_config(const char *id, const struct oci_config *c)
{
	char path[PATH_MAX];
	struct sbuf b = { 0 };
	int r;

	sb_json_value(&b, c->tree);
	oci_state_path(path, sizeof(path), id, "config.json");
	r = os_replace_file(path, b.s, b.len);
	free(b.s);
	if (r == 0)
		r = os_chmod(path, 0600);	/* its env may hold secrets */
	if (r < 0)
		oci_fail("cannot save the config: %s", strerror(-r));
}

struct create_opts {
	const char *bundle, *pid_file, *console_socket;
	int detach, keep;
};

/*
 * create, and run (create + start): everything that fails is checked
 * before the state exists, or removes it again.
 */
static int create(const char *id, const struct create_opts *o, int run)
{
	char err[600], fifo[PATH_MAX], bundle[PATH_MAX], cg[PATH_MAX];
	struct oci_config c;
	struct oci_state st;
	struct oci_launch l = { 0 };
	pid_t pid;
	int lock, r, status;

	r = os_realpath(o->bundle, bundle);
	if (r < 0)
		oci_fail("bundle '%s': %s", o->bundle, strerror(-r));
	if (oci_config_load(bundle, &c, err, sizeof(err)) < 0)
		oci_fail("%s", err);
	if (c.proc.terminal && !o->console_socket && !(run && !o->detach))
		oci_fail("process.terminal needs --console-socket");
	lock = oci_state_create(id);
	save_config(id, &c);
	if (!run) {
		oci_state_path(fifo, sizeof(fifo), id, "exec.fifo");
		r = os_mkfifo(fifo);
		if (r < 0) {
			oci_state_remove(id);
			oci_fail("%s: %s", fifo, strerror(-r));
		}
	}
	memset(&st, 0, sizeof(st));
	snprintf(st.id, sizeof(st.id), "%s", id);
	snprintf(st.bundle, sizeof(st.bundle), "%s", bundle);
	snprintf(st.rootfs, sizeof(st.rootfs), "%s", c.root);
	os_rfc3339(st.created, sizeof(st.created));
	os_real_ids(&st.owner, &(uint32_t){ 0 });
	oci_cgroup_path(&c, id, cg, sizeof(cg));
	snprintf(st.cgroup, sizeof(st.cgroup), "%s", cg);
	st.annotations = (struct json *)c.annotations;

	l.id = id;
	l.bundle = bundle;
	l.config = &c;
	l.console_socket = o->console_socket;
	l.wait_start = !run;
	l.foreground = run && !o->detach;
	l.target = &st;		/* its cgroup */
	if (l.foreground)
		os_subreaper();
	pid = oci_launch(&l, err, sizeof(err));
	if (pid < 0) {
		if (cg[0])
			os_cgroup_remove(cg);
		oci_state_remove(id);
		oci_fail("%s", err);
	}
	st.pid = pid;
	if (os_proc_starttime(pid, &st.starttime) < 0) {
		oci_state_remove(id);
		oci_fail("the container's monitor died at once");
	}
	if (cg[0] && c.resources)
		oci_apply_resources(cg, c.resources);
	r = oci_state_write(&st);
	if (r < 0) {
		os_signal(pid, SIGKILL);
		oci_state_remove(id);
		oci_fail("cannot write the state: %s", strerror(-r));
	}
	if (oci_hooks(c.tree, "createRuntime", &st, err, sizeof(err)) < 0 ||
	    oci_hooks(c.tree, "prestart", &st, err, sizeof(err)) < 0 ||
	    oci_hooks(c.tree, "createContainer", &st, err, sizeof(err)) < 0) {
		oci_state_kill_wait(&st);
		if (cg[0])
			os_cgroup_remove(cg);
		oci_state_remove(id);
		oci_fail("%s", err);
	}
	if (o->pid_file)
		oci_write_pid_file(o->pid_file, pid);
	oci_unlock(lock);
	if (run && oci_hooks(c.tree, "poststart", &st, err, sizeof(err)) < 0)
		oci_warn("%s", err);
	if (!l.foreground)
		return 0;
	status = oci_wait_monitor(pid);
	if (!o->keep) {
		lock = oci_lock(id);
		if (oci_hooks(c.tree, "poststop", &st, err, sizeof(err)) < 0)
			oci_warn("%s", err);
		if (cg[0])
			os_cgroup_remove(cg);
		oci_state_remove(id);
		oci_unlock(lock);
	}
	if (status < 0)
		return 1;
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) :
	       WEXITSTATUS(status);
}

int oci_cmd_create(int argc, char **argv, int run)
{
	struct create_opts o = { .bundle = "." };
	const char *cmd = run ? "run" : "create";
	int c;

	while ((c = oci_next_option(argc, argv,
				    run ? OCI_RUN : OCI_CREATE)) != -1) {
		switch (c) {
		case OCI_OPT_BUNDLE: o.bundle = optarg; break;
		case OCI_OPT_PID_FILE: o.pid_file = optarg; break;
		case OCI_OPT_CONSOLE_SOCKET: o.console_socket = optarg; break;
		case OCI_OPT_DETACH: o.detach = 1; break;
		case OCI_OPT_KEEP: o.keep = 1; break;
		}
	}
	return create(oci_need_id(argc, argv, cmd), &o, run);
}

int oci_cmd_start(int argc, char **argv)
{
	char fifo[PATH_MAX], err[600];
	struct json *config;
	struct oci_state st;
	const char *id;
	enum oci_status s;
	int lock, r;

	optind = 1;
	id = oci_need_id(argc, argv, "start");
	lock = oci_load(id, &st, 1);
	s = oci_status_of(&st);
	if (s != OCI_CREATED)
		oci_fail("cannot start container '%s': it is %s", id,
			 oci_status_names[s]);
	config = oci_saved_config(id);
	if (oci_hooks(config, "startContainer", &st, err, sizeof(err)) < 0)
		oci_fail("%s", err);
	oci_state_path(fifo, sizeof(fifo), id, "exec.fifo");
	r = os_fifo_release(fifo);
	if (r < 0)
		oci_fail("cannot start container '%s': %s", id,
			 r == -ENXIO ? "its monitor is gone" : strerror(-r));
	os_unlink(fifo);
	oci_unlock(lock);
	if (oci_hooks(config, "poststart", &st, err, sizeof(err)) < 0)
		oci_warn("%s", err);
	return 0;
}

int oci_cmd_delete(int argc, char **argv)
{
	struct oci_state st;
	const char *id;
	int force = oci_flag_option(argc, argv, OCI_DELETE);
	int lock, r;
	enum oci_status s;

	id = oci_need_id(argc, argv, "delete");
	lock = oci_lock(id);
	if (lock == -ENOENT && force)
		return 0;	/* as runc: nothing to force away */
	if (lock < 0)
		lock = oci_load(id, &st, 1);
	r = oci_state_read(id, &st);
	if (r < 0 && force) {
		oci_state_remove(id);
		return 0;
	}
	if (r < 0)
		oci_fail("container '%s' does not exist", id);
	s = oci_status_of(&st);
	if (s == OCI_RUNNING && !force)
		oci_fail("cannot delete container '%s': it is running (use "
			 "--force)", id);
	oci_state_kill_wait(&st);
	{
		struct json *config = oci_saved_config(id);
		char err[600];

		if (oci_hooks(config, "poststop", &st, err, sizeof(err)) < 0)
			oci_warn("%s", err);
		json_free(config);
	}
	if (st.cgroup[0]) {
		for (int i = 0; i < 50; i++) {
			os_cgroup_remove(st.cgroup);
			if (!os_cgroup_exists(st.cgroup))
				break;
			os_sleep_ms(10);
		}
	}
	oci_state_remove(id);
	oci_unlock(lock);
	return 0;
}
