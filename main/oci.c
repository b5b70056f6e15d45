// SPDX-License-Identifier: GPL-2.0
/*
 * umvm oci (also run as umvm-oci): runc's command line, so that podman,
 * containerd and Kubernetes run containers under umvm.
 *
 *   umvm oci [--root DIR] [--log FILE] [--log-format text|json]
 *            [--systemd-cgroup] [--debug] COMMAND [OPTIONS] ID ...
 *
 * Errors are one line on stderr (and in --log, as JSON when asked for)
 * and a non-zero status; a failed create leaves no state behind.
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

struct oci_globals oci;

static void log_line(const char *level, const char *msg)
{
	char t[64];
	struct sbuf b = { 0 };
	int fd;

	if (!oci.log)
		return;
	os_rfc3339(t, sizeof(t));
	if (oci.log_json) {
		sb_add(&b, "{\"level\":\"%s\",\"msg\":", level);
		sb_json_str(&b, msg);
		sb_add(&b, ",\"time\":\"%s\"}\n", t);
	} else {
		sb_add(&b, "time=\"%s\" level=%s msg=", t, level);
		sb_json_str(&b, msg);
		sb_add(&b, "\n");
	}
	fd = os_open_append(oci.log);
	if (fd >= 0) {
		os_write_full(fd, b.s, b.len);
		os_close(fd);
	}
	free(b.s);
}

static void vlog(const char *level, int to_stderr, const char *fmt,
		 va_list ap)
{
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	log_line(level, msg);
	if (to_stderr)
		fprintf(stderr, "umvm oci: %s\n", msg);
}

void oci_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("error", 1, fmt, ap);
	va_end(ap);
	exit(1);
}

void oci_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	/* Engines read --log; without one, the warning goes to stderr. */
	vlog("warning", !oci.log, fmt, ap);
	va_end(ap);
}

void oci_debug(const char *fmt, ...)
{
	va_list ap;

	if (!oci.debug)
		return;
	va_start(ap, fmt);
	vlog("debug", 0, fmt, ap);
	va_end(ap);
}

static const char *need_id(int argc, char **argv, const char *cmd)
{
	if (optind >= argc)
		oci_fail("%s: no container id given", cmd);
	if (!oci_valid_id(argv[optind]))
		oci_fail("%s: invalid container id '%s'", cmd, argv[optind]);
	return argv[optind];
}

/* The state of an existing container, under its lock (-1: no lock). */
static int load(const char *id, struct oci_state *st, int lock)
{
	int fd = -1, r;

	if (lock) {
		fd = oci_lock(id);
		if (fd == -ENOENT)
			oci_fail("container '%s' does not exist", id);
		if (fd < 0)
			oci_fail("container '%s': %s", id, strerror(-fd));
	}
	r = oci_state_read(id, st);
	if (r == -ENOENT)
		oci_fail("container '%s' does not exist", id);
	if (r < 0)
		oci_fail("container '%s': state: %s", id, strerror(-r));
	return fd;
}

static void write_pid_file(const char *path, pid_t pid)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%d", (int)pid), r;

	r = os_replace_file(path, buf, n);
	if (r < 0)
		oci_fail("--pid-file '%s': %s", path, strerror(-r));
}

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

/* The cgroup path (from the hierarchies' roots) of a new container. */
static void cgroup_path(const struct oci_config *c, const char *id,
			char *out, size_t len)
{
	const char *p = c->cgroups_path;
	char slice[256], prefix[256], name[256];

	out[0] = 0;
	if (!oci.rootful)
		return;
	if (!p || !*p) {
		snprintf(out, len, "/umvm/%s", id);
	} else if (oci.systemd_cgroup &&
		   sscanf(p, "%255[^:]:%255[^:]:%255s", slice, prefix,
			  name) == 3) {
		/* slice:prefix:name, as systemd would place the scope. */
		snprintf(out, len, "/%s/%s-%s.scope", slice, prefix, name);
	} else {
		snprintf(out, len, "%s%s", p[0] == '/' ? "" : "/", p);
	}
}

