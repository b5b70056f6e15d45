// SPDX-License-Identifier: GPL-2.0
/*
 * The monitor itself, as a process of the same user: its memory
 * (process_vm_readv, /proc/PID/mem) and its descriptors (pidfd_getfd),
 * which include directories of the host outside the view.  Natively the
 * parent is the runner's shell: reaching it proves the calls work.
 */
#include <sys/syscall.h>
#include <sys/uio.h>
#include "escape.h"

int main(void)
{
	pid_t ppid = getppid();
	char buf[16], path[64];
	struct iovec local = { buf, sizeof(buf) }, remote;
	unsigned long addr = 0;
	FILE *maps;
	int pidfd, fd;

	/* Its memory: the first readable mapping in its maps. */
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)ppid);
	maps = fopen(path, "r");
	if (maps) {
		char line[512], perms[8];
		unsigned long lo, hi;

		while (fgets(line, sizeof(line), maps))
			if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perms) == 3 &&
			    perms[0] == 'r') {
				addr = lo;
				break;
			}
		fclose(maps);
	}
	if (!addr)
		addr = 0x400000;	/* a guess: the maps were hidden */
	remote.iov_base = (void *)addr;
	remote.iov_len = sizeof(buf);
	if (syscall(SYS_process_vm_readv, ppid, &local, 1, &remote, 1, 0) > 0)
		escaped("process_vm_readv of the monitor");
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)ppid);
	fd = open(path, O_RDONLY);
	if (fd >= 0 && pread(fd, buf, sizeof(buf), (off_t)addr) > 0)
		escaped("/proc/<monitor>/mem");
	pidfd = syscall(SYS_pidfd_open, ppid, 0);
	for (int i = 0; pidfd >= 0 && i < 64; i++)
		if (syscall(SYS_pidfd_getfd, pidfd, i, 0) >= 0)
			escaped("pidfd_getfd of the monitor's descriptors");
	blocked("the monitor's memory and descriptors stayed out of reach");
}
