// SPDX-License-Identifier: GPL-2.0
/*
 * What the four backends share: resumes inside their own sequences.
 * Their start-up probes' harness is backend-probe.c; the backends
 * themselves are listed in backend-list.c.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include "backend.h"
#include "umvm.h"
#include "backend-common.h"
#include "os.h"

int backend_exit_resume(struct gthread *t, int changed, int request)
{
	if (changed) {
		int r = os_poke_reg(t->tid, regs_off_return, t->sc.ret);

		if (r < 0)
			return r;
	}
	return os_resume(t->tid, request, 0, 0);
}

/*
 * A resume inside a backend's own sequence (an internal step, or the
 * resume after a call the monitor is done with), where no caller can
 * take an error: ESRCH means the thread died, and its exit comes next;
 * any other failure would leave it stopped for ever, so umvm stops.
 */
void backend_step(struct gthread *t, int request)
{
	int r = os_resume(t->tid, request, 0, 0);

	if (r < 0 && r != -ESRCH)
		die(EXIT_SETUP, "resuming guest thread %d failed: %s", t->tid,
		    strerror(-r));
}
