// SPDX-License-Identifier: GPL-2.0
/*
 * umvm's own rows of the benchmark: the guest loop ("umvm __loop") run
 * under umvm with each backend in backends[], emulating and passing the
 * chosen call, and the CPU placement table.  The guest times itself with
 * the vDSO clock, so start-up is not counted; the monitor counts stops.
 */
#define _GNU_SOURCE
#include <errno.h>
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
#include "bench.h"
#include "cli.h"
#include "dispatch.h"
#include "os.h"
#include "skas.h"
#include "umvm.h"

struct loop_arg {
	long n, nr;
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
			syscall(a->nr);
	}
	(void)sink;	/* read by nobody: clang would call it unused */
	return NULL;
}

/*
 * umvm __loop N [THREADS [SPIN [NR]]]: the benchmark guest.  THREADS
 * threads (default 1) each make N calls of syscall NR (getppid), or with
 * SPIN compute N times 1,000 additions.  Prints the wall time in ns.
 */
int cmd_loop(int argc, char **argv)
{
	struct loop_arg a = { argc > 1 ? atol(argv[1]) : 0,
			      argc > 4 ? atol(argv[4]) : SYS_getppid,
			      argc > 3 ? atoi(argv[3]) : 0 };
	int threads = argc > 2 ? atoi(argv[2]) : 1;
	pthread_t tid[64];
	uint64_t t0 = os_now_ns();

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
	printf("ns %llu\n", (unsigned long long)(os_now_ns() - t0));
	return 0;
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

struct loop {
	const struct backend_ops *be;	/* NULL: native */
	int emulate, place, threads, spin;
	long n, nr;
};

/* One run of the guest loop: its wall time, the monitor's stops and RSS. */
static int loop_run(const struct loop *l, unsigned long long *guest_ns,
		    unsigned long *stops, long *rss)
{
	char count[32], nthreads[16], nspin[16], nnr[16];
	char *argv[] = { "umvm", "__loop", count, nthreads, nspin, nnr, NULL };
	int fd[2], status;
	pid_t child;

	snprintf(count, sizeof(count), "%ld", l->n);
	snprintf(nthreads, sizeof(nthreads), "%d", l->threads);
	snprintf(nspin, sizeof(nspin), "%d", l->spin);
	snprintf(nnr, sizeof(nnr), "%ld", l->nr);
	child = os_fork_piped(fd, 0);
	if (child < 0)
		return child;
	if (child == 0) {
		struct os_start st = {
			.argv = argv, .path = "/proc/self/exe", .cpu = -1,
		};
		struct rusage ru;
		pid_t pid;

		close(fd[0]);
		dup2(fd[1], 1);
		close(fd[1]);
		if (!l->be) {
			execv(st.path, argv);
			_exit(127);
		}
		pers.bench_emulate = l->emulate;
		pers.bench_nr = l->nr;
		skas_init();
		dispatch_seal();
		if (l->be->prepare &&
		    l->be->prepare(&st, dispatch_filter_spec()) < 0)
			_exit(1);
		st.cpu = placement_init(l->place);
		pers.pinned = st.cpu >= 0;
		pid = os_start_guest(&st);
		if (pid < 0)
			_exit(1);
		status = skas_run(l->be, pid);
		getrusage(RUSAGE_SELF, &ru);
		printf("stops %lu\nrss %ld\n", skas_stops, ru.ru_maxrss);
		fflush(stdout);
		_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
	}
	close(fd[1]);
	*guest_ns = 0;
	*stops = 0;
	*rss = 0;
	read_results(fd[0], guest_ns, stops, rss);
	os_wait_pid(child, &status);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return -EPROTO;
	return 0;
}

void bench_umvm_row(struct report *r, const struct backend_ops *be,
		    const char *call, long nr, int emulate, int pin, long n,
		    int reps, double ref)
{
	char variant[40];
	struct brow *row;
	struct loop l = { be, emulate, pin ? PLACE_PIN : PLACE_FREE, 1, 0,
			  0, nr };
	unsigned long long ns;
	unsigned long base = 0, stops = 0;
	double v[BENCH_MAX_REPS];
	long rss = 0;
	char name[48];

	snprintf(name, sizeof(name), "umvm %s", be->name);
	snprintf(variant, sizeof(variant), "%s%s", emulate ? "emulate" : "pass",
		 pin ? "" : ", --cpus=free");
	row = report_add(r, "umvm", call, name, variant, "ns");
	row->ref = ref;
	/* Start-up stops, measured with an empty loop, are not counted. */
	if (loop_run(&l, &ns, &base, &rss) < 0) {
		snprintf(row->na, sizeof(row->na), "run failed");
		return;
	}
	l.n = n;
	/* Warm-up run, not counted. */
	if (loop_run(&l, &ns, &stops, &rss) < 0) {
		snprintf(row->na, sizeof(row->na), "run failed");
		return;
	}
	for (int i = 0; i < reps; i++) {
		if (loop_run(&l, &ns, &stops, &rss) < 0) {
			snprintf(row->na, sizeof(row->na), "run failed");
			return;
		}
		v[i] = (double)ns / n;
	}
	stats_compute(v, reps, &row->st);
	row->stops = (double)(stops - base) / n;
	row->rss_kb = rss;
}

/*
 * CPU placement: the same two-thread guests natively and under umvm with
 * each --cpus= mode, so the default can be judged in one run.
 */
void bench_placement(struct report *r, const struct backend_ops *be, long n,
		     int reps)
{
	static const struct {
		const char *name;
		int spin;
	} work[] = {
		{ "2 threads computing", 1 },
		/* emulated: a call stops under every backend, seccomp too */
		{ "2 threads making emulated getppid calls", 0 },
	};
	static const struct {
		const char *name;
		int place;
	} modes[] = {
		{ "native", -1 }, { "umvm --cpus=pin", PLACE_PIN },
		{ "umvm --cpus=free", PLACE_FREE },
		{ "umvm --cpus=auto", PLACE_AUTO },
	};
	unsigned long stops;
	unsigned long long ns;
	long rss;

	for (size_t w = 0; w < ARRAY_SIZE(work); w++) {
		for (size_t m = 0; m < ARRAY_SIZE(modes); m++) {
			struct loop l = { modes[m].place < 0 ? NULL : be,
					  !work[w].spin,
					  modes[m].place, 2, work[w].spin,
					  work[w].spin ? 2000000 : n,
					  SYS_getppid };
			struct brow *row = report_add(r, "placement",
						      work[w].name,
						      modes[m].name, be->name,
						      "ms");
			double v[BENCH_MAX_REPS];

			for (int i = 0; i < reps; i++) {
				if (loop_run(&l, &ns, &stops, &rss) < 0) {
					snprintf(row->na, sizeof(row->na),
						 "run failed");
					break;
				}
				v[i] = ns / 1e6;
			}
			if (!row->na[0])
				stats_compute(v, reps, &row->st);
		}
	}
}
