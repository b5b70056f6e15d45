// SPDX-License-Identifier: GPL-2.0
/*
 * The syscall tables and their lookups.  The rows are generated from
 * syscalls.list (x86_64), syscalls-i386.list and syscalls-x32.list; every
 * lookup by number goes through sysent_get() or sysent_get_abi().
 */
#include <string.h>
#include <strings.h>
#include "regs.h"
#include "umvm.h"
#include "sysent.h"

static const struct sysent table[] = {
#include "sysent-table.h"
};

static const struct sysent table_i386[] = {
#include "sysent-i386.h"
};

/* x32's own numbers start at 512; below, x32 shares x86_64's. */
#define X32_FIRST	512
static const struct sysent table_x32[] = {
#include "sysent-x32.h"
};

static const struct sysent unknown = { "unknown_syscall", 6, SC_OTHER };

static const struct sysent *row(const struct sysent *t, size_t n, long nr)
{
	if (nr < 0 || nr >= (long)n || !t[nr].name)
		return &unknown;
	return &t[nr];
}

const struct sysent *sysent_get(long nr)
{
	return row(table, ARRAY_SIZE(table), nr);
}

const struct sysent *sysent_get_abi(int abi, long nr)
{
	switch (abi) {
	case ABI_NATIVE:
		return sysent_get(nr);
	case ABI_I386:
		return row(table_i386, ARRAY_SIZE(table_i386), nr);
	case ABI_X32:
		if (nr < X32_FIRST)
			return sysent_get(nr);
		return row(table_x32, ARRAY_SIZE(table_x32), nr);
	default:
		return &unknown;
	}
}

int sysent_unknown(const struct sysent *e)
{
	return e == &unknown;
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
	{ "other", SC_OTHER }, { "pid", SC_PID },
};

unsigned int sysent_class(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(classes); i++)
		if (!strcasecmp(classes[i].name, name))
			return classes[i].flag;
	return 0;
}
