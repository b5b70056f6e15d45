// SPDX-License-Identifier: GPL-2.0
/*
 * umvm bench: what a virtualized syscall costs on this host, per
 * mechanism, measured in one run: native, the minimal hand-written
 * tracers (the reference), and umvm with each backend it can use.
 *
 * The guest is umvm itself ("umvm __loop N"): N getppid calls, timed by
 * the guest with the vDSO clock, so start-up is not counted.  Host stops
 * are counted by the monitor, not assumed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "cli.h"
#include "dispatch.h"
#include "minitrace.h"
#include "os.h"
#include "skas.h"
#include "umvm.h"

struct row {
	char name[64];
	double ns, stops, ref_ns;
	long maxrss_kb;
	const char *na;		/* why there is no figure */
};

static struct row rows[64];
static int nr_rows;
static int reps = 3;

static uint64_t now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

struct loop_arg {
	long n;
	int spin;
};

static void *loop_thread(void *p)
{
	const struct loop_arg *a = p;
	volatile unsigned long sink = 0;	/* per thread: no false sharing */

	for (long i = 0; i < a->n; i++) {
		if (a->spin)
			for (int j = 0; j < 1000; j++)
				sink += j;
		else
			syscall(SYS_getppid);
	}
	return NULL;
}

/*
 * umvm __loop N [THREADS [SPIN]]: the benchmark guest.  THREADS threads
 * (default 1) each make N getppid calls, or with SPIN compute N times
 * 1,000 additions without a syscall.  Prints the wall time in ns.
 */
