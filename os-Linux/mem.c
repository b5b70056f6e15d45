// SPDX-License-Identifier: GPL-2.0
/*
 * Guest memory, through process_vm_readv/writev.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include "os.h"

/*
 * Kernels built without CONFIG_CROSS_MEMORY_ATTACH lack process_vm_*;
 * there a word at a time through PTRACE_PEEKDATA/POKEDATA does the job.
 */
static int no_vm_rw;

static ssize_t peek_mem(pid_t tid, uintptr_t addr, void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		uintptr_t a = (addr + done) & ~(uintptr_t)7;
		size_t off = (addr + done) - a;
		size_t n = 8 - off;
		long word;

		errno = 0;
		word = ptrace(PTRACE_PEEKDATA, tid, (void *)a, 0);
		if (word == -1 && errno)
			return done ? (ssize_t)done : -errno;
		if (n > len - done)
			n = len - done;
		memcpy((char *)buf + done, (char *)&word + off, n);
		done += n;
	}
	return done;
}

static ssize_t poke_mem(pid_t tid, uintptr_t addr, const void *buf,
			size_t len)
{
	size_t done = 0;

	while (done < len) {
		uintptr_t a = (addr + done) & ~(uintptr_t)7;
		size_t off = (addr + done) - a;
		size_t n = 8 - off;
		long word = 0;

		if (n > len - done)
			n = len - done;
		if (off || n < 8) {
			errno = 0;
			word = ptrace(PTRACE_PEEKDATA, tid, (void *)a, 0);
			if (word == -1 && errno)
				return -errno;
		}
		memcpy((char *)&word + off, (const char *)buf + done, n);
		if (ptrace(PTRACE_POKEDATA, tid, (void *)a, (void *)word) < 0)
			return -errno;
		done += n;
	}
	return done;
}

ssize_t os_read_mem(pid_t tid, uintptr_t addr, void *buf, size_t len)
{
	struct iovec local = { buf, len };
	struct iovec remote = { (void *)addr, len };
	ssize_t n;

	if (no_vm_rw)
		return peek_mem(tid, addr, buf, len);
	n = process_vm_readv(tid, &local, 1, &remote, 1, 0);
	if (n < 0 && errno == ENOSYS) {
		no_vm_rw = 1;
		return peek_mem(tid, addr, buf, len);
	}
	return n < 0 ? -errno : n;
}

ssize_t os_write_mem(pid_t tid, uintptr_t addr, const void *buf, size_t len)
{
	struct iovec local = { (void *)buf, len };
	struct iovec remote = { (void *)addr, len };
	ssize_t n;

	if (no_vm_rw)
		return poke_mem(tid, addr, buf, len);
	n = process_vm_writev(tid, &local, 1, &remote, 1, 0);
	if (n < 0 && errno == ENOSYS) {
		no_vm_rw = 1;
		return poke_mem(tid, addr, buf, len);
	}
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
