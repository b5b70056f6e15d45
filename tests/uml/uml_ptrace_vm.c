// SPDX-License-Identifier: GPL-2.0
/*
 * PTRACE_VM as offered by the UML guest kernel to its own tracers (patch
 * 0002), checked without PTRACE_GET_SYSCALL_INFO, which UML lacks: stops
 * are told apart by orig_rax and by what the child did.  x86_64 only.
 * Prints one "ok"/"not ok" line per check and "uml_ptrace_vm: all passed"
 * at the end; exits 0, 1 on a failure, 77 when PTRACE_VM is missing.
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../include/ptrace_vm.h"

#define ORIG_RAX offsetof(struct user_regs_struct, orig_rax)
#define RAX offsetof(struct user_regs_struct, rax)

static int failed;

static void check(int cond, const char *what)
{
	printf("%s %s\n", cond ? "ok" : "not ok", what);
	if (!cond)
		failed = 1;
}

static long vm(long req, pid_t pid, unsigned long tags)
{
	return ptrace(req, pid, (void *)tags, NULL) ? errno : 0;
}

/* Wait for a syscall stop and return orig_rax, -1 for anything else. */
static long wait_sc(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status) ||
	    WSTOPSIG(status) != (SIGTRAP | 0x80))
		return -1;
	return ptrace(PTRACE_PEEKUSER, pid, (void *)ORIG_RAX, NULL);
}

static void child(int fd)
{
	long me = syscall(SYS_getpid), r;

	syscall(SYS_kill, me, SIGSTOP);
	/* 1: skipped, the tracer supplies the result */
	r = syscall(SYS_getppid);
	/* 2: runs, no exit stop */
	syscall(SYS_write, fd, &r, sizeof(r));
	/* 3: runs, exit stop */
	syscall(SYS_getpid);
	/* 4: skipped with the default result */
	r = syscall(SYS_write, fd, "zzzzzzzz", 8);
	if (r == -1)
		r = -errno;
	syscall(SYS_write, fd, &r, sizeof(r));
	syscall(SYS_exit_group, 0);
}

int main(void)
{
	int fds[2], status;
	long r, val[2];
	pid_t pid;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (pipe(fds))
		return 1;
	pid = fork();
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		child(fds[1]);
	}
	close(fds[1]);
	if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status))
		return 1;
	ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)PTRACE_O_TRACESYSGOOD);

	r = vm(PTRACE_VM, pid, 0x80000000UL);
	if (r == EIO) {
		printf("uml_ptrace_vm: SKIP this kernel has no PTRACE_VM\n");
		kill(pid, SIGKILL);
		return 77;
	}
	check(r == EINVAL, "unknown tag bits: EINVAL");
	check(vm(PTRACE_VM, pid, VM_SKIPCALL) == EINVAL,
	      "tags at a signal stop: EINVAL");

	check(vm(PTRACE_VM, pid, 0) == 0 && wait_sc(pid) == SYS_getppid,
	      "PTRACE_VM stops at the entry of getppid");
	check(vm(PTRACE_VM, pid, 4) == EINVAL,
	      "unknown tag at an entry stop: EINVAL, still stopped");
	ptrace(PTRACE_POKEUSER, pid, (void *)RAX, (void *)12345L);
	check(vm(PTRACE_VM, pid, VM_SKIPCALL) == 0 &&
	      wait_sc(pid) == SYS_write,
	      "VM_SKIPCALL: no exit stop, next stop is write's entry");
	check(vm(PTRACE_VM, pid, VM_SKIPEXIT) == 0 &&
	      wait_sc(pid) == SYS_getpid,
	      "VM_SKIPEXIT: no exit stop, next stop is getpid's entry");
	check(read(fds[0], &val[0], sizeof(long)) == sizeof(long) &&
	      val[0] == 12345, "skipped getppid returned the tracer's value");
	check(vm(PTRACE_VM, pid, 0) == 0 && wait_sc(pid) == SYS_getpid &&
	      ptrace(PTRACE_PEEKUSER, pid, (void *)RAX, NULL) == pid,
	      "no tag: exit stop with the call's result");
	check(vm(PTRACE_VM, pid, VM_SKIPCALL) == EINVAL,
	      "tags at an exit stop: EINVAL");
	check(vm(PTRACE_VM, pid, 0) == 0 && wait_sc(pid) == SYS_write,
	      "next entry: write");
	check(vm(PTRACE_VM_CONT, pid, VM_SKIPCALL) == 0,
	      "PTRACE_VM_CONT with VM_SKIPCALL");
	check(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0, "PTRACE_VM_CONT: no more stops");
	r = read(fds[0], val, sizeof(val));
	if (r != sizeof(long) || val[0] != -ENOSYS)
		printf("# read %ld bytes, first word %ld\n", r, val[0]);
	check(r == sizeof(long) && val[0] == -ENOSYS,
	      "skipped write: nothing written, -ENOSYS returned");

	printf("uml_ptrace_vm: %s\n", failed ? "FAILED" : "all passed");
	return failed;
}
