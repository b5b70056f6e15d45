/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A guest filter with a default action for the numbers it does not
 * know, as libseccomp builds them: past the table (x32 numbers, and -1,
 * which libseccomp hands to the default action since 2.4) it refuses
 * with EPERM (Docker's default profile) or kills (systemd's).  Natively
 * only a tracer's skip makes a call -1.
 *
 * umvm skips the calls it emulates; the guest's filter must not see that
 * skip as a call of its own, or an emulated result turns into EPERM, or
 * the process dies.  Under a path view (tests/run.sh with UMVM_RUN_OPTS=
 * "-r /") a path in a missing directory is such a call: ENOENT without
 * the host.  Also with a tracer that stops the child at every syscall
 * (PTRACE_SYSCALL), where umvm emulates at the syscall-entry stop.
 */
#include "tests.h"
#include "seccomp_filter.h"
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#define MISSING	"/umvm-no-such-dir/no-such-file"

static int install(unsigned int deflt)
{
	struct sock_filter f[] = {
		FILTER_X86_64(SECCOMP_RET_KILL_PROCESS),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, deflt),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(f) / sizeof(f[0]), f };

	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

/* The calls: each must fail with ENOENT, whoever decides it. */
static void calls(const char *who)
{
	struct stat st;

	errno = 0;
	check(access(MISSING, F_OK) < 0 && errno == ENOENT,
	      "%s: access of a missing path: ENOENT", who);
	errno = 0;
	check(stat(MISSING, &st) < 0 && errno == ENOENT,
	      "%s: stat of a missing path: ENOENT", who);
	errno = 0;
	check(open(MISSING, O_RDONLY) < 0 && errno == ENOENT,
	      "%s: open of a missing path: ENOENT", who);
	check(access("/", F_OK) == 0, "%s: access of /", who);
	check(getppid() > 0, "%s: getppid", who);
}

/* Run @who's calls in a child with a filter that kills; its status. */
static int child_status(const char *who, int traced)
{
	int status, stops = 0;
	pid_t pid = fork();

	if (pid < 0)
		t_fatal("fork");
	if (pid == 0) {
		if (traced && (ptrace(PTRACE_TRACEME, 0, 0, 0) < 0 ||
			       raise(SIGSTOP) < 0))
			_exit(3);
		if (install(SECCOMP_RET_KILL_PROCESS) < 0)
			_exit(errno == EINVAL || errno == ENOSYS ? 77 : 2);
		calls(who);
		_exit(t_done());
	}
	for (;;) {
		if (waitpid(pid, &status, 0) != pid)
			t_fatal("waitpid");
		if (!WIFSTOPPED(status))
			break;
		stops++;
		if (ptrace(PTRACE_SYSCALL, pid, 0, 0) < 0)
			t_fatal("PTRACE_SYSCALL");
	}
	if (traced)
		check(stops > 10, "%s: the tracer saw the calls", who);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 77)
		t_skip("no seccomp filters on this host");
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "%s: the child exits 0", who);
	if (WIFSIGNALED(status))
		printf("%s: the child died of signal %d\n", who,
		       WTERMSIG(status));
	return status;
}

int main(void)
{

	t_init();
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		t_skip("prctl(PR_SET_NO_NEW_PRIVS): %s", strerror(errno));
	/* Children with a filter that kills: they must live to exit 0. */
	child_status("kill filter", 0);
	child_status("kill filter, traced", 1);
	if (install(SECCOMP_RET_ERRNO | EPERM) < 0)
		t_fatal("install the filter");
	calls("EPERM filter");
	return t_done();
}
