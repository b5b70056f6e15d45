/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umvm oci: an OCI runtime (runtime-spec 1.0, runc's command line) on top
 * of umvm's personalities.  A container is one umvm monitor process (the
 * pid engines see) tracing the container's processes; its config.json
 * becomes a path view, fake or real credentials, a policy and, when umvm
 * runs as root, namespaces and a cgroup.
 */
#ifndef UMVM_OCI_H
#define UMVM_OCI_H

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/* oci-json.c */
enum json_type { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };
struct json {
	enum json_type type;
	char *key;			/* member name, inside an object */
	char *str;			/* J_STR */
	int b;				/* J_BOOL */
	int neg, is_int;		/* J_NUM: -u when neg */
	unsigned long long u;
	double num;
	int n;				/* J_ARR, J_OBJ: number of children */
	struct json *child, *next;
};
/* NULL with a reason in @err ("expected ':' at byte 12"). */
struct json *json_parse(const char *text, char *err, size_t errlen);
void json_free(struct json *j);
const struct json *json_get(const struct json *obj, const char *key);
const char *json_str(const struct json *obj, const char *key);

/* A growing string, for JSON and policy text. */
struct sbuf {
	char *s;
	size_t len, cap;
};
__attribute__((format(printf, 2, 3)))
void sb_add(struct sbuf *b, const char *fmt, ...);
void sb_json_str(struct sbuf *b, const char *s);
void sb_json_value(struct sbuf *b, const struct json *j);

/* oci-config.c: config.json (and exec's process.json) as umvm uses it. */
#define OCI_MAX_RLIMITS	16
#define OCI_MAX_NS	8

struct oci_rlimit {
	int resource;
	unsigned long long soft, hard;
};

struct oci_process {
	int terminal;
	unsigned int console_w, console_h;
	char **args;			/* NULL-terminated */
	char **env;			/* NULL-terminated */
	const char *cwd;
	uint32_t uid, gid;
	int ngids;
	uint32_t gids[64];
	int has_umask;
	unsigned int umask;
	int nrlimits;
	struct oci_rlimit rlimits[OCI_MAX_RLIMITS];
	int no_new_privs;
	int has_oom, oom_score_adj;
	int has_caps;
	uint64_t cap_bounding, cap_effective, cap_permitted,
		 cap_inheritable, cap_ambient;
};

struct oci_mount {
	const char *dest, *type, *source;
	int bind, ro;
	const struct json *options;	/* array of strings, or NULL */
};

struct oci_ns {
	int flag;			/* CLONE_NEW* */
	const char *name;		/* "pid", "network"... */
	const char *path;		/* join this one, or NULL: a new one */
};

struct oci_config {
	struct json *tree;
	const char *version;
	const char *root;		/* absolute host path */
	int readonly;
	const char *hostname;
	struct oci_process proc;
	int nmounts;
	struct oci_mount *mounts;
	int nns;
	struct oci_ns ns[OCI_MAX_NS];
	const char *cgroups_path;
	const struct json *resources;	/* linux.resources */
	const struct json *seccomp;	/* linux.seccomp */
	const struct json *sysctl;	/* linux.sysctl */
	const struct json *masked;	/* linux.maskedPaths */
	const struct json *readonly_paths;
	const struct json *devices;	/* linux.devices */
	const struct json *annotations;
	const struct json *hooks;
	int has_user_ns;
};

/*
 * Read @bundle/config.json: 0, or -1 with a one-line reason in @err.  The
 * root path becomes absolute (relative to the bundle).
 */
int oci_config_load(const char *bundle, struct oci_config *c, char *err,
		    size_t errlen);
/* A process object (exec --process, or config's "process"). */
int oci_process_parse(const struct json *p, struct oci_process *proc,
		      char *err, size_t errlen);
extern const char *const oci_cap_names[];
extern const int oci_ncaps;

