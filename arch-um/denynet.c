// SPDX-License-Identifier: GPL-2.0
/*
 * --deny-net: no IPv4 or IPv6 sockets.  socket() and socketpair() of
 * AF_INET and AF_INET6 fail with EACCES without reaching the host; other
 * families (AF_UNIX, AF_NETLINK...) work.
 */
#include <errno.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include "dispatch.h"

static enum outcome sys_socket(struct gthread *t, struct gsyscall *sc)
{
	int family = (int)regs_arg(&t->regs, 0);

	if (family != AF_INET && family != AF_INET6)
		return OUT_PASS;
	sc->ret = -EACCES;
	return OUT_EMULATE;
}

void denynet_init(void)
{
	dispatch_hook(__NR_socket, sys_socket, NULL);
	dispatch_hook(__NR_socketpair, sys_socket, NULL);
}
