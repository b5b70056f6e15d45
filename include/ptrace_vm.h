/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * PTRACE_VM: ptrace for syscall-virtualizing monitors.
 *
 * This is the user-space ABI of the PTRACE_VM host-kernel patch carried in
 * linux/.  The same header is used by the kernel patch (which copies it into
 * include/uapi/linux/ptrace.h), by umvm and by the UML skas patch.
 *
 * A tracer resumes a tracee with one of the four requests below.  The
 * request says where the tracee stops next (the "resume kind"): the next
 * syscall entry (PTRACE_VM, like PTRACE_SYSCALL), after one instruction
 * (PTRACE_VM_SINGLESTEP), after one block (PTRACE_VM_SINGLEBLOCK, where the
 * architecture has block stepping) or not at all (PTRACE_VM_CONT).
 *
 * The tags in @addr apply to the syscall at whose entry the tracee is
 * stopped, and only there:
 *   VM_SKIPCALL  the host does not run the syscall; the tracee sees the
 *                value the tracer left in the return register; no exit
 *                stop is reported for it.
 *   VM_SKIPEXIT  the host runs the syscall; its exit stop is not reported.
 * Tags given at any other kind of stop, and unknown tag bits, fail with
 * EINVAL.  @data is a signal number to deliver, as for the other resume
 * requests.  On a kernel without the patch every request fails with EIO.
 *
 * The numbers collide with no generic request of Linux 6.1 or of current
 * mainline (those end at PTRACE_SET_SYSCALL_INFO = 0x4212) and with no
 * architecture's own requests.
 */
#ifndef _UAPI_LINUX_PTRACE_VM_H
#define _UAPI_LINUX_PTRACE_VM_H

#define PTRACE_VM		0x4280
#define PTRACE_VM_SINGLESTEP	0x4281
#define PTRACE_VM_SINGLEBLOCK	0x4282
#define PTRACE_VM_CONT		0x4283

#define VM_SKIPCALL		0x1
#define VM_SKIPEXIT		0x2
#define VM_TAGS_MASK		(VM_SKIPCALL | VM_SKIPEXIT)

#endif /* _UAPI_LINUX_PTRACE_VM_H */
