/* SPDX-License-Identifier: GPL-2.0 */
/* mmap: anonymous, file-backed, mprotect, munmap, mremap, brk, sharing across fork. */
#include "tests.h"
#include <fcntl.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/wait.h>

int main(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	char *dir, path[4200], buf[64];
	unsigned char *p, *q, vec[4];
	int fd, st, i, ok;
	pid_t pid;
	void *brk0;

	t_init();

	/* anonymous private */
	p = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check(p != MAP_FAILED, "mmap anonymous 4 pages");
	check(((unsigned long)p & (pg - 1)) == 0, "mapping is page aligned");
	ok = 1;
	for (i = 0; i < 4 * pg; i++)
		if (p[i])
			ok = 0;
	check(ok, "anonymous memory is zero-filled");
	memset(p, 0xab, 4 * pg);
	check(p[4 * pg - 1] == 0xab, "anonymous memory writable");
	check(mincore(p, 4 * pg, vec) == 0 && (vec[0] & 1) && (vec[3] & 1),
	      "mincore: touched pages resident");
	check(mprotect(p + pg, pg, PROT_READ) == 0, "mprotect middle page read-only");
	check(p[pg] == 0xab, "read-only page still readable");
	check(munmap(p + 2 * pg, pg) == 0, "munmap third page");
	errno = 0;
	check(mincore(p + 2 * pg, pg, vec) == -1 && errno == ENOMEM, "mincore on the hole: ENOMEM");
	check(msync(p, pg, MS_SYNC) == 0, "msync anonymous");
	munmap(p, 4 * pg);
	errno = 0;
	check(mmap(NULL, pg, PROT_READ, MAP_PRIVATE, -1, 0) == MAP_FAILED && errno == EBADF,
	      "file mapping with fd -1: EBADF");
	errno = 0;
	check(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED &&
	      errno == EINVAL, "zero-length mmap: EINVAL");

	/* MAP_FIXED over an existing mapping */
	p = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 1;
	q = mmap(p, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	check(q == p && p[0] == 0, "MAP_FIXED replaces the old page");
	errno = 0;
	q = mmap(p, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	check(q == MAP_FAILED && errno == EEXIST, "MAP_FIXED_NOREPLACE on a used range: EEXIST");

	/* mremap */
	strcpy((char *)p, "mremap keeps contents");
	q = mremap(p, 2 * pg, 64 * pg, MREMAP_MAYMOVE);
	check(q != MAP_FAILED && !strcmp((char *)q, "mremap keeps contents"),
	      "mremap grow keeps contents");
	q[63 * pg] = 5;
	check(q[63 * pg] == 5, "grown part writable");
	munmap(q, 64 * pg);

	/* file-backed */
	dir = t_tmpdir();
	snprintf(path, sizeof(path), "%s/file", dir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, 2 * pg))
		t_fatal("create file");
	if (pwrite(fd, "from write()", 12, pg) != 12)
		t_fatal("pwrite");
	p = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	check(p != MAP_FAILED, "mmap file MAP_SHARED");
	check(!memcmp(p + pg, "from write()", 12), "write() visible through the mapping");
	memcpy(p, "from the mapping", 16);
	check(msync(p, pg, MS_SYNC) == 0, "msync");
	memset(buf, 0, sizeof(buf));
	check(pread(fd, buf, 16, 0) == 16 && !memcmp(buf, "from the mapping", 16),
	      "store visible through read()");
	q = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	q[0] = 'X';
	check(p[0] == 'f', "MAP_PRIVATE copy-on-write does not reach the file");
	munmap(q, pg);
	q = mmap(NULL, pg, PROT_READ, MAP_SHARED, fd, pg);
	check(q != MAP_FAILED && !memcmp(q, "from write()", 12), "mmap with a file offset");
	munmap(q, pg);
	close(fd);
	check(p[pg] == 'f', "mapping outlives close()");
	munmap(p, 2 * pg);
	t_rmtree(dir);

	/* sharing across fork */
	p = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	q = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = q[0] = 1;
	pid = fork();
	if (pid == 0) {
		p[0] = 2;
		q[0] = 2;
		_exit(p[0] + q[0]);
	}
	waitpid(pid, &st, 0);
	printf("fork child: %s\n", t_wstatus(st));
	check(p[0] == 2, "MAP_SHARED anonymous: child's store seen by parent");
	check(q[0] == 1, "MAP_PRIVATE anonymous: child's store not seen");

	/* parent and child ping-pong through shared memory */
	{
		volatile int *flag = (volatile int *)p;

		*flag = 0;
		pid = fork();
		if (pid == 0) {
			for (i = 0; i < 100; i++) {
				while (*flag != 2 * i + 1)
					sched_yield();
				*flag = 2 * i + 2;
			}
			_exit(0);
		}
		for (i = 0; i < 100; i++) {
			*flag = 2 * i + 1;
			while (*flag != 2 * i + 2)
				sched_yield();
		}
		waitpid(pid, &st, 0);
		check(*flag == 200, "100 ping-pongs through MAP_SHARED");
	}
	munmap(p, pg);
	munmap(q, pg);

	/* brk */
	brk0 = sbrk(0);
	check(sbrk(4 * pg) == brk0, "sbrk grows the heap");
	((char *)brk0)[4 * pg - 1] = 1;
	check(sbrk(0) == (char *)brk0 + 4 * pg, "new break");
	check(brk(brk0) == 0 && sbrk(0) == brk0, "brk shrinks it back");
	return t_done();
}
