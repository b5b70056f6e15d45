// SPDX-License-Identifier: GPL-2.0
/*
 * A rename race against path views: one thread keeps swapping directory
 * /d for a symlink to "/" while another opens /d/PATH, where PATH names a
 * file that exists on the host outside the view.  Inside the view
 * /d/PATH is a file saying "guest"; if the host ever followed the swapped
 * symlink, the open would read the host's file.
 *   usage: race PATH SECONDS    prints "escapes: N opens: M"
 */
#define _GNU_SOURCE
#include "escapes/escape.h"

int main(int argc, char **argv)
{
	char path[4096], buf[64];
	long escapes = 0, opens = 0;
	pthread_t th;
	time_t end;

	if (argc != 3)
		return 2;
	snprintf(path, sizeof(path), "/d%s", argv[1]);
	end = time(NULL) + atoi(argv[2]);
	pthread_create(&th, NULL, race_swapper, "/d");
	while (time(NULL) < end) {
		int fd = open(path, O_RDONLY);
		ssize_t n;

		if (fd < 0)
			continue;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		opens++;
		if (n > 0 && !strncmp(buf, "HOST", 4))
			escapes++;
	}
	race_stop = 1;
	pthread_join(th, NULL);
	printf("escapes: %ld opens: %ld\n", escapes, opens);
	return 0;
}
