// SPDX-License-Identifier: GPL-2.0
/*
 * Wiring the monitor's layers before a guest starts, the same for
 * `umvm run` and the benchmark's guest: arch-um learns the thread table
 * (it may not call up into skas), then the guest tracers hook in.
 */
#include "dispatch.h"
#include "skas.h"

void skas_init(void)
{
	static const struct guest_threads threads = {
		.find = thread_find,
		.is_guest = guest_pid,
		.each_process = guest_each_process,
	};

	dispatch_init(&threads);
	vptrace_init();
}