/* oci-seccomp.c: linux.seccomp as a umvm policy file's text. */
int oci_seccomp_policy(const struct json *seccomp, struct sbuf *policy,
		       struct sbuf *notes, char *err, size_t errlen);

/* oci-log.c: the global flags, logging and failing. */
struct oci_globals {
	const char *root;		/* --root: where states live */
	const char *log;		/* --log FILE */
	int log_json;			/* --log-format=json */
	int systemd_cgroup;
	int debug;
	int rootful;			/* umvm runs as root (uid 0) */
};
extern struct oci_globals oci;
__attribute__((format(printf, 1, 2), noreturn))
void oci_fail(const char *fmt, ...);
__attribute__((format(printf, 1, 2)))
void oci_warn(const char *fmt, ...);
__attribute__((format(printf, 1, 2)))
void oci_debug(const char *fmt, ...);

/* oci-state.c: containers under --root. */
struct oci_state {
	char id[256];
	pid_t pid;			/* the monitor, as the host sees it */
	unsigned long long starttime;	/* of pid, to tell a reused pid */
	char bundle[PATH_MAX];
	char rootfs[PATH_MAX];
	char created[64];
	uint32_t owner;
	char cgroup[PATH_MAX];		/* joined cgroup (rootful), or "" */
	struct json *annotations;	/* copy, or NULL */
};
enum oci_status { OCI_CREATING, OCI_CREATED, OCI_RUNNING, OCI_STOPPED };
extern const char *const oci_status_names[];

/* <root>/<id>[/name] */
void oci_state_path(char *out, size_t len, const char *id, const char *name);
/* Lock container @id (its directory must exist): the lock fd, or -errno. */
int oci_lock(const char *id);
void oci_unlock(int fd);
/* Create <root>/<id>, locked: the lock fd; dies if it exists. */
int oci_state_create(const char *id);
int oci_state_write(const struct oci_state *st);
/* 0, -ENOENT when there is no such container, or another -errno. */
int oci_state_read(const char *id, struct oci_state *st);
enum oci_status oci_status_of(const struct oci_state *st);
/* The runtime-spec state object. */
void oci_state_json(struct sbuf *b, const struct oci_state *st);
/* Remove the whole state directory (and the lock with it). */
void oci_state_remove(const char *id);
/* Call @fn for each container id under --root. */
int oci_state_each(void (*fn)(const char *id, void *arg), void *arg);
/* Kill the monitor (SIGKILL) and wait until it is gone. */
void oci_state_kill_wait(const struct oci_state *st);
/* The container id argument of command @cmd (argv[optind]); dies if none. */
const char *oci_need_id(int argc, char **argv, const char *cmd);
/* The state of an existing container, under its lock (-1: no lock). */
int oci_load(const char *id, struct oci_state *st, int lock);
void oci_write_pid_file(const char *path, pid_t pid);
/* The config saved at create (hooks, exec), or NULL. */
struct json *oci_saved_config(const char *id);

/*
 * oci-options.c: every option of runc's command line that umvm oci takes,
 * one key each, unique across the commands.
 */
