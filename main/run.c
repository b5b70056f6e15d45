// SPDX-License-Identifier: GPL-2.0
/*
 * umvm run: options, start-up, and the guest's end becoming umvm's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "cli.h"
#include "dispatch.h"
#include "os.h"
#include "skas.h"
#include "sysent.h"
#include "umvm.h"
#include "view.h"

static void run_usage(void)
{
	printf("usage: umvm run [OPTIONS] [--] PROGRAM [ARGS...]\n"
	       "  --backend=auto|vm|seccomp|sysemu|syscall\n"
	       "                          how to intercept syscalls\n"
	       "  --hostname=NAME         the guest's host name\n"
	       "  -k, --kernel-release=REL  the guest's kernel release (uname -r)\n"
	       "  -r, --root=DIR          the guest sees DIR as /\n"
	       "  -R DIR                  -r DIR and -b for /dev /proc /sys /tmp\n"
	       "  -b, --bind=HOST[:GUEST] show host path HOST at GUEST (HOST)\n"
	       "  -w, --cwd=DIR           the guest starts in DIR (the current\n"
	       "                          directory if the view shows it, else /)\n"
	       "  -0, --root-id           fake root: ids say root; chown, chmod,\n"
	       "                          mknod succeed and stat shows them\n"
	       "                          (--fake-root is the same)\n"
	       "  --ownership-db=FILE     keep -0's records in FILE across runs\n"
	       "  --deny=SYSCALL[:ERRNO]  fail SYSCALL with ERRNO (EPERM)\n"
	       "  --deny-net              AF_INET/AF_INET6 sockets fail (EACCES)\n"
	       "  --policy=FILE           allow/deny/errno rules per syscall or\n"
	       "                          class (format: README, Policy files)\n"
	       "  --inject=SYSCALL:error=ERRNO[:when=FIRST[..LAST]]\n"
	       "                          fail chosen calls of SYSCALL; repeatable\n"
	       "  --unhandled             at exit, list the syscalls made that\n"
	       "                          the personality does not handle\n"
	       "  --trace[=FILE]          one line per syscall (stderr)\n"
	       "  --stats[=FILE]          per-syscall counts at exit (stderr)\n"
	       "  --cpus=auto|pin|free    guest on the tracer's CPU (pin), on\n"
	       "                          any (free), or pinned until it runs\n"
	       "                          threads that compute (auto, default)\n");
}

static FILE *open_out(const char *path, const char *what)
{
	FILE *f;
	int r;

	if (!path)
		return stderr;
	r = os_open_stream(path, &f);
	if (r < 0)
		die(EXIT_SETUP, "%s: cannot open '%s': %s", what, path,
		    strerror(-r));
	return f;
}

static void parse_bind(const char *arg)
{
	char host[PATH_MAX];
	const char *colon = strchr(arg, ':');
	size_t len = colon ? (size_t)(colon - arg) : strlen(arg);

	if (len == 0 || len >= sizeof(host) || (colon && !colon[1]))
		die(EXIT_SETUP, "--bind: expected HOST[:GUEST], not '%s'", arg);
	memcpy(host, arg, len);
	host[len] = 0;
	view_add_bind(host, colon ? colon + 1 : NULL);
}

/*
 * The guest's starting directory and its program, inside the view:
 * their host paths go to the start-up code, which execs the guest path
 * (translated like any other exec).
 */
static void view_start(const char *cwd, const char *prog, char *path,
		       size_t plen, char *host_cwd, size_t hlen)
{
	char g[PATH_MAX], here[PATH_MAX], back[PATH_MAX];
	struct gthread none = { .tid = 0 };
	int r;

	view_finish();
	/* Without openat2 no hand-over is safe from rename races. */
	if (!os_can_pin())
		die(EXIT_SETUP, "path views need openat2 (Linux 5.6 or later) "
		    "to hand paths to the host without races");
	view_enable_pinning();
	if (!cwd) {
		cwd = "/";
		if (!os_getcwd(here, sizeof(here)) &&
		    !view_to_guest(here, g, sizeof(g)) &&
		    !view_to_host(g, back, sizeof(back)) && !strcmp(back, here))
			cwd = g;
	} else if (cwd[0] != '/') {
		die(EXIT_SETUP, "--cwd: '%s' is not an absolute path", cwd);
	}
	r = view_resolve(&none, AT_FDCWD, cwd, VR_FOLLOW, host_cwd, hlen);
	if (r == 0 && os_file_kind(host_cwd, 1) != S_IFDIR)
		r = -ENOTDIR;
	if (r < 0)
		die(EXIT_SETUP, "--cwd: '%s': %s", cwd, strerror(-r));
	if (strchr(prog, '/') && prog[0] != '/') {
		if (snprintf(g, sizeof(g), "%s/%s", cwd, prog) >= (int)sizeof(g))
			die(EXIT_SETUP, "%s: %s", prog, strerror(ENAMETOOLONG));
		prog = g;
	}
	r = view_find_program(prog, path, plen);
	if (r < 0)
		die(r == -ENOENT ? EXIT_NOTFOUND : EXIT_NOEXEC, "%s: %s", prog,
		    r == -ENOENT && !strchr(prog, '/') ? "command not found" :
		    strerror(-r));
}

