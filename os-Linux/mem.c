// SPDX-License-Identifier: GPL-2.0
/*
 * Guest memory, through process_vm_readv/writev.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/uio.h>
#include "os.h"

ssize_t os_read_mem(pid_t tid, uintptr_t addr, void *buf, size_t len)
{
	struct iovec local = { buf, len };
	struct iovec remote = { (void *)addr, len };
	ssize_t n = process_vm_readv(tid, &local, 1, &remote, 1, 0);

	return n < 0 ? -errno : n;
}

ssize_t os_write_mem(pid_t tid, uintptr_t addr, const void *buf, size_t len)
{
	struct iovec local = { (void *)buf, len };
	struct iovec remote = { (void *)addr, len };
	ssize_t n = process_vm_writev(tid, &local, 1, &remote, 1, 0);

	if (n < 0)
		return -errno;
	return (size_t)n == len ? n : -EFAULT;
}

ssize_t os_read_string(pid_t tid, uintptr_t addr, char *buf, size_t len)
{
	size_t got = 0;

	/* Read page by page so that a string near unmapped memory works. */
	while (got + 1 < len) {
		size_t page_left = 4096 - ((addr + got) & 4095);
		size_t want = len - 1 - got;
		ssize_t n;
		char *nul;

		if (want > page_left)
			want = page_left;
		n = os_read_mem(tid, addr + got, buf + got, want);
		if (n <= 0)
			return n < 0 ? n : -EFAULT;
		nul = memchr(buf + got, 0, n);
		if (nul)
			return nul - buf;
		got += n;
	}
	buf[got] = 0;
	return -ENAMETOOLONG;
}
