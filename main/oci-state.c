// SPDX-License-Identifier: GPL-2.0
/*
 * Container states under --root: one directory per id holding state.json
 * (replaced atomically), the bundle's config as created, and the FIFO a
 * created container waits on.  Commands on one id take an flock on its
 * directory, so concurrent calls are serialized.  Whether the container
 * runs is never stored: it is the monitor's liveness (pid and start time),
 * so a monitor that crashed shows as stopped.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include "oci.h"
#include "os.h"
#include "os-oci.h"
#include "umvm.h"

const char *const oci_status_names[] = {
	"creating", "created", "running", "stopped",
};

/* Valid container ids: what runc accepts. */
static int oci_valid_id(const char *id)
{
	size_t n = strlen(id);

	if (!n || n > 200 || !strcmp(id, ".") || !strcmp(id, ".."))
		return 0;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' ||
		      *p == '.' || *p == '+'))
			return 0;
	return 1;
}

void oci_state_path(char *out, size_t len, const char *id, const char *name)
{
	if (snprintf(out, len, "%s/%s%s%s", oci.root, id, name ? "/" : "",
		     name ? name : "") >= (int)len)
		oci_fail("state path of '%s' too long", id);
}

int oci_lock(const char *id)
{
	char dir[PATH_MAX];

	oci_state_path(dir, sizeof(dir), id, NULL);
	return os_lock_path(dir);
}

void oci_unlock(int fd)
{
	os_close(fd);
}

int oci_state_create(const char *id)
{
	char dir[PATH_MAX];
	int r;

	/* As root, users a container runs as traverse to its mounts. */
	r = os_mkdir_p(oci.root, oci.rootful ? 0711 : 0700);
	if (r == 0 && oci.rootful)
		os_chmod(oci.root, 0711);
	if (r < 0)
		oci_fail("--root '%s': %s", oci.root, strerror(-r));
	oci_state_path(dir, sizeof(dir), id, NULL);
	r = os_mkdir(dir, oci.rootful ? 0711 : 0700);
	if (r == -EEXIST)
		oci_fail("container '%s' already exists", id);
	if (r < 0)
		oci_fail("cannot create '%s': %s", dir, strerror(-r));
	r = os_lock_path(dir);
	if (r < 0) {
		os_remove_tree(dir);
		oci_fail("cannot lock '%s': %s", dir, strerror(-r));
	}
	return r;
}

int oci_state_write(const struct oci_state *st)
{
	char path[PATH_MAX];
	struct sbuf b = { 0 };
	int r;

	sb_add(&b, "{\"id\":");
	sb_json_str(&b, st->id);
	sb_add(&b, ",\"pid\":%d,\"starttime\":%llu,\"bundle\":", (int)st->pid,
	       st->starttime);
	sb_json_str(&b, st->bundle);
	sb_add(&b, ",\"rootfs\":");
	sb_json_str(&b, st->rootfs);
	sb_add(&b, ",\"created\":");
	sb_json_str(&b, st->created);
	sb_add(&b, ",\"owner\":%u,\"cgroup\":", st->owner);
	sb_json_str(&b, st->cgroup);
	if (st->annotations) {
		sb_add(&b, ",\"annotations\":");
		sb_json_value(&b, st->annotations);
	}
	sb_add(&b, "}\n");
	oci_state_path(path, sizeof(path), st->id, "state.json");
	r = os_replace_file(path, b.s, b.len);
	free(b.s);
	return r;
}

static void copy_str(char *dst, size_t len, const struct json *o,
		     const char *key)
{
	const char *s = json_str(o, key);

	snprintf(dst, len, "%s", s ? s : "");
}

static unsigned long long num(const struct json *o, const char *key)
{
	const struct json *j = json_get(o, key);

	return j && j->type == J_NUM && j->is_int && !j->neg ? j->u : 0;
}

int oci_state_read(const char *id, struct oci_state *st)
{
	char path[PATH_MAX], err[128];
	const struct json *a;
	struct json *j;
	char *text;
	ssize_t n;

	memset(st, 0, sizeof(*st));
	if (!oci_valid_id(id))
		return -ENOENT;
	oci_state_path(path, sizeof(path), id, "state.json");
	n = os_read_file(path, &text);
	if (n < 0)
		return (int)n;
	j = json_parse(text, err, sizeof(err));
	free(text);
	if (!j || j->type != J_OBJ) {
		json_free(j);
		return -EBADMSG;
	}
	copy_str(st->id, sizeof(st->id), j, "id");
	st->pid = (pid_t)num(j, "pid");
	st->starttime = num(j, "starttime");
	st->owner = (uint32_t)num(j, "owner");
	copy_str(st->bundle, sizeof(st->bundle), j, "bundle");
	copy_str(st->rootfs, sizeof(st->rootfs), j, "rootfs");
	copy_str(st->created, sizeof(st->created), j, "created");
	copy_str(st->cgroup, sizeof(st->cgroup), j, "cgroup");
	a = json_get(j, "annotations");
	if (a && a->type == J_OBJ) {
		struct sbuf b = { 0 };

		sb_json_value(&b, a);
		st->annotations = json_parse(b.s, err, sizeof(err));
		free(b.s);
	}
	json_free(j);
	return 0;
}

