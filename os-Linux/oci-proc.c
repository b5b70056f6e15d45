// SPDX-License-Identifier: GPL-2.0
/*
 * Processes as the OCI runtime sees them: a container's monitor found
 * again through /proc (its start time tells a reused pid), the process
 * that forks it, and the environment it hands its guest.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "os.h"
#include "os-oci.h"

int os_proc_starttime(pid_t pid, unsigned long long *start)
{
	char path[64], buf[1024], *p;
	FILE *f;
	size_t n;
	char state;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return errno == ENOENT ? -ESRCH : -errno;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	/* The name may hold spaces and ')': start after the last ')'. */
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1, " %c", &state) != 1)
		return -EIO;
	if (state == 'Z' || state == 'X')
		return -ESRCH;
	/* Fields 3..21 follow, then the start time (field 22). */
	p += 2;
	for (int field = 3; field < 22; field++) {
		p = strchr(p, ' ');
		if (!p)
			return -EIO;
		p++;
	}
	*start = strtoull(p, NULL, 10);
	return 0;
}

int os_signal(pid_t pid, int sig)
{
	return kill(pid, sig) < 0 ? -errno : 0;
}

int os_proc_children(pid_t pid, pid_t *out, int max)
{
	char path[64], name[400];
	int n = 0;
	DIR *d;
	struct dirent *e;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	d = opendir(path);
	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		FILE *f;
		long c;

		if (e->d_name[0] == '.')
			continue;
		snprintf(name, sizeof(name), "%s/%s/children", path, e->d_name);
		f = fopen(name, "re");
		if (!f)
			continue;
		while (n < max && fscanf(f, "%ld", &c) == 1)
			out[n++] = (pid_t)c;
		fclose(f);
	}
	closedir(d);
	return n;
}

pid_t os_fork(void)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	return pid < 0 ? -errno : pid;
}

int os_pipe(int fds[2])
{
	return pipe2(fds, O_CLOEXEC) < 0 ? -errno : 0;
}

int os_wait_child(pid_t pid, int *status)
{
	while (waitpid(pid, status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return 0;
}

int os_subreaper(void)
{
	return prctl(PR_SET_CHILD_SUBREAPER, 1) < 0 ? -errno : 0;
}

void os_signals_default(void)
{
	sigset_t none;

	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

int os_set_environment(char *const *env)
{
	if (clearenv() != 0)
		return -ENOMEM;
	for (int i = 0; env[i]; i++)
		if (putenv(env[i]) != 0)
			return -errno;
	return 0;
}

void os_set_umask(unsigned int mask)
{
	umask(mask);
}

void os_close_from(int from, int keep, int keep2)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int me;

	if (!d)
		return;
	me = dirfd(d);
	while ((e = readdir(d))) {
		int fd = atoi(e->d_name);

		if (e->d_name[0] != '.' && fd >= from && fd != keep &&
		    fd != keep2 && fd != me)
			close(fd);
	}
	closedir(d);
}

void os_exit_now(int status)
{
	_exit(status);
}

int os_run_hook(const char *path, char *const *argv, char *const *envp,
		const char *input, int timeout_s, int *status)
{
	int in[2], waited = 0;
	pid_t pid;

	pid = os_fork_piped(in, O_CLOEXEC);
	if (pid < 0)
		return pid;
	if (pid == 0) {
		dup2(in[0], 0);
		execve(path, argv, envp);
		_exit(127);
	}
	close(in[0]);
	signal(SIGPIPE, SIG_IGN);
	os_write_full(in[1], input, strlen(input));
	close(in[1]);
	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);

		if (r == pid)
			return 0;
		if (r < 0 && errno != EINTR)
			return -errno;
		if (timeout_s > 0 && waited >= timeout_s * 100) {
			kill(pid, SIGKILL);
			waitpid(pid, status, 0);
			return -ETIMEDOUT;
		}
		usleep(10000);
		waited++;
	}
}
