// SPDX-License-Identifier: GPL-2.0
/*
 * Everything the monitor sets up before the container's process may run,
 * each step a function that fails with a one-line reason: the view, the
 * terminal, limits, annotations, seccomp, sysctls, the identity, the
 * program and $HOME.
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

static int terminal(struct mon *m)
{
	int master, r;

	if (!m->p->terminal)
		return 0;
	if (!m->l->console_socket) {
		/* runc run in the foreground: the caller's terminal. */
		return 0;
	}
	if (!m->ptmx[0])
		snprintf(m->ptmx, sizeof(m->ptmx), "/dev/ptmx");
	master = os_pty_open(m->ptmx, m->slave, sizeof(m->slave));
	if (master < 0)
		MON_FAIL(m, "cannot open a terminal (%s): %s", m->ptmx,
			 strerror(-master));
	if (m->p->console_w && m->p->console_h)
		os_pty_size(master, m->p->console_w, m->p->console_h);
	r = os_send_fd(m->l->console_socket, master, m->slave);
	os_close(master);
	if (r < 0)
		MON_FAIL(m, "--console-socket '%s': %s", m->l->console_socket,
			 strerror(-r));
	r = os_make_ctty(m->slave);
	if (r < 0)
		MON_FAIL(m, "terminal '%s': %s", m->slave, strerror(-r));
	mon_mount_point(m, "/dev/console", 1);
	view_add_bind(m->slave, "/dev/console");
	return 0;
}

static int rlimits(struct mon *m)
{
	for (int i = 0; i < m->p->nrlimits; i++) {
		const struct oci_rlimit *rl = &m->p->rlimits[i];
		unsigned long long soft = rl->soft, hard = rl->hard, max;
		int r = os_setrlimit(rl->resource, soft, hard);

		if (r == -EPERM) {
			/* Above the host's hard limit, which stays. */
			max = os_rlimit_hard(rl->resource);
			hard = hard > max ? max : hard;
			soft = soft > hard ? hard : soft;
			r = os_setrlimit(rl->resource, soft, hard);
			mon_note(m, "rlimits above the host's hard limits");
		}
		if (r < 0)
			MON_FAIL(m, "setrlimit %d: %s", rl->resource,
				 strerror(-r));
	}
	return 0;
}

static int annotations(struct mon *m)
{
	const struct json *a = m->c->annotations;
	const char *v;

	if ((v = json_str(a, "umvm.backend")))
		m->backend = v;
	if ((v = json_str(a, "umvm.cpus")))
		m->cpus = v;
	if ((v = json_str(a, "umvm.fake-root")))
		pers.fake_root = !strcmp(v, "true");
	if ((v = json_str(a, "umvm.deny-net")))
		pers.deny_net = !strcmp(v, "true");
	if ((v = json_str(a, "umvm.kernel-release"))) {
		if (strlen(v) > 64)
			MON_FAIL(m, "umvm.kernel-release: longer than 64 bytes");
		pers.release = v;
	}
	if ((v = json_str(a, "umvm.policy")))
		policy_load(v);
	return 0;
}

static int seccomp(struct mon *m)
{
	struct sbuf pol = { 0 }, notes = { 0 };
	char path[PATH_MAX], name[32];
	int r;

	if (!m->c->seccomp)
		return 0;
	if (oci_seccomp_policy(m->c->seccomp, &pol, &notes, m->err,
			       sizeof(m->err)) < 0)
		return -1;
	snprintf(name, sizeof(name), "policy.%d", (int)os_self_pid());
	mon_join(path, sizeof(path), m->dir, name);
	r = os_replace_file(path, pol.s, pol.len);
	if (r < 0)
		MON_FAIL(m, "cannot write '%s': %s", path, strerror(-r));
	policy_load(path);
	os_unlink(path);
	if (notes.len) {
		char what[600];

		snprintf(what, sizeof(what), "seccomp %s", notes.s);
		mon_note(m, what);
	}
	free(pol.s);
	free(notes.s);
	return 0;
}

