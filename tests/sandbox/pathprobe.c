// SPDX-License-Identifier: GPL-2.0
/*
 * Path calls for the path-view tests: each argument is one operation,
 * run in order, printing what a program would see.
 *   cat:P  open and print the first line     at:D:P  openat(open(D), P)
 *   fd:N:P openat(N, P)                      rl:P    readlink
 *   cwd    getcwd                            cd:P    chdir
 *   stat:P lstat kind                         unix:P  bind then connect
 *   as:U   become user U (ids and groups): what follows runs as U
 *   exec:P run program P (no arguments) and wait for it
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

static void first_line(int fd, const char *what)
{
	char buf[256];
	ssize_t n;

	if (fd < 0) {
		printf("%s: %s\n", what, strerror(errno));
		return;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0) {
		printf("%s: read: %s\n", what, strerror(errno));
		return;
	}
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	printf("%s: %s\n", what, buf);
}

static void unix_sock(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX }, b;
	socklen_t len;
	int s = socket(AF_UNIX, SOCK_STREAM, 0), c;

	snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
	unlink(path);
	if (bind(s, (void *)&a, sizeof(a)) < 0 || listen(s, 1) < 0) {
		printf("unix %s: bind: %s\n", path, strerror(errno));
		return;
	}
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	printf("unix %s: connect: %s\n", path,
	       connect(c, (void *)&a, sizeof(a)) < 0 ? strerror(errno) : "ok");
	len = sizeof(b);
	memset(&b, 0, sizeof(b));
	if (getsockname(s, (void *)&b, &len) == 0)
		printf("unix %s: getsockname: %s\n", path, b.sun_path);
	len = sizeof(b);
	memset(&b, 0, sizeof(b));
	if (getpeername(c, (void *)&b, &len) == 0)
		printf("unix %s: getpeername: %s\n", path, b.sun_path);
	close(c);
	close(s);
	unlink(path);
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		char *op = argv[i], *arg = strchr(op, ':'), buf[4096];
		struct stat st;
		ssize_t n;

		if (arg)
			*arg++ = 0;
		if (!strcmp(op, "cat")) {
			first_line(open(arg, O_RDONLY), arg);
		} else if (!strcmp(op, "at") || !strcmp(op, "fd")) {
			char *p = strchr(arg, ':');
			int d;

			*p++ = 0;
			d = !strcmp(op, "fd") ? atoi(arg) :
			    open(arg, O_RDONLY | O_DIRECTORY);
			first_line(openat(d, p, O_RDONLY), p);
		} else if (!strcmp(op, "rl")) {
			n = readlink(arg, buf, sizeof(buf) - 1);
			if (n >= 0)
				buf[n] = 0;
			printf("readlink %s: %s\n", arg,
			       n < 0 ? strerror(errno) : buf);
		} else if (!strcmp(op, "cwd")) {
			printf("getcwd: %s\n", getcwd(buf, sizeof(buf)) ?
			       buf : strerror(errno));
		} else if (!strcmp(op, "cd")) {
			printf("chdir %s: %s\n", arg,
			       chdir(arg) ? strerror(errno) : "ok");
		} else if (!strcmp(op, "stat")) {
			if (lstat(arg, &st) < 0)
				printf("lstat %s: %s\n", arg, strerror(errno));
			else
				printf("lstat %s: %s\n", arg,
				       S_ISLNK(st.st_mode) ? "link" :
				       S_ISDIR(st.st_mode) ? "dir" : "file");
		} else if (!strcmp(op, "unix")) {
			unix_sock(arg);
		} else if (!strcmp(op, "exec")) {
			pid_t pid;
			int status;

			fflush(stdout);
			pid = fork();
			if (pid == 0) {
				execl(arg, arg, (char *)NULL);
				printf("exec %s: %s\n", arg, strerror(errno));
				_exit(127);
			}
			if (pid > 0 && waitpid(pid, &status, 0) == pid &&
			    WIFEXITED(status))
				printf("exec %s: status %d\n", arg,
				       WEXITSTATUS(status));
		} else if (!strcmp(op, "as")) {
			uid_t u = (uid_t)atoi(arg);

			printf("as %s: %s\n", arg, setgroups(0, NULL) ||
			       setresgid(u, u, u) || setresuid(u, u, u) ?
			       strerror(errno) : "ok");
		} else {
			fprintf(stderr, "pathprobe: unknown op %s\n", op);
			return 2;
		}
	}
	return 0;
}
