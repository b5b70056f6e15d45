// SPDX-License-Identifier: GPL-2.0
/*
 * The syscall table and its lookups.  The rows are generated from
 * syscalls.list; every lookup by number goes through sysent_get().
 */
#include <string.h>
#include <strings.h>
#include "umvm.h"
#include "sysent.h"

static const struct sysent table[] = {
#include "sysent-table.h"
};

const int sysent_max = ARRAY_SIZE(table);

static const struct sysent unknown = { "unknown_syscall", 6, SC_OTHER };

const struct sysent *sysent_get(long nr)
{
	if (nr < 0 || nr >= (long)ARRAY_SIZE(table) || !table[nr].name)
		return &unknown;
	return &table[nr];
}

long sysent_lookup(const char *name)
{
	for (long i = 0; i < (long)ARRAY_SIZE(table); i++)
		if (table[i].name && !strcmp(table[i].name, name))
			return i;
	return -1;
}

static const struct {
	const char *name;
	unsigned int flag;
} classes[] = {
	{ "file", SC_FILE }, { "desc", SC_DESC }, { "network", SC_NET },
	{ "net", SC_NET }, { "process", SC_PROC }, { "signal", SC_SIG },
	{ "ipc", SC_IPC }, { "memory", SC_MEM }, { "creds", SC_CREDS },
	{ "time", SC_TIME }, { "info", SC_INFO }, { "sync", SC_SYNC },
	{ "other", SC_OTHER },
};

unsigned int sysent_class(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(classes); i++)
		if (!strcasecmp(classes[i].name, name))
			return classes[i].flag;
	return 0;
}
