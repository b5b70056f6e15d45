// SPDX-License-Identifier: GPL-2.0
/*
 * The scratch window: where rewritten arguments live while the host
 * kernel reads them.
 *
 * A path view hands the host other paths than the guest passed.  They
 * must sit in the guest's memory, since the host reads them from there;
 * if a guest thread could write them, it could swap a checked path for
 * another between umvm's check and the host's read.  So each guest
 * address space gets a window of SLOTS slots at the same address
 * (WINDOW), mapped read-only: umvm writes it through /proc/<pid>/mem,
 * which the host allows its tracer past the protection, and refuses the
 * calls that could make the window writable or put other memory there
 * (munmap, mprotect, pkey_mprotect, madvise, mremap, mmap with MAP_FIXED,
 * shmat with SHM_REMAP, userfaultfd).  Opening /proc/<pid>/mem for
 * writing is refused by the path layer (fs.c).
 *
 * The window is made lazily, by the first call in an address space that
 * needs it: umvm turns that call into the mmap (MAP_FIXED_NOREPLACE),
 * sees its exit, and moves the thread back onto its syscall instruction
 * with its own registers, so its own call comes again and finds the
 * window.  That costs two stops once per exec.
 *
 * Each call in flight takes a slot of its own for the length of the call,
 * so threads sharing the window do not overwrite each other's data.
 *
 * The same way umvm names a program after an exec (prctl(PR_SET_NAME)):
 * the host named it after the path umvm handed over (/proc/<umvm>/fd/N),
 * not the guest's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <linux/sched.h>
#include "dispatch.h"
#include "personality.h"
#include "scratch.h"
#include "os.h"
#include "umvm.h"

#define WINDOW		0x6d7600000000UL	/* far from brk, PIE, stacks */
#define SLOT_SIZE	(16 * 1024)
#define SLOTS		1024
#define WINDOW_SIZE	((unsigned long)SLOT_SIZE * SLOTS)

enum { MM_UNMAPPED, MM_UNKNOWN, MM_MAPPED, MM_FAILED };

struct gmm {
	int refs;
	int state;
	int inflight;		/* injected mmaps not back yet */
	int memfd;		/* /proc/<pid>/mem, or -1 */
	struct gmm *next;	/* all address spaces with a memfd open */
	unsigned long used[SLOTS / 64];
};

/* Calls umvm makes in a thread before its own (GT_INJECT). */
enum { INJ_NONE, INJ_WINDOW, INJ_COMM };

struct gscratch {
	struct gmm *mm;
	int slot;		/* slot of the call in flight + 1, or 0 */
	unsigned int used;	/* bytes of it used */
	int injecting;		/* INJ_*: the call umvm made */
	struct host_regs saved;	/* the guest's own call, to come again */
	char comm[16];		/* a name to set, or "" */
};

static int active;
static unsigned char wants[MAX_SYSCALL];
static struct gmm *with_fd;

unsigned long scratch_window(void)
{
	return active ? WINDOW : 0;
}

unsigned long scratch_window_end(void)
{
	return active ? WINDOW + WINDOW_SIZE : 0;
}

void scratch_want(long nr)
{
	if (nr >= 0 && nr < MAX_SYSCALL)
		wants[nr] = 1;
}

static struct gmm *mm_new(int state)
{
	struct gmm *mm = calloc(1, sizeof(*mm));

	if (!mm)
		die(EXIT_SETUP, "out of memory for a guest address space");
	mm->refs = 1;
	mm->state = state;
	mm->memfd = -1;
	return mm;
}

static void mm_close_fd(struct gmm *mm)
{
	struct gmm **p = &with_fd;

	if (mm->memfd < 0)
		return;
	os_mem_close(mm->memfd);
	mm->memfd = -1;
	while (*p && *p != mm)
		p = &(*p)->next;
	if (*p)
		*p = mm->next;
}

static void mm_put(struct gmm *mm)
{
	if (!mm || --mm->refs)
		return;
	mm_close_fd(mm);
	free(mm);
}

static void slot_release(struct gscratch *s)
{
	int i = s->slot - 1;

	if (!s->slot)
		return;
	s->mm->used[i / 64] &= ~(1UL << (i % 64));
	s->slot = 0;
}