enum oci_command {
	OCI_GLOBAL,			/* before the command's name */
	OCI_CREATE, OCI_RUN, OCI_EXEC, OCI_DELETE, OCI_KILL, OCI_LIST,
	OCI_SPEC,
	OCI_NCOMMANDS
};
enum oci_option {
	/* global */
	OCI_OPT_ROOT, OCI_OPT_LOG, OCI_OPT_LOG_FORMAT, OCI_OPT_SYSTEMD_CGROUP,
	OCI_OPT_DEBUG, OCI_OPT_ROOTLESS, OCI_OPT_CRIU, OCI_OPT_HELP,
	OCI_OPT_VERSION,
	/* create and run; exec has some */
	OCI_OPT_BUNDLE, OCI_OPT_PID_FILE, OCI_OPT_CONSOLE_SOCKET,
	OCI_OPT_DETACH, OCI_OPT_KEEP, OCI_OPT_PRESERVE_FDS, OCI_OPT_NO_PIVOT,
	OCI_OPT_NO_NEW_KEYRING, OCI_OPT_NO_SUBREAPER,
	/* exec */
	OCI_OPT_PROCESS, OCI_OPT_CWD, OCI_OPT_ENV, OCI_OPT_TTY, OCI_OPT_USER,
	OCI_OPT_ADDITIONAL_GIDS, OCI_OPT_NO_NEW_PRIVS, OCI_OPT_CAP,
	OCI_OPT_PROCESS_LABEL, OCI_OPT_APPARMOR, OCI_OPT_CGROUP,
	OCI_OPT_IGNORE_PAUSED,
	/* delete, kill, list, spec */
	OCI_OPT_FORCE, OCI_OPT_ALL, OCI_OPT_FORMAT, OCI_OPT_QUIET,
	OCI_OPT_SPEC_ROOTLESS,
	OCI_NOPTIONS
};
/*
 * The next option of @cmd as its key (optarg holds its argument), or -1
 * at the first operand (optind).  Options @cmd accepts and ignores are
 * passed over (--preserve-fds other than 0 with a warning); on an option
 * @cmd does not take it dies with the command's one line.  The caller
 * sets optind to 1 before the first call.
 */
int oci_next_option(int argc, char **argv, enum oci_command cmd);
/*
 * The options of a command whose only option is a flag (delete --force,
 * kill --all): 1 when it was given; optind is then at the first operand.
 */
int oci_flag_option(int argc, char **argv, enum oci_command cmd);
/* umvm oci's usage: on stdout for --help, on stderr before an error. */
void oci_usage(FILE *f);

/* oci-resources.c: a new container's cgroup path and its limits. */
void oci_cgroup_path(const struct oci_config *c, const char *id,
		     char *out, size_t len);
void oci_apply_resources(const char *cg, const struct json *res);

/* oci-monitor.c: start a container's monitor. */
struct oci_launch {
	const char *id;
	const char *bundle;
	struct oci_config *config;
	const char *console_socket;	/* or NULL */
	int exec;			/* join a running container */
	const struct oci_state *target;	/* its state, for exec */
	int wait_start;			/* stay stopped until 'start' */
	int foreground;			/* run, exec without -d */
};
/*
 * Fork the monitor; returns its pid (as the host sees it) once it is
 * ready (stopped before the container's first instruction when
 * @wait_start).  On failure: -1, a one-line reason in @err.
 */
pid_t oci_launch(const struct oci_launch *l, char *err, size_t errlen);
/* The monitor of a foreground run/exec ended: its status, as waitpid(). */
int oci_wait_monitor(pid_t pid);

/*
 * oci-hooks.c: run hooks.@kind of @config (read from @st's saved config
 * when @config is NULL) with @st's state on stdin.  0, or -1 with the
 * reason in @err.
 */
int oci_hooks(const struct json *config, const char *kind,
	      const struct oci_state *st, char *err, size_t errlen);
/* oci-spec.c */
int oci_cmd_features(void);
int oci_cmd_spec(int argc, char **argv);
/*
 * The commands, each given the arguments after its name (getopt's optind
 * at the first): oci-lifecycle.c, oci-procs.c, oci-exec.c, oci-list.c.
 */
int oci_cmd_create(int argc, char **argv, int run);
int oci_cmd_start(int argc, char **argv);
int oci_cmd_delete(int argc, char **argv);
int oci_cmd_kill(int argc, char **argv);
int oci_cmd_ps(int argc, char **argv);
int oci_cmd_exec(int argc, char **argv);
int oci_cmd_state(int argc, char **argv);
int oci_cmd_list(int argc, char **argv);
/* oci.c: umvm oci's command line. */
int cmd_oci(int argc, char **argv);

#endif /* UMVM_OCI_H */