static int sysctl(struct mon *m)
{
	char path[PATH_MAX];

	for (const struct json *s = m->c->sysctl ? m->c->sysctl->child : NULL;
	     s; s = s->next) {
		int ns = (!strncmp(s->key, "net.", 4) && m->new_net_ns) ||
			 ((!strncmp(s->key, "kernel.shm", 10) ||
			   !strncmp(s->key, "kernel.msg", 10) ||
			   !strcmp(s->key, "kernel.sem") ||
			   !strncmp(s->key, "fs.mqueue.", 10)) && m->new_ipc_ns);

		if (!oci.rootful || !ns || s->type != J_STR || m->l->exec) {
			if (!m->l->exec)
				mon_note(m, "sysctl");
			continue;
		}
		snprintf(path, sizeof(path), "/proc/sys/%s", s->key);
		for (char *p = path + 10; *p; p++)
			if (*p == '.')
				*p = '/';
		int r = os_write_text(path, s->str);

		if (r < 0)
			MON_FAIL(m, "sysctl %s: %s", s->key, strerror(-r));
	}
	return 0;
}

/* The process's credentials: real ones as root, fake root otherwise. */
static int identity(struct mon *m)
{
	const struct oci_process *p = m->p;
	int r;

	if (!oci.rootful) {
		uint32_t uid, gid;

		os_real_ids(&uid, &gid);
		if (p->uid == 0)
			pers.fake_root = 1;
		else if (p->uid != uid)
			mon_note(m, "process.user (runs as the invoking user)");
		if (p->has_caps)
			mon_note(m, "capabilities");
		if (p->no_new_privs)
			os_no_new_privs();
		return 0;
	}
	if (p->has_caps) {
		r = os_cap_bound(p->cap_bounding);
		if (r < 0)
			MON_FAIL(m, "capability bounding set: %s", strerror(-r));
	}
	if (p->no_new_privs)
		os_no_new_privs();
	if (p->uid || p->gid || p->ngids) {
		r = os_set_ids(p->uid, p->gid, p->ngids, p->gids);
		if (r < 0)
			MON_FAIL(m, "user %u:%u: %s", p->uid, p->gid,
				 strerror(-r));
	}
	/*
	 * The monitor keeps exactly what its root guest gets at exec (the
	 * bounding set): the kernel lets a guest use the monitor's
	 * /proc/PID/fd (the view's race-free paths) and the monitor read
	 * the guest's memory only when neither holds a capability the other
	 * lacks.  A non-root guest and its monitor hold none.
	 */
	if (p->uid == 0 && p->has_caps) {
		r = os_cap_set(p->cap_bounding);
		if (r < 0)
			MON_FAIL(m, "capabilities: %s", strerror(-r));
	}
	os_dumpable();
	return 0;
}

/* The working directory (made, as runc does) and the program. */
static int program(struct mon *m)
{
	char host[PATH_MAX], path[PATH_MAX], g[PATH_MAX];
	const char *prog = m->p->args[0];
	int r;

	view_finish();
	r = mon_host_of(m->p->cwd, host, sizeof(host));
	if (r == 0 && os_file_kind(host, 1) < 0)
		os_mkdir_p(host, 0755);
	if (r < 0 || os_file_kind(host, 1) != S_IFDIR)
		MON_FAIL(m, "process.cwd '%s': %s", m->p->cwd,
			 r < 0 ? strerror(-r) : "not a directory");
	if (strchr(prog, '/') && prog[0] != '/') {
		snprintf(g, sizeof(g), "%s/%s", m->p->cwd, prog);
		prog = g;
	}
	r = view_find_program(prog, path, sizeof(path));
	if (r == -ENOENT && !strchr(prog, '/'))
		MON_FAIL(m, "exec: \"%s\": executable file not found in $PATH",
			 prog);
	if (r < 0)
		MON_FAIL(m, "exec: \"%s\": %s", prog, strerror(-r));
	return 0;
}