/* Address spaces: a new thread or process, an exec, a thread gone. */
static void scratch_new_thread(struct gthread *child, struct gthread *parent,
			       unsigned long clone_flags)
{
	int shares_mm = !!(clone_flags & CLONE_VM);
	struct gscratch *s = calloc(1, sizeof(*s));
	struct gmm *pm = parent && parent->scr ? parent->scr->mm : NULL;

	if (!s)
		die(EXIT_SETUP, "out of memory for guest thread %d", child->tid);
	if (!pm) {
		s->mm = mm_new(MM_UNMAPPED);
	} else if (shares_mm) {
		s->mm = pm;
		pm->refs++;
	} else {
		/* A fork copies the window, if it was there. */
		int st = pm->state;

		if (st == MM_UNMAPPED && pm->inflight)
			st = MM_UNKNOWN;
		s->mm = mm_new(st == MM_FAILED ? MM_UNKNOWN : st);
	}
	child->scr = s;
}

static void scratch_exec(struct gthread *t)
{
	struct gscratch *s = t->scr;

	if (!s)
		return;
	/* The host read the old image's scratch long before this. */
	slot_release(s);
	mm_put(s->mm);
	s->mm = mm_new(MM_UNMAPPED);
}

void scratch_set_name(struct gthread *t, const char *comm)
{
	if (t->scr)
		snprintf(t->scr->comm, sizeof(t->scr->comm), "%s", comm);
}

static void scratch_thread_gone(struct gthread *t)
{
	struct gscratch *s = t->scr;

	if (!s)
		return;
	slot_release(s);
	if (s->injecting == INJ_WINDOW)
		s->mm->inflight--;
	mm_put(s->mm);
	free(s);
	t->scr = NULL;
}

/*
 * Is a window there that umvm may use?  A mapping at WINDOW that umvm
 * did not see made (a fork during the mmap, or the guest's own) is used
 * only when it is what umvm would have made: one private, anonymous,
 * read-only mapping of the whole window, which no guest thread can write
 * or replace while the guards hold.
 */
static int check_existing(struct gthread *t)
{
	int r = os_vma_private_ro(t->tid, WINDOW, WINDOW + WINDOW_SIZE);

	t->scr->mm->state = r == 1 ? MM_MAPPED : MM_FAILED;
	return t->scr->mm->state == MM_MAPPED;
}

/* Turn the call at t's entry into call @nr of umvm's (then restore). */
static void inject(struct gthread *t, int kind, long nr,
		   const unsigned long args[6])
{
	struct gscratch *s = t->scr;

	s->saved = t->regs;
	s->injecting = kind;
	regs_set_syscall_nr(&t->regs, nr);
	for (int i = 0; i < 6; i++)
		regs_set_arg(&t->regs, i, args[i]);
	t->flags |= GT_INJECT;
}

int scratch_prepare(struct gthread *t, int abi)
{
	long nr = regs_syscall_nr(&t->regs);
	struct gscratch *s = t->scr;
	struct gmm *mm;

	/*
	 * Not at a call a guest's tracer skipped (-1): made again after
	 * umvm's own, it would lose the result the tracer set.
	 */
	if (!active || !s || abi != ABI_NATIVE || (t->flags & GT_SETUP) ||
	    nr == REGS_NR_SKIP ||
	    !(s->comm[0] || (nr >= 0 && nr < MAX_SYSCALL && wants[nr])))
		return 0;
	mm = s->mm;
	if (mm->state == MM_UNKNOWN)
		check_existing(t);
	if (mm->state == MM_UNMAPPED) {
		const unsigned long args[6] = {
			WINDOW, WINDOW_SIZE, PROT_READ,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE |
			MAP_NORESERVE, (unsigned long)-1, 0,
		};

		mm->inflight++;
		inject(t, INJ_WINDOW, __NR_mmap, args);
		return 1;
	}
	if (s->comm[0]) {
		unsigned long args[6] = { PR_SET_NAME, 0, 0, 0, 0, 0 };

		args[1] = scratch_put(t, s->comm, strlen(s->comm) + 1);
		s->comm[0] = 0;
		if (!args[1])
			return 0;	/* no window: keep the host's name */
		inject(t, INJ_COMM, __NR_prctl, args);
		return 1;
	}
	return 0;
}

