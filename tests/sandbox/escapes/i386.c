// SPDX-License-Identifier: GPL-2.0
/*
 * The i386 ABI from 64-bit code: int $0x80 open() of the hidden file by
 * its host path (under a view) and socket(AF_INET) (under --deny-net).
 * An i386 number means another call in the x86_64 table (5, i386 open,
 * is x86_64 fstat), so a monitor that judged the ABI from registers
 * dispatched the wrong call and passed it.
 *   usage: i386 open | socket
 */
#include <sys/socket.h>
#include <sys/wait.h>
#include "escape.h"

/* A static non-PIE program: its data lies below 4 GiB, as int $0x80 needs. */
static char path[4096];

static long int80(long nr, long a, long b, long c)
{
	long r;

	__asm__ volatile ("int $0x80" : "=a"(r)
			  : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
	return r;
}

int main(int argc, char **argv)
{
	long r;

	if (argc != 2)
		return 2;
	/*
	 * Natively: does this host run int $0x80 at all (i386 getpid, 20)?
	 * Without IA32 emulation it kills the process with SIGSEGV.
	 */
	if (getenv("ESCAPE_NATIVE")) {
		pid_t pid = fork();
		int st;

		if (pid == 0)
			_exit(int80(20, 0, 0, 0) == getpid() ? 0 : 1);
		if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
		    WEXITSTATUS(st))
			skip("the host does not run int $0x80 (no IA32 emulation)");
	}
	if (!strcmp(argv[1], "open")) {
		snprintf(path, sizeof(path), "%s", env("SECRET"));
		r = int80(5, (long)path, O_RDONLY, 0);	/* i386 open */
		if (r >= 0 && is_secret((int)r))
			escaped("int $0x80 open() read the hidden file");
		blocked("i386 open: %ld", r);
	}
	/* i386 socket (359): AF_INET, SOCK_STREAM */
	r = int80(359, AF_INET, SOCK_STREAM, 0);
	if (r >= 0)
		escaped("int $0x80 socket(AF_INET) made a socket");
	blocked("i386 socket: %ld", r);
}
