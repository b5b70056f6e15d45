// SPDX-License-Identifier: GPL-2.0
/*
 * The list of backends, best first.  What the backends share is in
 * backend-common.c: they use it, and this table uses them.
 */
#include <string.h>
#include "backend.h"
#include "umvm.h"

const struct backend_ops *const backends[] = {
	&backend_vm,
	&backend_seccomp,
	&backend_sysemu,
	&backend_syscall,
};
const int nr_backends = ARRAY_SIZE(backends);

const struct backend_ops *backend_by_name(const char *name)
{
	for (int i = 0; i < nr_backends; i++)
		if (!strcmp(backends[i]->name, name))
			return backends[i];
	return NULL;
}
