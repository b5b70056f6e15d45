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
#include "os.h"
#include "os-oci.h"
#include "umvm.h"
#include "view.h"

struct mon {
	const struct oci_launch *l;
	struct oci_config *c;
	struct oci_process *p;
	char dir[PATH_MAX];		/* the state directory */
	char ptmx[PATH_MAX];		/* where new ptys come from */
	char slave[PATH_MAX];		/* the terminal, or "" */
	struct sbuf ignored;		/* what only root could do */
	int new_pid_ns, new_uts_ns, new_ipc_ns, new_net_ns;
	int nmnt, nstage;
	const char *backend, *cpus;
	char err[512];
};

__attribute__((format(printf, 2, 3)))
static int mon_fail(struct mon *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->err, sizeof(m->err), fmt, ap);
	va_end(ap);
	return -1;
}

#define MON_FAIL(m, ...)	return mon_fail((m), __VA_ARGS__)

/* @dir/@name into @out; the monitor's paths stay far below PATH_MAX. */
static void join(char *out, size_t len, const char *dir, const char *name)
{
	if ((size_t)snprintf(out, len, "%s/%s", dir, name) >= len)
		out[0] = 0;
}

static void note(struct mon *m, const char *what)
{
	if (m->ignored.s && strstr(m->ignored.s, what))
		return;
	sb_add(&m->ignored, "%s%s", m->ignored.len ? ", " : "", what);
}

/* The host path guest path @g resolves to in the view built so far. */
static int host_of(const char *g, char *host, size_t len)
{
	struct gthread none = { .tid = 0 };

	return view_resolve(&none, AT_FDCWD, g, VR_FOLLOW, host, len);
}

static void parent_dir(const char *path, char *out, size_t len)
{
	char *s;

	snprintf(out, len, "%s", path);
	s = strrchr(out, '/');
	if (s && s != out)
		*s = 0;
	else if (s)
		s[1] = 0;
}

/*
 * A mount point for guest path @dest, as runc makes one in the rootfs: a
 * directory, or an empty file when @file.  Best effort: a read-only
 * rootfs without it still works where the path exists.
 */
static void mount_point(struct mon *m, const char *dest, int file)
{
	char host[PATH_MAX], dir[PATH_MAX];
	int r;

	if (host_of(dest, host, sizeof(host)) < 0)
		return;
	if (os_file_kind(host, 1) >= 0)
		return;
	parent_dir(host, dir, sizeof(dir));
	r = os_mkdir_p(dir, 0755);
	if (r == 0)
		r = file ? os_touch(host, 0644) : os_mkdir(host, 0755);
	if (r < 0 && r != -EEXIST)
		oci_debug("mount point %s (%s): %s", dest, host, strerror(-r));
	(void)m;
}

static int bind(struct mon *m, const char *host, const char *guest)
{
	int kind = os_file_kind(host, 1);

	if (kind < 0)
		MON_FAIL(m, "mount source '%s' for '%s': %s", host, guest,
			 strerror(-kind));
	mount_point(m, guest, kind != S_IFDIR);
	view_add_bind(host, guest);
	return 0;
}

/* A private directory under the state directory, for tmpfs and friends. */
static int private_dir(struct mon *m, char *out, size_t len)
{
	char name[32];
	int r;

	snprintf(name, sizeof(name), "mnt/%d", m->nmnt++);
	join(out, len, m->dir, name);
	r = os_mkdir_p(out, 0755);
	if (r < 0)
		MON_FAIL(m, "cannot create '%s': %s", out, strerror(-r));
	return 0;
}

/*
 * As root, the root and every bind source are bind-mounted (in the
 * monitor's own mount namespace) under the state directory, a path
 * every user may traverse: a container user other than root then
 * reaches them without search permission on the engine's storage
 * (/var/lib/containers is 0700), and "ro" applies to the container's
 * mount alone.  exec finds the same mounts in the namespace it joins.
 */
