/* SPDX-License-Identifier: GPL-2.0 */
/* uname/gethostname/getdomainname succeed and agree; sysinfo and rlimits are sane. */
#include "tests.h"
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>

int main(void)
{
	struct utsname u, u2;
	struct sysinfo si;
	struct rlimit rl;
	char host[256], dom[256];
	int fd;

	t_init();
	check(uname(&u) == 0, "uname");
	printf("sysname: %s\n", u.sysname);
	check(u.release[0] >= '0' && u.release[0] <= '9', "release starts with a digit");
	check(u.machine[0] != 0, "machine non-empty");
	check(syscall(SYS_uname, &u2) == 0 && !memcmp(&u, &u2, sizeof(u)),
	      "raw uname agrees with the wrapper");
	check(gethostname(host, sizeof(host)) == 0, "gethostname");
	check(!strcmp(host, u.nodename), "gethostname == uname nodename");
	errno = 0;
	check(gethostname(host, 1) == -1 && errno == ENAMETOOLONG,
	      "gethostname into a 1-byte buffer: ENAMETOOLONG");
	check(getdomainname(dom, sizeof(dom)) == 0 && !strcmp(dom, u.domainname),
	      "getdomainname == uname domainname");
	fd = open("/proc/sys/kernel/hostname", O_RDONLY);
	if (fd >= 0) {
		ssize_t n = read(fd, host, sizeof(host) - 1);

		host[n > 0 ? n - 1 : 0] = 0;
		check(!strcmp(host, u.nodename), "/proc/sys/kernel/hostname == nodename");
		close(fd);
	}
	check(sysinfo(&si) == 0 && si.uptime > 0 && si.totalram > 0 && si.procs > 0,
	      "sysinfo sane");
	check(getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur <= rl.rlim_max &&
	      rl.rlim_cur >= 3, "RLIMIT_NOFILE sane");
	check(prlimit(0, RLIMIT_NOFILE, NULL, &rl) == 0, "prlimit query");
	rl.rlim_cur = 3;
	check(setrlimit(RLIMIT_NOFILE, &rl) == 0, "lower RLIMIT_NOFILE to 3");
	errno = 0;
	check(dup(0) == -1 && errno == EMFILE, "dup beyond the limit: EMFILE");
	check(sysconf(_SC_NPROCESSORS_ONLN) >= 1, "at least one CPU online");
	check(getpagesize() == sysconf(_SC_PAGESIZE), "page size consistent");
	return t_done();
}
