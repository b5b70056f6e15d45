// SPDX-License-Identifier: GPL-2.0
/*
 * Thin ptrace wrappers returning -errno.
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <linux/ptrace.h>
#include "os.h"

static long do_ptrace(int req, pid_t tid, unsigned long addr,
		      unsigned long data)
{
	long r = ptrace((enum __ptrace_request)req, tid, (void *)addr,
			(void *)data);

	return r < 0 ? -errno : r;
}

/* Options added for this run (PTRACE_O_TRACESECCOMP with a filter). */
static unsigned long run_options;

void os_trace_options_add(unsigned long options)
{
	run_options |= options;
}

unsigned long os_trace_options(void)
{
	return run_options | PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK |
	       PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE |
	       PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL;
}

int os_ptrace_seize(pid_t tid, unsigned long options)
{
	return do_ptrace(PTRACE_SEIZE, tid, 0, options);
}

int os_ptrace_setoptions(pid_t tid, unsigned long options)
{
	return do_ptrace(PTRACE_SETOPTIONS, tid, 0, options);
}

int os_getregs(pid_t tid, struct host_regs *regs)
{
	return do_ptrace(PTRACE_GETREGS, tid, 0, (unsigned long)&regs->r);
}

int os_setregs(pid_t tid, const struct host_regs *regs)
{
	return do_ptrace(PTRACE_SETREGS, tid, 0, (unsigned long)&regs->r);
}

int os_poke_reg(pid_t tid, long offset, unsigned long value)
{
	return do_ptrace(PTRACE_POKEUSER, tid, offset, value);
}

int os_peek_reg(pid_t tid, long offset, unsigned long *value)
{
	long r;

	errno = 0;
	r = ptrace(PTRACE_PEEKUSER, tid, (void *)offset, 0);
	if (r == -1 && errno)
		return -errno;
	*value = r;
	return 0;
}

int os_resume(pid_t tid, int request, unsigned long addr, int sig)
{
	return do_ptrace(request, tid, addr, sig);
}

int os_step(pid_t tid, int request, int sig)
{
	return do_ptrace(request ?: PTRACE_SINGLESTEP, tid, 0, sig);
}

int os_listen(pid_t tid)
{
	return do_ptrace(PTRACE_LISTEN, tid, 0, 0);
}

int os_kill(pid_t tid, int sig)
{
	return kill(tid, sig) < 0 ? -errno : 0;
}

int os_geteventmsg(pid_t tid, unsigned long *msg)
{
	return do_ptrace(PTRACE_GETEVENTMSG, tid, 0, (unsigned long)msg);
}

int os_at_syscall_exit(pid_t tid)
{
	struct ptrace_syscall_info info;
	long r = do_ptrace(PTRACE_GET_SYSCALL_INFO, tid, sizeof(info),
			   (unsigned long)&info);

	if (r < 0)
		return r;
	return info.op == PTRACE_SYSCALL_INFO_EXIT;
}

int os_syscall_abi(pid_t tid, long nr)
{
	struct ptrace_syscall_info info;
	long r = do_ptrace(PTRACE_GET_SYSCALL_INFO, tid, sizeof(info),
			   (unsigned long)&info);

	if (r < 0)
		return r;
	if (info.op != PTRACE_SYSCALL_INFO_ENTRY &&
	    info.op != PTRACE_SYSCALL_INFO_SECCOMP)
		return -EPROTO;
	return regs_abi(info.arch, nr);
}

long os_ptrace_raw(int request, pid_t tid, unsigned long addr, void *data)
{
	return do_ptrace(request, tid, addr, (unsigned long)data);
}

int os_peek_word(pid_t tid, int request, unsigned long addr,
		 unsigned long *value)
{
	long r;

	errno = 0;
	r = ptrace((enum __ptrace_request)request, tid, (void *)addr, 0);
	if (r == -1 && errno)
		return -errno;
	*value = r;
	return 0;
}
