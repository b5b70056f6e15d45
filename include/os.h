/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host layer: every call umvm makes into the host kernel for ptrace,
 * wait, seccomp, guest memory and scheduling goes through these functions.
 * They live in os-Linux/ and are the only code that touches those host
 * interfaces.  They return 0 (or a count) on success and -errno on failure;
 * callers never look at errno.
 */
#ifndef UMVM_OS_H
#define UMVM_OS_H

#include <sys/types.h>
#include <signal.h>
#include <stdint.h>
#include "regs.h"

/* ptrace.c */
int os_ptrace_seize(pid_t tid, unsigned long options);
int os_ptrace_setoptions(pid_t tid, unsigned long options);
int os_getregs(pid_t tid, struct host_regs *regs);
int os_setregs(pid_t tid, const struct host_regs *regs);
int os_poke_reg(pid_t tid, long offset, unsigned long value);
int os_peek_reg(pid_t tid, long offset, unsigned long *value);
int os_resume(pid_t tid, int request, unsigned long addr, int sig);
int os_listen(pid_t tid);
/* Send @sig to thread @tid's whole process (kill(2)). */
int os_kill(pid_t tid, int sig);
int os_detach(pid_t tid, int sig);
int os_geteventmsg(pid_t tid, unsigned long *msg);
int os_getsiginfo(pid_t tid, siginfo_t *si);
/* 1 if @tid is in a syscall-exit stop, 0 if not, or -errno. */
int os_at_syscall_exit(pid_t tid);

/* The options every tracee carries (inherited by its children). */
#define OS_TRACE_OPTIONS	os_trace_options()
unsigned long os_trace_options(void);

/* wait.c: one stop or exit of any guest thread. */
struct os_stop {
	pid_t tid;
	int status;		/* as from waitpid() */
};
int os_wait_any(struct os_stop *stop);	/* -EINTR when a signal came */
/* The same without blocking: 0 and stop->tid = 0 when none is pending. */
int os_poll_any(struct os_stop *stop);
int os_wait_pid(pid_t pid, int *status);

/* mem.c: guest memory. */
ssize_t os_read_mem(pid_t tid, uintptr_t addr, void *buf, size_t len);
ssize_t os_write_mem(pid_t tid, uintptr_t addr, const void *buf, size_t len);
/* Copy a NUL-terminated string of at most len-1 bytes. */
ssize_t os_read_string(pid_t tid, uintptr_t addr, char *buf, size_t len);

/* start.c: start the first guest process, traced and stopped at entry. */
struct os_start {
	char *const *argv;	/* program and arguments */
	const char *path;	/* resolved program path */
	int cpu;		/* CPU to pin the guest to, or -1 */
};
pid_t os_start_guest(const struct os_start *st);
/* Resolve PROGRAM along $PATH as execvp does; -ENOENT, -EACCES... */
int os_find_program(const char *prog, char *out, size_t len);

/* cpu.c: CPU placement of the tracer and its guests. */
int os_current_cpu(void);
int os_pin_self(int cpu);
int os_set_affinity(pid_t tid, const void *mask, size_t len);
int os_get_affinity(pid_t tid, void *mask, size_t len);
int os_cpu_count(void);
/* CPU time @tid has used, in clock ticks, or -errno. */
long os_thread_cpu_ticks(pid_t tid);

/*
 * signal.c: signals sent to umvm itself.  SIGINT, SIGTERM, SIGHUP, SIGQUIT,
 * SIGUSR1 and SIGUSR2 sent to umvm by a process are passed on to @guest;
 * those the terminal sends to the whole foreground process group reach
 * the guest by themselves and are not passed on twice.
 */
void os_signals_init(void);
void os_signals_forward_to(pid_t guest);
/* Restore the dispositions umvm changed (in a new guest, before exec). */
void os_signals_reset(void);
/* End umvm the way a process killed by @sig ends. */
void os_die_by_signal(int sig) __attribute__((noreturn));

/* probe.c: a traced child for probing host features. */
pid_t os_probe_child(void (*body)(void));
/* Wait for the probe child's next stop; returns status or -errno. */
int os_probe_wait(pid_t pid);
void os_probe_kill(pid_t pid);

/*
 * run.c: run @argv (searched in $PATH) in its own process group with
 * stdin from /dev/null, stdout to file @out and stderr to @err; kill the
 * group after @timeout_s seconds (*status = -1) and, in any case, once
 * it ended.  *status as from waitpid(), *ns the wall time.
 */
int os_run_timed(char *const *argv, const char *out, const char *err,
		 int timeout_s, int *status, uint64_t *ns);

/* time.c */
uint64_t os_now_ns(void);
/* A tick every @ms that interrupts os_wait_any() with -EINTR. */
void os_tick_start(int ms);

#endif /* UMVM_OS_H */
