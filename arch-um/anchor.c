// SPDX-License-Identifier: GPL-2.0
/*
 * Where a pin helper starts to look a path up (pin.c, path views).
 *
 * The host checks search permission on each directory a lookup passes,
 * from where the lookup starts.  Natively a guest's absolute path starts
 * at its root and a relative one at its working directory (or dirfd),
 * so the directories above those are never checked for it.  A helper
 * that opened the whole host path would check them too: a guest that
 * became nobody under a root in /root (0700) could open nothing.  So
 * the helper starts at a directory umvm holds and hands it: the call's
 * start directory when the path lies under it, else the deepest of the
 * view's root and binds that it lies under.
 */
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include "dispatch.h"
#include "view.h"
#include "os.h"

/* @host below its first @len characters: "." for all of it. */
static const char *below(const char *host, size_t len)
{
	host += len;
	while (*host == '/')
		host++;
	return *host ? host : ".";
}

int view_anchor(struct gthread *t, const char *host, const char **rel,
		int *temp)
{
	char dir[PATH_MAX];
	size_t len;
	int fd;

	*temp = 0;
	if (t->sc.path_start != PATH_ABSOLUTE) {
		fd = os_open_guest_dir(t->tid, t->sc.path_start, dir,
				       sizeof(dir));
		len = fd < 0 ? 0 : strlen(dir);
		if (fd >= 0 && view_under(host, dir, len)) {
			*temp = 1;
			*rel = below(host, len);
			return fd;
		}
		if (fd >= 0)
			os_unpin(fd);
	}
	fd = view_fixed_anchor(host, &len);
	*rel = below(host, len);
	return fd;
}
