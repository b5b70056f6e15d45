/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the backends' probes.
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
 * Resume a probe child with @request and @addr up to its next syscall
 * stop and read its registers there; -EPROTO for any other stop.
 */
int probe_step(pid_t pid, int request, unsigned long addr,
	       struct host_regs *regs);

/* 0 when a probe child stopped at its last call, exit_group(0). */
int probe_at_exit_group(const struct host_regs *regs);

/*
 * Resume a probe child with @request and @addr to its end: 0 when it
 * exited 0 (it saw what the probe made it see), else -errno or -EPROTO.
 * The child is gone either way.
 */
int probe_finish(pid_t pid, int request, unsigned long addr);

static inline int is_syscall_stop(int status)
{
	return WIFSTOPPED(status) && WSTOPSIG(status) == (SIGTRAP | 0x80);
}

#endif
