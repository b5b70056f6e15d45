// SPDX-License-Identifier: GPL-2.0
/*
 * /proc of processes outside the guest (a view with /proc in it, -R):
 * the monitor's own entries (its parent, umvm, holds directories of the
 * view open and roots outside it) and the host's init.
 *   /proc/PPID/root/SECRET, /proc/PPID/cwd/.., /proc/PPID/fd/N/..,
 *   /proc/1/root/SECRET
 */
#include "escape.h"

int main(void)
{
	const char *secret = env("SECRET");
	char path[8192];
	int ppid = getppid();

	snprintf(path, sizeof(path), "/proc/%d/root%s", ppid, secret);
	if (is_secret(open(path, O_RDONLY)))
		escaped("/proc/<monitor>/root");
	snprintf(path, sizeof(path), "/proc/1/root%s", secret);
	if (is_secret(open(path, O_RDONLY)))
		escaped("/proc/1/root");
	for (int fd = 0; fd < 64; fd++)
		for (int up = 0; up < 8; up++) {
			int n = snprintf(path, sizeof(path), "/proc/%d/fd/%d",
					 ppid, fd);

			for (int i = 0; i < up; i++)
				n += snprintf(path + n, sizeof(path) - n, "/..");
			snprintf(path + n, sizeof(path) - n, "%s", secret);
			if (is_secret(open(path, O_RDONLY)))
				escaped("/proc/<monitor>/fd/N/..");
		}
	blocked("no /proc path of another process read the hidden file");
}
