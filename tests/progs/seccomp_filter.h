/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pieces of the small seccomp filters that the test programs (and
 * tests/ptrace_vm) install: a filter starts with FILTER_X86_64(), then
 * compares the syscall number in the accumulator.  Header only, so that
 * every program stays one file.
 */
#ifndef UMVM_TESTS_SECCOMP_FILTER_H
#define UMVM_TESTS_SECCOMP_FILTER_H

#include <stddef.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

/* Another architecture's call gets @other; else load the syscall number. */
#define FILTER_X86_64(other)						\
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS,				\
		 offsetof(struct seccomp_data, arch)),			\
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),	\
	BPF_STMT(BPF_RET | BPF_K, (other)),				\
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS,				\
		 offsetof(struct seccomp_data, nr))

/* Syscall @nr gets @action; the others go on to the next statement. */
#define FILTER_CALL(nr, action)						\
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1),		\
	BPF_STMT(BPF_RET | BPF_K, (action))

#define FILTER_RET(action)	BPF_STMT(BPF_RET | BPF_K, (action))

#endif /* UMVM_TESTS_SECCOMP_FILTER_H */