void scratch_injected(struct gthread *t, long ret)
{
	struct gscratch *s = t->scr;
	struct gmm *mm = s->mm;

	if (s->injecting == INJ_WINDOW) {
		mm->inflight--;
		if (ret == (long)WINDOW)
			mm->state = MM_MAPPED;
		else if (mm->state != MM_MAPPED && !mm->inflight)
			/* EEXIST: another thread's mmap won, or the guest's. */
			mm->state = ret == -EEXIST ? MM_UNKNOWN : MM_FAILED;
	}
	slot_release(s);
	s->injecting = INJ_NONE;
	t->regs = s->saved;
	regs_rewind_syscall(&t->regs);
	t->flags &= ~GT_INJECT;
}

/* /proc/<pid>/mem of @t's address space, kept open while it lives. */
static int mem_fd(struct gthread *t)
{
	struct gmm *mm = t->scr->mm;
	int fd;

	if (mm->memfd >= 0)
		return mm->memfd;
	fd = os_mem_open(t->tid);
	if (fd == -EMFILE || fd == -ENFILE) {
		/* Too many open: keep none but this one. */
		while (with_fd)
			mm_close_fd(with_fd);
		fd = os_mem_open(t->tid);
	}
	if (fd < 0)
		return fd;
	mm->memfd = fd;
	mm->next = with_fd;
	with_fd = mm;
	return fd;
}

uintptr_t scratch_put(struct gthread *t, const void *data, size_t len)
{
	struct gscratch *s = t->scr;
	struct gmm *mm = s ? s->mm : NULL;
	uintptr_t at;
	size_t off;
	int fd;

	if (!mm || mm->state != MM_MAPPED)
		return 0;
	if (!s->slot) {
		for (int i = 0; i < SLOTS && !s->slot; i++)
			if (!(mm->used[i / 64] & (1UL << (i % 64)))) {
				mm->used[i / 64] |= 1UL << (i % 64);
				s->slot = i + 1;
			}
		if (!s->slot)
			return 0;
		s->used = 0;
	}
	off = (s->used + 15) & ~15UL;
	if (len > SLOT_SIZE || off > SLOT_SIZE - len)
		return 0;
	at = WINDOW + (uintptr_t)(s->slot - 1) * SLOT_SIZE + off;
	fd = mem_fd(t);
	if (fd < 0 || os_mem_write(fd, at, data, len) < 0)
		return 0;
	s->used = off + len;
	return at;
}

void scratch_done(struct gthread *t)
{
	if (t->scr)
		slot_release(t->scr);
}

static int touches(unsigned long addr, unsigned long len)
{
	unsigned long end = addr + ((len + 4095) & ~4095UL);

	if (end < addr)
		return 1;	/* the host refuses it too */
	return addr < WINDOW + WINDOW_SIZE && end > WINDOW;
}

int scratch_holds(unsigned long addr, unsigned long len)
{
	return active && touches(addr, len);
}

void scratch_init(void)
{
	active = 1;
}

/*
 * The fallback where a call's data may be written too: the guest's
 * stack, below its red zone (the view's callers choose).
 */
static uintptr_t scratch;

void scratch_stack_reset(struct gthread *t)
{
	scratch = (regs_sp(&t->regs) - REGS_RED_ZONE) & ~15UL;
}

/* Copy @len bytes to the guest's scratch; its address, or 0. */
uintptr_t scratch_stack_put(struct gthread *t, const void *data, size_t len)
{
	uintptr_t at = (scratch - len) & ~15UL;

	if (os_write_mem(t->tid, at, data, len) != (ssize_t)len)
		return 0;
	scratch = at;
	return at;
}

/*
 * Every thread has its scratch record, with or without a view: the
 * window's guards (scratch-guard.c) are the view's.
 */
/* The exec'ing thread's window goes on in the leader's record. */
static void scratch_take_over(struct gthread *t, struct gthread *old)
{
	scratch_thread_gone(t);
	t->scr = old->scr;
	old->scr = NULL;
}

const struct personality scratch_personality = {
	.name = "scratch",
	.new_thread = scratch_new_thread,
	.exec = scratch_exec,
	.thread_gone = scratch_thread_gone,
	.replaced = scratch_take_over,
};
