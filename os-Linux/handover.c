// SPDX-License-Identifier: GPL-2.0
/*
 * Handing umvm over to another program: umvm boot ends by running the
 * boot script in its place.
 */
#include <errno.h>
#include <unistd.h>
#include "os.h"

int os_exec(const char *path, char *const argv[])
{
	execv(path, argv);
	return -errno;
}
