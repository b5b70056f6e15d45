// SPDX-License-Identifier: GPL-2.0
/*
 * The PTRACE_VM tests that need more than a script (cases.h): they follow
 * a second tracee, attach with PTRACE_SEIZE, or detach, and call the
 * tracer's helpers step by step.
 */
#include <errno.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "../../include/ptrace_vm.h"
#include "cases.h"
#include "harness.h"

/*
 * Tags at a fork event stop: EINVAL; the tags given at fork's entry end
 * there.  The new child starts without tags.
 */
void t_tags_at_fork_event_einval(void)
{
	static const struct vm_step to_fork_event[] = {
		{ TO_ENTRY, ENTRY(SYS_fork) },
		{ PTRACE_VM, VM_SKIPEXIT, EVENT(PTRACE_EVENT_FORK),
		  .refuse = true },
		{ 0 }
	};
	/* The child: auto-attached, in its initial SIGSTOP stop. */
	static const struct vm_step child_exits[] = {
		{ AT_STOP, .refuse = true },
		{ PTRACE_VM, ENTRY(SYS_exit_group) },
		{ 0 }
	};
	pid_t pid = spawn(body_fork, PTRACE_O_TRACEFORK);
	unsigned long child;
	struct stop st;

	play(pid, to_fork_event);
	ASSERT_OK(ptrace(PTRACE_GETEVENTMSG, pid, 0, &child));
	step(pid, PTRACE_VM, 0, 0, &st);
	EXPECT_EXIT(&st, SYS_fork);
	EXPECT_EQ(st.ret, (long)child);

	wait_stop(child, &st);
	expect_signal(&st, SIGSTOP);
	play(child, child_exits);
	ASSERT_EQ(finish(child), 0);
	ASSERT_EQ(finish(pid), 0);
}

/* Tags at a PTRACE_EVENT_STOP (PTRACE_SEIZE + PTRACE_INTERRUPT): EINVAL */
void t_tags_at_interrupt_stop_einval(void)
{
	pid_t pid = fork_pauser();
	struct stop st;

	ASSERT_OK(ptrace(PTRACE_SEIZE, pid, 0,
			 PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL));
	ASSERT_OK(ptrace(PTRACE_INTERRUPT, pid, 0, 0));
	wait_stop(pid, &st);
	ASSERT_EQ(st.kind, S_EVENT);
	ASSERT_EQ(st.event, PTRACE_EVENT_STOP);
	assert_tags_refused(pid);
	kill_tracee(pid);
}

/* DETACH at an entry stop after tagged calls: the tracee runs on normally */
void t_detach(void)
{
	static const struct vm_step to_getppid[] = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ PTRACE_VM, VM_SKIPEXIT, ENTRY(SYS_getppid) },
		{ 0 }
	};
	pid_t pid = spawn(body_getpid_getppid, 0);
	int status;

	play(pid, to_getppid);
	ASSERT_OK(ptrace(PTRACE_DETACH, pid, 0, 0));
	ASSERT_ERRNO(ptrace(PTRACE_VM, pid, 0, 0), ESRCH);
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(WEXITSTATUS(status), 0);
}
