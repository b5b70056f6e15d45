// SPDX-License-Identifier: GPL-2.0
/*
 * The PTRACE_VM conformance suite, in the order it runs (cases.h).  The
 * names and the order are the suite's output: the QEMU lane and CI
 * compare them, so a new case goes where it belongs and none is renamed.
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>

#include "../../include/ptrace_vm.h"
#include "cases.h"

#define ERESTARTSYS	512	/* kernel-internal, seen at exit stops */

/* The suite, in the order it runs */
const struct vm_case cases[] = {
	/*
	 * A kernel without PTRACE_VM: each of its requests fails with EIO, as
	 * any unknown request does, and leaves the tracee stopped and usable.
	 */
	{ "absent", body_getpid, .stock = true,
	  .steps = { { EVERY_VM, VM_SKIPCALL, .err = EIO } } },

	/* Unknown tag bits at a signal-delivery stop: EINVAL, EIO unpatched */
	{ "probe", body_getpid,
	  .steps = { { PTRACE_VM, 0x80, .err = EINVAL } } },

	/* No tag: the call runs and its exit stop is reported */
	{ "no_tag_exit_stop", body_getpid_getppid, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid), RET(-ENOSYS) },
		{ PTRACE_VM, EXIT(SYS_getpid), RET_PID },
		{ PTRACE_VM, ENTRY(SYS_getppid) },
		{ PTRACE_VM, EXIT(SYS_getppid), RET_PPID },
	} },

	/* SKIPCALL: not run, the tracee sees the tracer's value, next: entry */
	{ "skipcall_sets_return", body_getpid_fake, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ PTRACE_VM, VM_SKIPCALL, .set_ret = FAKE_RET,
		  ENTRY(SYS_exit_group), RET(-ENOSYS) },
	} },

	/* SKIPCALL with nothing written: the entry value, -ENOSYS on x86 */
	{ "skipcall_default_enosys", body_getpid_enosys, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid), RET(-ENOSYS) },
		{ PTRACE_VM, VM_SKIPCALL, ENTRY(SYS_exit_group) },
	} },

	/* SKIPCALL and SKIPEXIT together act as SKIPCALL */
	{ "skipcall_skipexit_both", body_getpid_fake, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ PTRACE_VM, VM_SKIPCALL | VM_SKIPEXIT, .set_ret = FAKE_RET,
		  ENTRY(SYS_exit_group) },
	} },

	/* SKIPEXIT: the call runs, no exit stop, next stop = next entry */
	{ "skipexit_runs_call", body_getpid_twice, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ PTRACE_VM, VM_SKIPEXIT, ENTRY(SYS_getpid), RET(-ENOSYS) },
		{ PTRACE_VM, EXIT(SYS_getpid), RET_PID },
		{ PTRACE_VM, ENTRY(SYS_exit_group) },
	} },

	/*
	 * The 2009 UML host probe: SKIPEXIT at getpid lands on pipe's entry,
	 * SKIPCALL at pipe leaves the fds untouched.
	 */
	{ "uml_probe_getpid_pipe", body_getpid_pipe, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ PTRACE_VM, VM_SKIPEXIT, ENTRY(SYS_pipe) },
		{ PTRACE_VM, VM_SKIPCALL, ENTRY(SYS_exit_group) },
	} },

	/* A skipped write leaves nothing in the pipe */
	{ "skipcall_write_no_side_effect", body_write_pipe,
	  .pipe = true, .pipe_left = 0, .steps = {
		{ TO_ENTRY, ENTRY(SYS_write) },
		{ PTRACE_VM, VM_SKIPCALL, ENTRY(SYS_ioctl) },
	} },

	/* Tags at a syscall-exit stop: EINVAL, nothing resumed */
	{ "tags_at_exit_stop_einval", body_getpid, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ PTRACE_VM, EXIT(SYS_getpid), .refuse = true },
		{ PTRACE_VM, ENTRY(SYS_exit_group) },
	} },

	/* Tags at a signal-delivery stop: EINVAL */
	{ "tags_at_signal_stop_einval", body_sigusr1, .steps = {
		{ AT_STOP, .refuse = true },	/* the initial SIGSTOP */
		{ TO_SIGNAL, SIGNAL(SIGUSR1), .refuse = true },
		{ PTRACE_VM, ENTRY(SYS_getppid) },	/* SIGUSR1 dropped */
	} },

	/* Tags at a group-stop: EINVAL */
	{ "tags_at_group_stop_einval", body_sigstop, .steps = {
		{ TO_SIGNAL, SIGNAL(SIGSTOP) },
		/* a group-stop */
		{ PTRACE_VM, 0, SIGSTOP, SIGNAL(SIGSTOP),
		  .group_stop = true, .refuse = true },
		{ PTRACE_VM, ENTRY(SYS_getppid) },
	} },

	/* Tags at a PTRACE_EVENT stop (exit event): EINVAL */
	{ "tags_at_event_stop_einval", body_getpid, PTRACE_O_TRACEEXIT,
	  .steps = {
		{ TO_ENTRY, ENTRY(SYS_exit_group) },
		{ PTRACE_VM, VM_SKIPEXIT, EVENT(PTRACE_EVENT_EXIT),
		  .refuse = true },
		{ PTRACE_VM, EXITED(0) },
	} },

	{ "tags_at_fork_event_einval", .fn = t_tags_at_fork_event_einval },

	{ "tags_at_interrupt_stop_einval",
	  .fn = t_tags_at_interrupt_stop_einval },

	/*
	 * Seccomp: the PTRACE_EVENT_SECCOMP stop is an event stop, tags there
	 * are EINVAL.  Tags given at the entry stop end at that stop: resuming
	 * it with PTRACE_VM reports the exit stop.
	 */
	{ "seccomp_stop_tags_einval", body_seccomp_getpid,
	  PTRACE_O_TRACESECCOMP, .seccomp = true,
	.steps = {
		{ TO_ENTRY, ENTRY(SYS_getpid) },
		{ PTRACE_VM, VM_SKIPEXIT, EVENT(PTRACE_EVENT_SECCOMP),
		  .nr = SYS_getpid, .refuse = true },
		{ PTRACE_VM, EXIT(SYS_getpid), RET_PID },
		{ PTRACE_VM, ENTRY(SYS_exit_group) },
	} },

	/* SKIPCALL at the entry stop: seccomp not consulted, no seccomp stop */
	{ "seccomp_skipcall_no_seccomp_stop", body_seccomp_getpid_enosys,
	  PTRACE_O_TRACESECCOMP, .seccomp = true,
	.steps = {
		{ TO_ENTRY, ENTRY(SYS_getpid) },
		{ PTRACE_VM, VM_SKIPCALL, ENTRY(SYS_exit_group) },
	} },

	/* Unknown bits: EINVAL from every request, even at an entry stop */
	{ "unknown_bits_einval", body_getpid, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ EVERY_VM, 0x4, .err = EINVAL },
		{ EVERY_VM, 0x8, .err = EINVAL },
		{ EVERY_VM, 0x80, .err = EINVAL },
		{ EVERY_VM, 0x80000000UL, .err = EINVAL },
		{ EVERY_VM, VM_SKIPCALL | 0x100, .err = EINVAL },
		{ EVERY_VM, ~0UL, .err = EINVAL },
		/* Nothing was applied: the call runs with its exit stop. */
		{ PTRACE_VM, EXIT(SYS_getpid), RET_PID },
	} },

	/* An invalid signal: EIO, checked before the tags */
	{ "bad_signal_eio", body_getpid, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ EVERY_VM, 0, 1000, .err = EIO },
		{ EVERY_VM, VM_SKIPCALL, _NSIG + 1, .err = EIO },
		{ EVERY_VM, 0x80, -1, .err = EIO },
		{ PTRACE_VM, EXIT(SYS_getpid) },
	} },

	/*
	 * Restart: SKIPEXIT on a read that a signal interrupts; the signal stop
	 * comes without an exit stop; the restarted read is a new syscall with
	 * its own entry stop, and the old tag does not carry over to it.
	 */
	{ "restart_does_not_carry_tags", body_read_pipe,
	  .pipe = true, .pipe_left = 0, .steps = {
		{ TO_ENTRY, ENTRY(SYS_read) },
		{ PTRACE_VM, VM_SKIPEXIT, .asleep = true, .interrupt = SIGUSR1,
		  SIGNAL(SIGUSR1), .refuse = true },
		/* SIGUSR1 dropped: the read restarts */
		{ PTRACE_VM, ENTRY(SYS_read) },
		{ PTRACE_VM, .feed = true, EXIT(SYS_read), RET(1) },
	} },

	/*
	 * Restart with SKIPCALL at the restarted entry: only that one is
	 * skipped, the byte stays in the pipe.
	 */
	{ "restart_skipcall", body_read_skipped,
	  .pipe = true, .pipe_left = 1, .steps = {
		{ TO_ENTRY, ENTRY(SYS_read) },
		{ PTRACE_VM, .asleep = true, .interrupt = SIGUSR1,
		  EXIT(SYS_read), RET(-ERESTARTSYS) },
		{ PTRACE_VM, SIGNAL(SIGUSR1) },
		{ PTRACE_VM, ENTRY(SYS_read) },
		{ PTRACE_VM, VM_SKIPCALL, .feed = true, .set_ret = 1,
		  ENTRY(SYS_exit_group) },
	} },

	/* Entry stop reached by PTRACE_SYSEMU, resumed by PTRACE_VM: tags */
	{ "sysemu_then_vm_runs_call", body_getpid, .steps = {
		{ PTRACE_SYSEMU, ENTRY(SYS_getpid) },
		{ PTRACE_VM, EXIT(SYS_getpid), RET_PID },
	} },

	{ "sysemu_then_vm_skipexit", body_getpid_twice, .steps = {
		{ PTRACE_SYSEMU, ENTRY(SYS_getpid) },
		{ PTRACE_VM, VM_SKIPEXIT, ENTRY(SYS_getpid) },
		{ PTRACE_VM, EXIT(SYS_getpid) },
	} },

	{ "sysemu_then_vm_skipcall", body_getpid_fake, .steps = {
		{ PTRACE_SYSEMU, ENTRY(SYS_getpid) },
		{ PTRACE_VM, VM_SKIPCALL, .set_ret = FAKE_RET,
		  ENTRY(SYS_exit_group) },
	} },

	/* Entry stop reached by PTRACE_VM, resumed by PTRACE_SYSEMU: stock */
	{ "vm_then_sysemu", body_getpid_then_getppid_enosys, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ PTRACE_SYSEMU, ENTRY(SYS_getppid) },
		{ PTRACE_SYSEMU, ENTRY(SYS_exit_group) },
		/* Reached under SYSEMU: a plain request would skip it too. */
		{ PTRACE_VM_CONT, EXITED(0) },
	} },

	/* Plain requests ignore @addr as they always did */
	{ "plain_syscall_ignores_addr", body_getpid, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ PTRACE_SYSCALL, VM_SKIPCALL, EXIT(SYS_getpid), RET_PID },
	} },

	{ "detach", .fn = t_detach },

	/* execve skipped: no exec happens, the tracee sees -ENOSYS */
	{ "execve_skipcall", body_execve_enosys, PTRACE_O_TRACEEXEC, .steps = {
		{ TO_ENTRY, ENTRY(SYS_execve) },
		{ PTRACE_VM, VM_SKIPCALL, ENTRY(SYS_exit_group) },
	} },

	/*
	 * execve with SKIPEXIT and PTRACE_O_TRACEEXEC: the exec event stop
	 * ends the tags; the exit stop is reported after it.
	 */
	{ "execve_skipexit_event", body_execve, PTRACE_O_TRACEEXEC,
	  .code = EXEC_CHILD_CODE, .steps = {
		{ TO_ENTRY, ENTRY(SYS_execve) },
		{ PTRACE_VM, VM_SKIPEXIT, EVENT(PTRACE_EVENT_EXEC),
		  .refuse = true },
		{ PTRACE_VM, EXIT(SYS_execve), RET(0) },
	} },

	/*
	 * execve with SKIPEXIT, no exec event: the legacy SIGTRAP comes, no
	 * exit stop before it.
	 */
	{ "execve_skipexit_legacy", body_execve, .code = EXEC_CHILD_CODE,
	  .steps = {
		{ TO_ENTRY, ENTRY(SYS_execve) },
		{ PTRACE_VM, VM_SKIPEXIT, SIGNAL(SIGTRAP), RET(0),
		  .refuse = true },
	} },

	/* A running tracee: ESRCH, whatever the tags */
	{ "esrch_not_stopped", body_pause, .kill = true, .steps = {
		{ PTRACE_CONT, .asleep = true },
		{ EVERY_VM, 0, .err = ESRCH },
		{ EVERY_VM, VM_SKIPCALL, .err = ESRCH },
		{ EVERY_VM, 0x80, .err = ESRCH },
	} },

	/* A process we do not trace: ESRCH */
	{ "esrch_not_tracer", NULL, .kill = true, .steps = {
		{ EVERY_VM, 0, .err = ESRCH },
		{ EVERY_VM, VM_SKIPEXIT, .err = ESRCH },
	} },

	/* VM_SINGLESTEP + SKIPCALL: not run, the step trap follows it */
	{ "singlestep_skipcall", body_getpid_fake, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ PTRACE_VM_SINGLESTEP, VM_SKIPCALL, .set_ret = FAKE_RET,
		  SIGNAL(SIGTRAP), RET(FAKE_RET), .same_ip = true },
	} },

	/* VM_SINGLESTEP + SKIPEXIT: the call runs, the step trap follows */
	{ "singlestep_skipexit", body_getpid, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ PTRACE_VM_SINGLESTEP, VM_SKIPEXIT, SIGNAL(SIGTRAP), RET_PID },
	} },

	/* VM_SINGLEBLOCK + SKIPCALL */
	{ "singleblock_skipcall", body_getpid_fake, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ PTRACE_VM_SINGLEBLOCK, VM_SKIPCALL, .set_ret = FAKE_RET,
		  SIGNAL(SIGTRAP), RET(FAKE_RET) },
	} },

	/* VM_CONT + SKIPCALL: skipped, then no more stops */
	{ "cont_skipcall", body_getpid_fake, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ PTRACE_VM_CONT, VM_SKIPCALL, .set_ret = FAKE_RET, EXITED(0) },
	} },

	/* VM_CONT without tags from the initial stop: no syscall stops */
	{ "cont_no_stops", body_getpid_twice,
	  .steps = { { PTRACE_VM_CONT, EXITED(0) } } },

	/* SKIPCALL never reaches the next, unrelated call */
	{ "skipcall_no_leak", body_getpid_getppid, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ PTRACE_VM, VM_SKIPCALL, ENTRY(SYS_getppid) },
		{ PTRACE_VM, EXIT(SYS_getppid), RET_PPID },
	} },

	/*
	 * The 2009 pitfall: a tag given with a resume that reports no exit
	 * stop (VM_CONT) must not suppress the exit stop of a later call
	 * reached after a signal stop and a plain PTRACE_SYSCALL.
	 */
	{ "cont_skipexit_no_leak", body_sigusr1, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ PTRACE_VM_CONT, VM_SKIPEXIT, SIGNAL(SIGUSR1) },
		{ PTRACE_SYSCALL, ENTRY(SYS_getppid) },
		{ PTRACE_SYSCALL, EXIT(SYS_getppid) },
	} },

	/* Same, with VM_SINGLESTEP + SKIPCALL, then plain syscall stops */
	{ "singlestep_skipcall_no_leak", body_getpid_twice, .steps = {
		{ PTRACE_VM, ENTRY(SYS_getpid) },
		{ PTRACE_VM_SINGLESTEP, VM_SKIPEXIT, SIGNAL(SIGTRAP) },
		{ PTRACE_SYSCALL, ENTRY(SYS_getpid) },
		{ PTRACE_SYSCALL, EXIT(SYS_getpid), RET_PID },
	} },
};

const int ncases = sizeof(cases) / sizeof(cases[0]);
