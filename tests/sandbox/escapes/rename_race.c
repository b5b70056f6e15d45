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
#include <sys/stat.h>
#include "escape.h"

static volatile int stop;
static volatile long hits;
static char path[4096];

static void *swapper(void *arg)
{
	(void)arg;
	while (!stop) {
		rename("d", "d.real");
		symlink("/", "d");
		unlink("d");
		rename("d.real", "d");
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

int main(int argc, char **argv)
{
	pthread_t th[3];
	time_t end;

	/* nobody and nogroup: 65534 on Debian (no NSS in a static program) */
	if (argc > 1 && !strcmp(argv[1], "drop") && geteuid() == 0 &&
	    (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
	     setresuid(65534, 65534, 65534)))
		skip("cannot become nobody");
	snprintf(path, sizeof(path), "d%s", env("SECRET"));
	mkdir("d", 0755);
	end = race_end();
	pthread_create(&th[0], NULL, swapper, NULL);
	pthread_create(&th[1], NULL, opener, NULL);
	pthread_create(&th[2], NULL, opener, NULL);
	while (time(NULL) < end && !hits)
		usleep(10000);
	stop = 1;
	for (int i = 0; i < 3; i++)
		pthread_join(th[i], NULL);
	unlink("d");
	rmdir("d");
	rmdir("d.real");
	if (hits)
		escaped("the host followed a symlink swapped in after the check");
	blocked("no open through d read the hidden file");
}