static void parse_deny(const char *arg)
{
	char name[64];
	const char *colon = strchr(arg, ':');
	size_t len = colon ? (size_t)(colon - arg) : strlen(arg);
	int err = EPERM;
	long nr;

	if (len == 0 || len >= sizeof(name))
		die(EXIT_SETUP, "--deny: bad syscall name in '%s'", arg);
	memcpy(name, arg, len);
	name[len] = 0;
	nr = sysent_lookup(name);
	if (nr < 0 || nr >= MAX_SYSCALL)
		die(EXIT_SETUP, "--deny: unknown syscall '%s'", name);
	if (colon) {
		err = errno_by_name(colon + 1);
		if (err < 0)
			die(EXIT_SETUP, "--deny: unknown errno '%s'", colon + 1);
	}
	pers.deny[nr] = err;
}

enum {
	OPT_BACKEND = 256, OPT_HOSTNAME, OPT_RELEASE, OPT_FAKE_ROOT,
	OPT_DENY, OPT_TRACE, OPT_STATS, OPT_CPUS, OPT_BENCH_EMULATE,
	OPT_OWNERSHIP_DB, OPT_DENY_NET, OPT_POLICY, OPT_INJECT, OPT_UNHANDLED,
	OPT_ROOT = 'r', OPT_BIND = 'b', OPT_CWD = 'w',
};

/* A uname field from @option: at most 64 bytes, as the kernel's. */
static const char *uts_field(const char *option, const char *value)
{
	if (strlen(value) > 64)
		die(EXIT_SETUP, "%s: longer than 64 bytes", option);
	return value;
}

