// SPDX-License-Identifier: GPL-2.0
/*
 * Macro workloads: whole commands timed from outside, natively and under
 * each runner (umvm with each backend, PRoot, strace, gVisor).  Each
 * workload is a shell command over files made here in a temporary
 * directory.  The native runs start with an untimed warm-up, whose output
 * is the reference: every run's output must match it, else the runner
 * gets "n/a" and the reason.  Every run
 * is its own process group, killed after the run: nothing is left behind.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "backend.h"
#include "bench.h"
#include "os.h"
#include "umvm.h"

static const char *const workloads[] = {
	"startup", "c-build", "find-stat", "tar", "fork-exec",
};
static const char *const runner_kinds[] = {
	"native", "umvm", "view", "proot", "strace", "runsc",
};

int macro_workload_ok(const char *list)
{
	return list_valid(list, workloads, ARRAY_SIZE(workloads));
}

int macro_runner_ok(const char *list)
{
	return list_valid(list, runner_kinds, ARRAY_SIZE(runner_kinds));
}

static char dir[256];

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	fputs(text, f);
	return fclose(f) ? -EIO : 0;
}

/* A small C project: @files units of a few functions, one Makefile. */
static int make_cbuild(int files)
{
	char path[512], text[1024];
	FILE *mk, *mainf;

	snprintf(path, sizeof(path), "%s/c-build", dir);
	if (mkdir(path, 0755) < 0)
		return -errno;
	snprintf(path, sizeof(path), "%s/c-build/Makefile", dir);
	mk = fopen(path, "w");
	snprintf(path, sizeof(path), "%s/c-build/main.c", dir);
	mainf = fopen(path, "w");
	if (!mk || !mainf)
		return -errno;
	fprintf(mk, "CFLAGS = -O1\nOBJS = main.o");
	fprintf(mainf, "#include <stdio.h>\n");
	for (int i = 0; i < files; i++) {
		fprintf(mk, " u%d.o", i);
		fprintf(mainf, "int u%d(int);\n", i);
		snprintf(path, sizeof(path), "%s/c-build/u%d.c", dir, i);
		snprintf(text, sizeof(text),
			 "#include <string.h>\n#include <stdlib.h>\n"
			 "struct s%d { int a[%d]; char name[16]; };\n"
			 "static int f(struct s%d *s, int x)\n{\n"
			 "\tfor (int i = 0; i < %d; i++)\n"
			 "\t\ts->a[i] = x * i + (int)strlen(s->name);\n"
			 "\treturn s->a[x %% %d];\n}\n"
			 "int u%d(int x)\n{\n\tstruct s%d s = { .name = \"u%d\" };\n"
			 "\treturn f(&s, x) + %d;\n}\n",
			 i, 8 + i, i, 8 + i, 8 + i, i, i, i, i);
		if (write_file(path, text) < 0)
			return -errno;
	}
	fprintf(mk, "\nprog: $(OBJS)\n\t$(CC) -o $@ $(OBJS)\n");
	fprintf(mainf, "int main(void)\n{\n\tlong sum = 0;\n\n");
	for (int i = 0; i < files; i++)
		fprintf(mainf, "\tsum += u%d(%d);\n", i, i + 1);
	fprintf(mainf, "\tprintf(\"sum %%ld\\n\", sum);\n\treturn 0;\n}\n");
	fclose(mainf);
	return fclose(mk) ? -EIO : 0;
}

/* A tree of @dirs directories of @files small files each. */
static int make_tree(int dirs, int files)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/tree", dir);
	if (mkdir(path, 0755) < 0)
		return -errno;
	for (int d = 0; d < dirs; d++) {
		snprintf(path, sizeof(path), "%s/tree/d%03d", dir, d);
		if (mkdir(path, 0755) < 0)
			return -errno;
		for (int f = 0; f < files; f++) {
			snprintf(path, sizeof(path), "%s/tree/d%03d/f%03d.txt",
				 dir, d, f);
			if (write_file(path, "some text to archive\n") < 0)
				return -errno;
		}
	}
	return 0;
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

static void cleanup(void)
{
	if (dir[0])
		nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	dir[0] = 0;
}

struct runner {
	char name[48];
	char *argv[12];
	char na[160];
};

struct result {
	double ms;
	int status;		/* as waitpid; -1: timed out */
	char out[512];		/* start of stdout */
	char err[160];		/* first line of stderr */
};

