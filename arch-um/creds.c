// SPDX-License-Identifier: GPL-2.0
/*
 * --fake-root: the guest's identity calls say root.
 */
#include <errno.h>
#include <stdint.h>
#include "dispatch.h"
#include "os.h"

/* getuid, geteuid, getgid, getegid */
enum outcome sys_getid0(struct gthread *t, struct gsyscall *sc)
{
	(void)t;
	sc->ret = 0;
	return OUT_EMULATE;
}

/* getresuid, getresgid: three ids written through three pointers */
enum outcome sys_getresid0(struct gthread *t, struct gsyscall *sc)
{
	uint32_t zero = 0;

	sc->ret = 0;
	for (int i = 0; i < 3; i++)
		if (os_write_mem(t->tid, sc->args[i], &zero,
				 sizeof(zero)) < 0)
			sc->ret = -EFAULT;
	return OUT_EMULATE;
}

/* getgroups: root's one group */
enum outcome sys_getgroups0(struct gthread *t, struct gsyscall *sc)
{
	uint32_t zero = 0;
	long size = (int)sc->args[0];

	if (size < 0)
		sc->ret = -EINVAL;
	else if (size == 0)
		sc->ret = 1;
	else if (os_write_mem(t->tid, sc->args[1], &zero, sizeof(zero)) < 0)
		sc->ret = -EFAULT;
	else
		sc->ret = 1;
	return OUT_EMULATE;
}
