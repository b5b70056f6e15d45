// SPDX-License-Identifier: GPL-2.0
/*
 * io_uring: the open, socket and connect operations of a ring run in the
 * kernel, with no syscall a monitor sees.
 *   usage: uring open | socket
 */
#include <linux/io_uring.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include "escape.h"

#ifndef IORING_OP_SOCKET
#define IORING_OP_SOCKET	45
#endif

int main(int argc, char **argv)
{
	struct io_uring_params p;
	struct io_uring_sqe *sqes, *sqe;
	unsigned int *sq_tail, *sq_array, *cq_head, *cq_tail;
	struct io_uring_cqe *cqes;
	char *sq, *cq;
	int ring, res;
	const char *what = argc > 1 ? argv[1] : "";

	memset(&p, 0, sizeof(p));
	ring = syscall(SYS_io_uring_setup, 4, &p);
	if (ring < 0)
		blocked("io_uring_setup: %s", strerror(errno));
	sq = mmap(NULL, p.sq_off.array + p.sq_entries * 4,
		  PROT_READ | PROT_WRITE, MAP_SHARED, ring, IORING_OFF_SQ_RING);
	cq = mmap(NULL, p.cq_off.cqes + p.cq_entries * sizeof(*cqes),
		  PROT_READ | PROT_WRITE, MAP_SHARED, ring, IORING_OFF_CQ_RING);
	sqes = mmap(NULL, p.sq_entries * sizeof(*sqes), PROT_READ | PROT_WRITE,
		    MAP_SHARED, ring, IORING_OFF_SQES);
	if (sq == MAP_FAILED || cq == MAP_FAILED || sqes == MAP_FAILED)
		blocked("the ring could not be mapped");
	sq_tail = (unsigned int *)(sq + p.sq_off.tail);
	sq_array = (unsigned int *)(sq + p.sq_off.array);
	cq_head = (unsigned int *)(cq + p.cq_off.head);
	cq_tail = (unsigned int *)(cq + p.cq_off.tail);
	cqes = (struct io_uring_cqe *)(cq + p.cq_off.cqes);
	sqe = &sqes[0];
	memset(sqe, 0, sizeof(*sqe));
	if (!strcmp(what, "open")) {
		sqe->opcode = IORING_OP_OPENAT;
		sqe->fd = AT_FDCWD;
		sqe->addr = (unsigned long)env("SECRET");
		sqe->open_flags = O_RDONLY;
	} else {
		sqe->opcode = IORING_OP_SOCKET;
		sqe->fd = AF_INET;
		sqe->off = SOCK_STREAM;
	}
	sq_array[0] = 0;
	__atomic_store_n(sq_tail, 1, __ATOMIC_RELEASE);
	if (syscall(SYS_io_uring_enter, ring, 1, 1, IORING_ENTER_GETEVENTS,
		    NULL, 0) < 0)
		blocked("io_uring_enter failed");
	if (__atomic_load_n(cq_tail, __ATOMIC_ACQUIRE) == *cq_head)
		blocked("no completion");
	res = cqes[0].res;
	if (!strcmp(what, "open") && res >= 0 && is_secret(res))
		escaped("IORING_OP_OPENAT read the hidden file");
	if (strcmp(what, "open") && res >= 0)
		escaped("IORING_OP_SOCKET made an AF_INET socket");
	blocked("%s: %s", what, strerror(-res));
}
