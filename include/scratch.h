/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scratch memory for rewritten arguments (arch-um/scratch.c).
 *
 * When umvm replaces a path, a socket address or a struct the host kernel
 * reads from guest memory, the replacement must stay as umvm checked it
 * until the kernel has read it.  So it lives in a window that umvm maps
 * read-only in each guest address space and writes through
 * /proc/<pid>/mem; guest threads cannot write it, and the calls that
 * could unmap, remap or unprotect it are refused while a view is on.
 */
#ifndef UMVM_SCRATCH_H
#define UMVM_SCRATCH_H

#include <stddef.h>
#include <stdint.h>
#include "guest.h"

/* Where the window lies in every guest process (4 GiB aligned), or 0. */
unsigned long scratch_window(void);
unsigned long scratch_window_end(void);
/* 1 when [addr, addr + len) touches the window (a guest may not write). */
int scratch_holds(unsigned long addr, unsigned long len);
/* Turn the window on (path views; the guards' init, scratch-guard.c). */
void scratch_init(void);
/* Syscall @nr (x86_64) puts data in the window: it must be mapped first. */
void scratch_want(long nr);

/*
 * At an entry stop, before dispatch: 1 when the thread's address space
 * has no window yet and the call needs one.  Then t->regs were turned
 * into the mmap that makes it (GT_INJECT): the loop writes them and runs
 * that call to its exit, where scratch_injected() puts the guest's own
 * call back (t->regs, to be written), to come again.
 */
int scratch_prepare(struct gthread *t, int abi);
void scratch_injected(struct gthread *t, long ret);

/*
 * Copy @len bytes into the window for the call in flight; their guest
 * address, or 0 when they do not fit or cannot be written (the caller
 * fails the call).  Released when the call is done.
 */
uintptr_t scratch_put(struct gthread *t, const void *data, size_t len);
/* The call in flight is over: release its slot. */
void scratch_done(struct gthread *t);

/*
 * After an exec through a path umvm handed over: give the program the
 * name @comm (/proc/pid/comm) the host would have given it, with a
 * prctl umvm makes in the thread at its next stop for a call.
 */
void scratch_set_name(struct gthread *t, const char *comm);

/*
 * Room on the guest's stack below its red zone for the strings and
 * arrays a rewritten call points at, for the length of the call: reset
 * at each entry, then put; 0 when the guest's memory cannot be written.
 */
void scratch_stack_reset(struct gthread *t);
uintptr_t scratch_stack_put(struct gthread *t, const void *data, size_t len);

#endif /* UMVM_SCRATCH_H */
