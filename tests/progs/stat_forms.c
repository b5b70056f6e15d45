/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stat, lstat, newfstatat, statx and access in all their forms: paths,
 * links, missing and wrong components, descriptors through an empty path
 * (files, pipes, sockets, O_PATH links, closed ones), bad buffers, and,
 * as root, the same calls after a process or one thread gave up its
 * capabilities or became another user.  Under a path view umvm makes
 * some of these calls itself; they must say what the host says.
 */
#include "tests.h"
#include <limits.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <linux/capability.h>

static int err(long r)
{
	return r < 0 ? errno : 0;
}

static long raw_stat(int dfd, const char *p, void *buf, int flags)
{
	return syscall(SYS_newfstatat, dfd, p, buf, flags);
}

static long raw_statx(int dfd, const char *p, int flags, unsigned int mask,
		      void *buf)
{
	return syscall(SYS_statx, dfd, p, flags, mask, buf);
}

static long raw_access(int dfd, const char *p, int mode, int flags)
{
	return syscall(SYS_faccessat2, dfd, p, mode, flags);
}

/* The same file: device and inode. */
static int same(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* Drop every effective capability of the calling thread only. */
static int drop_caps(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2] = { { 0 } };

	return syscall(SYS_capset, &h, d) == 0 ? 0 : -1;
}

static void *thread_without_caps(void *arg)
{
	struct stat st;

	(void)arg;
	if (drop_caps() < 0)
		return (void *)1L;
	/* This thread only: stat and access must now be refused. */
	return (void *)(long)(err(raw_stat(AT_FDCWD, "locked/x", &st, 0)) ==
			      EACCES &&
			      err(raw_access(AT_FDCWD, "locked/x", R_OK, 0)) ==
			      EACCES ? 0 : 2);
}

/* A child process that runs @what and exits with what it says. */
static int in_child(int (*what)(void))
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(what());
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static int as_nobody(void)
{
	struct stat st;

	if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
		return 9;
	return err(raw_stat(AT_FDCWD, "locked/x", &st, 0)) == EACCES &&
	       err(raw_access(AT_FDCWD, "locked/x", F_OK, 0)) == EACCES ? 0 : 1;
}

/*
 * One process as three users in turn (root's saved uid lets it come
 * back): nobody cannot reach into the directory (but its access()
 * checks with the real uid, root's, and passes unless asked for
 * AT_EACCESS), the owner can, and root can again.  What umvm learnt of
 * one user must not answer for the next.
 */
static int users_in_turn(void)
{
	struct stat st;
	int other, real, eff, owner, root;

	if (setresuid(-1, 65534, 0))
		return 9;
	other = err(raw_stat(AT_FDCWD, "locked/x", &st, 0));
	real = err(raw_access(AT_FDCWD, "locked/x", R_OK, 0)) |
	       err(syscall(SYS_access, "locked/x", F_OK));
	eff = err(raw_access(AT_FDCWD, "locked/x", F_OK, AT_EACCESS));
	if (setresuid(-1, 0, 0) || setresuid(-1, 12345, 0))
		return 9;
	owner = err(raw_stat(AT_FDCWD, "locked/x", &st, 0));
	if (setresuid(-1, 0, 0))
		return 9;
	root = err(raw_stat(AT_FDCWD, "locked/x", &st, 0));
	printf("as nobody: %d, its access: %d, with AT_EACCESS: %d, as "
	       "12345: %d, as root again: %d\n", other, real, eff, owner,
	       root);
	return other == EACCES && real == 0 && eff == EACCES && owner == 0 &&
	       root == 0 ? 0 : 1;
}

static int without_caps(void)
{
	struct stat st;
	struct statx stx;

	if (drop_caps() < 0)
		return 9;
	return err(raw_stat(AT_FDCWD, "locked/x", &st, 0)) == EACCES &&
	       err(raw_statx(AT_FDCWD, "locked/x", 0, STATX_BASIC_STATS,
			     &stx)) == EACCES ? 0 : 1;
}

static void creds_checks(void)
{
	struct stat st;
	pthread_t th;
	void *res;

	if (geteuid() != 0) {
		/* Natively and under umvm alike: nothing to compare here. */
		printf("credential checks need root\n");
		return;
	}
	/* Others may search the temp dir, not the directory in it. */
	check(chmod(".", 0711) == 0 && mkdir("locked", 0700) == 0 &&
	      close(open("locked/x", O_CREAT | O_WRONLY, 0600)) == 0 &&
	      chown("locked", 12345, 12345) == 0, "a directory of another user");
	check(raw_stat(AT_FDCWD, "locked/x", &st, 0) == 0,
	      "root with its capabilities reaches into it");
	check(in_child(as_nobody) == 0, "stat and access as nobody: EACCES");
	check(in_child(users_in_turn) == 0,
	      "nobody (access with the real uid), owner, root in turn");
	check(in_child(without_caps) == 0,
	      "stat and statx without capabilities: EACCES");
	check(pthread_create(&th, NULL, thread_without_caps, NULL) == 0 &&
	      pthread_join(th, &res) == 0 && res == NULL,
	      "one thread without capabilities: EACCES in it");
	check(raw_stat(AT_FDCWD, "locked/x", &st, 0) == 0 &&
	      raw_access(AT_FDCWD, "locked/x", R_OK, 0) == 0,
	      "the other threads keep theirs");
}