static const struct option options[] = {
	{ "backend", required_argument, NULL, OPT_BACKEND },
	{ "root", required_argument, NULL, OPT_ROOT },
	{ "bind", required_argument, NULL, OPT_BIND },
	{ "cwd", required_argument, NULL, OPT_CWD },
	{ "hostname", required_argument, NULL, OPT_HOSTNAME },
	{ "kernel-release", required_argument, NULL, OPT_RELEASE },
	{ "fake-root", no_argument, NULL, OPT_FAKE_ROOT },
	{ "root-id", no_argument, NULL, OPT_FAKE_ROOT },
	{ "ownership-db", required_argument, NULL, OPT_OWNERSHIP_DB },
	{ "deny-net", no_argument, NULL, OPT_DENY_NET },
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "inject", required_argument, NULL, OPT_INJECT },
	{ "unhandled", no_argument, NULL, OPT_UNHANDLED },
	{ "deny", required_argument, NULL, OPT_DENY },
	{ "trace", optional_argument, NULL, OPT_TRACE },
	{ "stats", optional_argument, NULL, OPT_STATS },
	{ "cpus", required_argument, NULL, OPT_CPUS },
	{ "bench-emulate-getppid", no_argument, NULL, OPT_BENCH_EMULATE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cmd_run(int argc, char **argv)
{
	const char *backend = "auto", *stats_path = NULL, *cwd = NULL;
	char host_cwd[PATH_MAX];
	const struct backend_ops *be;
	char path[PATH_MAX];
	struct os_start st;
	int c, r, place = PLACE_AUTO, status;
	uint64_t t0;
	FILE *stats_out = NULL;
	pid_t pid;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h0r:R:b:w:k:", options, NULL)) != -1) {
		switch (c) {
		case OPT_BACKEND:
			backend = optarg;
			break;
		case OPT_ROOT:
			view_set_root(optarg);
			break;
		case 'R':
			view_set_root(optarg);
			view_add_bind("/dev", NULL);
			view_add_bind("/proc", NULL);
			view_add_bind("/sys", NULL);
			view_add_bind("/tmp", NULL);
			break;
		case OPT_BIND:
			parse_bind(optarg);
			break;
		case OPT_CWD:
			cwd = optarg;
			break;
		case OPT_HOSTNAME:
			pers.hostname = uts_field("--hostname", optarg);
			break;
		case OPT_RELEASE:
		case 'k':
			pers.release = uts_field("--kernel-release", optarg);
			break;
		case OPT_FAKE_ROOT:
		case '0':
			pers.fake_root = 1;
			break;
		case OPT_OWNERSHIP_DB:
			if (pers.ownership_db)
				die(EXIT_SETUP, "--ownership-db: given twice");
			ownerdb_load(optarg);
			break;
		case OPT_DENY_NET:
			pers.deny_net = 1;
			break;
		case OPT_POLICY:
			policy_load(optarg);
			break;
		case OPT_INJECT:
			inject_parse(optarg);
			break;
		case OPT_UNHANDLED:
			pers.unhandled = 1;
			break;
		case OPT_DENY:
			parse_deny(optarg);
			break;
		case OPT_TRACE:
			pers.trace = open_out(optarg, "--trace");
			break;
		case OPT_STATS:
			pers.stats = 1;
			stats_path = optarg;
			break;
		case OPT_CPUS:
			if (!strcmp(optarg, "auto"))
				place = PLACE_AUTO;
			else if (!strcmp(optarg, "pin"))
				place = PLACE_PIN;
			else if (!strcmp(optarg, "free"))
				place = PLACE_FREE;
			else
				die(EXIT_SETUP, "--cpus: expected auto, pin or free, "
				    "not '%s'", optarg);
			break;
		case OPT_BENCH_EMULATE:
			pers.bench_emulate = 1;
			break;
		case 'h':
			run_usage();
			return 0;
		default:
			if (optopt)
				die(EXIT_SETUP, "run: option '-%c' is unknown or "
				    "needs a value (try 'umvm run --help')", optopt);
			die(EXIT_SETUP, "run: unknown option '%s' (try 'umvm run "
			    "--help')", argv[optind - 1]);
		}
	}
	if (pers.ownership_db && !pers.fake_root)
		die(EXIT_SETUP, "--ownership-db: needs -0/--root-id");
	if (optind >= argc)
		die(EXIT_SETUP, "run: no program given (usage: umvm run "
		    "[OPTIONS] -- PROGRAM [ARGS...])");
	if (cwd && !view_active() && os_file_kind(cwd, 1) != S_IFDIR)
		die(EXIT_SETUP, "--cwd: '%s' is not a directory", cwd);
	if (view_active())
		view_start(cwd, argv[optind], path, sizeof(path), host_cwd,
			   sizeof(host_cwd));
	else if ((r = os_find_program(argv[optind], path, sizeof(path))) < 0)
		die(r == -ENOENT ? EXIT_NOTFOUND : EXIT_NOEXEC, "%s: %s",
		    argv[optind], r == -ENOENT && !strchr(argv[optind], '/') ?
		    "command not found" : strerror(-r));
	if (stats_path)
		stats_out = open_out(stats_path, "--stats");

	/* From here a signal to umvm waits for the guest (os-Linux/signal.c). */
	os_signals_init();
	skas_init();
	guest_filter_init();
	dispatch_seal();
	be = choose_backend(backend, 0);

	memset(&st, 0, sizeof(st));
	st.argv = argv + optind;
	st.path = path;
	if (be->prepare) {
		r = be->prepare(&st, dispatch_filter_spec());
		if (r < 0)
			die(EXIT_SETUP, "backend '%s': %s", be->name,
			    strerror(-r));
	}
	st.cpu = placement_init(place);
	st.cwd = view_active() ? host_cwd : cwd;
	pers.pinned = st.cpu >= 0;
	t0 = os_now_ns();
	pid = os_start_guest(&st);
	if (pid < 0)
		die(EXIT_SETUP, "cannot start %s: %s", argv[optind],
		    strerror(-pid));
	/*
	 * A guest of umvm's user could otherwise reach into umvm itself.
	 * Under a view the guest must open umvm's /proc/<pid>/fd (pinned
	 * paths), and the view keeps it from the rest (view.c, pid.c).  Not
	 * before the guest is seized: a fork of a hidden umvm is hidden too
	 * until it execs.
	 */
	if (deny_restricting() && !view_active() && (r = os_hide_self()) < 0)
		die(EXIT_SETUP, "cannot protect the monitor: %s", strerror(-r));
	os_signals_forward_to(pid);
	status = skas_run(be, pid);

	if (pers.stats)
		dispatch_report(stats_out ? stats_out : stderr, skas_stops,
				os_now_ns() - t0);
	personality_end();
	fflush(NULL);
	if (WIFSIGNALED(status))
		os_die_by_signal(WTERMSIG(status));
	return WEXITSTATUS(status);
}
