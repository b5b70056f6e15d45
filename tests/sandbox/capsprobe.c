// SPDX-License-Identifier: GPL-2.0
/*
 * capsprobe: walk through the kernel's credential rules (capabilities(7),
 * credentials(7), prctl(2)) and print what the kernel says at each step,
 * so that a run as real root and a run under `umvm run -0` can be
 * compared line by line.
 *
 * usage: capsprobe            every scenario, each in a child process
 *        capsprobe SCENARIO   one of them
 *        capsprobe show LABEL print the current credentials (used after
 *                             execve to see what it made of them)
 *
 * Must start as root (real or fake) with the full capability set; a
 * copy named capsprobe-suid (set-user-ID root) next to it is used by
 * the "suid" scenario when present.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <pthread.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/capability.h>
#include <linux/securebits.h>

static const char *self;
static int last_cap;

static uint64_t cap_bit(int c)
{
	return 1ULL << c;
}

static void result(const char *what, long r)
{
	if (r < 0)
		printf("%s = -1 %s\n", what, strerrorname_np(errno));
	else
		printf("%s = %ld\n", what, r);
}

#define CALL(what, expr)	result(what, (long)(expr))

static int capget3(pid_t pid, uint64_t *eff, uint64_t *prm, uint64_t *inh)
{
	struct __user_cap_header_struct h = {
		_LINUX_CAPABILITY_VERSION_3, pid
	};
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d) < 0)
		return -1;
	*eff = d[0].effective | (uint64_t)d[1].effective << 32;
	*prm = d[0].permitted | (uint64_t)d[1].permitted << 32;
	*inh = d[0].inheritable | (uint64_t)d[1].inheritable << 32;
	return 0;
}

static long capset3(uint64_t eff, uint64_t prm, uint64_t inh)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2] = {
		{ (uint32_t)eff, (uint32_t)prm, (uint32_t)inh },
		{ eff >> 32, prm >> 32, inh >> 32 },
	};

	return syscall(SYS_capset, &h, d);
}

/* The credentials as the syscalls and /proc/self/status show them. */
static void show(const char *label)
{
	uid_t u[3];
	gid_t g[3], groups[64];
	uint64_t eff = 0, prm = 0, inh = 0, bnd = 0, amb = 0;
	char line[512];
	FILE *f;
	int n;

	getresuid(&u[0], &u[1], &u[2]);
	getresgid(&g[0], &g[1], &g[2]);
	n = getgroups(64, groups);
	capget3(0, &eff, &prm, &inh);
	for (int c = 0; c <= last_cap; c++) {
		if (prctl(PR_CAPBSET_READ, c) == 1)
			bnd |= cap_bit(c);
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, c, 0, 0) == 1)
			amb |= cap_bit(c);
	}
	printf("[%s] uid %u %u %u gid %u %u %u fsuid %d fsgid %d groups",
	       label, u[0], u[1], u[2], g[0], g[1], g[2],
	       (int)syscall(SYS_setfsuid, -1), (int)syscall(SYS_setfsgid, -1));
	for (int i = 0; i < n; i++)
		printf(" %u", groups[i]);
	printf("\n[%s] eff %016llx prm %016llx inh %016llx bnd %016llx "
	       "amb %016llx\n", label, (unsigned long long)eff,
	       (unsigned long long)prm, (unsigned long long)inh,
	       (unsigned long long)bnd, (unsigned long long)amb);
	printf("[%s] securebits %#x keepcaps %d no_new_privs %d\n", label,
	       prctl(PR_GET_SECUREBITS), prctl(PR_GET_KEEPCAPS),
	       prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	f = fopen("/proc/self/status", "r");
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "Uid:", 4) || !strncmp(line, "Gid:", 4) ||
		    !strncmp(line, "Groups:", 7) || !strncmp(line, "Cap", 3) ||
		    !strncmp(line, "NoNewPrivs:", 11))
			printf("[%s] status %s", label, line);
	if (f)
		fclose(f);
	fflush(stdout);
}

/* execve ourselves (or @prog) to show what the exec made of the ids. */
static void exec_show(const char *prog, const char *label)
{
	fflush(stdout);
	execl(prog, "capsprobe", "show", label, (char *)NULL);
	printf("execl %s: %s\n", prog, strerrorname_np(errno));
	exit(1);
}