static void read_start(const char *path, char *buf, size_t len, int line)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? 0 : read(fd, buf, len - 1);

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = 0;
	if (line)
		buf[strcspn(buf, "\n")] = 0;
}

/* Run @prefix + "sh -c CMD" once, timed, in its own process group. */
static int run_once(char *const *prefix, const char *cmd, int timeout_s,
		    struct result *res)
{
	char out[300], err[300], *argv[20];
	uint64_t ns;
	int n = 0, r;

	for (; prefix && prefix[n]; n++)
		argv[n] = prefix[n];
	argv[n++] = "/bin/sh";
	argv[n++] = "-c";
	argv[n++] = (char *)cmd;
	argv[n] = NULL;
	snprintf(out, sizeof(out), "%s/run.out", dir);
	snprintf(err, sizeof(err), "%s/run.err", dir);
	r = os_run_timed(argv, out, err, timeout_s, &res->status, &ns);
	if (r < 0)
		return r;
	res->ms = ns / 1e6;
	read_start(out, res->out, sizeof(res->out), 0);
	read_start(err, res->err, sizeof(res->err), 1);
	return 0;
}

static int find_tool(const char *name, char *path, size_t len)
{
	return os_find_program(name, path, len);
}

static void add_runner(struct runner *rs, int *n, const char *name,
		       const char *na, ...)
{
	struct runner *r = &rs[(*n)++];
	va_list ap;
	char *a;
	int i = 0;

	memset(r, 0, sizeof(*r));
	snprintf(r->name, sizeof(r->name), "%s", name);
	if (na)
		snprintf(r->na, sizeof(r->na), "%s", na);
	va_start(ap, na);
	while ((a = va_arg(ap, char *)) && i < 11)
		r->argv[i++] = a;
	va_end(ap);
}

static int make_runners(struct runner *rs, const struct macro_opts *o)
{
	static char self[512], proot[512], strace[512], runsc[512];
	static char backend_opt[8][48];
	int n = 0;

	if (o->umvm)
		snprintf(self, sizeof(self), "%s", o->umvm);
	else if (readlink("/proc/self/exe", self, sizeof(self) - 1) < 0)
		snprintf(self, sizeof(self), "umvm");
	if (list_has(o->runners, "native"))
		add_runner(rs, &n, "native", NULL, NULL);
	for (int i = 0; i < nr_backends && i < 8; i++) {
		const struct backend_ops *be = backends[i];
		const char *na = be->probe() ?
				 "backend not available on this host" : NULL;
		char name[48];

		if (o->backend && o->backend != be)
			continue;
		snprintf(backend_opt[i], sizeof(backend_opt[i]),
			 "--backend=%s", be->name);
		snprintf(name, sizeof(name), "umvm %s", be->name);
		if (list_has(o->runners, "umvm"))
			add_runner(rs, &n, name, na, self, "run",
				   backend_opt[i], "--", NULL);
		/* A path view of "/": what the sandbox costs. */
		snprintf(name, sizeof(name), "umvm %s -r /", be->name);
		if (list_has(o->runners, "view"))
			add_runner(rs, &n, name, na, self, "run",
				   backend_opt[i], "-r", "/", "--", NULL);
	}
	if (list_has(o->runners, "proot"))
		add_runner(rs, &n, "PRoot",
			   find_tool("proot", proot, sizeof(proot)) ?
			   "proot not installed (Debian package proot)" : NULL,
			   proot, NULL);
	if (list_has(o->runners, "strace"))
		add_runner(rs, &n, "strace -f",
			   find_tool("strace", strace, sizeof(strace)) ?
			   "strace not installed" : NULL,
			   strace, "-f", "-o", "/dev/null", NULL);
	if (list_has(o->runners, "runsc")) {
		int found = !find_tool("runsc", runsc, sizeof(runsc));

		if (getuid())
			add_runner(rs, &n, "gVisor runsc (ptrace)",
				   found ? NULL : "runsc not installed "
				   "(Debian package runsc)", runsc,
				   "--platform=ptrace", "--network=none",
				   "--rootless", "do", NULL);
		else
			add_runner(rs, &n, "gVisor runsc (ptrace)",
				   found ? NULL : "runsc not installed "
				   "(Debian package runsc)", runsc,
				   "--platform=ptrace", "--network=none",
				   "do", NULL);
	}
	return n;
}

