// SPDX-License-Identifier: GPL-2.0
/*
 * sc: make raw syscalls from the command line and print their results,
 * for the sandbox tests (policy tables, injection, --deny-net).
 *
 * usage: sc CALL [, CALL]...
 *   CALL is NAME ARG...; NAME a syscall name from the table below or a
 *   number, "i386:NR" for a 32-bit int $0x80 call or "x32:NR" for an x32
 *   call (the number with bit 30 set).  ARG is a number
 *   (decimal, 0x.., or AT_FDCWD), "s:TEXT" (a pointer to TEXT), "buf"
 *   (a pointer to a zeroed 4 KiB buffer) or "u32:A,B..." (a pointer to
 *   an array of 32-bit numbers).
 * Prints one line per call: "NAME = VALUE" or "NAME = -1 ERRNAME".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

#define S(x)	{ #x, SYS_##x }
static const struct {
	const char *name;
	long nr;
} calls[] = {
	S(getpid), S(getppid), S(gettid), S(getuid), S(geteuid), S(getgid),
	S(getegid), S(setuid), S(setgid), S(setgroups), S(getgroups),
	S(capget), S(socket), S(socketpair), S(connect), S(open), S(openat),
	S(close), S(mkdir), S(rmdir), S(chdir), S(uname), S(kill),
	S(sched_yield), S(chown), S(chmod), S(mknod), S(umask), S(dup),
	S(pipe), S(getcwd), S(access), S(unlink), S(clock_getres),
};

static const struct {
	const char *name;
	int value;
} errs[] = {
#define E(x)	{ #x, x }
	E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(EBADF),
	E(EAGAIN), E(ENOMEM), E(EACCES), E(EFAULT), E(EBUSY), E(EEXIST),
	E(ENOTDIR), E(EISDIR), E(EINVAL), E(EMFILE), E(ENOSPC), E(EROFS),
	E(ENOSYS), E(ENOTEMPTY), E(ELOOP), E(EAFNOSUPPORT), E(EOPNOTSUPP),
	E(EPROTONOSUPPORT), E(ENOTSOCK), E(ECONNREFUSED), E(ENETUNREACH),
};

static long parse_arg(const char *a)
{
	char *end;
	long v;

	if (!strncmp(a, "s:", 2))
		return (long)(a + 2);
	if (!strcmp(a, "buf"))
		return (long)calloc(1, 4096);
	if (!strncmp(a, "u32:", 4)) {
		unsigned int *v32 = calloc(1024, sizeof(*v32));
		const char *p = a + 4;

		for (int i = 0; *p && i < 1024; i++) {
			v32[i] = strtoul(p, &end, 0);
			p = *end == ',' ? end + 1 : end;
		}
		return (long)v32;
	}
	if (!strcmp(a, "AT_FDCWD"))
		return AT_FDCWD;
	v = strtol(a, &end, 0);
	if (*end) {
		fprintf(stderr, "sc: bad argument '%s'\n", a);
		exit(2);
	}
	return v;
}

static long i386_call(long nr, long a, long b, long c)
{
	long ret;

	asm volatile("int $0x80"
		     : "=a"(ret)
		     : "a"(nr), "b"(a), "c"(b), "d"(c)
		     : "memory", "r8", "r9", "r10", "r11");
	return ret;
}

static void one(char **w, int n)
{
	long nr = -1, a[6] = { 0 }, r;
	int i386 = 0;
	char *end;

	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		if (!strcmp(calls[i].name, w[0]))
			nr = calls[i].nr;
	if (!strncmp(w[0], "i386:", 5)) {
		i386 = 1;
		nr = strtol(w[0] + 5, &end, 0);
	} else if (!strncmp(w[0], "x32:", 4)) {
		nr = strtol(w[0] + 4, &end, 0) | 0x40000000L;
	} else if (nr < 0) {
		nr = strtol(w[0], &end, 0);
		if (*end) {
			fprintf(stderr, "sc: unknown syscall '%s'\n", w[0]);
			exit(2);
		}
	}
	for (int i = 1; i < n && i <= 6; i++)
		a[i - 1] = parse_arg(w[i]);
	if (i386) {
		r = i386_call(nr, a[0], a[1], a[2]);
		if (r < 0 && r > -4096) {
			errno = -r;
			r = -1;
		}
	} else {
		r = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	}
	if (r == -1) {
		const char *e = NULL;

		for (size_t i = 0; i < sizeof(errs) / sizeof(errs[0]); i++)
			if (errs[i].value == errno)
				e = errs[i].name;
		if (e)
			printf("%s = -1 %s\n", w[0], e);
		else
			printf("%s = -1 errno %d\n", w[0], errno);
	} else if (nr == SYS_getpid || nr == SYS_getppid || nr == SYS_gettid) {
		/* pids differ from run to run */
		printf("%s = ok\n", w[0]);
	} else {
		printf("%s = %ld\n", w[0], r);
	}
	fflush(stdout);
}

int main(int argc, char **argv)
{
	int start = 1;

	if (argc < 2) {
		fprintf(stderr, "usage: sc CALL [, CALL]...\n");
		return 2;
	}
	for (int i = 1; i <= argc; i++) {
		if (i == argc || !strcmp(argv[i], ",")) {
			if (i > start)
				one(argv + start, i - start);
			start = i + 1;
		}
	}
	return 0;
}
