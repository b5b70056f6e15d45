// SPDX-License-Identifier: GPL-2.0
/*
 * umvm boot: boot our User-Mode Linux guest kernel (linux/uml/, the
 * PTRACE_VM skas patch) and drop the user at its shell, or run a command
 * in it and return that command's exit status.
 *
 * This file decides: it checks the user's input (one line and status 125
 * for bad input, before anything boots), picks the syscall mode with the
 * same ladder as `umvm run` (PTRACE_VM, then SYSEMU, then the getpid
 * rewrite), and hands over to scripts/umvm-boot.sh, which builds the
 * kernel and root when needed (scripts/build-uml.sh, cached) and boots.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cli.h"
#include "os.h"
#include "umvm.h"

/* A UML mode: its name, the run backend that probes it, its boot options. */
struct uml_mode {
	const char *name;
	const char *alias;		/* the name `umvm run` uses */
	const struct backend_ops *probe;
	const char *check;		/* UML's own "Checking ..." line */
	const char *append;		/* kernel options that force it */
};

static const struct uml_mode modes[] = {
	{ "ptrace_vm", "vm", &backend_vm,
	  "PTRACE_VM for syscall emulation", "" },
	{ "sysemu", NULL, &backend_sysemu,
	  "syscall emulation patch for ptrace", "noptracevm" },
	{ "rewrite", "syscall", &backend_syscall,
	  "that ptrace can change system call numbers",
	  "noptracevm nosysemu" },
};

static void boot_usage(void)
{
	printf("usage: umvm boot [OPTIONS] [-- COMMAND [ARGS...]]\n"
	       "Boot umvm's User-Mode Linux kernel (PTRACE_VM skas patch) and\n"
	       "open its shell, or run COMMAND in it and exit with its status.\n"
	       "The first run builds the kernel and a busybox root (cached).\n"
	       "  -k, --kernel=FILE       a UML kernel (default: ours, built by\n"
	       "                          scripts/build-uml.sh)\n"
	       "  -r, --root=DIR|IMAGE    root: a directory (hostfs) or an\n"
	       "                          ext2/3/4 image (ubd), read-only\n"
	       "                          (default: the busybox root)\n"
	       "  -m, --mem=SIZE          guest memory, e.g. 256M (default)\n"
	       "  -a, --append=OPTIONS    more kernel command line; repeatable\n"
	       "  --mode=auto|ptrace_vm|sysemu|rewrite\n"
	       "                          how UML intercepts its processes'\n"
	       "                          syscalls (auto: the first the host\n"
	       "                          has; vm and syscall also accepted)\n"
	       "  --share=DIR             host DIR read-write at /share\n"
	       "  --timeout=SECONDS       kill the guest after SECONDS (0: never,\n"
	       "                          the default)\n"
	       "  --log=FILE              keep the whole console log in FILE\n"
	       "  -v, --verbose           show the boot messages\n"
	       "  --check                 print what this host offers UML, the\n"
	       "                          UML way, and exit\n"
	       "Exit status: COMMAND's (the shell's without one); 125 for bad\n"
	       "input or a guest that did not boot; 124 on timeout.\n");
}

static const struct uml_mode *mode_by_name(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(modes); i++)
		if (!strcmp(name, modes[i].name) ||
		    (modes[i].alias && !strcmp(name, modes[i].alias)))
			return &modes[i];
	return NULL;
}

/* 1 when the host can do @m (its run backend's probe passes). */
static int mode_available(const struct uml_mode *m, int verbose)
{
	int ok = m->probe->probe() == 0;

	if (verbose) {
		printf("Checking %s...%s\n", m->check, ok ? "OK" : "missing");
		fflush(stdout);
	}
	return ok;
}

/* The mode to boot: "auto" takes the first on the ladder the host has. */
static const struct uml_mode *choose_mode(const char *name, int verbose)
{
	const struct uml_mode *m, *best = NULL;

	if (strcmp(name, "auto")) {
		m = mode_by_name(name);
		if (!m)
			die(EXIT_SETUP, "boot: unknown mode '%s' (choose auto, "
			    "ptrace_vm, sysemu or rewrite)", name);
		if (!mode_available(m, verbose))
			die(EXIT_SETUP, "boot: mode '%s' is not available on "
			    "this host: %s missing", m->name, m->check);
		return m;
	}
	for (size_t i = 0; i < ARRAY_SIZE(modes); i++)
		if (mode_available(&modes[i], verbose) && !best) {
			best = &modes[i];
			if (!verbose)
				break;
		}
	if (!best)
		die(EXIT_SETUP, "boot: this host offers UML no way to intercept "
		    "syscalls (is ptrace forbidden here?)");
	return best;
}

