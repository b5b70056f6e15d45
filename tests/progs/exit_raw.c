/* SPDX-License-Identifier: GPL-2.0 */
/*
 * exit_group(300) straight through syscall(2): the status is truncated to
 * 300 & 0xff = 44, and stdio data still buffered is lost.
 */
#include "tests.h"

int main(void)
{
	static const char msg[] = "written with write(2)\n";
	static char iobuf[4096];

	if (write(1, msg, sizeof(msg) - 1) != sizeof(msg) - 1)
		return 1;
	/* Fully buffered on purpose: exit_group skips the stdio flush. */
	setvbuf(stdout, iobuf, _IOFBF, sizeof(iobuf));
	printf("this line is never flushed\n");
	syscall(SYS_exit_group, 300);
	return 2;
}
