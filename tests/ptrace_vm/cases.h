/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PTRACE_VM conformance suite's table: every test, in the order it
 * runs (cases.c).  Most are one script, a tracee, how it is traced and
 * the steps it is played; the others are a function (handwritten.c).
 */
#ifndef PTRACE_VM_CASES_H
#define PTRACE_VM_CASES_H

#include <stdbool.h>

#include "bodies.h"
#include "tracer.h"

/*
 * A test: most are one script, a tracee, how it is traced and the steps
 * it is played; the others are a function.
 */
struct vm_case {
	const char *name;
	body_fn body;		/* NULL: an untraced child that pauses */
	long options;		/* more PTRACE_O_* */
	bool seccomp;		/* skipped without seccomp filters */
	bool pipe;		/* opens tpipe; .pipe_left bytes stay in it */
	int pipe_left;
	bool kill;		/* the tracee is killed at the end */
	int code;		/* else it must exit with this code */
	struct vm_step steps[10];
	bool stock;		/* runs only where PTRACE_VM is absent */
	void (*fn)(void);	/* a test that is more than a script */
};

extern const struct vm_case cases[];
extern const int ncases;

/* The tests that need more than a script (handwritten.c) */
void t_tags_at_fork_event_einval(void);
void t_tags_at_interrupt_stop_einval(void);
void t_detach(void);

#endif
