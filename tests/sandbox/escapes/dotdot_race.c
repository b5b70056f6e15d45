// SPDX-License-Identifier: GPL-2.0
/*
 * ".." after a missing directory: threads make and remove directory "a"
 * while others open "a/../SECRET_REL".  A monitor that found "a" missing
 * and handed the rest of the path to the host as written let the host
 * climb above the view's root once "a" was back.
 */
#include <pthread.h>
#include <sys/stat.h>
#include "escape.h"

static char path[4096];

static void *flipper(void *arg)
{
	(void)arg;
	while (!race_stop) {
		mkdir("a", 0755);
		rmdir("a");
	}
	return NULL;
}

int main(void)
{
	const struct racer racers[] = {
		{ .fn = flipper }, { .fn = flipper },
		{ .fn = race_opener, .arg = path },
		{ .fn = race_opener, .arg = path },
	};

	snprintf(path, sizeof(path), "a/../%s", env("SECRET_REL"));
	race(racers, 4);
	rmdir("a");
	if (race_hits)
		escaped("a/../.. climbed out while another thread made a");
	blocked("no open of a/../... read the hidden file");
}