static int stage(struct mon *m, const char *src, int ro, char *out,
		 size_t len)
{
	char name[32];
	int kind = os_file_kind(src, 1), r;

	if (kind < 0)
		MON_FAIL(m, "mount source '%s': %s", src, strerror(-kind));
	snprintf(name, sizeof(name), "fs/%d", m->nstage++);
	join(out, len, m->dir, name);
	if (m->l->exec)
		return 0;
	r = os_mkdir_p(m->dir, 0711);
	if (r == 0) {
		char fs[PATH_MAX];

		join(fs, sizeof(fs), m->dir, "fs");
		os_mkdir(fs, 0711);
		r = kind == S_IFDIR ? os_mkdir(out, 0755) : os_touch(out, 0600);
	}
	if (r == 0)
		r = os_bind(src, out);
	if (r == 0 && ro)
		r = os_bind_readonly(out);
	if (r < 0)
		MON_FAIL(m, "mount of '%s': %s", src, strerror(-r));
	return 0;
}

static const char *opt_value(const struct json *opts, const char *key)
{
	size_t n = strlen(key);

	for (const struct json *o = opts ? opts->child : NULL; o; o = o->next)
		if (o->type == J_STR && !strncmp(o->str, key, n) &&
		    o->str[n] == '=')
			return o->str + n + 1;
	return NULL;
}

static int has_opt(const struct json *opts, const char *name)
{
	for (const struct json *o = opts ? opts->child : NULL; o; o = o->next)
		if (o->type == J_STR && !strcmp(o->str, name))
			return 1;
	return 0;
}

/* tmpfs data: the options that are no mount flags. */
static void fs_data(const struct json *opts, char *out, size_t len)
{
	static const char *const flags[] = {
		"nosuid", "noexec", "nodev", "strictatime", "relatime", "ro",
		"rw", "rprivate", "private", "rslave", "slave", "rshared",
		"shared", "unbindable", "runbindable", "bind", "rbind",
		"noatime", "suid", "dev", "exec", "tmpcopyup", "notmpcopyup",
		"sync", "async", "dirsync", "mand", "nomand", "diratime",
		"nodiratime", "norelatime", "nostrictatime", "lazytime",
		"nolazytime", "iversion", "noiversion", "copy-symlink",
	};
	size_t used = 0;

	out[0] = 0;
	for (const struct json *o = opts ? opts->child : NULL; o; o = o->next) {
		size_t i;

		if (o->type != J_STR)
			continue;
		for (i = 0; i < ARRAY_SIZE(flags); i++)
			if (!strcmp(o->str, flags[i]))
				break;
		if (i < ARRAY_SIZE(flags))
			continue;
		used += snprintf(out + used, used < len ? len - used : 0,
				 "%s%s", used ? "," : "", o->str);
	}
	if (used >= len)
		out[len - 1] = 0;
}

/* /dev as runc makes it: the usual devices, links and directories. */
static int default_dev(struct mon *m, const char *devdir)
{
	static const char *const nodes[] = {
		"null", "zero", "full", "random", "urandom", "tty",
	};
	static const char *const links[][2] = {
		{ "fd", "/proc/self/fd" }, { "stdin", "/proc/self/fd/0" },
		{ "stdout", "/proc/self/fd/1" }, { "stderr", "/proc/self/fd/2" },
		{ "core", "/proc/kcore" },
	};
	char path[PATH_MAX + 32], g[64];

	for (size_t i = 0; i < ARRAY_SIZE(links); i++) {
		snprintf(path, sizeof(path), "%s/%s", devdir, links[i][0]);
		os_symlink(links[i][1], path);
	}
	for (size_t i = 0; i < ARRAY_SIZE(nodes); i++) {
		snprintf(path, sizeof(path), "/dev/%s", nodes[i]);
		if (os_file_kind(path, 1) != S_IFCHR)
			continue;
		snprintf(g, sizeof(g), "/dev/%s", nodes[i]);
		if (bind(m, path, g) < 0)
			return -1;
	}
	snprintf(path, sizeof(path), "%s/ptmx", devdir);
	if (oci.rootful)
		os_symlink("pts/ptmx", path);
	for (const char *const *d = (const char *const[]){ "pts", "shm",
	     "mqueue", NULL }; *d; d++) {
		snprintf(path, sizeof(path), "%s/%s", devdir, *d);
		os_mkdir(path, 0755);
	}
	return 0;
}