enum oci_status oci_status_of(const struct oci_state *st)
{
	char fifo[PATH_MAX];
	unsigned long long start;

	if (st->pid <= 0)
		return OCI_STOPPED;
	if (os_proc_starttime(st->pid, &start) < 0 || start != st->starttime)
		return OCI_STOPPED;
	oci_state_path(fifo, sizeof(fifo), st->id, "exec.fifo");
	if (os_file_kind(fifo, 0) == S_IFIFO)
		return OCI_CREATED;
	return OCI_RUNNING;
}

void oci_state_json(struct sbuf *b, const struct oci_state *st)
{
	enum oci_status s = oci_status_of(st);

	sb_add(b, "{\"ociVersion\":\"1.0.2\",\"id\":");
	sb_json_str(b, st->id);
	sb_add(b, ",\"status\":\"%s\",\"pid\":%d,\"bundle\":",
	       oci_status_names[s], s == OCI_STOPPED ? 0 : (int)st->pid);
	sb_json_str(b, st->bundle);
	sb_add(b, ",\"rootfs\":");
	sb_json_str(b, st->rootfs);
	sb_add(b, ",\"created\":");
	sb_json_str(b, st->created);
	sb_add(b, ",\"owner\":\"%u\"", st->owner);
	if (st->annotations) {
		sb_add(b, ",\"annotations\":");
		sb_json_value(b, st->annotations);
	}
	sb_add(b, "}");
}

void oci_state_remove(const char *id)
{
	char dir[PATH_MAX];
	int r;

	oci_state_path(dir, sizeof(dir), id, NULL);
	r = os_remove_tree(dir);
	if (r < 0)
		oci_warn("cannot remove '%s': %s", dir, strerror(-r));
}

struct each {
	void (*fn)(const char *id, void *arg);
	void *arg;
};

static void each_one(const char *name, void *arg)
{
	struct each *e = arg;
	char path[PATH_MAX];

	if (!oci_valid_id(name))
		return;
	oci_state_path(path, sizeof(path), name, "state.json");
	if (os_file_kind(path, 0) == S_IFREG)
		e->fn(name, e->arg);
}

int oci_state_each(void (*fn)(const char *id, void *arg), void *arg)
{
	struct each e = { fn, arg };
	int r = os_list_dir(oci.root, each_one, &e);

	return r == -ENOENT ? 0 : r;
}

/* exec's monitors (exec.pids: "pid starttime" lines) that still live. */
static void kill_execs(const struct oci_state *st)
{
	char path[PATH_MAX], *text, *line, *save = NULL;
	unsigned long long start, now;
	int pid;

	oci_state_path(path, sizeof(path), st->id, "exec.pids");
	if (os_read_file(path, &text) < 0)
		return;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		if (sscanf(line, "%d %llu", &pid, &start) == 2 &&
		    os_proc_starttime(pid, &now) == 0 && now == start)
			os_signal(pid, SIGKILL);
	free(text);
}

void oci_state_kill_wait(const struct oci_state *st)
{
	kill_execs(st);
	if (oci_status_of(st) == OCI_STOPPED)
		return;
	os_signal(st->pid, SIGKILL);
	/* The monitor's guests die with it (PTRACE_O_EXITKILL). */
	for (int i = 0; i < 1000 && oci_status_of(st) != OCI_STOPPED; i++)
		os_sleep_ms(10);
	if (oci_status_of(st) != OCI_STOPPED)
		oci_warn("container '%s': pid %d survived SIGKILL", st->id,
			 (int)st->pid);
}

const char *oci_need_id(int argc, char **argv, const char *cmd)
{
	if (optind >= argc)
		oci_fail("%s: no container id given", cmd);
	if (!oci_valid_id(argv[optind]))
		oci_fail("%s: invalid container id '%s'", cmd, argv[optind]);
	return argv[optind];
}

/* The state of an existing container, under its lock (-1: no lock). */
int oci_load(const char *id, struct oci_state *st, int lock)
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

void oci_write_pid_file(const char *path, pid_t pid)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%d", (int)pid), r;

	r = os_replace_file(path, buf, n);
	if (r < 0)
		oci_fail("--pid-file '%s': %s", path, strerror(-r));
}

/* The config saved at create (hooks), or NULL. */
struct json *oci_saved_config(const char *id)
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