static void sc_setuid_nokeep(void)
{
	CALL("setresuid 1000 1000 1000", setresuid(1000, 1000, 1000));
	show("after");
	CALL("setuid 0", setuid(0));
	CALL("setgid 5", setgid(5));
	CALL("setgroups 0", setgroups(0, NULL));
	CALL("capset eff=all", capset3(~0ULL >> (63 - last_cap), 0, 0));
}

static void sc_keepcaps(void)
{
	uint64_t eff, prm, inh;

	CALL("prctl SET_KEEPCAPS 2", prctl(PR_SET_KEEPCAPS, 2));
	CALL("prctl SET_KEEPCAPS 1", prctl(PR_SET_KEEPCAPS, 1));
	CALL("prctl GET_KEEPCAPS", prctl(PR_GET_KEEPCAPS));
	CALL("setresuid 1000 1000 1000", setresuid(1000, 1000, 1000));
	show("kept");
	CALL("setresgid 1000 1000 1000 without effective",
	     setresgid(1000, 1000, 1000));
	capget3(0, &eff, &prm, &inh);
	CALL("capset eff=prm", capset3(prm, prm, inh));
	CALL("setresgid 1000 1000 1000", setresgid(1000, 1000, 1000));
	CALL("setgroups 0", setgroups(0, NULL));
	CALL("setresuid 0 0 0 with CAP_SETUID", setresuid(0, 0, 0));
	show("back");
	CALL("setresuid 1000 1000 1000", setresuid(1000, 1000, 1000));
	exec_show(self, "exec");
}

static void sc_seteuid(void)
{
	CALL("seteuid 1000", seteuid(1000));
	show("euid");
	CALL("setgid 7 without effective", setgid(7));
	CALL("seteuid 0", seteuid(0));
	show("root again");
	CALL("setreuid 1000 1000", setreuid(1000, 1000));
	show("setreuid");
}

static void sc_fsuid(void)
{
	CALL("setfsuid 1000", syscall(SYS_setfsuid, 1000));
	show("fsuid");
	CALL("setfsuid 0", syscall(SYS_setfsuid, 0));
	show("fsuid 0");
	CALL("setfsgid 33", syscall(SYS_setfsgid, 33));
	CALL("setfsgid -1", syscall(SYS_setfsgid, -1));
}

static void sc_capset(void)
{
	struct __user_cap_header_struct h = { 0x12345678, 0 };
	struct __user_cap_data_struct d[2];
	uint64_t eff, prm, inh, raw = cap_bit(CAP_NET_RAW);

	capget3(0, &eff, &prm, &inh);
	CALL("capget bad version", syscall(SYS_capget, &h, d));
	printf("version written back %#x\n", h.version);
	h.version = 0;
	CALL("capget version 0, NULL data", syscall(SYS_capget, &h, NULL));
	printf("version written back %#x\n", h.version);
	h.version = 0x12345678;
	CALL("capset bad version", syscall(SYS_capset, &h, d));
	h.version = _LINUX_CAPABILITY_VERSION_3;
	h.pid = 1;
	CALL("capset of pid 1", syscall(SYS_capset, &h, d));
	h.pid = -5;
	CALL("capget of pid -5", syscall(SYS_capget, &h, d));
	h.pid = getpid();
	CALL("capget of own pid", syscall(SYS_capget, &h, d));
	h.version = _LINUX_CAPABILITY_VERSION_1;
	h.pid = 0;
	CALL("capget v1", syscall(SYS_capget, &h, d));
	printf("v1 eff %08x\n", d[0].effective);
	CALL("capset drop net_raw", capset3(eff & ~raw, prm & ~raw, inh));
	CALL("capset raise net_raw again", capset3(eff, prm, inh));
	CALL("capset eff not in prm", capset3(eff, prm & ~raw, inh));
	CALL("capset inh += chown", capset3(eff & ~raw, prm & ~raw,
					   inh | cap_bit(CAP_CHOWN)));
	show("capset");
	CALL("capset drop setpcap", capset3(eff & ~raw & ~cap_bit(CAP_SETPCAP),
					   prm & ~raw & ~cap_bit(CAP_SETPCAP),
					   cap_bit(CAP_CHOWN)));
	CALL("capset inh += net_raw without setpcap",
	     capset3(0, 0, cap_bit(CAP_CHOWN) | raw));
	CALL("capset inh += kill without setpcap (in prm)",
	     capset3(0, prm & ~raw & ~cap_bit(CAP_SETPCAP),
		     cap_bit(CAP_CHOWN) | cap_bit(CAP_KILL)));
	CALL("capset all zero", capset3(0, 0, 0));
	show("empty");
	CALL("chown as root without CAP_CHOWN", chown(self, 1, 1));
	CALL("setuid 5 without CAP_SETUID", setuid(5));
}

