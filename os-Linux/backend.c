// SPDX-License-Identifier: GPL-2.0
/*
 * The list of backends, best first.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include "backend.h"
#include "umvm.h"
#include "backend-common.h"
#include "os.h"

const struct backend_ops *const backends[] = {
	&backend_vm,
	&backend_seccomp,
	&backend_sysemu,
	&backend_syscall,
};
const int nr_backends = ARRAY_SIZE(backends);

const struct backend_ops *backend_by_name(const char *name)
{
	for (int i = 0; i < nr_backends; i++)
		if (!strcmp(backends[i]->name, name))
			return backends[i];
	return NULL;
}

void probe_body_getppid(void)
{
	long r;

	syscall(SYS_getppid);
	r = syscall(SYS_getppid);

	syscall(SYS_exit_group, r == PROBE_MAGIC ? 0 : 3);
}

int backend_exit_resume(struct gthread *t, int changed, int request)
{
	if (changed) {
		int r = os_poke_reg(t->tid, regs_off_return, t->sc.ret);

		if (r < 0)
			return r;
	}
	return os_resume(t->tid, request, 0, 0);
}

/*
 * A resume inside a backend's own sequence (an internal step, or the
 * resume after a call the monitor is done with), where no caller can
 * take an error: ESRCH means the thread died, and its exit comes next;
 * any other failure would leave it stopped for ever, so umvm stops.
 */
void backend_step(struct gthread *t, int request)
{
	int r = os_resume(t->tid, request, 0, 0);

	if (r < 0 && r != -ESRCH)
		die(EXIT_SETUP, "resuming guest thread %d failed: %s", t->tid,
		    strerror(-r));
}

int probe_step(pid_t pid, int request, unsigned long addr,
	       struct host_regs *regs)
{
	int r = os_resume(pid, request, addr, 0);

	if (r < 0)
		return r;
	r = os_probe_wait(pid);
	if (r < 0)
		return r;
	if (!is_syscall_stop(r))
		return -EPROTO;
	return os_getregs(pid, regs);
}
