// SPDX-License-Identifier: GPL-2.0
/*
 * Not an escape: the host sockets the unix escapes aim at.  Listens on
 * stream socket SOCK and datagram socket DGRAM until killed; writes "ready"
 * to stdout when both are bound.
 *   usage: server SOCK DGRAM
 */
#include <sys/socket.h>
#include <sys/un.h>
#include <poll.h>
#include "escape.h"

static int make(const char *path, int type)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int s = socket(AF_UNIX, type, 0);

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	unlink(path);
	if (s < 0 || bind(s, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
	    (type == SOCK_STREAM && listen(s, 16) < 0)) {
		perror(path);
		exit(2);
	}
	return s;
}

int main(int argc, char **argv)
{
	struct pollfd p[2];
	char buf[256];

	if (argc != 3)
		return 2;
	p[0].fd = make(argv[1], SOCK_STREAM);
	p[1].fd = make(argv[2], SOCK_DGRAM);
	p[0].events = p[1].events = POLLIN;
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		if (poll(p, 2, -1) < 0)
			continue;
		if (p[0].revents & POLLIN) {
			int c = accept(p[0].fd, NULL, NULL);

			if (c >= 0)
				close(c);
		}
		if (p[1].revents & POLLIN && recv(p[1].fd, buf, sizeof(buf), 0))
			(void)0;
	}
}