static int map_mount(struct mon *m, const struct oci_mount *om)
{
	char dir[PATH_MAX], data[512];
	const char *t = om->type;
	int r;

	if (om->bind) {
		if (om->source[0] != '/')
			MON_FAIL(m, "mount source '%s' is not absolute",
				 om->source);
		if (!oci.rootful) {
			if (om->ro)
				note(m, "read-only binds");
			return bind(m, om->source, om->dest);
		}
		if (stage(m, om->source, om->ro, dir, sizeof(dir)) < 0)
			return -1;
		return bind(m, dir, om->dest);
	}
	if (!strcmp(t, "proc")) {
		return bind(m, "/proc", om->dest);
	}
	if (!strcmp(t, "devpts")) {
		if (!oci.rootful) {
			if (bind(m, "/dev/pts", om->dest) < 0)
				return -1;
			snprintf(m->ptmx, sizeof(m->ptmx), "/dev/ptmx");
			return bind(m, "/dev/ptmx", "/dev/ptmx");
		}
		join(dir, sizeof(dir), m->dir, "devpts");
		if (!m->l->exec) {
			os_mkdir(dir, 0755);
			r = os_mount_fs("devpts", dir,
					"newinstance,ptmxmode=0666,mode=0620", 0);
			if (r < 0)
				MON_FAIL(m, "devpts: %s", strerror(-r));
		}
		join(m->ptmx, sizeof(m->ptmx), dir, "ptmx");
		return bind(m, dir, om->dest);
	}
	if (!strcmp(t, "sysfs") || !strcmp(t, "mqueue") ||
	    !strcmp(t, "tmpfs") || !strcmp(t, "cgroup") ||
	    !strcmp(t, "cgroup2")) {
		int own = oci.rootful && (!strcmp(t, "tmpfs") ||
			  (!strcmp(t, "sysfs") && m->new_net_ns) ||
			  (!strcmp(t, "mqueue") && m->new_ipc_ns));

		if (!oci.rootful && !strcmp(t, "sysfs"))
			return bind(m, "/sys", om->dest);
		if (!oci.rootful && !strcmp(t, "mqueue") &&
		    os_file_kind("/dev/mqueue", 1) == S_IFDIR)
			return bind(m, "/dev/mqueue", om->dest);
		if (!strcmp(t, "sysfs") && !own) {
			r = bind(m, "/sys", om->dest);
			if (r == 0 && om->ro && !m->l->exec)
				os_bind_readonly("/sys");
			return r;
		}
		if (private_dir(m, dir, sizeof(dir)) < 0)
			return -1;
		if (own && !m->l->exec) {
			char src[PATH_MAX];
			fs_data(om->options, data, sizeof(data));
			r = os_mount_fs(t, dir, data[0] ? data : NULL, om->ro);
			if (r < 0)
				MON_FAIL(m, "%s on '%s': %s", t, om->dest,
					 strerror(-r));
			if (has_opt(om->options, "tmpcopyup") &&
			    host_of(om->dest, src, sizeof(src)) == 0)
				os_copy_tree(src, dir);
		} else if (!strcmp(t, "tmpfs")) {
			char src[PATH_MAX];
			const char *mode = opt_value(om->options, "mode");

			os_chmod(dir, mode ? strtoul(mode, NULL, 8) : 01777);
			if (!m->l->exec && has_opt(om->options, "tmpcopyup") &&
			    host_of(om->dest, src, sizeof(src)) == 0)
				os_copy_tree(src, dir);
		} else if (!strncmp(t, "cgroup", 6)) {
			note(m, "cgroup file system (an empty directory)");
		}
		if (bind(m, dir, om->dest) < 0)
			return -1;
		if (!strcmp(om->dest, "/dev") && !strcmp(t, "tmpfs"))
			return default_dev(m, dir);
		return 0;
	}
	note(m, "mounts of other types");
	oci_debug("mount of type '%s' on '%s' ignored", t, om->dest);
	return 0;
}

/* maskedPaths: /dev/null over files, an empty directory over others. */
static int mask_paths(struct mon *m)
{
	char host[PATH_MAX], empty[PATH_MAX];
	int kind;

	join(empty, sizeof(empty), m->dir, "empty");
	os_mkdir(empty, 0500);
	for (const struct json *j = m->c->masked ? m->c->masked->child : NULL;
	     j; j = j->next) {
		if (j->type != J_STR || j->str[0] != '/')
			continue;
		if (host_of(j->str, host, sizeof(host)) < 0)
			continue;
		kind = os_file_kind(host, 1);
		if (kind < 0)
			continue;
		view_add_bind(kind == S_IFDIR ? empty : "/dev/null", j->str);
	}
	for (const struct json *j = m->c->readonly_paths ?
	     m->c->readonly_paths->child : NULL; j; j = j->next) {
		if (!oci.rootful || m->l->exec || j->type != J_STR ||
		    host_of(j->str, host, sizeof(host)) < 0 ||
		    os_file_kind(host, 1) < 0)
			continue;
		os_bind_readonly(host);
	}
	return 0;
}

