// SPDX-License-Identifier: GPL-2.0
/*
 * Comma lists, as the options give them ("ptrace-vm,sud", "all",
 * "none"): what the runs ask and what the option checks accept.
 */
#include <stdio.h>
#include <string.h>
#include "bench.h"

int list_has(const char *list, const char *word)
{
	size_t n = strlen(word);

	if (!strcmp(list, "all"))
		return 1;
	for (const char *p = list; (p = strstr(p, word)); p += n)
		if ((p == list || p[-1] == ',') && (!p[n] || p[n] == ','))
			return 1;
	return 0;
}

int list_valid(const char *list, const char *const *names, int nn)
{
	char buf[256], *save, *w;

	if (!strcmp(list, "all") || !strcmp(list, "none"))
		return 1;
	snprintf(buf, sizeof(buf), "%s", list);
	for (w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		int ok = 0;

		for (int i = 0; i < nn; i++)
			ok |= !strcmp(w, names[i]);
		if (!ok)
			return 0;
	}
	return 1;
}
