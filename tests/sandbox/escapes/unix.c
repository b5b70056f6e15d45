// SPDX-License-Identifier: GPL-2.0
/*
 * AF_UNIX addresses that name host sockets outside the view ($SOCK, a
 * stream server, and $DGRAM, a datagram socket):
 *   connect   with an address length whose upper 32 bits are set (the
 *             host reads an int; a monitor that read a long passed it)
 *   sendto    a datagram to $DGRAM
 *   sendmsg   the same through msg_name
 *   sendmmsg  the same through a vector
 *   flip      connect while another thread turns the address's family
 *             from AF_INET into AF_UNIX
 *   usage: unix connect | sendto | sendmsg | sendmmsg | flip
 */
#include <pthread.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <netinet/in.h>
#include "escape.h"

static struct sockaddr_un addr(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	return sun;
}

static volatile int stop;
static union {
	struct sockaddr_un sun;
	struct sockaddr_in sin;
} flip_addr;

static void *flipper(void *arg)
{
	(void)arg;
	while (!stop) {
		flip_addr.sun.sun_family = AF_INET;
		flip_addr.sun.sun_family = AF_UNIX;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	struct sockaddr_un sun;
	char msg[] = "hello";
	struct iovec iov = { msg, sizeof(msg) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct mmsghdr mm[2];
	long r;
	int s;

	if (!strcmp(what, "connect")) {
		sun = addr(env("SOCK"));
		s = socket(AF_UNIX, SOCK_STREAM, 0);
		r = syscall(SYS_connect, s, &sun,
			    (1UL << 32) | sizeof(sun));
		if (r == 0)
			escaped("connect() with a long length reached the host socket");
		blocked("connect: %s", strerror(errno));
	}
	if (!strcmp(what, "flip")) {
		pthread_t th;
		time_t end = race_end();

		flip_addr.sun = addr(env("SOCK"));
		pthread_create(&th, NULL, flipper, NULL);
		while (time(NULL) < end) {
			s = socket(AF_UNIX, SOCK_STREAM, 0);
			r = connect(s, (struct sockaddr *)&flip_addr,
				    sizeof(flip_addr.sun));
			close(s);
			if (r == 0) {
				stop = 1;
				pthread_join(th, NULL);
				escaped("connect() while the family flipped");
			}
		}
		stop = 1;
		pthread_join(th, NULL);
		blocked("no connect reached the host socket");
	}
	sun = addr(env("DGRAM"));
	s = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (!strcmp(what, "sendto")) {
		r = sendto(s, msg, sizeof(msg), 0, (struct sockaddr *)&sun,
			   sizeof(sun));
	} else if (!strcmp(what, "sendmsg")) {
		mh.msg_name = &sun;
		mh.msg_namelen = sizeof(sun);
		r = sendmsg(s, &mh, 0);
	} else if (!strcmp(what, "sendmmsg")) {
		memset(mm, 0, sizeof(mm));
		for (int i = 0; i < 2; i++) {
			mm[i].msg_hdr.msg_iov = &iov;
			mm[i].msg_hdr.msg_iovlen = 1;
			mm[i].msg_hdr.msg_name = &sun;
			mm[i].msg_hdr.msg_namelen = sizeof(sun);
		}
		r = sendmmsg(s, mm, 2, 0);
	} else {
		return 2;
	}
	if (r >= 0)
		escaped("a datagram reached the host socket");
	blocked("%s: %s", what, strerror(errno));
}
