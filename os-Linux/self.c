// SPDX-License-Identifier: GPL-2.0
/*
 * The monitor's own process: as its guests could reach it, who it is
 * and the host it runs on.
 */
#include <errno.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/utsname.h>
#include "os.h"

int os_hide_self(void)
{
	/*
	 * Not dumpable: a process of the same user may no longer read or
	 * write umvm's memory (process_vm_*, /proc/<pid>/mem), take its
	 * descriptors (pidfd_getfd, /proc/<pid>/fd) or ptrace it.  Its own
	 * tracing of the guest is not affected.
	 */
	return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0 ? -errno : 0;
}

int os_self_filtered(void)
{
	/* 2: filter mode; our guests inherit the filters. */
	return prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == 2;
}

pid_t os_self_pid(void)
{
	return getpid();
}

int os_self_is_root(void)
{
	return geteuid() == 0;
}

int os_uname(struct utsname *u)
{
	return uname(u) < 0 ? -errno : 0;
}