static int devices(struct mon *m)
{
	for (const struct json *d = m->c->devices ? m->c->devices->child : NULL;
	     d; d = d->next) {
		const char *path = json_str(d, "path");

		if (!path || path[0] != '/')
			continue;
		if (!strncmp(path, "/dev/", 5) && os_file_kind(path, 1) > 0 &&
		    bind(m, path, path) == 0)
			continue;
		note(m, "linux.devices");
	}
	return 0;
}

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
	mount_point(m, "/dev/console", 1);
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
			note(m, "rlimits above the host's hard limits");
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
	snprintf(name, sizeof(name), "policy.%d", (int)getpid());
	join(path, sizeof(path), m->dir, name);
	r = os_replace_file(path, pol.s, pol.len);
	if (r < 0)
		MON_FAIL(m, "cannot write '%s': %s", path, strerror(-r));
	policy_load(path);
	unlink(path);
	if (notes.len) {
		char what[600];

		snprintf(what, sizeof(what), "seccomp %s", notes.s);
		note(m, what);
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
				note(m, "sysctl");
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
			note(m, "process.user (runs as the invoking user)");
		if (p->has_caps)
			note(m, "capabilities");
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
	r = host_of(m->p->cwd, host, sizeof(host));
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
	if (host_of("/etc/passwd", host, sizeof(host)) == 0 &&
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

static int setup(struct mon *m)
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
		if (stage(m, m->c->root, 0, root, sizeof(root)) < 0)
			return -1;
		view_set_root(root);
	} else {
		view_set_root(m->c->root);
	}
	for (int i = 0; i < m->c->nmounts; i++)
		if (map_mount(m, &m->c->mounts[i]) < 0)
			return -1;
	if (mask_paths(m) < 0 || devices(m) < 0 || terminal(m) < 0 ||
	    rlimits(m) < 0 || annotations(m) < 0 ||
	    seccomp(m) < 0 || program(m) < 0)
		return -1;
	if (m->c->readonly) {
		if (!oci.rootful)
			note(m, "read-only root");
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
				note(m, what);
			}
		if (c->cgroups_path || c->resources)
			note(m, "cgroups");
		return 0;
	}
	if (m->l->target && m->l->target->cgroup[0]) {
		r = os_cgroup_enter(m->l->target->cgroup, self);
		if (r < 0)
			MON_FAIL(m, "cgroup '%s': %s", m->l->target->cgroup,
				 strerror(-r));
	}
	if (m->l->exec) {
		static const struct { int flag; const char *name; } ns[] = {
			{ CLONE_NEWIPC, "ipc" }, { CLONE_NEWUTS, "uts" },
			{ CLONE_NEWNET, "net" }, { CLONE_NEWCGROUP, "cgroup" },
			{ CLONE_NEWPID, "pid" }, { CLONE_NEWNS, "mnt" },
		};
		char path[64];

		for (size_t i = 0; i < ARRAY_SIZE(ns); i++) {
			if (ns[i].flag != CLONE_NEWNS &&
			    !ns_flag_new(c, ns[i].flag))
				continue;
			snprintf(path, sizeof(path), "/proc/%d/ns/%s",
				 (int)m->l->target->pid, ns[i].name);
			r = os_setns_path(path, ns[i].flag);
			if (r < 0)
				MON_FAIL(m, "joining %s: %s", path,
					 strerror(-r));
		}
		m->new_pid_ns = 0;
		/* The container's other processes are another monitor's. */
		pers.container_pids = ns_flag_new(c, CLONE_NEWPID);
		return 0;
	}
	for (int i = 0; i < c->nns; i++) {
		if (c->ns[i].flag == CLONE_NEWUSER) {
			note(m, "user namespace");
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
	/* Opened while still root: setup() may become another user. */
	if (m->l->wait_start) {
		oci_state_path(fifo, sizeof(fifo), m->l->id, "exec.fifo");
		fd = os_fifo_open(fifo);
		if (fd < 0) {
			report(ready, 'E', "cannot open the start FIFO");
			os_exit_now(EXIT_SETUP);
		}
	}
	if (setup(m) < 0) {
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
		pid_t self = getpid();

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
