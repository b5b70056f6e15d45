/* SPDX-License-Identifier: GPL-2.0 */
/* getpid/getppid/gettid/pgid/sid relations across threads, fork and exec. */
#include "tests.h"
#include <pthread.h>
#include <sys/wait.h>

static pid_t main_pid;
static volatile int t_pid_ok, t_tid_ok, t_ppid_ok;

static void *thread_fn(void *arg)
{
	(void)arg;
	t_pid_ok = getpid() == main_pid;
	t_tid_ok = t_gettid() != main_pid && t_gettid() > 0;
	t_ppid_ok = getppid() == (pid_t)(long)arg;
	return NULL;
}

int main(int argc, char **argv)
{
	pid_t pid, ppid;
	pthread_t th;
	int st;

	t_init();
	if (argc == 3) {
		/* exec'd: argv[1] our pid before exec, argv[2] our parent's */
		printf("after exec: pid unchanged: %s\n", getpid() == atoi(argv[1]) ? "yes" : "no");
		printf("after exec: ppid unchanged: %s\n", getppid() == atoi(argv[2]) ? "yes" : "no");
		return 0;
	}
	main_pid = getpid();
	ppid = getppid();
	printf("pid > 0: %s\n", main_pid > 0 ? "yes" : "no");
	printf("ppid != pid: %s\n", ppid != main_pid ? "yes" : "no");
	printf("gettid==pid in main thread: %s\n", t_gettid() == main_pid ? "yes" : "no");
	printf("raw getpid==getpid: %s\n", syscall(SYS_getpid) == main_pid ? "yes" : "no");
	printf("raw getppid==getppid: %s\n", syscall(SYS_getppid) == ppid ? "yes" : "no");
	printf("getpgid(0)==getpgrp: %s\n", getpgid(0) == getpgrp() ? "yes" : "no");
	printf("getpgid(self)==getpgrp: %s\n", getpgid(main_pid) == getpgrp() ? "yes" : "no");
	printf("getsid(0)==getsid(self): %s\n", getsid(0) == getsid(main_pid) ? "yes" : "no");
	errno = 0;
	printf("getpgid(nonexistent): %s\n", getpgid(0x3ffffff) == -1 ? t_errname(errno) : "found");

	pthread_create(&th, NULL, thread_fn, (void *)(long)ppid);
	pthread_join(th, NULL);
	printf("thread: getpid==main: %s\n", t_pid_ok ? "yes" : "no");
	printf("thread: gettid!=pid: %s\n", t_tid_ok ? "yes" : "no");
	printf("thread: getppid==main's ppid: %s\n", t_ppid_ok ? "yes" : "no");

	pid = fork();
	if (pid == 0) {
		int bits = 0;

		bits |= (getppid() == main_pid) << 0;
		bits |= (getpid() != main_pid) << 1;
		bits |= (getpgrp() == getpgid(main_pid)) << 2;
		bits |= (getsid(0) == getsid(main_pid)) << 3;
		if (setpgid(0, 0) == 0)
			bits |= (getpgrp() == getpid()) << 4;
		_exit(bits);
	}
	waitpid(pid, &st, 0);
	printf("child: ppid==parent %s, own pid %s, same pgrp %s, same sid %s, setpgid %s\n",
	       WEXITSTATUS(st) & 1 ? "yes" : "no", WEXITSTATUS(st) & 2 ? "yes" : "no",
	       WEXITSTATUS(st) & 4 ? "yes" : "no", WEXITSTATUS(st) & 8 ? "yes" : "no",
	       WEXITSTATUS(st) & 16 ? "yes" : "no");

	/* orphan: a grandchild is reparented when its parent exits */
	{
		int p[2];
		char c;

		if (pipe(p))
			t_fatal("pipe");
		pid = fork();
		if (pid == 0) {
			pid_t mid = getpid();

			if (fork() == 0) {
				/* wait for the middle process to die */
				while (getppid() == mid)
					t_msleep(2);
				c = getppid() != mid ? 'y' : 'n';
				_exit(write(p[1], &c, 1) == 1 ? 0 : 1);
			}
			_exit(0);
		}
		close(p[1]);
		waitpid(pid, &st, 0);
		if (read(p[0], &c, 1) != 1)
			c = '?';
		close(p[0]);
		printf("orphan reparented: %s\n", c == 'y' ? "yes" : "no");
	}

	pid = fork();
	if (pid == 0) {
		char a1[16], a2[16];
		char *av[] = { argv[0], a1, a2, NULL };

		snprintf(a1, sizeof(a1), "%d", (int)getpid());
		snprintf(a2, sizeof(a2), "%d", (int)getppid());
		execv(t_self(argv[0]), av);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	printf("exec child: %s\n", t_wstatus(st));
	return t_done();
}
