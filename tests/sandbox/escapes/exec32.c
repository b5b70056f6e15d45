// SPDX-License-Identifier: GPL-2.0
/*
 * A 32-bit process: runs prog32 (next to it, or PROG32) on the hidden
 * file.  Its calls are all i386 calls, which a monitor must not dispatch
 * with x86_64 numbers.
 *   usage: exec32 PROG32
 */
#include <sys/wait.h>
#include "escape.h"

int main(int argc, char **argv)
{
	int p[2], st;
	char buf[64] = "";
	pid_t pid;
	ssize_t n;

	if (argc != 2 || pipe(p))
		return 2;
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		execl(argv[1], argv[1], env("SECRET"), (char *)NULL);
		_exit(errno == ENOEXEC ? 126 : 127);
	}
	close(p[1]);
	n = read(p[0], buf, sizeof(buf) - 1);
	waitpid(pid, &st, 0);
	if (n > 0 && !strncmp(buf, SECRET_TEXT, strlen(SECRET_TEXT)))
		escaped("a 32-bit program read the hidden file");
	if (WIFEXITED(st) && WEXITSTATUS(st) == 126 && getenv("ESCAPE_NATIVE"))
		skip("the host does not run 32-bit programs (no IA32 emulation)");
	blocked("the 32-bit program did not read it (status %#x)", st);
}