/* No HOME in process.env: the user's from the root's /etc/passwd, as runc. */
static void home(struct mon *m)
{
	char host[PATH_MAX], *text, *line, *save = NULL, **env;
	const char *dir = "/";
	static char var[PATH_MAX + 8];
	int n = 0;

	for (n = 0; m->p->env[n]; n++)
		if (!strncmp(m->p->env[n], "HOME=", 5))
			return;
	if (mon_host_of("/etc/passwd", host, sizeof(host)) == 0 &&
	    os_read_file(host, &text) >= 0) {
		for (line = strtok_r(text, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			char *f[7], *p = line;
			int i;

			for (i = 0; i < 7 && p; i++) {
				f[i] = p;
				p = strchr(p, ':');
				if (p)
					*p++ = 0;
			}
			if (i == 7 && strtoul(f[2], NULL, 10) == m->p->uid &&
			    f[5][0] == '/') {
				snprintf(var, sizeof(var), "HOME=%s", f[5]);
				dir = NULL;
				break;
			}
		}
		free(text);
	}
	if (dir)
		snprintf(var, sizeof(var), "HOME=%s", dir);
	env = calloc(n + 2, sizeof(*env));
	if (!env)
		return;
	memcpy(env, m->p->env, n * sizeof(*env));
	env[n] = var;
	m->p->env = env;
}

int mon_setup(struct mon *m)
{
	int r;

	if (oci.rootful && !m->l->exec) {
		r = os_mount_private();
		if (r < 0)
			MON_FAIL(m, "mount namespace: %s", strerror(-r));
		if (m->new_pid_ns) {
			r = os_mount_fs("proc", "/proc", NULL, 0);
			if (r < 0)
				MON_FAIL(m, "proc: %s", strerror(-r));
		}
		if (m->new_uts_ns && m->c->hostname) {
			r = os_sethostname(m->c->hostname);
			if (r < 0)
				MON_FAIL(m, "hostname: %s", strerror(-r));
		}
	}
	if (!oci.rootful || !m->new_uts_ns)
		pers.hostname = m->c->hostname;
	pers.container_pids |= oci.rootful && m->new_pid_ns;
	/* Before readonlyPaths make /proc/sys read-only. */
	if (sysctl(m) < 0)
		return -1;
	if (oci.rootful) {
		char root[PATH_MAX];

		/* Read-only at the end, once mount points are made. */
		if (mon_stage(m, m->c->root, 0, root, sizeof(root)) < 0)
			return -1;
		view_set_root(root);
	} else {
		view_set_root(m->c->root);
	}
	for (int i = 0; i < m->c->nmounts; i++)
		if (mon_map_mount(m, &m->c->mounts[i]) < 0)
			return -1;
	if (mon_mask_paths(m) < 0 || mon_devices(m) < 0 || terminal(m) < 0 ||
	    rlimits(m) < 0 || annotations(m) < 0 ||
	    seccomp(m) < 0 || program(m) < 0)
		return -1;
	if (m->c->readonly) {
		if (!oci.rootful)
			mon_note(m, "read-only root");
		else if (!m->l->exec &&
			 (r = os_remount_readonly(m->dir, "fs/0")) < 0)
			MON_FAIL(m, "read-only root: %s", strerror(-r));
	}
	if (m->p->has_umask)
		os_set_umask(m->p->umask);
	if (m->p->has_oom) {
		char v[16];

		snprintf(v, sizeof(v), "%d", m->p->oom_score_adj);
		r = os_write_text("/proc/self/oom_score_adj", v);
		if (r < 0)
			MON_FAIL(m, "oomScoreAdj: %s", strerror(-r));
	}
	home(m);
	r = os_set_environment(m->p->env);
	if (r < 0)
		MON_FAIL(m, "environment: %s", strerror(-r));
	return identity(m);
}
