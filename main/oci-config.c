// SPDX-License-Identifier: GPL-2.0
/*
 * config.json (runtime-spec 1.0): read and checked once, at create, so a
 * malformed bundle fails there with one line and leaves nothing behind.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include "oci.h"
#include "os.h"
#include "umvm.h"

const char *const oci_cap_names[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
	"CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP",
	"CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST",
	"CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
	"CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
	"CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
	"CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD",
	"CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
	"CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
	"CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
	"CAP_CHECKPOINT_RESTORE",
};
const int oci_ncaps = ARRAY_SIZE(oci_cap_names);

/* "CAP_SYS_ADMIN" -> 21, or -1. */
static int oci_cap_by_name(const char *name)
{
	for (int i = 0; i < oci_ncaps; i++)
		if (!strcmp(oci_cap_names[i], name))
			return i;
	return -1;
}

/* A name the runtime spec uses and the host's value for it. */
struct spec_name {
	const char *name;
	int value;
};

static const struct spec_name rlimit_names[] = {
	{ "RLIMIT_CPU", RLIMIT_CPU }, { "RLIMIT_FSIZE", RLIMIT_FSIZE },
	{ "RLIMIT_DATA", RLIMIT_DATA }, { "RLIMIT_STACK", RLIMIT_STACK },
	{ "RLIMIT_CORE", RLIMIT_CORE }, { "RLIMIT_RSS", RLIMIT_RSS },
	{ "RLIMIT_NPROC", RLIMIT_NPROC }, { "RLIMIT_NOFILE", RLIMIT_NOFILE },
	{ "RLIMIT_MEMLOCK", RLIMIT_MEMLOCK }, { "RLIMIT_AS", RLIMIT_AS },
	{ "RLIMIT_LOCKS", RLIMIT_LOCKS }, { "RLIMIT_SIGPENDING", RLIMIT_SIGPENDING },
	{ "RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE }, { "RLIMIT_NICE", RLIMIT_NICE },
	{ "RLIMIT_RTPRIO", RLIMIT_RTPRIO }, { "RLIMIT_RTTIME", RLIMIT_RTTIME },
};

static const struct spec_name ns_names[] = {
	{ "pid", CLONE_NEWPID }, { "network", CLONE_NEWNET },
	{ "mount", CLONE_NEWNS }, { "ipc", CLONE_NEWIPC },
	{ "uts", CLONE_NEWUTS }, { "user", CLONE_NEWUSER },
	{ "cgroup", CLONE_NEWCGROUP }, { "time", 0x80 /* CLONE_NEWTIME */ },
};

/* The row of @name (may be NULL) in @tab, of @n rows; NULL if none. */
static const struct spec_name *spec_name_find(const struct spec_name *tab,
					      size_t n, const char *name)
{
	for (size_t i = 0; name && i < n; i++)
		if (!strcmp(tab[i].name, name))
			return &tab[i];
	return NULL;
}

__attribute__((format(printf, 3, 4)))
static int bad(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

/* A type check: NULL (absent) is fine, another type is an error. */
static int is(const struct json *j, enum json_type t)
{
	return !j || j->type == t;
}

static const char *const type_names[] = {
	"null", "a boolean", "a number", "a string", "an array", "an object",
};

#define CHECK(j, t, what)						\
	do {								\
		if (!is((j), (t)))					\
			return bad(err, errlen, "%s: expected %s, not %s", \
				   (what), type_names[(t)],		\
				   type_names[(j)->type]);		\
	} while (0)

/* An array of strings as a NULL-terminated vector (pointing into it). */
static int str_vector(const struct json *a, char ***out, const char *what,
		      char *err, size_t errlen)
{
	char **v;
	int i = 0;

	CHECK(a, J_ARR, what);
	v = calloc((a ? a->n : 0) + 1, sizeof(*v));
	if (!v)
		die(EXIT_SETUP, "out of memory");
	for (const struct json *c = a ? a->child : NULL; c; c = c->next) {
		if (c->type != J_STR) {
			free(v);
			return bad(err, errlen, "%s: expected strings", what);
		}
		v[i++] = c->str;
	}
	*out = v;
	return 0;
}

static int u32(const struct json *j, uint32_t *out, const char *what,
	       char *err, size_t errlen)
{
	if (!j)
		return 0;
	if (j->type != J_NUM || !j->is_int || j->neg || j->u > 0xffffffffULL)
		return bad(err, errlen, "%s: expected a number from 0 to "
			   "4294967295", what);
	*out = (uint32_t)j->u;
	return 0;
}

/* A flag: 1 for true, 0 for false or for no member @j. */
static int flag(const struct json *j, int *out, const char *what,
		char *err, size_t errlen)
{
	CHECK(j, J_BOOL, what);
	*out = j && j->b;
	return 0;
}

static int cap_set(const struct json *a, uint64_t *set, const char *what,
		   char *err, size_t errlen)
{
	CHECK(a, J_ARR, what);
	*set = 0;
	for (const struct json *c = a ? a->child : NULL; c; c = c->next) {
		int n = c->type == J_STR ? oci_cap_by_name(c->str) : -1;

		if (n < 0)
			return bad(err, errlen, "%s: unknown capability '%s'",
				   what, c->type == J_STR ? c->str : "?");
		*set |= 1ULL << n;
	}
	return 0;
}

int oci_process_parse(const struct json *p, struct oci_process *proc,
		      char *err, size_t errlen)
{
	const struct json *j, *user, *caps;

	memset(proc, 0, sizeof(*proc));
	if (!p || p->type != J_OBJ)
		return bad(err, errlen, "process: expected an object");
	if (flag(json_get(p, "terminal"), &proc->terminal, "process.terminal",
		 err, errlen) < 0)
		return -1;
	j = json_get(p, "consoleSize");
	CHECK(j, J_OBJ, "process.consoleSize");
	if (j) {
		uint32_t w = 0, h = 0;

		if (u32(json_get(j, "width"), &w, "process.consoleSize.width",
			err, errlen) < 0 ||
		    u32(json_get(j, "height"), &h, "process.consoleSize.height",
			err, errlen) < 0)
			return -1;
		proc->console_w = w;
		proc->console_h = h;
	}
	if (str_vector(json_get(p, "args"), &proc->args, "process.args", err,
		       errlen) < 0)
		return -1;
	if (!proc->args[0] || !proc->args[0][0])
		return bad(err, errlen, "process.args: no program given");
	if (str_vector(json_get(p, "env"), &proc->env, "process.env", err,
		       errlen) < 0)
		return -1;
	for (int i = 0; proc->env[i]; i++)
		if (!strchr(proc->env[i], '='))
			return bad(err, errlen, "process.env: '%s' is not "
				   "NAME=VALUE", proc->env[i]);
	j = json_get(p, "cwd");
	CHECK(j, J_STR, "process.cwd");
	proc->cwd = j ? j->str : "/";
	if (proc->cwd[0] != '/')
		return bad(err, errlen, "process.cwd: '%s' is not an absolute "
			   "path", proc->cwd);
	user = json_get(p, "user");
	CHECK(user, J_OBJ, "process.user");
	if (u32(json_get(user, "uid"), &proc->uid, "process.user.uid", err,
		errlen) < 0 ||
	    u32(json_get(user, "gid"), &proc->gid, "process.user.gid", err,
		errlen) < 0)
		return -1;
	j = json_get(user, "umask");
	if (j) {
		uint32_t m = 0;

		if (u32(j, &m, "process.user.umask", err, errlen) < 0)
			return -1;
		proc->has_umask = 1;
		proc->umask = m & 0777;
	}
	j = json_get(user, "additionalGids");
	CHECK(j, J_ARR, "process.user.additionalGids");
	for (const struct json *c = j ? j->child : NULL; c; c = c->next) {
		if (proc->ngids == (int)ARRAY_SIZE(proc->gids))
			return bad(err, errlen, "process.user.additionalGids: "
				   "more than %d", (int)ARRAY_SIZE(proc->gids));
		if (u32(c, &proc->gids[proc->ngids++],
			"process.user.additionalGids", err, errlen) < 0)
			return -1;
	}
	j = json_get(p, "rlimits");
	CHECK(j, J_ARR, "process.rlimits");
	for (const struct json *c = j ? j->child : NULL; c; c = c->next) {
		struct oci_rlimit *r = &proc->rlimits[proc->nrlimits];
		const char *type = json_str(c, "type");
		const struct json *s = json_get(c, "soft"),
				  *h = json_get(c, "hard");
		const struct spec_name *res = spec_name_find(rlimit_names,
						ARRAY_SIZE(rlimit_names), type);

		if (proc->nrlimits == OCI_MAX_RLIMITS)
			return bad(err, errlen, "process.rlimits: too many");
		if (!res)
			return bad(err, errlen, "process.rlimits: unknown type "
				   "'%s'", type ? type : "(none)");
		r->resource = res->value;
		if (!s || !h || s->type != J_NUM || h->type != J_NUM ||
		    s->neg || h->neg || !s->is_int || !h->is_int)
			return bad(err, errlen, "process.rlimits: %s needs "
				   "numbers 'soft' and 'hard'", type);
		r->soft = s->u;
		r->hard = h->u;
		if (r->soft > r->hard)
			return bad(err, errlen, "process.rlimits: %s: soft "
				   "above hard", type);
		for (int i = 0; i < proc->nrlimits; i++)
			if (proc->rlimits[i].resource == r->resource)
				return bad(err, errlen, "process.rlimits: %s "
					   "given twice", type);
		proc->nrlimits++;
	}
	if (flag(json_get(p, "noNewPrivileges"), &proc->no_new_privs,
		 "process.noNewPrivileges", err, errlen) < 0)
		return -1;
	j = json_get(p, "oomScoreAdj");
	CHECK(j, J_NUM, "process.oomScoreAdj");
	if (j) {
		if (!j->is_int || j->u > 1000)
			return bad(err, errlen, "process.oomScoreAdj: expected "
				   "-1000 to 1000");
		proc->has_oom = 1;
		proc->oom_score_adj = j->neg ? -(int)j->u : (int)j->u;
	}
	caps = json_get(p, "capabilities");
	CHECK(caps, J_OBJ, "process.capabilities");
	if (caps) {
		proc->has_caps = 1;
		if (cap_set(json_get(caps, "bounding"), &proc->cap_bounding,
			    "process.capabilities.bounding", err, errlen) < 0 ||
		    cap_set(json_get(caps, "effective"), &proc->cap_effective,
			    "process.capabilities.effective", err, errlen) < 0 ||
		    cap_set(json_get(caps, "permitted"), &proc->cap_permitted,
			    "process.capabilities.permitted", err, errlen) < 0 ||
		    cap_set(json_get(caps, "inheritable"),
			    &proc->cap_inheritable,
			    "process.capabilities.inheritable", err, errlen) < 0 ||
		    cap_set(json_get(caps, "ambient"), &proc->cap_ambient,
			    "process.capabilities.ambient", err, errlen) < 0)
			return -1;
	}
	return 0;
}

static int has_option(const struct json *opts, const char *o)
{
	for (const struct json *c = opts ? opts->child : NULL; c; c = c->next)
		if (c->type == J_STR && !strcmp(c->str, o))
			return 1;
	return 0;
}

static int parse_mounts(const struct json *a, struct oci_config *c,
			char *err, size_t errlen)
{
	CHECK(a, J_ARR, "mounts");
	c->mounts = calloc(a ? a->n + 1 : 1, sizeof(*c->mounts));
	if (!c->mounts)
		die(EXIT_SETUP, "out of memory");
	for (const struct json *m = a ? a->child : NULL; m; m = m->next) {
		struct oci_mount *om = &c->mounts[c->nmounts++];
		const struct json *o = json_get(m, "options");

		if (m->type != J_OBJ)
			return bad(err, errlen, "mounts: expected objects");
		om->dest = json_str(m, "destination");
		om->type = json_str(m, "type");
		om->source = json_str(m, "source");
		if (!om->dest || om->dest[0] != '/')
			return bad(err, errlen, "mounts: destination '%s' is "
				   "not an absolute path",
				   om->dest ? om->dest : "(none)");
		CHECK(o, J_ARR, "mounts.options");
		om->options = o;
		om->bind = (om->type && !strcmp(om->type, "bind")) ||
			   has_option(o, "bind") || has_option(o, "rbind");
		om->ro = has_option(o, "ro");
		if (!om->type && !om->bind)
			om->type = "none";
		if (om->bind && (!om->source || !om->source[0]))
			return bad(err, errlen, "mounts: bind mount of '%s' "
				   "has no source", om->dest);
	}
	return 0;
}

/*
 * Member @key of linux, kept as JSON for the step that applies it, when
 * it is of type @t (or absent).
 */
static int kept(const struct json *l, const char *key, enum json_type t,
		const struct json **out, char *err, size_t errlen)
{
	char what[64];

	snprintf(what, sizeof(what), "linux.%s", key);
	*out = json_get(l, key);
	CHECK(*out, t, what);
	return 0;
}

static int parse_linux(const struct json *l, struct oci_config *c,
		       char *err, size_t errlen)
{
	const struct json *ns;

	CHECK(l, J_OBJ, "linux");
	if (!l)
		return 0;
	ns = json_get(l, "namespaces");
	CHECK(ns, J_ARR, "linux.namespaces");
	for (const struct json *n = ns ? ns->child : NULL; n; n = n->next) {
		const char *type = json_str(n, "type");
		const struct json *path = json_get(n, "path");
		const struct spec_name *kind = spec_name_find(ns_names,
						ARRAY_SIZE(ns_names), type);

		if (!kind)
			return bad(err, errlen, "linux.namespaces: unknown type "
				   "'%s'", type ? type : "(none)");
		CHECK(path, J_STR, "linux.namespaces.path");
		for (int k = 0; k < c->nns; k++)
			if (c->ns[k].flag == kind->value)
				return bad(err, errlen, "linux.namespaces: '%s' "
					   "given twice", type);
		c->ns[c->nns].flag = kind->value;
		c->ns[c->nns].name = kind->name;
		c->ns[c->nns].path = path && path->str[0] ? path->str : NULL;
		if (c->ns[c->nns].flag == CLONE_NEWUSER)
			c->has_user_ns = 1;
		c->nns++;
	}
	c->cgroups_path = json_str(l, "cgroupsPath");
	if (kept(l, "resources", J_OBJ, &c->resources, err, errlen) < 0 ||
	    kept(l, "seccomp", J_OBJ, &c->seccomp, err, errlen) < 0 ||
	    kept(l, "sysctl", J_OBJ, &c->sysctl, err, errlen) < 0 ||
	    kept(l, "maskedPaths", J_ARR, &c->masked, err, errlen) < 0 ||
	    kept(l, "readonlyPaths", J_ARR, &c->readonly_paths, err,
		 errlen) < 0 ||
	    kept(l, "devices", J_ARR, &c->devices, err, errlen) < 0)
		return -1;
	return 0;
}

int oci_config_load(const char *bundle, struct oci_config *c, char *err,
		    size_t errlen)
{
	char path[PATH_MAX], perr[128];
	const struct json *root, *j;
	char *text;
	ssize_t n;

	memset(c, 0, sizeof(*c));
	if (os_file_kind(bundle, 1) != S_IFDIR)
		return bad(err, errlen, "bundle '%s': %s", bundle,
			   os_file_kind(bundle, 1) < 0 ?
			   strerror(-os_file_kind(bundle, 1)) :
			   "not a directory");
	snprintf(path, sizeof(path), "%s/config.json", bundle);
	n = os_read_file(path, &text);
	if (n < 0)
		return bad(err, errlen, "%s: %s", path, strerror(-n));
	c->tree = json_parse(text, perr, sizeof(perr));
	free(text);
	if (!c->tree)
		return bad(err, errlen, "%s: malformed JSON: %s", path, perr);
	if (c->tree->type != J_OBJ)
		return bad(err, errlen, "%s: expected an object", path);
	c->version = json_str(c->tree, "ociVersion");
	if (!c->version)
		return bad(err, errlen, "%s: no ociVersion", path);
	if (strncmp(c->version, "1.", 2))
		return bad(err, errlen, "%s: ociVersion %s is not 1.x", path,
			   c->version);
	root = json_get(c->tree, "root");
	CHECK(root, J_OBJ, "root");
	j = json_get(root, "path");
	if (!j || j->type != J_STR || !j->str[0])
		return bad(err, errlen, "%s: root.path is missing", path);
	if (j->str[0] == '/') {
		c->root = j->str;
	} else {
		char *abs;

		if (asprintf(&abs, "%s/%s", bundle, j->str) < 0)
			die(EXIT_SETUP, "out of memory");
		c->root = abs;
	}
	if (os_file_kind(c->root, 1) != S_IFDIR)
		return bad(err, errlen, "root.path '%s': %s", c->root,
			   os_file_kind(c->root, 1) < 0 ?
			   strerror(-os_file_kind(c->root, 1)) :
			   "not a directory");
	if (flag(json_get(root, "readonly"), &c->readonly, "root.readonly",
		 err, errlen) < 0)
		return -1;
	j = json_get(c->tree, "hostname");
	CHECK(j, J_STR, "hostname");
	c->hostname = j ? j->str : NULL;
	if (c->hostname && strlen(c->hostname) > 64)
		return bad(err, errlen, "hostname: longer than 64 bytes");
	if (oci_process_parse(json_get(c->tree, "process"), &c->proc, err,
			      errlen) < 0)
		return -1;
	if (parse_mounts(json_get(c->tree, "mounts"), c, err, errlen) < 0 ||
	    parse_linux(json_get(c->tree, "linux"), c, err, errlen) < 0)
		return -1;
	c->annotations = json_get(c->tree, "annotations");
	CHECK(c->annotations, J_OBJ, "annotations");
	c->hooks = json_get(c->tree, "hooks");
	CHECK(c->hooks, J_OBJ, "hooks");
	return 0;
}
