// SPDX-License-Identifier: GPL-2.0
/*
 * The benchmark's reference: the smallest tracer that can emulate or pass
 * a syscall with each mechanism, with the same per-stop work umvm does
 * (wait, read registers, one write, resume).  umvm's figures are judged
 * against these, measured in the same run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "os.h"
#include "minitrace.h"
#include "ptrace_vm.h"

static uint64_t now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/*
 * The guest: n getppid calls.  The tracer times them, from the first
 * getppid stop to the exit_group stop: the guest's own clock may be a
 * syscall (no usable vDSO clock under QEMU's emulation), and an
 * emulating tracer would emulate that too.
 */
static void guest(long n)
{
	syscall(SYS_kill, getpid(), SIGSTOP);
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	syscall(SYS_exit_group, 0);
}

static int pin(pid_t pid, int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(pid, sizeof(set), &set);
}

int mini_trace(enum mini_mech mech, long n, int same_cpu,
	       struct mini_result *res)
{
	struct host_regs regs;
	uint64_t t0 = 0, t1 = 0;
	cpu_set_t orig;
	int status, request, cpus = os_cpu_count();
	unsigned long stops = 0, addr = 0;
	pid_t pid;

	memset(res, 0, sizeof(*res));
	if (!same_cpu && cpus < 2)
		return -ENODEV;
	sched_getaffinity(0, sizeof(orig), &orig);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		guest(n);
	}
	pin(0, 0);
	pin(pid, same_cpu ? 0 : 1);
	if (os_wait_pid(pid, &status) < 0 || !WIFSTOPPED(status))
		goto fail;
	ptrace(PTRACE_SETOPTIONS, pid, 0,
	       PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL);
	switch (mech) {
	case MINI_SYSEMU:
		request = PTRACE_SYSEMU;
		break;
	case MINI_VM_SKIPCALL:
	case MINI_VM_SKIPEXIT:
		request = PTRACE_VM;
		break;
	default:
		request = PTRACE_SYSCALL;
	}
	if (ptrace(request, pid, 0, 0) < 0)
		goto fail;
	for (;;) {
		int entry = 1;

		if (os_wait_pid(pid, &status) < 0)
			goto fail;
		if (WIFEXITED(status) || WIFSIGNALED(status))
			break;
		stops++;
		if (ptrace(PTRACE_GETREGS, pid, 0, &regs.r) < 0)
			goto fail;
		if (!t0)
			t0 = now();
		if (regs_syscall_nr(&regs) == SYS_exit_group) {
			t1 = now();
			/* Done: let it go without further stops. */
			if (mech == MINI_SYSEMU)
				regs_rewind_syscall(&regs);
			ptrace(PTRACE_SETREGS, pid, 0, &regs.r);
			ptrace(PTRACE_DETACH, pid, 0, 0);
			os_wait_pid(pid, &status);
			break;
		}
		switch (mech) {
		case MINI_SYSEMU:
		case MINI_VM_SKIPCALL:
			ptrace(PTRACE_POKEUSER, pid, regs_off_return, 1);
			addr = mech == MINI_VM_SKIPCALL ? VM_SKIPCALL : 0;
			break;
		case MINI_VM_SKIPEXIT:
			addr = VM_SKIPEXIT;
			break;
		case MINI_SYSCALL_EMULATE:
			/* at the exit stop the number reads -1 */
			entry = regs_syscall_nr(&regs) == SYS_getppid;
			if (entry)
				ptrace(PTRACE_POKEUSER, pid,
				       regs_off_syscall_nr, -1L);
			else
				ptrace(PTRACE_POKEUSER, pid,
				       regs_off_return, 1);
			break;
		case MINI_SYSCALL_PASS:
			break;
		}
		if (ptrace(request, pid, addr, 0) < 0)
			goto fail;
	}
	sched_setaffinity(0, sizeof(orig), &orig);
	res->ns_per_call = (double)(t1 - t0) / n;
	/* the exit_group stop is not a getppid's */
	res->stops_per_call = (double)(stops - 1) / n;
	return 0;
fail:
	sched_setaffinity(0, sizeof(orig), &orig);
	os_probe_kill(pid);
	return -EPROTO;
}
