/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The syscall table, generated from arch-um/syscalls.list.
 */
#ifndef UMVM_SYSENT_H
#define UMVM_SYSENT_H

#define SC_FILE		0x001
#define SC_DESC		0x002
#define SC_NET		0x004
#define SC_PROC		0x008
#define SC_SIG		0x010
#define SC_IPC		0x020
#define SC_MEM		0x040
#define SC_CREDS	0x080
#define SC_TIME		0x100
#define SC_INFO		0x200
#define SC_SYNC		0x400
#define SC_OTHER	0x800
#define SC_PID		0x1000

/* Numbers of calls newer than the C library's headers (syscalls.list). */
#ifndef __NR_fchmodat2
#define __NR_fchmodat2	452
#endif

struct sysent {
	const char *name;
	unsigned char nargs;
	unsigned short classes;
};

/* Never NULL: numbers outside the table map to a placeholder row. */
const struct sysent *sysent_get(long nr);
/* The same for a call of ABI @abi (enum sc_abi of regs.h). */
const struct sysent *sysent_get_abi(int abi, long nr);
/* 1 when @e is the placeholder row of an unknown number. */
int sysent_unknown(const struct sysent *e);
/* The number of a syscall by name, or -1. */
long sysent_lookup(const char *name);
/* The SC_* flag of a class name ("file", "network"...), or 0. */
unsigned int sysent_class(const char *name);

#endif /* UMVM_SYSENT_H */