/* SIZE: digits and an optional K, M or G, as UML's mem= takes it. */
static void check_mem(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (end == s || errno || v == 0 ||
	    (*end && (strchr("KMGkmg", *end) == NULL || end[1])))
		die(EXIT_SETUP, "boot: --mem: expected a size like 256M, not "
		    "'%s'", s);
}

/* The root: a directory, or a readable ext2/3/4 image. */
static void check_root(const char *root)
{
	unsigned char magic[2];
	ssize_t n;
	int kind = os_file_kind(root, 1);

	if (kind < 0)
		die(EXIT_SETUP, "boot: --root: %s: %s", root, strerror(-kind));
	if (kind == S_IFDIR)
		return;
	if (kind != S_IFREG && kind != S_IFBLK)
		die(EXIT_SETUP, "boot: --root: %s: not a directory or a disk "
		    "image", root);
	/* The ext superblock's magic, 0xEF53 at byte 1024 + 56. */
	n = os_read_at(root, magic, sizeof(magic), 1024 + 56);
	if (n < 0)
		die(EXIT_SETUP, "boot: --root: %s: %s", root, strerror(-n));
	if (n != 2 || magic[0] != 0x53 || magic[1] != 0xef)
		die(EXIT_SETUP, "boot: --root: %s: not an ext2/3/4 file system "
		    "image", root);
}

/*
 * Where scripts/umvm-boot.sh is: $UMVM_DATADIR, the source tree this
 * umvm was built in (./umvm beside scripts/), or PREFIX/share/umvm for
 * PREFIX/bin/umvm (make install puts the scripts there).
 */
static int script_in(char *out, size_t len, const char *dir, const char *sub)
{
	int n = snprintf(out, len, "%s%s/scripts/umvm-boot.sh", dir, sub);

	return n > 0 && (size_t)n < len && os_file_kind(out, 1) == S_IFREG;
}

static void find_script(char *out, size_t len)
{
	const char *env = getenv("UMVM_DATADIR");
	char exe[PATH_MAX], *slash;

	if (env && *env && script_in(out, len, env, ""))
		return;
	if (os_readlink("/proc/self/exe", exe, sizeof(exe)) > 0 &&
	    (slash = strrchr(exe, '/'))) {
		*slash = 0;
		if (script_in(out, len, exe, "") ||
		    script_in(out, len, exe, "/../share/umvm"))
			return;
	}
	die(EXIT_SETUP, "boot: cannot find scripts/umvm-boot.sh beside umvm or "
	    "in PREFIX/share/umvm (set UMVM_DATADIR)");
}

/* Append @s to @buf as one shell word. */
static void shell_quote(char *buf, size_t len, const char *s)
{
	size_t n = strlen(buf);
	int plain = *s != 0;

	for (const char *p = s; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789_./=:,+-@%", *p))
			plain = 0;
#define PUT(c) do {							\
	if (n + 1 >= len)						\
		die(EXIT_SETUP, "boot: the command is too long");	\
	buf[n++] = (c);							\
} while (0)
	if (n)
		PUT(' ');
	if (!plain)
		PUT('\'');
	for (const char *p = s; *p; p++) {
		if (*p == '\'' && !plain) {
			PUT('\'');
			PUT('\\');
			PUT('\'');
		}
		PUT(*p);
	}
	if (!plain)
		PUT('\'');
#undef PUT
	buf[n] = 0;
}

enum {
	OPT_MODE = 256, OPT_SHARE, OPT_TIMEOUT, OPT_LOG, OPT_CHECK,
};

static const struct option options[] = {
	{ "kernel", required_argument, NULL, 'k' },
	{ "root", required_argument, NULL, 'r' },
	{ "mem", required_argument, NULL, 'm' },
	{ "append", required_argument, NULL, 'a' },
	{ "mode", required_argument, NULL, OPT_MODE },
	{ "share", required_argument, NULL, OPT_SHARE },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "log", required_argument, NULL, OPT_LOG },
	{ "verbose", no_argument, NULL, 'v' },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

