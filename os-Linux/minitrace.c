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
#include <sys/mman.h>
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

/* The guest: n getppid calls, timed by itself with the vDSO clock. */
static void guest(long n, volatile uint64_t *ns)
{
	uint64_t t0;

	syscall(SYS_kill, getpid(), SIGSTOP);
	t0 = now();
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	*ns = now() - t0;
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
	volatile uint64_t *shared;
	struct host_regs regs;
	cpu_set_t orig;
	int status, request, cpus = os_cpu_count();
	unsigned long stops = 0, addr = 0;
	pid_t pid;

	memset(res, 0, sizeof(*res));
	if (!same_cpu && cpus < 2)
		return -ENODEV;
	sched_getaffinity(0, sizeof(orig), &orig);
	shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED)
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		guest(n, shared);
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
		if (regs_syscall_nr(&regs) == SYS_exit_group) {
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
	res->ns_per_call = (double)*shared / n;
	res->stops_per_call = (double)stops / n;
	munmap((void *)shared, 4096);
	return 0;
fail:
	sched_setaffinity(0, sizeof(orig), &orig);
	os_probe_kill(pid);
	munmap((void *)shared, 4096);
	return -EPROTO;
}