static void sc_bounding(void)
{
	uint64_t eff, prm, inh;

	CALL("CAPBSET_READ chown", prctl(PR_CAPBSET_READ, CAP_CHOWN));
	CALL("CAPBSET_READ last", prctl(PR_CAPBSET_READ, last_cap));
	CALL("CAPBSET_READ last+1", prctl(PR_CAPBSET_READ, last_cap + 1));
	CALL("CAPBSET_READ -1", prctl(PR_CAPBSET_READ, -1));
	CALL("CAPBSET_DROP net_raw", prctl(PR_CAPBSET_DROP, CAP_NET_RAW));
	CALL("CAPBSET_DROP net_raw again", prctl(PR_CAPBSET_DROP, CAP_NET_RAW));
	CALL("CAPBSET_READ net_raw", prctl(PR_CAPBSET_READ, CAP_NET_RAW));
	show("dropped");
	capget3(0, &eff, &prm, &inh);
	CALL("capset drop setpcap from eff",
	     capset3(eff & ~cap_bit(CAP_SETPCAP), prm, inh));
	CALL("CAPBSET_DROP chown without setpcap",
	     prctl(PR_CAPBSET_DROP, CAP_CHOWN));
	exec_show(self, "exec");
}

static void sc_ambient(void)
{
	uint64_t eff, prm, inh, nbs = cap_bit(CAP_NET_BIND_SERVICE);

	CALL("AMBIENT_RAISE without inheritable",
	     prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE,
		   CAP_NET_BIND_SERVICE, 0, 0));
	CALL("AMBIENT bad op", prctl(PR_CAP_AMBIENT, 9, 0, 0, 0));
	CALL("AMBIENT_CLEAR_ALL with an argument",
	     prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 1, 0, 0));
	CALL("AMBIENT_IS_SET of last+1",
	     prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, last_cap + 1, 0, 0));
	capget3(0, &eff, &prm, &inh);
	CALL("capset inh = net_bind_service", capset3(eff, prm, nbs));
	CALL("AMBIENT_RAISE", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE,
				   CAP_NET_BIND_SERVICE, 0, 0));
	CALL("AMBIENT_IS_SET", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET,
				    CAP_NET_BIND_SERVICE, 0, 0));
	CALL("prctl SET_KEEPCAPS 1", prctl(PR_SET_KEEPCAPS, 1));
	CALL("setresuid 1000 1000 1000", setresuid(1000, 1000, 1000));
	show("ambient cleared by setuid");
	CALL("capset eff = inh = net_bind_service", capset3(nbs, prm, nbs));
	CALL("AMBIENT_RAISE as 1000", prctl(PR_CAP_AMBIENT,
					   PR_CAP_AMBIENT_RAISE,
					   CAP_NET_BIND_SERVICE, 0, 0));
	show("raised");
	exec_show(self, "exec keeps ambient");
}

static void sc_exec_root(void)
{
	uint64_t eff, prm, inh;

	capget3(0, &eff, &prm, &inh);
	CALL("capset inh = kill, prm without net_admin",
	     capset3(eff & ~cap_bit(CAP_NET_ADMIN),
		     prm & ~cap_bit(CAP_NET_ADMIN), cap_bit(CAP_KILL)));
	CALL("CAPBSET_DROP sys_chroot", prctl(PR_CAPBSET_DROP, CAP_SYS_CHROOT));
	CALL("prctl SET_KEEPCAPS 1", prctl(PR_SET_KEEPCAPS, 1));
	exec_show(self, "exec as root");
}

static void sc_exec_nonroot(void)
{
	CALL("setresuid 0 1000 1000", setresuid(0, 1000, 1000));
	show("ruid 0");
	if (fork() == 0)
		exec_show(self, "exec with ruid 0");
	wait(NULL);
	CALL("setresuid 1000 1000 1000", setresuid(1000, 1000, 1000));
	exec_show(self, "exec as 1000");
}

