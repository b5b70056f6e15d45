/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tracee side of the PTRACE_VM conformance suite: the bodies a traced
 * child runs, each a few raw syscalls (no libc in between, so that every
 * stop the tracer sees is one the test asked for) and an exit code that
 * says whether the tracee saw what the test made it see.
 */
#ifndef PTRACE_VM_BODIES_H
#define PTRACE_VM_BODIES_H

#include <sys/types.h>

/* Re-executed by the execve bodies; main() exits with EXEC_CHILD_CODE. */
#define EXEC_CHILD_ARG	"--exec-child"
#define EXEC_CHILD_CODE	7
/* The value a tracer writes as the result of a skipped call */
#define FAKE_RET	42

typedef int (*body_fn)(void);

pid_t spawn(body_fn body, long options);
void require_seccomp_filter(void);

int body_getpid(void);
int body_getpid_fake(void);
int body_getpid_enosys(void);
int body_getpid_twice(void);
int body_getpid_getppid(void);
int body_getpid_then_getppid_enosys(void);
int body_getpid_pipe(void);
int body_write_pipe(void);
int body_read_pipe(void);
int body_read_skipped(void);
int body_sigusr1(void);
int body_sigstop(void);
int body_pause(void);
int body_fork(void);
int body_execve_enosys(void);
int body_execve(void);
int body_seccomp_getpid(void);
int body_seccomp_getpid_enosys(void);

#endif
