// SPDX-License-Identifier: GPL-2.0
/*
 * -0/--root-id: /proc/<pid>/status of a guest process shows its fake
 * credentials.
 *
 * The host's file shows umvm's user and no capabilities; programs read
 * it to learn their own state (libcap-ng, as setpriv uses it, takes the
 * bounding and ambient sets from there, ps and top the uids).  When a
 * guest opens the status file of a guest thread for reading, the monitor
 * reads the host's file, replaces the Uid, Gid, Groups, Cap* and
 * NoNewPrivs lines by the fake ones (struct fake_ids, as the kernel
 * prints them) and hands the guest a memfd with that text instead
 * (/proc/<umvm>/fd/<n>, closed by umvm when the call is over).  The text
 * is the state at open time, where the kernel's is at read time.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include "dispatch.h"
#include "personality.h"
#include "umvm.h"
#include "fakeroot.h"
#include "os.h"
#include "scratch.h"
#include "view.h"

/* The tid whose status file @path is, or 0. */
static pid_t status_tid(const char *path)
{
	int a, b, n = 0;

	if (sscanf(path, "/proc/%d/status%n", &a, &n) == 1 && n &&
	    !path[n])
		return a;
	n = 0;
	if (sscanf(path, "/proc/%d/task/%d/status%n", &a, &b, &n) == 2 &&
	    n && !path[n])
		return b;
	return 0;
}

/* @line's "CapXxx:" with the fake set @set. */
static void put_caps(FILE *f, const char *line, uint64_t set)
{
	fprintf(f, "%.7s\t%016llx\n", line, (unsigned long long)set);
}

/* "Groups:\t0 4 \n": each group, then a space (as the kernel) */
static void put_groups(FILE *f, const struct fake_ids *ids)
{
	fputs("Groups:\t", f);
	if (!ids->groups_set)
		fputs("0", f);
	for (int i = 0; ids->groups_set && i < ids->ngroups; i++)
		fprintf(f, "%s%u", i ? " " : "", ids->groups[i]);
	fputs(" \n", f);
}

/* The capability set a "CapXxx:" line of /proc/<pid>/status shows. */
static const uint64_t *cap_line(const char *line, const struct fake_ids *ids)
{
	static const struct {
		char name[8];
		size_t off;
	} sets[] = {
		{ "CapInh:", offsetof(struct fake_ids, cap_inh) },
		{ "CapPrm:", offsetof(struct fake_ids, cap_prm) },
		{ "CapEff:", offsetof(struct fake_ids, cap_eff) },
		{ "CapBnd:", offsetof(struct fake_ids, cap_bnd) },
		{ "CapAmb:", offsetof(struct fake_ids, cap_amb) },
	};

	for (size_t i = 0; i < ARRAY_SIZE(sets); i++)
		if (!strncmp(line, sets[i].name, 7))
			return (const uint64_t *)((const char *)ids +
						  sets[i].off);
	return NULL;
}

/* @real with the credential lines of @ids; a malloc'd text. */
static char *fake_status(char *real, const struct fake_ids *ids,
			 size_t *len)
{
	char *buf = NULL, *line, *next;
	FILE *f = open_memstream(&buf, len);

	if (!f)
		return NULL;
	for (line = real; *line; line = next) {
		const uint32_t *v = line[0] == 'U' ? ids->uid : ids->gid;
		const uint64_t *caps = cap_line(line, ids);

		next = strchr(line, '\n');
		next = next ? next + 1 : line + strlen(line);
		if (!strncmp(line, "Uid:", 4) || !strncmp(line, "Gid:", 4)) {
			fprintf(f, "%.4s\t%u\t%u\t%u\t%u\n", line, v[0], v[1],
				v[2], v[3]);
		} else if (!strncmp(line, "Groups:", 7)) {
			put_groups(f, ids);
		} else if (caps) {
			put_caps(f, line, *caps);
		} else if (!strncmp(line, "NoNewPrivs:", 11)) {
			fprintf(f, "NoNewPrivs:\t%d\n", ids->no_new_privs);
		} else {
			fwrite(line, 1, next - line, f);
		}
	}
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* open, openat of a guest thread's status file for reading */
static enum outcome status_open(struct gthread *t, struct gsyscall *sc)
{
	int at = sc->nr == __NR_openat, fd;
	char host[PATH_MAX], name[64], *real, *text;
	struct gthread *of;
	struct target tg;
	uintptr_t addr;
	size_t len;
	pid_t tid;

	if ((regs_arg(&t->regs, at + 1) & (O_ACCMODE | O_PATH)) != O_RDONLY ||
	    sc->npins >= (int)ARRAY_SIZE(sc->pins))
		return OUT_PASS;
	if (find_target(t, at ? (int)regs_arg(&t->regs, 0) : AT_FDCWD, at, 0,
			1, &tg) < 0 ||
	    target_host_path(&tg, host, sizeof(host)) < 0)
		return OUT_PASS;
	tid = status_tid(host);
	of = tid ? threads_find(tid) : NULL;
	if (!of || os_read_file(host, &real) < 0)
		return OUT_PASS;
	text = fake_status(real, ids_of(of), &len);
	free(real);
	if (!text)
		return OUT_PASS;
	fd = os_memfd_with("status", text, len, name, sizeof(name));
	free(text);
	if (fd < 0)
		return OUT_PASS;
	/* closed with the directories umvm holds for the call */
	sc->pins[sc->npins].holder = 0;
	sc->pins[sc->npins].fd = fd;
	sc->npins++;
	/* the view's read-only window, else the guest's stack */
	if (scratch_window()) {
		addr = scratch_put(t, name, strlen(name) + 1);
	} else {
		scratch_stack_reset(t);
		addr = scratch_stack_put(t, name, strlen(name) + 1);
	}
	if (!addr)
		return OUT_PASS;
	regs_set_arg(&t->regs, at, addr);
	t->flags |= GT_REGS_DIRTY;
	return OUT_PASS_SEE_EXIT;
}

const struct personality procstatus_personality = {
	FAKE_ROOT_PART("/proc/<pid>/status"),
	HOOKS({ .nrs = NRS(__NR_open, __NR_openat), .entry = status_open }),
};
