// SPDX-License-Identifier: GPL-2.0
/*
 * open_by_handle_at: a file handle names a file with no path at all.
 * "handle make FILE" (natively) writes the hidden file's handle to FILE;
 * "handle open FILE" opens it from "/" (CAP_DAC_READ_SEARCH: as root).
 */
#include <sys/stat.h>
#include "escape.h"

int main(int argc, char **argv)
{
	union {
		struct file_handle fh;
		char buf[sizeof(struct file_handle) + MAX_HANDLE_SZ];
	} h;
	int mount_id, fd;
	FILE *f;

	if (argc != 3)
		return 2;
	if (!strcmp(argv[1], "make")) {
		h.fh.handle_bytes = MAX_HANDLE_SZ;
		if (name_to_handle_at(AT_FDCWD, env("SECRET"), &h.fh,
				      &mount_id, 0) < 0)
			skip("the hidden file's filesystem has no handles");
		f = fopen(argv[2], "w");
		if (!f || fwrite(&h, sizeof(h), 1, f) != 1 || fclose(f))
			return 2;
		return 0;
	}
	f = fopen(argv[2], "r");
	if (!f || fread(&h, sizeof(h), 1, f) != 1)
		skip("no handle was made");
	fclose(f);
	fd = open_by_handle_at(open("/", O_RDONLY | O_DIRECTORY), &h.fh,
			       O_RDONLY);
	if (fd < 0 && errno == EPERM && geteuid())
		skip("open_by_handle_at needs root");
	if (is_secret(fd))
		escaped("open_by_handle_at read the hidden file");
	blocked("open_by_handle_at: %s", strerror(errno));
}
