// SPDX-License-Identifier: GPL-2.0
/*
 * x86_64 register table: where the syscall number, arguments and result
 * live in struct user_regs_struct.
 */
#include <stddef.h>
#include <linux/audit.h>
#include "regs.h"

#define OFF(field)	offsetof(struct user_regs_struct, field)

const long regs_off_return = OFF(rax);
const long regs_off_syscall_nr = OFF(orig_rax);
const long regs_off_arg[6] = {
	OFF(rdi), OFF(rsi), OFF(rdx), OFF(r10), OFF(r8), OFF(r9),
};

/* The length of "syscall", "sysenter" and "int $0x80" alike. */
#define SYSCALL_INSN_LEN	2
/* The x32 ABI's calls have this bit set in their number. */
#define X32_SYSCALL_BIT		0x40000000L

long regs_syscall_nr(const struct host_regs *regs)
{
	/*
	 * The host dispatches on the low 32 bits, as an int (the entry code
	 * sign-extends eax): so must umvm, or a number with its upper bits
	 * set would be one call for umvm and another for the host.
	 */
	return (long)(int)regs->r.orig_rax;
}

unsigned long regs_arg(const struct host_regs *regs, int i)
{
	switch (i) {
	case 0: return regs->r.rdi;
	case 1: return regs->r.rsi;
	case 2: return regs->r.rdx;
	case 3: return regs->r.r10;
	case 4: return regs->r.r8;
	case 5: return regs->r.r9;
	default: return 0;
	}
}

void regs_set_arg(struct host_regs *regs, int i, unsigned long value)
{
	switch (i) {
	case 0: regs->r.rdi = value; break;
	case 1: regs->r.rsi = value; break;
	case 2: regs->r.rdx = value; break;
	case 3: regs->r.r10 = value; break;
	case 4: regs->r.r8 = value; break;
	case 5: regs->r.r9 = value; break;
	}
}

unsigned long regs_sp(const struct host_regs *regs)
{
	return regs->r.rsp;
}

long regs_return(const struct host_regs *regs)
{
	return (long)regs->r.rax;
}

void regs_set_return(struct host_regs *regs, long value)
{
	regs->r.rax = (unsigned long)value;
}

void regs_set_syscall_nr(struct host_regs *regs, long nr)
{
	regs->r.orig_rax = (unsigned long)nr;
}

int regs_abi(unsigned int audit_arch, long nr)
{
	switch (audit_arch) {
	case AUDIT_ARCH_X86_64:
		return nr >= 0 && (nr & X32_SYSCALL_BIT) ? ABI_X32 : ABI_NATIVE;
	case AUDIT_ARCH_I386:
		return ABI_I386;
	default:
		return ABI_UNKNOWN;
	}
}

long regs_abi_nr(int abi, long nr)
{
	return abi == ABI_X32 ? nr & ~X32_SYSCALL_BIT : nr;
}

void regs_rewind_syscall(struct host_regs *regs)
{
	regs->r.rip -= SYSCALL_INSN_LEN;
	regs->r.rax = regs->r.orig_rax;
}
