/* SPDX-License-Identifier: GPL-2.0 */
/* vfork() + execve()/_exit(), and posix_spawn(). */
#include "tests.h"
#include <spawn.h>
#include <sys/wait.h>

extern char **environ;

int main(int argc, char **argv)
{
	const char *self = t_self(argv[0]);
	pid_t parent = getpid(), pid;
	volatile int shared = 0;
	int st, i, rc;

	t_init();
	if (argc > 1) {
		printf("exec'd child: argv[1]=%s argc=%d env UMVM_T=%s\n",
		       argv[1], argc, getenv("UMVM_T") ? getenv("UMVM_T") : "(unset)");
		return 3;
	}

	pid = vfork();
	if (pid == 0) {
		char *av[] = { (char *)"vfork_exec", (char *)"from-vfork", NULL };
		char *ev[] = { (char *)"UMVM_T=vfork", NULL };

		shared = 1;
		execve(self, av, ev);
		_exit(127);
	}
	/* print nothing before the exec'd child is reaped: it prints too */
	i = shared;
	rc = waitpid(pid, &st, 0);
	check(pid > 0, "vfork returned a pid");
	check(i == 1, "vfork child ran before the parent resumed");
	check(rc == pid, "waitpid vfork child");
	printf("vfork+exec child: %s\n", t_wstatus(st));

	pid = vfork();
	if (pid == 0) {
		shared = (getppid() == parent) ? 2 : 3;
		_exit(9);
	}
	waitpid(pid, &st, 0);
	check(shared == 2, "vfork child saw ppid==parent");
	printf("vfork+_exit child: %s\n", t_wstatus(st));

	pid = vfork();
	if (pid == 0) {
		char *av[] = { (char *)"nonexistent", NULL };

		execve("/nonexistent/umvm-test", av, environ);
		shared = errno;
		_exit(127);
	}
	waitpid(pid, &st, 0);
	printf("vfork+failed exec: errno %s, %s\n", t_errname(shared), t_wstatus(st));

	{
		char *av[] = { (char *)"vfork_exec", (char *)"from-spawn", NULL };
		char *ev[] = { (char *)"UMVM_T=spawn", NULL };

		rc = posix_spawn(&pid, self, NULL, NULL, av, ev);
		if (rc == 0)
			waitpid(pid, &st, 0);
		check(rc == 0, "posix_spawn");
		if (rc == 0)
			printf("posix_spawn child: %s\n", t_wstatus(st));
	}
	return t_done();
}
