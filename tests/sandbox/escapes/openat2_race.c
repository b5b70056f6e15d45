// SPDX-License-Identifier: GPL-2.0
/*
 * openat2 with RESOLVE_BENEATH while another thread clears it: a monitor
 * that saw the flag, passed the call untranslated and let the host read
 * the struct again let the host resolve "../.." without it.  Natively
 * the path reaches the hidden file whenever the flag is clear.
 */
#include <linux/openat2.h>
#include <pthread.h>
#include <sys/syscall.h>
#include "escape.h"

static volatile int stop;
static struct open_how how = { .flags = O_RDONLY };

static void *flipper(void *arg)
{
	(void)arg;
	while (!stop) {
		how.resolve = RESOLVE_BENEATH;
		how.resolve = 0;
	}
	return NULL;
}

int main(void)
{
	const char *rel = env("SECRET_REL");
	time_t end = race_end();
	long hits = 0, opens = 0;
	pthread_t th;
	int dir = open(".", O_PATH | O_DIRECTORY);

	pthread_create(&th, NULL, flipper, NULL);
	while (time(NULL) < end && !hits) {
		int fd = syscall(SYS_openat2, dir, rel, &how, sizeof(how));

		if (fd < 0 && errno == ENOSYS)
			break;
		opens++;
		if (is_secret(fd))
			hits++;
	}
	stop = 1;
	pthread_join(th, NULL);
	if (hits)
		escaped("openat2 with the flag cleared behind the monitor");
	if (!opens)
		skip("no openat2 on this host");
	blocked("no openat2 read the hidden file");
}