#define MAX_ARGS	32

int cmd_boot(int argc, char **argv)
{
	const char *kernel = NULL, *root = NULL, *mem = "256M", *mode = "auto";
	const char *share = NULL, *timeout = "0", *log = NULL;
	static char append[4096], command[65536], script[PATH_MAX];
	char *args[MAX_ARGS];
	const struct uml_mode *m;
	int c, n = 0, verbose = 0, check = 0, r;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+hvk:r:m:a:", options, NULL)) != -1) {
		switch (c) {
		case 'k':
			kernel = optarg;
			break;
		case 'r':
			root = optarg;
			break;
		case 'm':
			mem = optarg;
			break;
		case 'a':
			if (strlen(append) + strlen(optarg) + 2 > sizeof(append))
				die(EXIT_SETUP, "boot: --append: too long");
			if (*append)
				strcat(append, " ");
			strcat(append, optarg);
			break;
		case OPT_MODE:
			mode = optarg;
			break;
		case OPT_SHARE:
			share = optarg;
			break;
		case OPT_TIMEOUT:
			if (strspn(optarg, "0123456789") != strlen(optarg) ||
			    !*optarg)
				die(EXIT_SETUP, "boot: --timeout: expected "
				    "seconds, not '%s'", optarg);
			timeout = optarg;
			break;
		case OPT_LOG:
			log = optarg;
			break;
		case 'v':
			verbose = 1;
			break;
		case OPT_CHECK:
			check = 1;
			break;
		case 'h':
			boot_usage();
			return 0;
		default:
			if (optopt)
				die(EXIT_SETUP, "boot: option '-%c' is unknown or "
				    "needs a value (try 'umvm boot --help')",
				    optopt);
			die(EXIT_SETUP, "boot: unknown option '%s' (try 'umvm "
			    "boot --help')", argv[optind - 1]);
		}
	}

	/* Bad input stops here, before anything is built or booted. */
	if (kernel) {
		r = os_check_exec(kernel);
		if (r < 0)
			die(EXIT_SETUP, "boot: --kernel: %s: %s", kernel,
			    strerror(-r));
	}
	if (root)
		check_root(root);
	check_mem(mem);
	if (share && os_file_kind(share, 1) != S_IFDIR)
		die(EXIT_SETUP, "boot: --share: %s: not a directory", share);
	if (check && optind < argc)
		die(EXIT_SETUP, "boot: --check takes no command");
	find_script(script, sizeof(script));
	m = choose_mode(mode, check);
	if (check) {
		printf("UML mode (%s): %s\n", mode, m->name);
		fflush(stdout);
	}

	for (int i = optind; i < argc; i++)
		shell_quote(command, sizeof(command), argv[i]);

	args[n++] = "bash";
	args[n++] = script;
	if (check) {
		args[n++] = "--check";
	} else {
		if (kernel) {
			args[n++] = "--kernel";
			args[n++] = (char *)kernel;
		}
		if (root) {
			args[n++] = "--rootfs";
			args[n++] = (char *)root;
		}
		args[n++] = "--mem";
		args[n++] = (char *)mem;
		args[n++] = "--mode";
		args[n++] = (char *)m->name;
		if (*m->append || *append) {
			static char all[sizeof(append) + 64];

			snprintf(all, sizeof(all), "%s%s%s", m->append,
				 *m->append && *append ? " " : "", append);
			args[n++] = "--append";
			args[n++] = all;
		}
		if (share) {
			args[n++] = "--share";
			args[n++] = (char *)share;
		}
		args[n++] = "--timeout";
		args[n++] = (char *)timeout;
		if (log) {
			args[n++] = "--log";
			args[n++] = (char *)log;
		}
		if (verbose)
			args[n++] = "--verbose";
		if (optind >= argc)
			args[n++] = "--interactive";
		else {
			args[n++] = "--";
			args[n++] = command;
		}
	}
	args[n] = NULL;
	fflush(NULL);
	r = os_exec("/bin/bash", args);
	die(EXIT_SETUP, "boot: cannot run %s: %s", script, strerror(-r));
}
