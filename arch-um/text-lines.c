// SPDX-License-Identifier: GPL-2.0
/*
 * Line-based text files the personality reads (policies, ownership
 * records): each line handed to a parser with its number.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "dispatch.h"
#include "os.h"
#include "umvm.h"

int text_lines(const char *path, text_line_fn fn)
{
	char *buf, *line, *next;
	ssize_t n = os_read_file(path, &buf);
	int lineno = 0;

	if (n < 0)
		return (int)n;
	if (memchr(buf, 0, n))
		die(EXIT_SETUP, "%s: not a text file", path);
	for (line = buf; *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		else
			next = line + strlen(line);
		fn(path, ++lineno, line);
	}
	free(buf);
	return 0;
}
