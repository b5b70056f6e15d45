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

/* Offset of the high half of argument @i in struct seccomp_data. */
static unsigned int arg_hi(int i)
{
	return offsetof(struct seccomp_data, args) + 8 * i + 4;
}

/*
 * The body of a range rule: stop when an (address, length) pair may
 * touch the window; 8 instructions a pair, then allow.  A clobbers nr.
 */
static int emit_range_body(struct os_filter *f, const struct os_filter_range *r,
			   unsigned int hi, unsigned int trace)
{
	int e = 0;

	for (int k = 0; k < 2; k++) {
		if (r->addr[k] < 0)
			continue;
		e |= emit(f, BPF_LD | BPF_W | BPF_ABS, 0, 0, arg_hi(r->addr[k]));
		e |= emit(f, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, hi);
		e |= emit_ret(f, trace);
		e |= emit(f, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, hi - 1);
		e |= emit_ret(f, trace);
		e |= emit(f, BPF_LD | BPF_W | BPF_ABS, 0, 0, arg_hi(r->len[k]));
		e |= emit(f, BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 0);
		e |= emit_ret(f, trace);
	}
	e |= emit_ret(f, SECCOMP_RET_ALLOW);
	return e;
}

static int range_body_len(const struct os_filter_range *r)
{
	return 8 * ((r->addr[0] >= 0) + (r->addr[1] >= 0)) + 1;
}

int os_filter_build(struct os_filter *f, const struct os_filter_spec *spec)
{
	const unsigned int trace = SECCOMP_RET_TRACE | OS_FILTER_DATA;
	int (*stop)(long nr) = spec->stop;
	long max_nr = spec->max_nr;
	unsigned int hi = spec->window >> 32;
	int r = 0;

	f->len = 0;
	/* Another ABI (i386 through int $0x80): the monitor sees it. */
	r |= emit(f, BPF_LD | BPF_W | BPF_ABS, 0, 0,
		  offsetof(struct seccomp_data, arch));
	r |= emit(f, BPF_JMP | BPF_JEQ | BPF_K, 1, 0, AUDIT_ARCH_X86_64);
	r |= emit_ret(f, SECCOMP_RET_TRACE | OS_FILTER_DATA_I386);
	r |= emit(f, BPF_LD | BPF_W | BPF_ABS, 0, 0,
		  offsetof(struct seccomp_data, nr));
	/* x32 calls, and numbers with the top bits set: a stop. */
	r |= emit(f, BPF_JMP | BPF_JGE | BPF_K, 0, 1, X32_BIT);
	r |= emit_ret(f, SECCOMP_RET_TRACE | OS_FILTER_DATA_X32);
	if (all_in(stop, 0, max_nr, 1) && stop(max_nr)) {
		r |= emit_ret(f, trace);
		goto out;
	}
	/* Numbers beyond the table: as @stop says for them. */
	if (stop(max_nr)) {
		r |= emit(f, BPF_JMP | BPF_JGE | BPF_K, 0, 1, max_nr);
		r |= emit_ret(f, trace);
	}
	/* Calls that stop only for some arguments. */
	for (int i = 0; i < spec->nranges; i++) {
		const struct os_filter_range *rr = &spec->ranges[i];

		r |= emit(f, BPF_JMP | BPF_JEQ | BPF_K, 0, range_body_len(rr),
			  rr->nr);
		r |= emit_range_body(f, rr, hi, trace);
	}
	/* Runs of consecutive numbers to stop, each test jumping locally. */
	for (long lo = 0; lo < max_nr; lo++) {
		long hi_nr = lo;

		if (!stop(lo))
			continue;
		while (hi_nr + 1 < max_nr && stop(hi_nr + 1))
			hi_nr++;
		if (hi_nr == lo) {
			r |= emit(f, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, lo);
		} else {
			r |= emit(f, BPF_JMP | BPF_JGE | BPF_K, 0, 2, lo);
			r |= emit(f, BPF_JMP | BPF_JGT | BPF_K, 1, 0, hi_nr);
		}
		r |= emit_ret(f, trace);
		lo = hi_nr;
	}
	r |= emit_ret(f, SECCOMP_RET_ALLOW);
out:
	return r ? -E2BIG : 0;
}

static int may_touch(unsigned long addr, unsigned long len, unsigned long hi)
{
	return addr >> 32 == hi || addr >> 32 == hi - 1 || len >> 32;
}

int os_filter_stops(const struct os_filter_spec *spec, long nr,
		    const unsigned long args[6])
{
	unsigned long hi = spec->window >> 32;

	if (nr < 0 || nr >= (long)X32_BIT)
		return 1;
	if (spec->stop(nr < spec->max_nr ? nr : spec->max_nr))
		return 1;
	for (int i = 0; i < spec->nranges; i++) {
		const struct os_filter_range *rr = &spec->ranges[i];

		if (rr->nr != nr)
			continue;
		for (int k = 0; k < 2; k++)
			if (rr->addr[k] >= 0 &&
			    may_touch(args[(int)rr->addr[k]],
				      args[(int)rr->len[k]], hi))
				return 1;
	}
	return 0;
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
