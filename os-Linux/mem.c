// SPDX-License-Identifier: GPL-2.0
/*
 * Guest memory, through process_vm_readv/writev, and /proc/<pid>/mem.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
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

/*
 * Copy the guest's memory at @addr to umvm's @buf, or with @to_guest
 * @buf to @addr: process_vm_readv or _writev, or word by word through
 * ptrace on a host without them.
 */
static ssize_t copy_mem(pid_t tid, uintptr_t addr, void *buf, size_t len,
			int to_guest)
{
	struct iovec local = { buf, len };
	struct iovec remote = { (void *)addr, len };
	ssize_t n;

	if (!no_vm_rw) {
		if (to_guest)
			n = process_vm_writev(tid, &local, 1, &remote, 1, 0);
		else
			n = process_vm_readv(tid, &local, 1, &remote, 1, 0);
		if (n < 0 && errno == ENOSYS)
			no_vm_rw = 1;
		else
			return n < 0 ? -errno : n;
	}
	return to_guest ? poke_mem(tid, addr, buf, len) :
			  peek_mem(tid, addr, buf, len);
}

ssize_t os_read_mem(pid_t tid, uintptr_t addr, void *buf, size_t len)
{
	return copy_mem(tid, addr, buf, len, 0);
}

/* All of @buf or an error: a short write is -EFAULT. */
ssize_t os_write_mem(pid_t tid, uintptr_t addr, const void *buf, size_t len)
{
	ssize_t n = copy_mem(tid, addr, (void *)buf, len, 1);

	return n < 0 || (size_t)n == len ? n : -EFAULT;
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

/*
 * Writes through /proc/<pid>/mem: the host does them as a debugger's,
 * past the page protections (FOLL_FORCE), so umvm can fill pages the
 * guest itself can only read.  The fd stays bound to the address space
 * it was opened on, across the threads that share it.
 */
int os_mem_open(pid_t tid)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/mem", (int)tid);
	fd = open(path, O_RDWR | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

ssize_t os_mem_write(int fd, uintptr_t addr, const void *buf, size_t len)
{
	ssize_t n = pwrite(fd, buf, len, (off_t)addr);

	if (n < 0)
		return -errno;
	return (size_t)n == len ? n : -EFAULT;
}

void os_mem_close(int fd)
{
	close(fd);
}

int os_vma_private_ro(pid_t tid, unsigned long start, unsigned long end)
{
	char path[64], *maps, *line, *save = NULL;
	ssize_t n;
	int r = 0;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)tid);
	n = os_read_file(path, &maps);
	if (n < 0)
		return (int)n;
	for (line = strtok_r(maps, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		unsigned long lo, hi, off;
		char perms[8];
		unsigned int major, minor;
		unsigned long ino;
		int name = 0;

		if (sscanf(line, "%lx-%lx %7s %lx %x:%x %lu %n", &lo, &hi,
			   perms, &off, &major, &minor, &ino, &name) < 7)
			continue;
		if (hi <= start || lo >= end)
			continue;
		/* One mapping, exactly the range, no file behind it. */
		r = lo == start && hi == end && !strcmp(perms, "r--p") &&
		    ino == 0 && major == 0 && minor == 0 &&
		    (!name || !line[name]);
		break;
	}
	free(maps);
	return r;
}
