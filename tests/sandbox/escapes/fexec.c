// SPDX-License-Identifier: GPL-2.0
/*
 * fexecve of a script of the view whose "#!" names a program outside it:
 * the host reads the interpreter's path itself.  The interpreter (the
 * runner puts it next to the hidden file) prints the ESCAPED line.
 *   usage: fexec SCRIPT
 */
#include "escape.h"

extern char **environ;

int main(int argc, char **argv)
{
	char *args[] = { argv[1], NULL };
	int fd;

	if (argc != 2)
		return 2;
	fd = open(argv[1], O_RDONLY);
	if (fd < 0)
		skip("no script");
	fexecve(fd, args, environ);
	blocked("fexecve: %s", strerror(errno));
}