int cmd_loop(int argc, char **argv)
{
	struct loop_arg a = { argc > 1 ? atol(argv[1]) : 0,
			      argc > 3 ? atoi(argv[3]) : 0 };
	int threads = argc > 2 ? atoi(argv[2]) : 1;
	pthread_t tid[64];
	uint64_t t0 = now();

	if (threads < 1 || threads > 64)
		threads = 1;
	if (threads == 1) {
		loop_thread(&a);
	} else {
		for (int i = 0; i < threads; i++)
			pthread_create(&tid[i], NULL, loop_thread, &a);
		for (int i = 0; i < threads; i++)
			pthread_join(tid[i], NULL);
	}
	printf("ns %llu\n", (unsigned long long)(now() - t0));
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static struct row *add_row(const char *name)
{
	struct row *r = &rows[nr_rows++];

	memset(r, 0, sizeof(*r));
	snprintf(r->name, sizeof(r->name), "%s", name);
	return r;
}

static void bench_native(long n)
{
	struct row *r = add_row("native");
	double v[16];

	for (int i = 0; i < reps; i++) {
		uint64_t t0 = now();

		for (long j = 0; j < n; j++)
			syscall(SYS_getppid);
		v[i] = (double)(now() - t0) / n;
	}
	r->ns = median(v, reps);
}

static double bench_mini(const char *name, enum mini_mech mech, long n,
			 int same_cpu)
{
	struct row *r = add_row(name);
	struct mini_result res;
	double v[16];

	for (int i = 0; i < reps; i++) {
		int e = mini_trace(mech, n, same_cpu, &res);

		if (e < 0) {
			r->na = e == -ENODEV ? "one CPU only" :
				"mechanism not available";
			return 0;
		}
		v[i] = res.ns_per_call;
		r->stops = res.stops_per_call;
	}
	r->ns = median(v, reps);
	return r->ns;
}

/* Read what a benchmark run printed: "ns N", "stops N", "rss N" lines. */
static void read_results(int fd, unsigned long long *ns, unsigned long *stops,
			 long *rss)
{
	FILE *f = fdopen(fd, "r");
	char line[128];

	if (!f) {
		close(fd);
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		sscanf(line, "ns %llu", ns);
		sscanf(line, "stops %lu", stops);
		sscanf(line, "rss %ld", rss);
	}
	fclose(f);
}

/*
 * One run of the guest loop, natively (@be NULL) or under a monitor with
 * @be: the guest's wall time, and the monitor's stops and peak RSS.
 */
static int loop_run(const struct backend_ops *be, int emulate, int place,
		    long n, int threads, int spin,
		    unsigned long long *guest_ns, unsigned long *stops,
		    long *rss)
{
	char count[32], nthreads[16], nspin[16];
	char *argv[] = { "umvm", "__loop", count, nthreads, nspin, NULL };
	int fd[2], status;
	pid_t child;

	snprintf(count, sizeof(count), "%ld", n);
	snprintf(nthreads, sizeof(nthreads), "%d", threads);
	snprintf(nspin, sizeof(nspin), "%d", spin);
	if (pipe(fd) < 0)
		return -errno;
	fflush(NULL);
	child = fork();
	if (child < 0) {
		status = -errno;
		close(fd[0]);
		close(fd[1]);
		return status;
	}
	if (child == 0) {
		struct os_start st = { .argv = argv, .path = "/proc/self/exe",
				       .cpu = -1 };
		struct rusage ru;
		pid_t pid;

		close(fd[0]);
		dup2(fd[1], 1);
		close(fd[1]);
		if (!be) {
			execv(st.path, argv);
			_exit(127);
		}
		pers.bench_emulate = emulate;
		dispatch_init();
		if (be->prepare &&
		    be->prepare(&st, dispatch_needs_stop, MAX_SYSCALL) < 0)
			_exit(1);
		st.cpu = placement_init(place);
		pers.pinned = st.cpu >= 0;
		pid = os_start_guest(&st);
		if (pid < 0)
			_exit(1);
		status = skas_run(be, pid);
		getrusage(RUSAGE_SELF, &ru);
		printf("stops %lu\nrss %ld\n", skas_stops, ru.ru_maxrss);
		fflush(stdout);
		_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
	}
	close(fd[1]);
	*guest_ns = 0;
	read_results(fd[0], guest_ns, stops, rss);
	os_wait_pid(child, &status);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return -EPROTO;
	return 0;
}

/* A monitored run: ns per call, stops, monitor RSS. */
static int umvm_run(const struct backend_ops *be, int emulate, int place,
		    long n, int threads, int spin, double *ns,
		    unsigned long *stops, long *rss)
{
	unsigned long long guest_ns;
	int r = loop_run(be, emulate, place, n, threads, spin, &guest_ns,
			 stops, rss);

	if (r < 0)
		return r;
	*ns = n ? (double)guest_ns / n : 0;
	return 0;
}

static int umvm_once(const struct backend_ops *be, int emulate, int pin,
		     long n, double *ns, unsigned long *stops, long *rss)
{
	return umvm_run(be, emulate, pin ? PLACE_PIN : PLACE_FREE, n, 1, 0,
			ns, stops, rss);
}

/* Wall time of a native run of the guest loop, in ns (0 if it failed). */
static double native_loop(long n, int threads, int spin)
{
	unsigned long long guest_ns;
	unsigned long stops;
	long rss;

	if (loop_run(NULL, 0, PLACE_FREE, n, threads, spin, &guest_ns,
		     &stops, &rss) < 0)
		return 0;
	return (double)guest_ns;
}

/*
 * CPU placement: the same two-thread guests natively and under umvm with
 * each --cpus= mode, so the default can be judged in one run.
 */
static void print_placement(const struct backend_ops *be, long n)
{
	static const struct {
		const char *name;
		int spin;
	} work[] = {
		{ "2 threads computing", 1 },
		{ "2 threads making getppid calls", 0 },
	};
	static const struct {
		const char *name;
		int place;
	} modes[] = {
		{ "pin", PLACE_PIN }, { "free", PLACE_FREE },
		{ "auto", PLACE_AUTO },
	};
	unsigned long stops;
	long rss;

	if (!be)
		return;
	printf("\nCPU placement (%s backend), wall time in ms:\n", be->name);
	printf("%-34s %9s", "workload", "native");
	for (size_t m = 0; m < ARRAY_SIZE(modes); m++)
		printf(" %9s", modes[m].name);
	printf("\n");
	for (size_t w = 0; w < ARRAY_SIZE(work); w++) {
		long iters = work[w].spin ? 2000000 : n;

		printf("%-34s %9.0f", work[w].name,
		       native_loop(iters, 2, work[w].spin) / 1e6);
		for (size_t m = 0; m < ARRAY_SIZE(modes); m++) {
			double ns;

			if (umvm_run(be, 0, modes[m].place, iters, 2,
				     work[w].spin, &ns, &stops, &rss) < 0)
				printf(" %9s", "n/a");
			else
				printf(" %9.0f", ns * iters / 1e6);
		}
		printf("\n");
	}
}

static void bench_umvm(const struct backend_ops *be, int emulate, int pin,
		       long n, double ref)
{
	char name[64];
	struct row *r;
	unsigned long base = 0, stops = 0;
	double v[16], ns;
	long rss = 0;

	snprintf(name, sizeof(name), "umvm %s %s%s", be->name,
		 emulate ? "emulate" : "pass", pin ? "" : " (--cpus=free)");
	r = add_row(name);
	r->ref_ns = ref;
	/* Start-up stops, measured with an empty loop, are not counted. */
	if (umvm_once(be, emulate, pin, 0, &ns, &base, &rss) < 0) {
		r->na = "run failed";
		return;
	}
	for (int i = 0; i < reps; i++) {
		if (umvm_once(be, emulate, pin, n, &v[i], &stops, &rss) < 0) {
			r->na = "run failed";
			return;
		}
	}
	r->ns = median(v, reps);
	r->stops = (double)(stops - base) / n;
	r->maxrss_kb = rss;
}

static void print_table(int json, long n)
{
	double native = rows[0].ns;

	if (json) {
		printf("{\"calls\": %ld, \"repetitions\": %d, \"rows\": [\n",
		       n, reps);
		for (int i = 0; i < nr_rows; i++) {
			struct row *r = &rows[i];

			if (r->na)
				printf("  {\"name\": \"%s\", \"na\": \"%s\"}",
				       r->name, r->na);
			else
				printf("  {\"name\": \"%s\", \"ns_per_call\": %.0f, "
				       "\"stops_per_call\": %.2f, "
				       "\"ratio_native\": %.1f, "
				       "\"ratio_minimal\": %.2f}",
				       r->name, r->ns, r->stops,
				       native ? r->ns / native : 0,
				       r->ref_ns ? r->ns / r->ref_ns : 0);
			printf("%s\n", i + 1 < nr_rows ? "," : "");
		}
		printf("]}\n");
		return;
	}
	printf("%-44s %10s %10s %9s %9s %8s\n", "getppid", "ns/call",
	       "stops", "x native", "x minimal", "rss-kB");
	for (int i = 0; i < nr_rows; i++) {
		struct row *r = &rows[i];

		if (r->na) {
			printf("%-44s %10s   (%s)\n", r->name, "n/a", r->na);
			continue;
		}
		printf("%-44s %10.0f %10.2f %9.1f ", r->name, r->ns, r->stops,
		       native ? r->ns / native : 0);
		if (r->ref_ns)
			printf("%9.2f", r->ns / r->ref_ns);
		else
			printf("%9s", "");
		if (r->maxrss_kb)
			printf(" %8ld", r->maxrss_kb);
		printf("\n");
	}
}

static const struct backend_ops *best_backend(const int *have)
{
	for (int i = 0; i < nr_backends; i++)
		if (have[i])
			return backends[i];
	return NULL;
}

/* The monitor allocates nothing per stop: its peak RSS must not grow. */
static void print_memory(const struct backend_ops *be, long n)
{
	unsigned long stops;
	long rss1 = 0, rss10 = 0;
	double ns;

	if (!be)
		return;
	if (umvm_once(be, 1, 1, n, &ns, &stops, &rss1) < 0 ||
	    umvm_once(be, 1, 1, n * 10, &ns, &stops, &rss10) < 0)
		return;
	printf("monitor peak RSS (%s): %ld kB after %ld calls, %ld kB after "
	       "%ld calls\n", be->name, rss1, n, rss10, n * 10);
}

static const struct option options[] = {
	{ "calls", required_argument, NULL, 'n' },
	{ "repetitions", required_argument, NULL, 'r' },
	{ "backend", required_argument, NULL, 'b' },
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cmd_bench(int argc, char **argv)
{
	const struct backend_ops *only = NULL;
	long n = 10000;
	int json = 0, c, have[8] = { 0 };
	double ref_sysemu, ref_syscall, ref_syscall_pass, ref_vm = 0,
	       ref_vm_pass = 0;

	while ((c = getopt_long(argc, argv, "n:r:b:jh", options, NULL)) != -1) {
		switch (c) {
		case 'n':
			n = atol(optarg);
			if (n < 100)
				die(EXIT_SETUP, "bench: --calls must be at least 100");
			break;
		case 'r':
			reps = atoi(optarg);
			if (reps < 1 || reps > 15)
				die(EXIT_SETUP, "bench: --repetitions must be 1..15");
			break;
		case 'b':
			only = backend_by_name(optarg);
			if (!only)
				die(EXIT_SETUP, "bench: unknown backend '%s'", optarg);
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			printf("usage: umvm bench [--calls N] [--repetitions R] "
			       "[--backend B] [--json]\n");
			return 0;
		default:
			die(EXIT_SETUP, "bench: unknown option (try 'umvm bench --help')");
		}
	}
	for (int i = 0; i < nr_backends; i++)
		have[i] = backends[i]->probe() == 0;
	if (!json)
		printf("umvm bench: %ld getppid calls per run, median of %d "
		       "runs, %d CPUs\n", n, reps, os_cpu_count());
	fflush(stdout);

	bench_native(n * 20);
	ref_sysemu = bench_mini("minimal PTRACE_SYSEMU emulate, one CPU",
				MINI_SYSEMU, n, 1);
	bench_mini("minimal PTRACE_SYSEMU emulate, two CPUs", MINI_SYSEMU,
		   n / 4, 0);
	ref_syscall = bench_mini("minimal PTRACE_SYSCALL emulate, one CPU",
				 MINI_SYSCALL_EMULATE, n, 1);
	bench_mini("minimal PTRACE_SYSCALL emulate, two CPUs",
		   MINI_SYSCALL_EMULATE, n / 4, 0);
	ref_syscall_pass = bench_mini("minimal PTRACE_SYSCALL pass, one CPU",
				      MINI_SYSCALL_PASS, n, 1);
	if (have[0]) {
		ref_vm = bench_mini("minimal PTRACE_VM SKIPCALL, one CPU",
				    MINI_VM_SKIPCALL, n, 1);
		ref_vm_pass = bench_mini("minimal PTRACE_VM SKIPEXIT, one CPU",
					 MINI_VM_SKIPEXIT, n, 1);
	}
	for (int i = 0; i < nr_backends; i++) {
		const struct backend_ops *be = backends[i];
		double ref = be == &backend_vm ? ref_vm :
			     be == &backend_sysemu ? ref_sysemu : ref_syscall;
		double ref_pass = be == &backend_vm ? ref_vm_pass :
				  ref_syscall_pass;

		/* No minimal tracer of its kind to compare with. */
		if (be == &backend_seccomp)
			ref = ref_pass = 0;

		if (only && be != only)
			continue;
		if (!have[i]) {
			struct row *r = add_row("");

			snprintf(r->name, sizeof(r->name), "umvm %s", be->name);
			r->na = "backend not available on this host";
			continue;
		}
		bench_umvm(be, 1, 1, n, ref);
		bench_umvm(be, 0, 1, n, ref_pass);
		bench_umvm(be, 1, 0, n / 4, 0);
	}
	print_table(json, n);
	if (!json) {
		print_memory(only ? only : best_backend(have), n);
		print_placement(only ? only : best_backend(have), n);
	}
	return 0;
}
