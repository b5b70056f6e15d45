/* SPDX-License-Identifier: GPL-2.0 */
/* dup/dup2/dup3, fcntl, openat family, readlink, getcwd/chdir, stat, rename, unlink, in a temp dir. */
#include "tests.h"
#include <fcntl.h>
#include <limits.h>
#include <sys/uio.h>

int main(void)
{
	char *dir, cwd[PATH_MAX], buf[PATH_MAX], base[PATH_MAX];
	struct stat st, st2;
	struct iovec iov[3] = { { "ab", 2 }, { "cde", 3 }, { "f", 1 } };
	int fd, fd2, dfd, flags;
	ssize_t n;

	t_init();
	dir = t_tmpdir();
	/* the tmp path may contain symlinks: compare against its realpath */
	if (!realpath(dir, base))
		t_fatal("realpath");
	check(chdir(dir) == 0, "chdir into the temp dir");
	check(getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, base), "getcwd == temp dir");
	n = syscall(SYS_getcwd, buf, sizeof(buf));
	check(n == (ssize_t)strlen(base) + 1 && !strcmp(buf, base),
	      "raw getcwd returns length including NUL");
	errno = 0;
	check(!getcwd(buf, 2) && errno == ERANGE, "getcwd small buffer: ERANGE");

	/* files */
	fd = open("a.txt", O_RDWR | O_CREAT | O_EXCL, 0640);
	check(fd >= 0, "open O_CREAT|O_EXCL");
	errno = 0;
	check(open("a.txt", O_RDWR | O_CREAT | O_EXCL, 0640) == -1 && errno == EEXIST,
	      "O_EXCL on an existing file: EEXIST");
	check(write(fd, "0123456789", 10) == 10, "write 10 bytes");
	check(lseek(fd, 0, SEEK_CUR) == 10, "offset 10");
	check(fstat(fd, &st) == 0 && st.st_size == 10 && S_ISREG(st.st_mode) &&
	      (st.st_mode & 0777) == (0640 & ~022 & 0777), "fstat size/type/mode");
	check(writev(fd, iov, 3) == 6, "writev 6 bytes");
	memset(buf, 0, sizeof(buf));
	check(pread(fd, buf, 100, 8) == 8 && !strcmp(buf, "89abcdef"), "pread at offset 8");
	check(lseek(fd, 0, SEEK_CUR) == 16, "pread did not move the offset");

	/* dup family shares the offset, not the fd flags */
	fd2 = dup(fd);
	check(fd2 > fd, "dup returns a new fd");
	lseek(fd, 3, SEEK_SET);
	check(lseek(fd2, 0, SEEK_CUR) == 3, "dup shares the file offset");
	check(dup2(fd, 50) == 50, "dup2 to 50");
	check(dup2(50, 50) == 50, "dup2 to itself");
	check(dup3(fd, 51, O_CLOEXEC) == 51 && (fcntl(51, F_GETFD) & FD_CLOEXEC),
	      "dup3 O_CLOEXEC");
	errno = 0;
	check(dup3(51, 51, 0) == -1 && errno == EINVAL, "dup3 to itself: EINVAL");
	check(!(fcntl(50, F_GETFD) & FD_CLOEXEC), "dup2 clears FD_CLOEXEC");
	check(fcntl(fd, F_DUPFD, 60) == 60, "F_DUPFD >= 60");
	check(fcntl(fd, F_DUPFD_CLOEXEC, 60) == 61 && (fcntl(61, F_GETFD) & FD_CLOEXEC),
	      "F_DUPFD_CLOEXEC picks the next free fd");
	check(fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 && fcntl(fd, F_GETFD) == FD_CLOEXEC,
	      "F_SETFD/F_GETFD");
	flags = fcntl(fd, F_GETFL);
	check((flags & O_ACCMODE) == O_RDWR, "F_GETFL O_RDWR");
	check(fcntl(fd, F_SETFL, flags | O_APPEND) == 0 && (fcntl(fd2, F_GETFL) & O_APPEND),
	      "F_SETFL O_APPEND shared with the dup");
	check(write(fd2, "Z", 1) == 1 && lseek(fd, 0, SEEK_CUR) == 17, "O_APPEND write at the end");
	close(50);
	close(51);
	close(60);
	close(61);
	errno = 0;
	check(close(60) == -1 && errno == EBADF, "double close: EBADF");
	errno = 0;
	check(fcntl(60, F_GETFD) == -1 && errno == EBADF, "fcntl on a closed fd: EBADF");
	close(fd2);
	check(fsync(fd) == 0 && fdatasync(fd) == 0, "fsync/fdatasync");
	check(ftruncate(fd, 4) == 0 && fstat(fd, &st) == 0 && st.st_size == 4, "ftruncate 4");

	/* readlink on /proc/self/fd */
	snprintf(cwd, sizeof(cwd), "/proc/self/fd/%d", fd);
	n = readlink(cwd, buf, sizeof(buf) - 1);
	if (n >= 0) {
		buf[n] = 0;
		check(n > 6 && !strcmp(buf + n - 6, "/a.txt"), "readlink /proc/self/fd/N ends in /a.txt");
	}
	close(fd);

	/* directories and *at() calls */
	check(mkdir("sub", 0755) == 0, "mkdir sub");
	errno = 0;
	check(mkdir("sub", 0755) == -1 && errno == EEXIST, "mkdir again: EEXIST");
	dfd = open("sub", O_RDONLY | O_DIRECTORY);
	check(dfd >= 0, "open sub O_DIRECTORY");
	fd = openat(dfd, "b.txt", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	check(fd >= 0 && write(fd, "bee", 3) == 3, "openat creates sub/b.txt");
	close(fd);
	check(stat("sub/b.txt", &st) == 0 && st.st_size == 3, "stat sub/b.txt");
	check(fstatat(dfd, "b.txt", &st2, 0) == 0 && st2.st_ino == st.st_ino, "fstatat agrees");
	check(faccessat(dfd, "b.txt", R_OK | W_OK, 0) == 0, "faccessat");
	errno = 0;
	check(openat(dfd, "missing", O_RDONLY) == -1 && errno == ENOENT, "openat missing: ENOENT");
	errno = 0;
	check(open("a.txt/x", O_RDONLY) == -1 && errno == ENOTDIR, "file as directory: ENOTDIR");
	check(symlinkat("b.txt", dfd, "link") == 0, "symlinkat");
	n = readlinkat(dfd, "link", buf, sizeof(buf));
	check(n == 5 && !memcmp(buf, "b.txt", 5), "readlinkat returns the target (no NUL)");
	n = readlink("sub/link", buf, 3);
	check(n == 3 && !memcmp(buf, "b.t", 3), "readlink truncates silently");
	errno = 0;
	check(readlink("a.txt", buf, sizeof(buf)) == -1 && errno == EINVAL,
	      "readlink on a regular file: EINVAL");
	check(lstat("sub/link", &st) == 0 && S_ISLNK(st.st_mode), "lstat sees the symlink");
	check(stat("sub/link", &st) == 0 && S_ISREG(st.st_mode), "stat follows it");
	errno = 0;
	check(open("sub/link", O_RDONLY | O_NOFOLLOW) == -1 && errno == ELOOP,
	      "O_NOFOLLOW on a symlink: ELOOP");
	check(linkat(dfd, "b.txt", AT_FDCWD, "hard", 0) == 0 && stat("hard", &st) == 0 &&
	      st.st_nlink == 2, "linkat: two links");
	check(renameat(dfd, "b.txt", AT_FDCWD, "moved.txt") == 0, "renameat out of sub");
	check(access("moved.txt", F_OK) == 0 && access("sub/b.txt", F_OK) == -1,
	      "rename moved it");
	check(fchdir(dfd) == 0 && getcwd(cwd, sizeof(cwd)) &&
	      !strcmp(cwd + strlen(cwd) - 4, "/sub"), "fchdir into sub");
	check(chdir("..") == 0 && getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, base), "chdir ..");
	errno = 0;
	check(unlinkat(AT_FDCWD, "sub", AT_REMOVEDIR) == -1 && errno == ENOTEMPTY,
	      "rmdir non-empty: ENOTEMPTY");
	check(unlinkat(dfd, "link", 0) == 0, "unlinkat link");
	check(unlinkat(AT_FDCWD, "sub", AT_REMOVEDIR) == 0, "rmdir sub");
	close(dfd);
	check(unlink("hard") == 0 && unlink("moved.txt") == 0 && unlink("a.txt") == 0,
	      "unlink the files");
	check(chdir("/") == 0 && rmdir(dir) == 0, "rmdir the temp dir");
	return t_done();
}
