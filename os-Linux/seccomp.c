// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's syscall filter: a classic BPF seccomp program that sends
 * the calls the monitor must see to the tracer (SECCOMP_RET_TRACE) and
 * lets every other call run with no stop at all.
 *
 * The program reads only the architecture and the syscall number, with
 * loads, compares and returns: the host can then precompute, per syscall
 * number, that a call is always allowed (the seccomp action cache of
 * Linux 5.11 and later) and skips the program for those calls.
 */
#include <errno.h>
#include <stddef.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include "os.h"

#define X32_BIT		0x40000000U

static int emit(struct os_filter *f, unsigned short code, unsigned char jt,
		unsigned char jf, unsigned int k)
{
	if (f->len >= OS_FILTER_MAX)
		return -E2BIG;
	f->insns[f->len++] = (struct sock_filter)BPF_JUMP(code, k, jt, jf);
	return 0;
}

static int emit_ret(struct os_filter *f, unsigned int action)
{
	return emit(f, BPF_RET | BPF_K, 0, 0, action);
}

/* Does @stop say yes to every number in [lo, hi)? */
static int all_in(int (*stop)(long nr), long lo, long hi, int want)
{
	for (long nr = lo; nr < hi; nr++)
		if (!!stop(nr) != want)
			return 0;
	return 1;
}

int os_filter_build(struct os_filter *f, int (*stop)(long nr), long max_nr)
{
	const unsigned int trace = SECCOMP_RET_TRACE | OS_FILTER_DATA;
	int r = 0;

	f->len = 0;
	/* Another ABI (i386 through int $0x80): the monitor sees it. */
	r |= emit(f, BPF_LD | BPF_W | BPF_ABS, 0, 0,
		  offsetof(struct seccomp_data, arch));
	r |= emit(f, BPF_JMP | BPF_JEQ | BPF_K, 1, 0, AUDIT_ARCH_X86_64);
	r |= emit_ret(f, trace);
	if (all_in(stop, 0, max_nr, 1) && stop(max_nr)) {
		r |= emit_ret(f, trace);
		goto out;
	}
	r |= emit(f, BPF_LD | BPF_W | BPF_ABS, 0, 0,
		  offsetof(struct seccomp_data, nr));
	/* x32 calls, and numbers with the top bits set: a stop. */
	r |= emit(f, BPF_JMP | BPF_JGE | BPF_K, 0, 1, X32_BIT);
	r |= emit_ret(f, trace);
	/* Numbers beyond the table: as @stop says for them. */
	if (stop(max_nr)) {
		r |= emit(f, BPF_JMP | BPF_JGE | BPF_K, 0, 1, max_nr);
		r |= emit_ret(f, trace);
	}
	/* Runs of consecutive numbers to stop, each test jumping locally. */
	for (long lo = 0; lo < max_nr; lo++) {
		long hi = lo;

		if (!stop(lo))
			continue;
		while (hi + 1 < max_nr && stop(hi + 1))
			hi++;
		if (hi == lo) {
			r |= emit(f, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, lo);
		} else {
			r |= emit(f, BPF_JMP | BPF_JGE | BPF_K, 0, 2, lo);
			r |= emit(f, BPF_JMP | BPF_JGT | BPF_K, 1, 0, hi);
		}
		r |= emit_ret(f, trace);
		lo = hi;
	}
	r |= emit_ret(f, SECCOMP_RET_ALLOW);
out:
	return r ? -E2BIG : 0;
}

int os_filter_install(const struct os_filter *f)
{
	struct sock_fprog prog = {
		.len = f->len,
		.filter = (struct sock_filter *)f->insns,
	};

	if (!syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog))
		return 0;
	if (errno != EACCES)
		return -errno;
	/*
	 * Without CAP_SYS_ADMIN a filter needs no_new_privs; only then is
	 * it set, since it changes what a setuid program does.
	 */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		return -errno;
	return 0;
}
