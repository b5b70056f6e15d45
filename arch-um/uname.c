// SPDX-License-Identifier: GPL-2.0
/*
 * uname(2) with the host name and kernel release the user chose.
 */
#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include "dispatch.h"
#include "os.h"
#include "personality.h"
#include "umvm.h"

static enum outcome sys_uname(struct gthread *t, struct gsyscall *sc)
{
	struct utsname u;

	sc->ret = os_uname(&u);
	if (sc->ret < 0)
		return OUT_EMULATE;
	if (pers.hostname)
		snprintf(u.nodename, sizeof(u.nodename), "%s", pers.hostname);
	if (pers.release)
		snprintf(u.release, sizeof(u.release), "%s", pers.release);
	sc->ret = os_write_mem(t->tid, sc->args[0], &u, sizeof(u));
	if (sc->ret > 0)
		sc->ret = 0;
	else
		sc->ret = -EFAULT;
	return OUT_EMULATE;
}

static int uname_enabled(void)
{
	return pers.hostname || pers.release;
}

/* --hostname, --kernel-release */
const struct personality uname_personality = {
	.name = "uname",
	.enabled = uname_enabled,
	HOOKS({ .nr = __NR_uname, .entry = sys_uname }),
};
