// SPDX-License-Identifier: GPL-2.0
/*
 * A rename race: a thread keeps swapping directory "d" for a symlink to
 * "/" while others open "d" followed by the hidden file's host path.
 * Inside the view "d" -> "/" stays in the view; a host that followed the
 * link (after umvm checked "d" as a directory) would reach the file.
 * "rename_race drop" first becomes the user nobody (from root): then
 * umvm's pinned directories must come from a helper of that user.
 */
#include <pthread.h>
#include <grp.h>
#include "escape.h"

static char path[4096];

int main(int argc, char **argv)
{
	const struct racer racers[] = {
		{ .fn = race_swapper, .arg = "d" },
		{ .fn = race_opener, .arg = path },
		{ .fn = race_opener, .arg = path },
	};

	/* nobody and nogroup: 65534 on Debian (no NSS in a static program) */
	if (argc > 1 && !strcmp(argv[1], "drop") && geteuid() == 0 &&
	    (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
	     setresuid(65534, 65534, 65534)))
		skip("cannot become nobody");
	snprintf(path, sizeof(path), "d%s", env("SECRET"));
	race_swapped_dir(racers, 3);
	if (race_hits)
		escaped("the host followed a symlink swapped in after the check");
	blocked("no open through d read the hidden file");
}
