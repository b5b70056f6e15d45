// SPDX-License-Identifier: GPL-2.0
/*
 * config.json's hooks (runtime-spec config.md, POSIX platform hooks):
 * each gets the container's state on stdin.  They run in the runtime's
 * namespaces: createRuntime and prestart at create once the monitor is
 * set up, createContainer there too and startContainer at start (the
 * spec puts these two in the container's namespaces), poststart after
 * start, poststop at delete.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include "oci.h"
#include "os-oci.h"
#include "umvm.h"

static char **strings(const struct json *a, const char *first)
{
	int n = a && a->type == J_ARR ? a->n : 0, i = 0;
	char **v = calloc(n + 2, sizeof(*v));

	if (!v)
		oci_fail("out of memory");
	if (first && !n)
		v[i++] = (char *)first;
	for (const struct json *c = n ? a->child : NULL; c; c = c->next)
		if (c->type == J_STR)
			v[i++] = c->str;
	return v;
}

int oci_hooks(const struct json *config, const char *kind,
	      const struct oci_state *st, char *err, size_t errlen)
{
	const struct json *list = json_get(json_get(config, "hooks"), kind);
	struct sbuf state = { 0 };
	int r = 0;

	if (!list || list->type != J_ARR || !list->n)
		return 0;
	oci_state_json(&state, st);
	for (const struct json *h = list->child; h && !r; h = h->next) {
		const char *path = json_str(h, "path");
		const struct json *t = json_get(h, "timeout");
		char **argv, **envp;
		int status = 0, rr;

		if (!path || path[0] != '/') {
			snprintf(err, errlen, "hooks.%s: path '%s' is not "
				 "absolute", kind, path ? path : "(none)");
			r = -1;
			break;
		}
		argv = strings(json_get(h, "args"), path);
		envp = strings(json_get(h, "env"), NULL);
		rr = os_run_hook(path, argv, envp, state.s,
				 t && t->type == J_NUM && t->is_int ?
				 (int)t->u : 0, &status);
		if (rr < 0) {
			snprintf(err, errlen, "hooks.%s: %s: %s", kind, path,
				 strerror(-rr));
			r = -1;
		} else if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			snprintf(err, errlen, "hooks.%s: %s failed (status %d)",
				 kind, path, WIFEXITED(status) ?
				 WEXITSTATUS(status) : 128 + WTERMSIG(status));
			r = -1;
		}
		free(argv);
		free(envp);
	}
	free(state.s);
	return r;
}
