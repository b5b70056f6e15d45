// SPDX-License-Identifier: GPL-2.0
/*
 * The harness of the backends' start-up probes.  Like UML's checks at
 * boot, a probe asks the host by behaviour, never by version: a traced
 * child makes known calls and the backend's steps drive it through the
 * mechanism, checking each stop.  The harness owns the child, so no
 * failed step can leave it traced or stopped: it is finished or killed
 * and reaped on every path.
 */
#include <errno.h>
#include <unistd.h>
#include <sys/syscall.h>
#include "backend-common.h"
#include "os.h"

void probe_body_getppid(void)
{
	long r;

	syscall(SYS_getppid);
	r = syscall(SYS_getppid);

	syscall(SYS_exit_group, r == PROBE_MAGIC ? 0 : 3);
}

int probe_resume_wait(pid_t pid, int request, unsigned long addr)
{
	int r = os_resume(pid, request, addr, 0);

	if (r < 0)
		return r;
	r = os_probe_wait(pid);
	if (r >= 0 && (WIFEXITED(r) || WIFSIGNALED(r)))
		return -ECHILD;
	return r;
}

int probe_step(pid_t pid, int request, unsigned long addr, long nr,
	       struct host_regs *regs)
{
	int r = probe_resume_wait(pid, request, addr);

	if (r < 0)
		return r;
	if (!is_syscall_stop(r))
		return -EPROTO;
	r = os_getregs(pid, regs);
	if (r < 0)
		return r;
	return regs_syscall_nr(regs) == nr ? 0 : -EPROTO;
}

int probe_to_exit_group(pid_t pid, int request, unsigned long addr)
{
	struct host_regs regs;
	int r = probe_step(pid, request, addr, SYS_exit_group, &regs);

	if (r < 0)
		return r;
	return regs_arg(&regs, 0) == 0 ? 0 : -EPROTO;
}

/* Let the child run free to its end: 0 when it exited 0. */
static int probe_finish(pid_t pid, int request, unsigned long addr)
{
	int r = os_resume(pid, request, addr, 0);

	if (r >= 0)
		r = os_probe_wait(pid);
	if (r >= 0 && WIFEXITED(r))
		return WEXITSTATUS(r) ? -EPROTO : 0;
	if (r >= 0 && WIFSIGNALED(r))
		return -EPROTO;
	/* Stopped elsewhere, or the resume or the wait failed. */
	os_probe_kill(pid);
	return -EPROTO;
}

int probe_run(void (*body)(void), int (*steps)(pid_t pid),
	      int finish, unsigned long finish_addr)
{
	pid_t pid = os_probe_child(body);
	int r;

	if (pid < 0)
		return pid;
	r = steps(pid);
	if (r == -ECHILD)
		return r;	/* gone, and reaped by the wait that saw it */
	if (!r && finish)
		return probe_finish(pid, finish, finish_addr);
	os_probe_kill(pid);
	/* The host refuses a ptrace request it does not know with EIO. */
	return r == -EIO ? -ENOSYS : r;
}
