// SPDX-License-Identifier: GPL-2.0
/*
 * CPU placement.  A ptrace stop wakes the other side; when tracer and
 * guest sit on different CPUs every stop is a cross-CPU wake-up of an idle
 * CPU, several times dearer than a switch on one CPU.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sched.h>
#include <unistd.h>
#include <sys/syscall.h>
#include "os.h"

int os_current_cpu(void)
{
	int cpu = sched_getcpu();

	return cpu < 0 ? -errno : cpu;
}

int os_pin_self(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set) < 0 ? -errno : 0;
}

int os_set_affinity(pid_t tid, const void *mask, size_t len)
{
	return sched_setaffinity(tid, len, mask) < 0 ? -errno : 0;
}

int os_get_affinity(pid_t tid, void *mask, size_t len)
{
	int r = syscall(__NR_sched_getaffinity, tid, len, mask);

	return r < 0 ? -errno : r;
}

int os_cpu_count(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) < 0)
		return 1;
	return CPU_COUNT(&set);
}

long os_thread_cpu_ticks(pid_t tid)
{
	char path[64], buf[512], *p;
	unsigned long utime, stime;
	int fd, n;

	snprintf(path, sizeof(path), "/proc/%d/stat", tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = 0;
	/* Fields after the command name: state is 3rd, utime 14th. */
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u "
			 "%lu %lu", &utime, &stime) != 2)
		return -EIO;
	return utime + stime;
}
