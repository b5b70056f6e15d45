// SPDX-License-Identifier: GPL-2.0
/*
 * The benchmark's Syscall User Dispatch mechanism (Linux 5.11+): every
 * syscall made outside one allowed code region, while the selector byte
 * says BLOCK, raises SIGSYS.  The allowed region here is a few
 * instructions of our own: the handler's way to make a real call, and
 * the signal return trampoline (installed with a raw rt_sigaction, so
 * that rt_sigreturn comes from inside the region).  The handler answers
 * MECH_RESULT for the chosen call or makes the call itself; other calls
 * (the clock, where it is not in the vDSO) are always passed.  In
 * MODE_OTHER the selector says ALLOW: dispatch is armed, nothing stops.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include "mech-child.h"

#ifndef PR_SET_SYSCALL_USER_DISPATCH
#define PR_SET_SYSCALL_USER_DISPATCH	59
#define PR_SYS_DISPATCH_OFF		0
#define PR_SYS_DISPATCH_ON		1
#endif
#define SUD_ALLOW	0
#define SUD_BLOCK	1
#define SA_RESTORER_FLAG	0x04000000

long sud_syscall(long nr, long a1, long a2, long a3, long a4, long a5,
		 long a6);
void sud_restorer(void);
extern const char sud_start[], sud_end[];

__asm__(".text\n"
	".globl sud_start\n.globl sud_end\n"
	".globl sud_syscall\n.globl sud_restorer\n"
	"sud_start:\n"
	"sud_syscall:\n"
	"	movq %rdi, %rax\n"
	"	movq %rsi, %rdi\n"
	"	movq %rdx, %rsi\n"
	"	movq %rcx, %rdx\n"
	"	movq %r8, %r10\n"
	"	movq %r9, %r8\n"
	"	movq 8(%rsp), %r9\n"
	"	syscall\n"
	"	ret\n"
	"sud_restorer:\n"
	"	movq $15, %rax\n"	/* rt_sigreturn */
	"	syscall\n"
	"	hlt\n"
	"sud_end:\n");

static volatile char selector = SUD_ALLOW;
static volatile unsigned long sud_stops;
static long sud_nr;
static int sud_pass;

static void on_sigsys(int sig, siginfo_t *si, void *ctx)
{
	greg_t *g = ((ucontext_t *)ctx)->uc_mcontext.gregs;

	(void)sig;
	if (si->si_syscall == sud_nr) {
		sud_stops++;
		if (!sud_pass) {
			g[REG_RAX] = MECH_RESULT;
			return;
		}
	}
	g[REG_RAX] = sud_syscall(si->si_syscall, g[REG_RDI], g[REG_RSI],
				 g[REG_RDX], g[REG_R10], g[REG_R8], g[REG_R9]);
}

struct kernel_sigaction {
	void (*handler)(int, siginfo_t *, void *);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

/* The handler from inside the allowed region first, then dispatch on. */
static int sud_arm(const struct mech_params *p, int helper_cpu, int *step)
{
	struct kernel_sigaction ka;

	(void)helper_cpu;
	sud_nr = p->nr;
	sud_pass = p->mode != MODE_EMULATE;
	memset(&ka, 0, sizeof(ka));
	ka.handler = on_sigsys;
	ka.flags = SA_SIGINFO | SA_RESTORER_FLAG;
	ka.restorer = sud_restorer;
	if (syscall(SYS_rt_sigaction, SIGSYS, &ka, NULL, 8) < 0) {
		*step = MSTEP_SIGNAL;
		return -errno;
	}
	if (prctl(PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_ON,
		  (unsigned long)sud_start,
		  (unsigned long)(sud_end - sud_start), &selector) < 0) {
		*step = MSTEP_SUD;
		return -errno;
	}
	selector = p->mode == MODE_OTHER ? SUD_ALLOW : SUD_BLOCK;
	return 0;
}

/* Calls are the child's own again (its report, its exit). */
static unsigned long sud_disarm(void)
{
	selector = SUD_ALLOW;
	return sud_stops;
}

const struct mechanism mech_sud = {
	.key = "sud", .title = "Syscall User Dispatch (SIGSYS)",
	.modes = MODES_ALL, .arm = sud_arm, .disarm = sud_disarm,
};