static void set_limit(const char *cg, const char *ctrl, const char *v1,
		      const char *v2, const char *value)
{
	int r = os_cgroup_set(cg, ctrl, os_cgroup_v2() ? v2 : v1, value);

	if (r < 0)
		oci_warn("cgroup %s: %s", os_cgroup_v2() ? v2 : v1,
			 strerror(-r));
}

static long long num_of(const struct json *o, const char *key, int *set)
{
	const struct json *j = json_get(o, key);

	*set = j && j->type == J_NUM && j->is_int;
	if (!*set)
		return 0;
	return j->neg ? -(long long)j->u : (long long)j->u;
}

/* linux.resources on the container's cgroup (root only). */
static void apply_resources(const char *cg, const struct json *res)
{
	const struct json *mem = json_get(res, "memory"),
			  *pids = json_get(res, "pids"),
			  *cpu = json_get(res, "cpu");
	char v[64];
	long long x, period;
	int set, pset;

	x = num_of(mem, "limit", &set);
	if (set) {
		snprintf(v, sizeof(v), x < 0 ? "max" : "%lld", x);
		if (x < 0 && !os_cgroup_v2())
			snprintf(v, sizeof(v), "-1");
		set_limit(cg, "memory", "memory.limit_in_bytes", "memory.max",
			  v);
	}
	x = num_of(pids, "limit", &set);
	if (set) {
		snprintf(v, sizeof(v), x <= 0 ? "max" : "%lld", x);
		set_limit(cg, "pids", "pids.max", "pids.max", v);
	}
	x = num_of(cpu, "shares", &set);
	if (set && x > 0) {
		if (os_cgroup_v2())
			snprintf(v, sizeof(v), "%lld",
				 1 + ((x - 2) * 9999) / 262142);
		else
			snprintf(v, sizeof(v), "%lld", x);
		set_limit(cg, "cpu", "cpu.shares", "cpu.weight", v);
	}
	x = num_of(cpu, "quota", &set);
	period = num_of(cpu, "period", &pset);
	if (set && x > 0) {
		if (os_cgroup_v2()) {
			snprintf(v, sizeof(v), "%lld %lld", x,
				 pset ? period : 100000);
			set_limit(cg, "cpu", "", "cpu.max", v);
		} else {
			if (pset) {
				snprintf(v, sizeof(v), "%lld", period);
				set_limit(cg, "cpu", "cpu.cfs_period_us", "", v);
			}
			snprintf(v, sizeof(v), "%lld", x);
			set_limit(cg, "cpu", "cpu.cfs_quota_us", "", v);
		}
	}
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

	if (!realpath(o->bundle, bundle))
		oci_fail("bundle '%s': %s", o->bundle, strerror(errno));
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
	cgroup_path(&c, id, cg, sizeof(cg));
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
		apply_resources(cg, c.resources);
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
		write_pid_file(o->pid_file, pid);
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

static const struct option create_options[] = {
	{ "bundle", required_argument, NULL, 'b' },
	{ "pid-file", required_argument, NULL, 'p' },
	{ "console-socket", required_argument, NULL, 'c' },
	{ "detach", no_argument, NULL, 'd' },
	{ "keep", no_argument, NULL, 'k' },
	{ "no-pivot", no_argument, NULL, 'N' },
	{ "no-new-keyring", no_argument, NULL, 'K' },
	{ "no-subreaper", no_argument, NULL, 'S' },
	{ "preserve-fds", required_argument, NULL, 'P' },
	{ NULL, 0, NULL, 0 },
};

static int cmd_create(int argc, char **argv, int run)
{
	struct create_opts o = { .bundle = "." };
	const char *cmd = run ? "run" : "create";
	int c;

	while ((c = getopt_long(argc, argv, "+b:d", create_options, NULL)) != -1) {
		switch (c) {
		case 'b': o.bundle = optarg; break;
		case 'p': o.pid_file = optarg; break;
		case 'c': o.console_socket = optarg; break;
		case 'd': o.detach = 1; break;
		case 'k': o.keep = 1; break;
		case 'P':
			if (strcmp(optarg, "0"))
				oci_warn("--preserve-fds %s: not supported, "
					 "ignored", optarg);
			break;
		case 'N': case 'K': case 'S': break;
		default:
			oci_fail("%s: unknown option '%s'", cmd,
				 argv[optind - 1]);
		}
	}
	return create(need_id(argc, argv, cmd), &o, run);
}

/* The config saved at create (hooks), or NULL. */
static struct json *saved_config(const char *id)
{
	char path[PATH_MAX], perr[128], *text;
	struct json *j;

	oci_state_path(path, sizeof(path), id, "config.json");
	if (os_read_file(path, &text) < 0)
		return NULL;
	j = json_parse(text, perr, sizeof(perr));
	free(text);
	return j;
}

static int cmd_start(int argc, char **argv)
{
	char fifo[PATH_MAX], err[600];
	struct json *config;
	struct oci_state st;
	const char *id;
	enum oci_status s;
	int lock, r;

	optind = 1;
	id = need_id(argc, argv, "start");
	lock = load(id, &st, 1);
	s = oci_status_of(&st);
	if (s != OCI_CREATED)
		oci_fail("cannot start container '%s': it is %s", id,
			 oci_status_names[s]);
	config = saved_config(id);
	if (oci_hooks(config, "startContainer", &st, err, sizeof(err)) < 0)
		oci_fail("%s", err);
	oci_state_path(fifo, sizeof(fifo), id, "exec.fifo");
	r = os_fifo_release(fifo);
	if (r < 0)
		oci_fail("cannot start container '%s': %s", id,
			 r == -ENXIO ? "its monitor is gone" : strerror(-r));
	unlink(fifo);
	oci_unlock(lock);
	if (oci_hooks(config, "poststart", &st, err, sizeof(err)) < 0)
		oci_warn("%s", err);
	return 0;
}

static int cmd_state(int argc, char **argv)
{
	struct oci_state st;
	struct sbuf b = { 0 };

	optind = 1;
	load(need_id(argc, argv, "state"), &st, 0);
	oci_state_json(&b, &st);
	printf("%s\n", b.s);
	free(b.s);
	return 0;
}

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
		usleep(10000);
	}
	return -1;
}

