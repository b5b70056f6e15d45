/* SPDX-License-Identifier: GPL-2.0 */
/* Raw clone(): CLONE_VM processes, CLONE_VFORK, SETTID/CLEARTID, and clone3. */
#include "tests.h"
#include <linux/futex.h>
#include <sched.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define STACK_SIZE (256 * 1024)

static volatile int shared;
static volatile pid_t ctid, ptid;

static int child_fn(void *arg)
{
	shared = (int)(long)arg;
	return 5;
}

static int thread_fn(void *arg)
{
	(void)arg;
	shared = 77;
	/* Raw syscalls only: this thread shares the parent's TLS. */
	syscall(SYS_exit, 0);
	return 0;
}

static char *new_stack(void)
{
	char *s = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);

	if (s == MAP_FAILED)
		t_fatal("mmap stack");
	return s + STACK_SIZE;
}

struct clone_args_v0 {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
	uint64_t stack, stack_size, tls;
};

int main(void)
{
	pid_t pid;
	int st;

	t_init();

	shared = 0;
	pid = clone(child_fn, new_stack(), CLONE_VM | SIGCHLD, (void *)11L);
	check(pid > 0, "clone(CLONE_VM|SIGCHLD)");
	check(waitpid(pid, &st, 0) == pid, "waitpid CLONE_VM child");
	printf("CLONE_VM child: %s\n", t_wstatus(st));
	check(shared == 11, "CLONE_VM child wrote shared memory");

	shared = 0;
	pid = clone(child_fn, new_stack(), CLONE_VM | CLONE_VFORK | SIGCHLD,
		    (void *)12L);
	check(shared == 12, "CLONE_VFORK: parent resumed after child exit");
	waitpid(pid, &st, 0);
	printf("CLONE_VFORK child: %s\n", t_wstatus(st));

	shared = 0;
	pid = clone(child_fn, new_stack(), SIGCHLD, (void *)13L);
	waitpid(pid, &st, 0);
	check(shared == 0, "clone without CLONE_VM: memory not shared");
	printf("plain clone child: %s\n", t_wstatus(st));

	/* A raw thread; wait for its exit through CLONE_CHILD_CLEARTID. */
	shared = 0;
	ctid = ptid = -1;
	pid = clone(thread_fn, new_stack(),
		    CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
		    CLONE_THREAD | CLONE_SYSVSEM | CLONE_PARENT_SETTID |
		    CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID,
		    NULL, (pid_t *)&ptid, NULL, (pid_t *)&ctid);
	check(pid > 0, "clone(CLONE_THREAD)");
	check(ptid == pid, "CLONE_PARENT_SETTID stored the tid");
	for (;;) {
		pid_t v = ctid;

		if (v == 0)
			break;
		syscall(SYS_futex, &ctid, FUTEX_WAIT, v, NULL, NULL, 0);
	}
	check(shared == 77, "raw thread ran and CLONE_CHILD_CLEARTID woke us");
	errno = 0;
	check(waitpid(-1, &st, WNOHANG | __WALL) == -1 && errno == ECHILD,
	      "a thread is not a waitable child");

#ifdef SYS_clone3
	{
		struct clone_args_v0 ca;
		long rc;

		memset(&ca, 0, sizeof(ca));
		ca.exit_signal = SIGCHLD;
		rc = syscall(SYS_clone3, &ca, sizeof(ca));
		if (rc == 0)
			_exit(23);
		if (rc < 0) {
			printf("clone3: %s\n", t_errname(errno));
		} else {
			waitpid(rc, &st, 0);
			printf("clone3 fork-like child: %s\n", t_wstatus(st));
		}
		errno = 0;
		rc = syscall(SYS_clone3, &ca, 8);
		check(rc == -1 && errno == EINVAL, "clone3 with a too small size: EINVAL");
	}
#endif
	return t_done();
}