int main(void)
{
	struct stat sf, sl, s, s2;
	struct statx x;
	int fd, dfd, pfd[2], sfd[2], opath, bad;
	char *ro;

	t_init();
	check(chdir(t_tmpdir()) == 0, "chdir into the temp dir");
	fd = open("f", O_CREAT | O_RDWR, 0644);
	check(fd >= 0 && write(fd, "hello", 5) == 5, "a file of 5 bytes");
	check(mkdir("d", 0755) == 0 && close(open("d/g", O_CREAT | O_WRONLY,
	      0644)) == 0, "a directory with a file");
	check(symlink("f", "l") == 0 && symlink("missing", "dl") == 0,
	      "a link and a dangling link");
	dfd = open(".", O_RDONLY | O_DIRECTORY);

	/* paths */
	check(stat("f", &sf) == 0 && sf.st_size == 5 && S_ISREG(sf.st_mode),
	      "stat a file");
	check(stat("l", &s) == 0 && same(&s, &sf), "stat follows a link");
	check(lstat("l", &sl) == 0 && S_ISLNK(sl.st_mode), "lstat a link");
	check(raw_stat(dfd, "f", &s, 0) == 0 && same(&s, &sf) &&
	      s.st_mtim.tv_nsec == sf.st_mtim.tv_nsec, "newfstatat from a dirfd");
	check(raw_stat(dfd, "l", &s, AT_SYMLINK_NOFOLLOW) == 0 &&
	      same(&s, &sl), "newfstatat AT_SYMLINK_NOFOLLOW");
	check(raw_stat(AT_FDCWD, "./d//g", &s, 0) == 0 && S_ISREG(s.st_mode),
	      "a path with . and //");
	check(raw_stat(AT_FDCWD, "d/../f", &s, 0) == 0 && same(&s, &sf),
	      "a path with ..");
	check(raw_stat(AT_FDCWD, "d/", &s, 0) == 0 && S_ISDIR(s.st_mode),
	      "a directory with a slash");
	check(raw_statx(AT_FDCWD, "f", 0, STATX_BASIC_STATS, &x) == 0 &&
	      x.stx_size == 5 && x.stx_ino == sf.st_ino &&
	      (x.stx_mask & STATX_INO), "statx a file");
	check(raw_statx(AT_FDCWD, "l", AT_SYMLINK_NOFOLLOW, STATX_TYPE, &x) ==
	      0 && S_ISLNK(x.stx_mode), "statx AT_SYMLINK_NOFOLLOW");
	check(lstat("dl", &s) == 0 && S_ISLNK(s.st_mode), "lstat a dangling link");

	/* what is not there */
	check(err(stat("dl", &s)) == ENOENT, "stat a dangling link: ENOENT");
	check(err(stat("nope", &s)) == ENOENT, "a missing file: ENOENT");
	check(err(stat("nope/x", &s)) == ENOENT, "a missing directory: ENOENT");
	check(err(stat("f/x", &s)) == ENOTDIR, "under a file: ENOTDIR");
	check(err(stat("f/", &s)) == ENOTDIR, "a file with a slash: ENOTDIR");
	check(err(stat("l/", &s)) == ENOTDIR, "a link to a file with a slash");
	check(err(raw_stat(AT_FDCWD, "", &s, 0)) == ENOENT,
	      "an empty path without AT_EMPTY_PATH: ENOENT");
	check(err(raw_statx(AT_FDCWD, "nope", 0, STATX_BASIC_STATS, &x)) ==
	      ENOENT, "statx a missing file: ENOENT");

	/* descriptors through an empty path */
	check(fstat(fd, &s) == 0 && same(&s, &sf) && s.st_size == 5,
	      "fstat a file");
	check(raw_stat(fd, "", &s, AT_EMPTY_PATH) == 0 && same(&s, &sf),
	      "newfstatat AT_EMPTY_PATH");
	check(raw_stat(fd, "", &s, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) == 0 &&
	      same(&s, &sf), "... and AT_SYMLINK_NOFOLLOW");
	check(raw_statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &x) == 0 &&
	      x.stx_ino == sf.st_ino && x.stx_size == 5,
	      "statx AT_EMPTY_PATH");
	check(raw_stat(AT_FDCWD, "", &s, AT_EMPTY_PATH) == 0 &&
	      stat(".", &s2) == 0 && same(&s, &s2),
	      "AT_FDCWD and an empty path: the working directory");
	check(pipe(pfd) == 0 && fstat(pfd[0], &s) == 0 &&
	      S_ISFIFO(s.st_mode) && raw_statx(pfd[1], "", AT_EMPTY_PATH,
	      STATX_INO, &x) == 0 && x.stx_ino == s.st_ino, "a pipe");
	check(socketpair(AF_UNIX, SOCK_STREAM, 0, sfd) == 0 &&
	      fstat(sfd[0], &s) == 0 && S_ISSOCK(s.st_mode), "a socket");
	opath = open("l", O_PATH | O_NOFOLLOW);
	check(opath >= 0 && fstat(opath, &s) == 0 && same(&s, &sl) &&
	      raw_statx(opath, "", AT_EMPTY_PATH, STATX_TYPE, &x) == 0 &&
	      S_ISLNK(x.stx_mode), "an O_PATH descriptor of a link");
	bad = dup(fd);
	close(bad);
	check(err(raw_stat(bad, "", &s, AT_EMPTY_PATH)) == EBADF &&
	      err(raw_statx(bad, "", AT_EMPTY_PATH, STATX_TYPE, &x)) == EBADF,
	      "a closed descriptor: EBADF");
	check(err(raw_stat(-5, "", &s, AT_EMPTY_PATH)) == EBADF,
	      "a negative descriptor: EBADF");

	/* buffers the kernel cannot write */
	ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check(err(raw_stat(AT_FDCWD, "f", NULL, 0)) == EFAULT &&
	      err(raw_stat(AT_FDCWD, "f", ro, 0)) == EFAULT,
	      "stat into no buffer: EFAULT");
	check(err(raw_stat(fd, "", ro, AT_EMPTY_PATH)) == EFAULT &&
	      err(raw_statx(fd, "", AT_EMPTY_PATH, STATX_TYPE, ro)) == EFAULT,
	      "fstat into a read-only page: EFAULT");
	check(err(raw_statx(AT_FDCWD, "f", 0, STATX_TYPE, ro + 4000)) ==
	      EFAULT, "statx across the end of a page: EFAULT");
	check(err(raw_stat(AT_FDCWD, "nope", ro, 0)) == ENOENT,
	      "a missing file into a bad buffer: ENOENT first");

	/* access */
	check(access("f", R_OK | W_OK) == 0, "access R_OK|W_OK");
	check(err(access("f", X_OK)) == EACCES, "access X_OK of a 644 file");
	check(err(access("nope", F_OK)) == ENOENT, "access a missing file");
	check(err(access("dl", F_OK)) == ENOENT, "access a dangling link");
	check(raw_access(AT_FDCWD, "dl", F_OK, AT_SYMLINK_NOFOLLOW) == 0,
	      "faccessat2 AT_SYMLINK_NOFOLLOW on a dangling link");
	check(syscall(SYS_faccessat, dfd, "d/g", R_OK) == 0,
	      "faccessat from a dirfd");
	check(raw_access(AT_FDCWD, "f", R_OK, AT_EACCESS) == 0,
	      "faccessat2 AT_EACCESS");
	check(err(raw_access(AT_FDCWD, "f", R_OK, 0x8000)) == EINVAL,
	      "faccessat2 unknown flags: EINVAL");
	check(err(access("f", 0x40)) == EINVAL, "access unknown mode: EINVAL");

	/* readlink */
	{
		char b[64];

		check(readlink("l", b, sizeof(b)) == 1 && b[0] == 'f',
		      "readlink a link");
		check(syscall(SYS_readlinkat, dfd, "dl", b, 3) == 3 &&
		      !memcmp(b, "mis", 3), "readlinkat truncates");
		check(syscall(SYS_readlink, "dl", b, 0x100000003UL) == 3,
		      "the size is an int: its low half counts");
		check(err(syscall(SYS_readlink, "l", b, 0)) == EINVAL &&
		      err(syscall(SYS_readlink, "l", b, -1L)) == EINVAL,
		      "a size of 0 or less: EINVAL");
		check(err(readlink("f", b, sizeof(b))) == EINVAL,
		      "readlink a file: EINVAL");
		check(err(readlink("nope", b, sizeof(b))) == ENOENT,
		      "readlink a missing file: ENOENT");
		check(err(readlink("l", ro, 16)) == EFAULT,
		      "readlink into a read-only page: EFAULT");
		check(syscall(SYS_readlinkat, opath, "", b, sizeof(b)) == 1 &&
		      b[0] == 'f', "readlinkat an O_PATH link through \"\"");
	}

	creds_checks();
	return t_done();
}
