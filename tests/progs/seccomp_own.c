/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest's own seccomp filters: ERRNO, TRAP and TRACE actions, two
 * stacked filters, inheritance by a thread, a child and an exec'd program.
 * Under umvm the guest's filters stack on the monitor's (seccomp backend)
 * or on none (other backends); either way the program sees what it sees
 * natively.
 */
#include "tests.h"
#include <pthread.h>
#include <sched.h>
#include <stddef.h>
#include <ucontext.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>

#define ALLOW	SECCOMP_RET_ALLOW
#define DENY(e)	(SECCOMP_RET_ERRNO | (e))

/* nr == @a ? @ra : nr == @b ? @rb : ... : allow, for native x86_64 calls. */
struct rule {
	int nr;
	unsigned int action;
};

static int install(const struct rule *rules, int n)
{
	struct sock_filter f[64];
	struct sock_fprog prog = { 0, f };
	int len = 0;

	f[len++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
				offsetof(struct seccomp_data, arch));
	f[len++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
				AUDIT_ARCH_X86_64, 1, 0);
	f[len++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, ALLOW);
	f[len++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
				offsetof(struct seccomp_data, nr));
	for (int i = 0; i < n; i++) {
		f[len++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
					rules[i].nr, 0, 1);
		f[len++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
					rules[i].action);
	}
	f[len++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, ALLOW);
	prog.len = len;
	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

static volatile int sigsys_nr = -1;

static void on_sigsys(int sig, siginfo_t *si, void *uc)
{
	ucontext_t *ctx = uc;

	(void)sig;
	sigsys_nr = si->si_syscall;
	ctx->uc_mcontext.gregs[REG_RAX] = 4242;
}

/* -errno of a raw call, or its result. */
static long raw(long nr, long a)
{
	long r = syscall(nr, a, 0, 0);

	return r < 0 ? -errno : r;
}

static void *thread_body(void *arg)
{
	(void)arg;
	return (void *)raw(SYS_getppid, 0);
}

int main(int argc, char **argv)
{
	static const struct rule first[] = {
		{ SYS_getppid, DENY(EACCES) },
		/* umvm's own filter stops this one (its affinity hook). */
		{ SYS_sched_getaffinity, DENY(E2BIG) },
		{ SYS_getpgid, SECCOMP_RET_TRAP },
		/* With no tracer asking for it, TRACE fails with ENOSYS. */
		{ SYS_getpriority, SECCOMP_RET_TRACE | 0x1234 },
	};
	static const struct rule second[] = {
		{ SYS_getsid, DENY(ESRCH) },
		{ SYS_getppid, DENY(EPERM) },
	};
	struct sigaction sa = { 0 };
	cpu_set_t set;
	pthread_t th;
	void *tr;
	int status;
	pid_t pid;

	t_init();
	if (argc > 1) {
		/* Exec'd by the test: filters survive execve. */
		check(raw(SYS_getppid, 0) == -EPERM, "after exec: getppid EPERM");
		check(raw(SYS_getsid, 0) == -ESRCH, "after exec: getsid ESRCH");
		check(getpid() > 0, "after exec: getpid allowed");
		return t_done();
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		t_skip("prctl(PR_SET_NO_NEW_PRIVS): %s", strerror(errno));
	if (install(first, 4) < 0) {
		if (errno == EINVAL || errno == ENOSYS)
			t_skip("no seccomp filters on this host");
		t_fatal("install the first filter");
	}
	check(1, "first filter installed");
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSYS, &sa, NULL);

	check(raw(SYS_getppid, 0) == -EACCES, "getppid: EACCES");
	check(raw(SYS_sched_getaffinity, 0) == -E2BIG,
	      "sched_getaffinity (raw): E2BIG");
	check(sched_getaffinity(0, sizeof(set), &set) == -1 && errno == E2BIG,
	      "sched_getaffinity (libc): E2BIG");
	check(raw(SYS_getpgid, 0) == 4242 && sigsys_nr == SYS_getpgid,
	      "getpgid: SIGSYS, handler's result");
	check(raw(SYS_getpriority, PRIO_PROCESS) == -ENOSYS,
	      "getpriority (RET_TRACE): ENOSYS");
	check(raw(SYS_getsid, 0) > 0, "getsid allowed");
	check(getuid() == geteuid(), "getuid allowed");

	if (install(second, 2) < 0)
		t_fatal("install the second filter");
	check(raw(SYS_getsid, 0) == -ESRCH, "stacked: getsid ESRCH");
	/* Both filters say ERRNO: the newer one's data wins. */
	check(raw(SYS_getppid, 0) == -EPERM, "stacked: getppid EPERM");
	check(raw(SYS_sched_getaffinity, 0) == -E2BIG,
	      "stacked: sched_getaffinity still E2BIG");

	if (pthread_create(&th, NULL, thread_body, NULL) != 0)
		t_fatal("pthread_create");
	pthread_join(th, &tr);
	check((long)tr == -EPERM, "thread inherits: getppid EPERM");

	pid = fork();
	if (pid < 0)
		t_fatal("fork");
	if (pid == 0)
		_exit(raw(SYS_getppid, 0) == -EPERM &&
		      raw(SYS_getpriority, PRIO_PROCESS) == -ENOSYS ? 0 : 1);
	check(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0, "child inherits both filters");

	pid = fork();
	if (pid < 0)
		t_fatal("fork");
	if (pid == 0) {
		execl("/proc/self/exe", argv[0], "exec", (char *)NULL);
		_exit(3);
	}
	check(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0, "exec'd program: filters kept");
	return t_done();
}
