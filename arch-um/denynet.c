// SPDX-License-Identifier: GPL-2.0
/*
 * --deny-net: no IPv4 or IPv6 sockets.  socket() and socketpair() of
 * AF_INET and AF_INET6 fail with EACCES without reaching the host; other
 * families (AF_UNIX, AF_NETLINK...) work.  The other network calls act
 * on sockets the guest has, so they pass; a call that could make a
 * socket some other way (io_uring) is refused (deny.c).
 */
#include <errno.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include "dispatch.h"
#include "personality.h"
#include "sysent.h"
#include "umvm.h"

static enum outcome sys_socket(struct gthread *t, struct gsyscall *sc)
{
	int family = (int)regs_arg(&t->regs, 0);

	if (family != AF_INET && family != AF_INET6)
		return OUT_PASS;
	sc->ret = -EACCES;
	return OUT_EMULATE;
}

static void denynet_init(void)
{
	static const long on_sockets[] = {
		__NR_connect, __NR_accept, __NR_accept4, __NR_sendto,
		__NR_recvfrom, __NR_sendmsg, __NR_recvmsg, __NR_sendmmsg,
		__NR_recvmmsg, __NR_shutdown, __NR_bind, __NR_listen,
		__NR_getsockname, __NR_getpeername, __NR_setsockopt,
		__NR_getsockopt,
	};

	for (size_t i = 0; i < ARRAY_SIZE(on_sockets); i++)
		deny_allow(on_sockets[i], SC_NET);
}

const struct personality denynet_personality = {
	.name = "deny-net",
	.option = &pers.deny_net,
	.init = denynet_init,
	HOOKS(
		{ .nrs = NRS(__NR_socket, __NR_socketpair),
		  .entry = sys_socket }),
};
