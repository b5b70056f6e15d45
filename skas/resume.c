// SPDX-License-Identifier: GPL-2.0
/*
 * The ways a stopped guest thread goes on: the backend in use carries
 * out each resume.  Also the only way back into the loop for the guest
 * tracer module (skas.h), which resumes threads it held.
 */
#include <errno.h>
#include <string.h>
#include "dispatch.h"
#include "loop.h"
#include "os.h"
#include "umvm.h"

const struct backend_ops *skas_be;
const struct stop_hooks *skas_tracer;

void skas_set_tracer(const struct stop_hooks *hooks)
{
	skas_tracer = hooks;
}

void skas_check(int r, const char *what, struct gthread *t)
{
	if (likely(r >= 0) || r == -ESRCH)
		return;
	die(EXIT_SETUP, "%s of guest thread %d failed: %s", what, t->tid,
	    strerror(-r));
}

/* Carry out an emulated call that was held for a guest's tracer. */
void skas_emulate(struct gthread *t)
{
	int r = skas_be->entry(t, OUT_EMULATE);

	skas_check(r, "resuming at syscall entry", t);
	if (r == 1)
		dispatch_done(t);
}

/* Resume at an exit stop; @changed: t->sc.ret must be written. */
void skas_exit_resume(struct gthread *t, int changed)
{
	skas_check(skas_be->exit(t, changed), "resuming at syscall exit", t);
	dispatch_done(t);
}

void skas_step(struct gthread *t, int sig)
{
	skas_check(os_step(t->tid, skas_be->step_request, sig),
		   "single-stepping", t);
}

void skas_resume(struct gthread *t, int sig)
{
	skas_check(skas_be->resume(t, sig), "resuming", t);
}

void skas_resume_event(struct gthread *t)
{
	if (skas_be->resume_event)
		skas_check(skas_be->resume_event(t),
			   "resuming after an event", t);
	else
		skas_check(skas_be->resume(t, 0), "resuming after an event", t);
}
