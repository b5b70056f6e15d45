// SPDX-License-Identifier: GPL-2.0
/*
 * A call newer than the monitor knows: getxattrat (Linux 6.13) and
 * file_getattr (6.17) take a path, so a monitor that passed calls it
 * did not know let them reach files outside the view.  Reaching the
 * hidden file is any answer but ENOENT (ENODATA: there, no attribute).
 */
#include <sys/syscall.h>
#include "escape.h"

#define NR_getxattrat	464
#define NR_file_getattr	468

int main(void)
{
	const char *secret = env("SECRET");
	char attr[64], value[64];
	struct {
		unsigned long value;
		unsigned int size, flags;
	} args = { (unsigned long)value, sizeof(value), 0 };
	int native = getenv("ESCAPE_NATIVE") != NULL;
	long r;

	snprintf(attr, sizeof(attr), "user.none");
	r = syscall(NR_getxattrat, AT_FDCWD, secret, 0, attr, &args,
		    sizeof(args));
	if (r >= 0 || (errno != ENOENT && errno != ENOSYS))
		escaped("getxattrat reached the hidden file");
	if (native && errno == ENOSYS)
		skip("the host has no getxattrat (Linux 6.13)");
	r = syscall(NR_file_getattr, AT_FDCWD, secret, value, 24, 0);
	if (r >= 0 || (errno != ENOENT && errno != ENOSYS &&
		       errno != EINVAL))
		escaped("file_getattr reached the hidden file");
	blocked("the new calls did not reach the hidden file: %s",
		strerror(errno));
}
