/* SPDX-License-Identifier: GPL-2.0 */
/* getuid-family consistency, no-op set*id calls, groups, umask, prctl. */
#include "tests.h"
#include <grp.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>

int main(void)
{
	uid_t r, e, s;
	gid_t rg, eg, sg, groups[256];
	int n, n2, st;
	pid_t pid;

	t_init();
	check(getresuid(&r, &e, &s) == 0, "getresuid");
	check(r == getuid() && e == geteuid(), "getresuid matches getuid/geteuid");
	check(getresgid(&rg, &eg, &sg) == 0, "getresgid");
	check(rg == getgid() && eg == getegid(), "getresgid matches getgid/getegid");
	check(syscall(SYS_getuid) == (long)getuid() && syscall(SYS_geteuid) == (long)geteuid(),
	      "raw getuid/geteuid");
	printf("running as root: %s\n", geteuid() == 0 ? "yes" : "no");
	n = getgroups(0, NULL);
	check(n >= 0, "getgroups(0) counts");
	n2 = getgroups(256, groups);
	check(n2 == n, "getgroups returns that many");
	if (n > 0) {
		errno = 0;
		check(getgroups(n > 1 ? 1 : 0, groups) == (n > 1 ? -1 : n) || errno == EINVAL,
		      "getgroups with a too small buffer");
	}
	check(setuid(getuid()) == 0, "setuid(getuid()) no-op");
	check(setgid(getgid()) == 0, "setgid(getgid()) no-op");
	check(setresuid(-1, -1, -1) == 0, "setresuid(-1,-1,-1) no-op");
	check(getuid() == r && geteuid() == e, "ids unchanged");
	umask(027);
	check(umask(022) == 027, "umask returns the previous mask");
	check(prctl(PR_GET_DUMPABLE) >= 0, "prctl(PR_GET_DUMPABLE)");
	{
		char name[17] = { 0 };

		check(prctl(PR_SET_NAME, "umvm-creds") == 0 &&
		      prctl(PR_GET_NAME, name) == 0 && !strcmp(name, "umvm-creds"),
		      "prctl PR_SET_NAME/PR_GET_NAME");
	}
	/* A child drops privileges (only meaningful as root). */
	pid = fork();
	if (pid == 0) {
		if (geteuid() != 0)
			_exit(setuid(0) == -1 && errno == EPERM ? 10 : 11);
		if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(1);
		if (getuid() != 65534 || geteuid() != 65534 || getgid() != 65534)
			_exit(2);
		errno = 0;
		if (setuid(0) != -1 || errno != EPERM)
			_exit(3);
		_exit(getgroups(0, NULL) == 0 ? 20 : 4);
	}
	waitpid(pid, &st, 0);
	printf("privilege drop child: %s (20 as root, 10 otherwise)\n", t_wstatus(st));
	return t_done();
}
