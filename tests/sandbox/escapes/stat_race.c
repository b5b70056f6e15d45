// SPDX-License-Identifier: GPL-2.0
/*
 * A rename race against the calls umvm makes itself: a thread keeps
 * swapping directory "d" for a symlink to "/" while others stat, access
 * and readlink "d" followed by the hidden file's host path.  Inside the
 * view neither "d/..." nor "/..." has that file.  umvm makes these calls
 * on the directory it checked and holds; had it looked the path up again,
 * a link swapped in after its check would show the hidden file (its
 * inode, SECRET_INO, or its mere existence).
 */
#include <pthread.h>
#include "escape.h"

static char path[4096];
static ino_t secret_ino;

static void *prober(void *arg)
{
	char buf[64];

	while (!race_stop) {
		struct stat st;
		struct statx stx;

		if (stat(arg, &st) == 0 && st.st_ino == secret_ino)
			race_hits++;
		if (statx(AT_FDCWD, arg, 0, STATX_INO, &stx) == 0 &&
		    stx.stx_ino == secret_ino)
			race_hits++;
		if (access(arg, F_OK) == 0)
			race_hits++;
		/* not a link: only a host that found the file says EINVAL */
		if (readlink(arg, buf, sizeof(buf)) < 0 && errno == EINVAL)
			race_hits++;
	}
	return NULL;
}

int main(void)
{
	const struct racer racers[] = {
		{ .fn = race_swapper, .arg = "d" },
		{ .fn = prober, .arg = path },
		{ .fn = prober, .arg = path },
	};

	secret_ino = (ino_t)strtoull(env("SECRET_INO"), NULL, 10);
	snprintf(path, sizeof(path), "d%s", env("SECRET"));
	race_swapped_dir(racers, 3);
	if (race_hits)
		escaped("stat, access or readlink saw the hidden file through a swapped-in symlink");
	blocked("no stat, access or readlink through d saw the hidden file");
}