static const struct option kill_options[] = {
	{ "all", no_argument, NULL, 'a' },
	{ NULL, 0, NULL, 0 },
};

static int cmd_kill(int argc, char **argv)
{
	struct oci_state st;
	const char *id;
	int c, all = 0, sig = SIGTERM, lock, n;
	pid_t pids[4096], guest;
	enum oci_status s;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+a", kill_options, NULL)) != -1) {
		if (c != 'a')
			oci_fail("kill: unknown option '%s'", argv[optind - 1]);
		all = 1;
	}
	id = need_id(argc, argv, "kill");
	if (optind + 1 < argc && (sig = signal_by_name(argv[optind + 1])) < 0)
		oci_fail("kill: unknown signal '%s'", argv[optind + 1]);
	lock = load(id, &st, 1);
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

static const struct option delete_options[] = {
	{ "force", no_argument, NULL, 'f' },
	{ NULL, 0, NULL, 0 },
};

static int cmd_delete(int argc, char **argv)
{
	struct oci_state st;
	const char *id;
	int c, force = 0, lock, r;
	enum oci_status s;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+f", delete_options, NULL)) != -1) {
		if (c != 'f')
			oci_fail("delete: unknown option '%s'",
				 argv[optind - 1]);
		force = 1;
	}
	id = need_id(argc, argv, "delete");
	lock = oci_lock(id);
	if (lock == -ENOENT && force)
		return 0;	/* as runc: nothing to force away */
	if (lock < 0)
		lock = load(id, &st, 1);
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
		struct json *config = saved_config(id);
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
			usleep(10000);
		}
	}
	oci_state_remove(id);
	oci_unlock(lock);
	return 0;
}

struct exec_opts {
	const char *process, *console_socket, *pid_file, *cwd, *user;
	char *env[256];
	int nenv, tty, detach;
};

