/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the backends: their resumes (backend.c) and the harness of
 * their start-up probes (backend-probe.c).
 */
#ifndef UMVM_BACKEND_COMMON_H
#define UMVM_BACKEND_COMMON_H

#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>

/* The value probes make the host return for an emulated getppid. */
#define PROBE_MAGIC	4242

/* Probe body: getppid twice; exits 0 when the second returned PROBE_MAGIC. */
void probe_body_getppid(void);

#include "guest.h"

/* Resume @t with @request where nobody could take an error (dies). */
void backend_step(struct gthread *t, int request);

/* At an exit stop: write t->sc.ret when @changed, resume with @request. */
int backend_exit_resume(struct gthread *t, int changed, int request);

/*
 * Run a start-up probe: a traced child running @body (after its first
 * stop), driven by @steps up to exit_group's entry; @steps returns 0
 * when the host did what it should, -ECHILD when the child went away
 * (reaped), else -errno or -EPROTO.  After @steps' 0 the child runs free
 * to its end with @finish and @finish_addr and must exit 0; with
 * @finish 0 it is killed there.  -ENOSYS: the host lacks a request.
 */
int probe_run(void (*body)(void), int (*steps)(pid_t pid),
	      int finish, unsigned long finish_addr);

/*
 * Resume a probe child with @request and @addr to its next stop: the
 * wait status, -ECHILD when it went away instead, or -errno.
 */
int probe_resume_wait(pid_t pid, int request, unsigned long addr);

/*
 * Resume a probe child with @request and @addr up to its next syscall
 * stop and read its registers there; -EPROTO for any other stop, or a
 * stop at another call than @nr.
 */
int probe_step(pid_t pid, int request, unsigned long addr, long nr,
	       struct host_regs *regs);

/* Step a probe child to its last call's entry: 0 for exit_group(0). */
int probe_to_exit_group(pid_t pid, int request, unsigned long addr);

static inline int is_syscall_stop(int status)
{
	return WIFSTOPPED(status) && WSTOPSIG(status) == (SIGTRAP | 0x80);
}

#endif
