/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A stopped guest thread's registers, as the host hands them over.
 *
 * Only os-Linux/regs-*.c looks inside; everyone else goes through the
 * accessors below, which are the per-host-arch register table.
 */
#ifndef UMVM_REGS_H
#define UMVM_REGS_H

#include <sys/user.h>

struct host_regs {
	struct user_regs_struct r;
};

long regs_syscall_nr(const struct host_regs *regs);
unsigned long regs_arg(const struct host_regs *regs, int i);
long regs_return(const struct host_regs *regs);
void regs_set_return(struct host_regs *regs, long value);
void regs_set_syscall_nr(struct host_regs *regs, long nr);
void regs_set_arg(struct host_regs *regs, int i, unsigned long value);
unsigned long regs_sp(const struct host_regs *regs);
/*
 * The syscall ABI a call came through.  Only the host kernel can tell:
 * an x86_64 process may use int $0x80 (i386) or set the x32 bit, and a
 * register or the instruction bytes may lie (os_syscall_abi()).
 */
enum sc_abi { ABI_NATIVE, ABI_I386, ABI_X32, ABI_UNKNOWN };
/* The ABI of call @nr from the AUDIT_ARCH_* value the kernel reports. */
int regs_abi(unsigned int audit_arch, long nr);
/* The number of call @nr within its ABI's table (x32: without the bit). */
long regs_abi_nr(int abi, long nr);
/*
 * Move the thread back onto the syscall instruction it just executed, with
 * the syscall number in place, so that resuming runs the call again.
 */
void regs_rewind_syscall(struct host_regs *regs);

/* Offsets of single registers for os_poke_reg(). */
extern const long regs_off_return;
extern const long regs_off_syscall_nr;
extern const long regs_off_arg[6];

/* Bytes below the stack pointer the ABI lets code use without moving it. */
#define REGS_RED_ZONE		128

/* The host's "skip this call" number and the number of a harmless call. */
#define REGS_NR_SKIP		(-1L)

#endif /* UMVM_REGS_H */