static const struct option exec_options[] = {
	{ "process", required_argument, NULL, 'p' },
	{ "console-socket", required_argument, NULL, 'c' },
	{ "pid-file", required_argument, NULL, 'P' },
	{ "cwd", required_argument, NULL, 'w' },
	{ "env", required_argument, NULL, 'e' },
	{ "tty", no_argument, NULL, 't' },
	{ "user", required_argument, NULL, 'u' },
	{ "detach", no_argument, NULL, 'd' },
	{ "additional-gids", required_argument, NULL, 'g' },
	{ "no-new-privs", no_argument, NULL, 'n' },
	{ "cap", required_argument, NULL, 'C' },
	{ "preserve-fds", required_argument, NULL, 'F' },
	{ "process-label", required_argument, NULL, 'L' },
	{ "apparmor", required_argument, NULL, 'A' },
	{ "cgroup", required_argument, NULL, 'G' },
	{ "ignore-paused", no_argument, NULL, 'I' },
	{ NULL, 0, NULL, 0 },
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

static int cmd_exec(int argc, char **argv)
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
	while ((ch = getopt_long(argc, argv, "+p:e:tu:dw:g:", exec_options,
				 NULL)) != -1) {
		switch (ch) {
		case 'p': o.process = optarg; break;
		case 'c': o.console_socket = optarg; break;
		case 'P': o.pid_file = optarg; break;
		case 'w': o.cwd = optarg; break;
		case 'e':
			if (o.nenv == (int)ARRAY_SIZE(o.env) || !strchr(optarg, '='))
				oci_fail("--env '%s': expected NAME=VALUE",
					 optarg);
			o.env[o.nenv++] = optarg;
			break;
		case 't': o.tty = 1; break;
		case 'u': o.user = optarg; break;
		case 'd': o.detach = 1; break;
		case 'g': case 'n': case 'C': case 'F': case 'L': case 'A':
		case 'G': case 'I':
			break;
		default:
			oci_fail("exec: unknown option '%s'", argv[optind - 1]);
		}
	}
	id = need_id(argc, argv, "exec");
	lock = load(id, &st, 1);
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
		write_pid_file(o.pid_file, pid);
	oci_unlock(lock);
	if (o.detach)
		return 0;
	status = oci_wait_monitor(pid);
	if (status < 0)
		return 1;
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) :
	       WEXITSTATUS(status);
}

struct list_ctx {
	int json, quiet, n;
};

static void list_one(const char *id, void *arg)
{
	struct list_ctx *lc = arg;
	struct oci_state st;
	struct sbuf b = { 0 };

	if (oci_state_read(id, &st) < 0)
		return;
	if (lc->quiet) {
		printf("%s\n", id);
	} else if (lc->json) {
		oci_state_json(&b, &st);
		printf("%s%s", lc->n ? "," : "", b.s);
		free(b.s);
	} else {
		enum oci_status s = oci_status_of(&st);

		printf("%-20s %-8d %-10s %-40s %-31s %u\n", id,
		       s == OCI_STOPPED ? 0 : (int)st.pid,
		       oci_status_names[s], st.bundle, st.created, st.owner);
	}
	lc->n++;
}

static const struct option list_options[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "quiet", no_argument, NULL, 'q' },
	{ NULL, 0, NULL, 0 },
};

static int cmd_list(int argc, char **argv)
{
	struct list_ctx lc = { 0 };
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+f:q", list_options, NULL)) != -1) {
		if (c == 'q')
			lc.quiet = 1;
		else if (c == 'f' && !strcmp(optarg, "json"))
			lc.json = 1;
		else if (c != 'f' || strcmp(optarg, "table"))
			oci_fail("list: unknown option or format");
	}
	if (lc.json)
		printf("[");
	else if (!lc.quiet)
		printf("%-20s %-8s %-10s %-40s %-31s %s\n", "ID", "PID",
		       "STATUS", "BUNDLE", "CREATED", "OWNER");
	oci_state_each(list_one, &lc);
	if (lc.json)
		printf("]\n");
	return 0;
}

static int cmd_ps(int argc, char **argv)
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
	load(need_id(argc, argv, "ps"), &st, 0);
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

