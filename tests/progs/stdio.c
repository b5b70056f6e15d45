/* SPDX-License-Identifier: GPL-2.0 */
/* Output paths: stdout/stderr interleaving, writev, large output, stdin at EOF. */
#include "tests.h"
#include <sys/uio.h>

int main(void)
{
	struct iovec iov[3] = {
		{ "writev ", 7 }, { "in three ", 9 }, { "parts\n", 6 },
	};
	char buf[64];
	int i;

	t_init();
	for (i = 0; i < 5; i++) {
		printf("stdout line %d\n", i);
		fprintf(stderr, "stderr line %d\n", i);
	}
	check(writev(1, iov, 3) == 22, "writev to stdout");
	check(read(0, buf, sizeof(buf)) == 0, "stdin is at EOF");
	/*
	 * ~1 MiB through stdio with full buffering.  t_init() made stdout
	 * unbuffered, and glibc then keeps its one-byte buffer for
	 * _IOFBF with a NULL buffer: 100,000 one-byte writes.  Hand it one.
	 */
	static char obuf[1 << 16];

	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
	for (i = 0; i < 20000; i++)
		printf("%06d the quick brown fox jumps over the lazy dog\n", i);
	fflush(stdout);
	/* and in a few big write(2) calls */
	{
		static char big[300000];

		for (i = 0; i < (int)sizeof(big); i++)
			big[i] = i % 64 == 63 ? '\n' : 'a' + i % 26;
		check(write(1, big, sizeof(big)) == sizeof(big), "300000-byte write");
		check(write(2, big, 6400) == 6400, "6400 bytes to stderr");
	}
	errno = 0;
	check(write(1, NULL, 0) == 0, "zero-length write");
	errno = 0;
	check(write(99, "x", 1) == -1 && errno == EBADF, "write to a bad fd: EBADF");
	errno = 0;
	check(syscall(SYS_write, 1, (void *)16, 10) == -1 && errno == EFAULT, "write from a bad address: EFAULT");
	return t_done();
}
