// SPDX-License-Identifier: GPL-2.0
/*
 * The monitor's own credentials, where the fake root starts from
 * (arch-um/caps.c): the capability bounding set and no_new_privs umvm
 * runs with, and the kernel's highest capability number.
 */
#include <stdio.h>
#include <sys/prctl.h>
#include <linux/capability.h>
#include "os.h"

int os_cap_last_cap(void)
{
	FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");
	int last = CAP_LAST_CAP;

	if (f) {
		if (fscanf(f, "%d", &last) != 1 || last < 0 || last > 63)
			last = CAP_LAST_CAP;
		fclose(f);
	}
	return last;
}

uint64_t os_cap_bounding(int last_cap)
{
	uint64_t set = 0;

	for (int c = 0; c <= last_cap; c++)
		if (prctl(PR_CAPBSET_READ, c, 0, 0, 0) == 1)
			set |= 1ULL << c;
	return set;
}

int os_get_no_new_privs(void)
{
	return prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1;
}
