// SPDX-License-Identifier: GPL-2.0
/*
 * The x32 ABI: open() and socket(AF_INET) with the x32 bit set in the
 * syscall number.
 *   usage: x32 open | socket
 */
#include <sys/socket.h>
#include "escape.h"

#define X32_BIT	0x40000000L

static long sys3(long nr, long a, long b, long c)
{
	long r;

	__asm__ volatile ("syscall" : "=a"(r) : "a"(nr), "D"(a), "S"(b),
			  "d"(c) : "rcx", "r11", "memory");
	return r;
}

int main(int argc, char **argv)
{
	long r;

	if (argc != 2)
		return 2;
	/* Natively: does this host run x32 calls (getpid, 39)? */
	if (getenv("ESCAPE_NATIVE") && sys3(X32_BIT | 39, 0, 0, 0) != getpid())
		skip("the host does not run x32 calls (no X32 ABI)");
	if (!strcmp(argv[1], "open")) {
		r = sys3(X32_BIT | 2, (long)env("SECRET"), O_RDONLY, 0);
		if (r >= 0 && is_secret((int)r))
			escaped("x32 open() read the hidden file");
		blocked("x32 open: %ld", r);
	}
	r = sys3(X32_BIT | 41, AF_INET, SOCK_STREAM, 0);
	if (r >= 0)
		escaped("x32 socket(AF_INET) made a socket");
	blocked("x32 socket: %ld", r);
}
