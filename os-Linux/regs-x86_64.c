// SPDX-License-Identifier: GPL-2.0
/*
 * x86_64 register table: where the syscall number, arguments and result
 * live in struct user_regs_struct.
 */
#include <stddef.h>
#include "regs.h"

#define OFF(field)	offsetof(struct user_regs_struct, field)

const long regs_off_return = OFF(rax);
const long regs_off_syscall_nr = OFF(orig_rax);
const long regs_off_arg[6] = {
	OFF(rdi), OFF(rsi), OFF(rdx), OFF(r10), OFF(r8), OFF(r9),
};

/* The length of "syscall", "sysenter" and "int $0x80" alike. */
#define SYSCALL_INSN_LEN	2
/* Code segment selector of 64-bit user code. */
#define USER64_CS		0x33

long regs_syscall_nr(const struct host_regs *regs)
{
	return (long)regs->r.orig_rax;
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

int regs_native_abi(const struct host_regs *regs)
{
	/* 32-bit code, and x32 calls, go through other tables. */
	return regs->r.cs == USER64_CS && !(regs->r.orig_rax & 0x40000000UL);
}

void regs_rewind_syscall(struct host_regs *regs)
{
	regs->r.rip -= SYSCALL_INSN_LEN;
	regs->r.rax = regs->r.orig_rax;
}