/* Why a run is not a figure, or NULL if it is one. */
static const char *judge(const struct result *res, const struct result *ref,
			 int timeout_s, char *buf, size_t len)
{
	if (res->status == -1) {
		snprintf(buf, len, "timed out after %d s", timeout_s);
		return buf;
	}
	if (!WIFEXITED(res->status) || WEXITSTATUS(res->status)) {
		if (WIFSIGNALED(res->status))
			snprintf(buf, len, "killed by signal %d",
				 WTERMSIG(res->status));
		else
			snprintf(buf, len, "exit status %d%s%.100s",
				 WEXITSTATUS(res->status),
				 res->err[0] ? ": " : "", res->err);
		return buf;
	}
	if (ref && strcmp(res->out, ref->out)) {
		snprintf(buf, len, "output differs from native%s%.100s",
			 res->err[0] ? ": " : "", res->err);
		return buf;
	}
	return NULL;
}

int bench_macro(struct report *r, const struct macro_opts *o)
{
	struct runner rs[16];
	struct result res, ref[ARRAY_SIZE(workloads)];
	int have_ref[ARRAY_SIZE(workloads)] = { 0 };
	char cmd[ARRAY_SIZE(workloads)][512], tool[512], why[160];
	const char *wna[ARRAY_SIZE(workloads)] = { NULL };
	int nrun, scale = o->scale > 0 ? o->scale : 100;
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/umvm-bench.XXXXXX", tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return -errno;
	if (make_tree(1 + 40 * scale / 100, 50) < 0 ||
	    make_cbuild(1 + 23 * scale / 100) < 0) {
		cleanup();
		return -EIO;
	}
	snprintf(cmd[0], sizeof(cmd[0]), "true");
	snprintf(cmd[1], sizeof(cmd[1]),
		 "cd %s/c-build && rm -f *.o prog && make -s -j1 >/dev/null "
		 "&& ./prog", dir);
	if (find_tool("make", tool, sizeof(tool)) ||
	    find_tool("cc", tool, sizeof(tool)))
		wna[1] = "make or cc not installed";
	snprintf(cmd[2], sizeof(cmd[2]),
		 "find %s/tree -type f -exec stat -c %%s {} + | wc -l", dir);
	snprintf(cmd[3], sizeof(cmd[3]),
		 "tar cf - -C %s tree | tar tf - | wc -l", dir);
	if (find_tool("true", tool, sizeof(tool)))
		snprintf(tool, sizeof(tool), "/bin/true");
	snprintf(cmd[4], sizeof(cmd[4]),
		 "i=0; while [ $i -lt %d ]; do %.200s; i=$((i+1)); done; echo $i",
		 1 + 200 * scale / 100, tool);
	nrun = make_runners(rs, o);
	for (size_t w = 0; w < ARRAY_SIZE(workloads); w++) {
		if (!list_has(o->workloads, workloads[w]))
			continue;
		for (int k = 0; k < nrun; k++) {
			struct brow *row = report_add(r, "macro", workloads[w],
						      rs[k].name, "", "ms");
			double v[BENCH_MAX_REPS];
			const char *bad = wna[w] ? wna[w] : rs[k].na[0] ?
					  rs[k].na : NULL;
			int native = !strcmp(rs[k].name, "native");

			if (!bad && !native && !have_ref[w])
				bad = "no native run to compare with";
			if (bad) {
				snprintf(row->na, sizeof(row->na), "%s", bad);
				continue;
			}
			/*
			 * The native run starts with a warm-up (caches, the
			 * reference output); every run is judged against it.
			 */
			if (native) {
				if (run_once(rs[k].argv, cmd[w], o->timeout_s,
					     &res) < 0)
					bad = "cannot start";
				else
					bad = judge(&res, NULL, o->timeout_s,
						    why, sizeof(why));
				if (!bad) {
					ref[w] = res;
					have_ref[w] = 1;
				}
			}
			for (int i = 0; !bad && i < o->reps; i++) {
				if (run_once(rs[k].argv, cmd[w], o->timeout_s,
					     &res) < 0)
					bad = "cannot start";
				else
					bad = judge(&res, &ref[w], o->timeout_s,
						    why, sizeof(why));
				v[i] = res.ms;
			}
			if (bad) {
				snprintf(row->na, sizeof(row->na), "%s", bad);
				continue;
			}
			stats_compute(v, o->reps, &row->st);
		}
	}
	cleanup();
	return 0;
}
