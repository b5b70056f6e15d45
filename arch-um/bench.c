// SPDX-License-Identifier: GPL-2.0
/*
 * umvm bench's emulated call: what getppid (or the call the benchmark
 * chose) would return, with no host call, to time the emulation path.
 */
#include <sys/syscall.h>
#include <unistd.h>
#include "dispatch.h"
#include "os.h"
#include "personality.h"
#include "umvm.h"

static enum outcome sys_bench_getppid(struct gthread *t, struct gsyscall *sc)
{
	static pid_t monitor;

	(void)t;
	if (!monitor)
		monitor = os_self_pid();
	sc->ret = monitor;
	return OUT_EMULATE;
}

static int bench_call(long nr)
{
	return nr == (pers.bench_nr ? pers.bench_nr : __NR_getppid);
}

const struct personality bench_personality = {
	.name = "bench",
	.option = &pers.bench_emulate,
	HOOKS({ .match = bench_call, .entry = sys_bench_getppid }),
};