static void sc_securebits(void)
{
	CALL("SET_SECUREBITS bad bit", prctl(PR_SET_SECUREBITS, 1 << 20));
	CALL("SET_SECUREBITS keep_caps",
	     prctl(PR_SET_SECUREBITS, SECBIT_KEEP_CAPS));
	CALL("GET_KEEPCAPS", prctl(PR_GET_KEEPCAPS));
	CALL("SET_SECUREBITS no_setuid_fixup|keep_caps_locked",
	     prctl(PR_SET_SECUREBITS, SECBIT_NO_SETUID_FIXUP |
		   SECBIT_KEEP_CAPS_LOCKED));
	CALL("SET_KEEPCAPS 1 when locked", prctl(PR_SET_KEEPCAPS, 1));
	CALL("SET_SECUREBITS unlock", prctl(PR_SET_SECUREBITS,
					    SECBIT_NO_SETUID_FIXUP));
	CALL("setresuid 1000 1000 1000 (no fixup)",
	     setresuid(1000, 1000, 1000));
	show("no fixup");
	CALL("setresuid 0 0 0", setresuid(0, 0, 0));
	CALL("SET_SECUREBITS noroot|no_setuid_fixup|keep_caps_locked",
	     prctl(PR_SET_SECUREBITS, SECBIT_NOROOT | SECBIT_NO_SETUID_FIXUP |
		   SECBIT_KEEP_CAPS_LOCKED));
	exec_show(self, "exec with noroot");
}

static void sc_nnp(void)
{
	CALL("SET_NO_NEW_PRIVS 2", prctl(PR_SET_NO_NEW_PRIVS, 2, 0, 0, 0));
	CALL("GET_NO_NEW_PRIVS with an argument",
	     prctl(PR_GET_NO_NEW_PRIVS, 1, 0, 0, 0));
	CALL("SET_NO_NEW_PRIVS 1", prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	CALL("GET_NO_NEW_PRIVS", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	exec_show(self, "exec with no_new_privs");
}

/* A set-user-ID root copy of us, run by uid 1000, with and without nnp. */
static void sc_suid(void)
{
	char prog[4096];

	snprintf(prog, sizeof(prog), "%s-suid", self);
	if (access(prog, F_OK)) {
		printf("no %s\n", prog);
		return;
	}
	CALL("setgroups 0", setgroups(0, NULL));
	CALL("setresgid 1000 1000 1000", setresgid(1000, 1000, 1000));
	CALL("setresuid 1000 1000 1000", setresuid(1000, 1000, 1000));
	if (fork() == 0)
		exec_show(prog, "set-user-ID root");
	wait(NULL);
	CALL("SET_NO_NEW_PRIVS 1", prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	exec_show(prog, "set-user-ID root with no_new_privs");
}

/* Credentials are per thread: a thread's own change, then its exec. */
static void *thread_exec(void *arg)
{
	(void)arg;
	CALL("setresuid 1000 1000 1000 in a thread",
	     syscall(SYS_setresuid, 1000, 1000, 1000));
	exec_show(self, "exec from a thread");
	return NULL;
}

static void sc_thread(void)
{
	pthread_t th;

	pthread_create(&th, NULL, thread_exec, NULL);
	pthread_join(th, NULL);
}

static const struct {
	const char *name;
	void (*fn)(void);
} scenarios[] = {
	{ "setuid-nokeep", sc_setuid_nokeep },
	{ "keepcaps", sc_keepcaps },
	{ "seteuid", sc_seteuid },
	{ "fsuid", sc_fsuid },
	{ "capset", sc_capset },
	{ "bounding", sc_bounding },
	{ "ambient", sc_ambient },
	{ "exec-root", sc_exec_root },
	{ "exec-nonroot", sc_exec_nonroot },
	{ "securebits", sc_securebits },
	{ "nnp", sc_nnp },
	{ "suid", sc_suid },
	{ "thread", sc_thread },
};

int main(int argc, char **argv)
{
	FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "r");

	if (!f || fscanf(f, "%d", &last_cap) != 1)
		last_cap = CAP_LAST_CAP;
	if (f)
		fclose(f);
	self = argv[0];
	/*
	 * How many supplementary groups root has depends on how it was
	 * started (a login has 0, a container often none): start from none.
	 */
	if (argc < 3)
		setgroups(0, NULL);
	if (argc == 3 && !strcmp(argv[1], "show")) {
		show(argv[2]);
		return 0;
	}
	if (argc == 1)
		show("start");
	for (size_t i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++) {
		int st;

		if (argc > 1 && strcmp(argv[1], scenarios[i].name))
			continue;
		printf("== %s\n", scenarios[i].name);
		fflush(stdout);
		if (fork() == 0) {
			scenarios[i].fn();
			fflush(stdout);
			_exit(0);
		}
		wait(&st);
		printf("== %s: status %d\n", scenarios[i].name, st);
	}
	return 0;
}