static void usage(FILE *f)
{
	fprintf(f,
		"usage: umvm oci [GLOBAL OPTIONS] COMMAND [OPTIONS] [ID] ...\n"
		"  (also installed as umvm-oci; runc's command line)\n"
		"global options:\n"
		"  --root DIR             container state (/run/umvm for root)\n"
		"  --log FILE             the runtime's messages\n"
		"  --log-format text|json\n"
		"  --systemd-cgroup       accepted, as engines pass it\n"
		"  --debug                more messages\n"
		"commands:\n"
		"  create [--bundle DIR] [--pid-file F] [--console-socket S] ID\n"
		"  start ID | state ID | kill [--all] ID [SIGNAL]\n"
		"  delete [--force] ID | list [--format json] [-q] | ps ID\n"
		"  run [--bundle DIR] [--detach] [--keep] [--pid-file F] ID\n"
		"  exec [--process FILE | [--tty] [--cwd D] [--env K=V] [--user U:G]]\n"
		"       [--detach] [--pid-file F] [--console-socket S] ID [CMD...]\n"
		"  features | spec [--bundle DIR] [--rootless]\n");
}

static const struct option global_options[] = {
	{ "root", required_argument, NULL, 'r' },
	{ "log", required_argument, NULL, 'l' },
	{ "log-format", required_argument, NULL, 'f' },
	{ "systemd-cgroup", no_argument, NULL, 's' },
	{ "debug", no_argument, NULL, 'D' },
	{ "rootless", required_argument, NULL, 'R' },
	{ "criu", required_argument, NULL, 'C' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'v' },
	{ NULL, 0, NULL, 0 },
};

int cmd_oci(int argc, char **argv)
{
	static char root[PATH_MAX];
	const char *cmd;
	int c;

	oci.rootful = geteuid() == 0;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+h", global_options, NULL)) != -1) {
		switch (c) {
		case 'r': oci.root = optarg; break;
		case 'l': oci.log = optarg; break;
		case 'f':
			if (strcmp(optarg, "json") && strcmp(optarg, "text"))
				oci_fail("--log-format: expected text or json, "
					 "not '%s'", optarg);
			oci.log_json = !strcmp(optarg, "json");
			break;
		case 's': oci.systemd_cgroup = 1; break;
		case 'D': oci.debug = 1; break;
		case 'R': case 'C': break;
		case 'h':
			usage(stdout);
			return 0;
		case 'v':
			printf("umvm oci 0.1\nspec: 1.0.2\n");
			return 0;
		default:
			usage(stderr);
			oci_fail("unknown global option '%s'", argv[optind - 1]);
		}
	}
	if (!oci.root) {
		const char *xdg = getenv("XDG_RUNTIME_DIR");

		if (oci.rootful)
			oci.root = "/run/umvm";
		else if (xdg && *xdg)
			snprintf(root, sizeof(root), "%s/umvm", xdg);
		else
			snprintf(root, sizeof(root), "/tmp/umvm-%u", getuid());
		if (!oci.rootful)
			oci.root = root;
	}
	if (optind >= argc) {
		usage(stderr);
		oci_fail("no command given");
	}
	cmd = argv[optind];
	argc -= optind;
	argv += optind;
	optind = 1;
	if (!strcmp(cmd, "create"))
		return cmd_create(argc, argv, 0);
	if (!strcmp(cmd, "run"))
		return cmd_create(argc, argv, 1);
	if (!strcmp(cmd, "start"))
		return cmd_start(argc, argv);
	if (!strcmp(cmd, "state"))
		return cmd_state(argc, argv);
	if (!strcmp(cmd, "kill"))
		return cmd_kill(argc, argv);
	if (!strcmp(cmd, "delete"))
		return cmd_delete(argc, argv);
	if (!strcmp(cmd, "exec"))
		return cmd_exec(argc, argv);
	if (!strcmp(cmd, "list"))
		return cmd_list(argc, argv);
	if (!strcmp(cmd, "ps"))
		return cmd_ps(argc, argv);
	if (!strcmp(cmd, "features"))
		return oci_cmd_features();
	if (!strcmp(cmd, "spec"))
		return oci_cmd_spec(argc, argv);
	if (!strcmp(cmd, "help")) {
		usage(stdout);
		return 0;
	}
	oci_fail("unknown command '%s' (pause, resume, checkpoint, restore, "
		 "update and events are not supported)", cmd);
}
