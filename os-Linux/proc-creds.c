// SPDX-License-Identifier: GPL-2.0
/*
 * A thread's credentials from /proc/<tid>/: ids, groups, capabilities,
 * user namespace and LSM label; and the test that they are umvm's own.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include "os.h"
#include "proc-creds.h"
#include "proc-status.h"

/* The Groups: line's list; -E2BIG when it is longer than we keep. */
static int parse_groups(const char *p, struct proc_creds *c)
{
	char *end;
	unsigned long g;

	while ((g = strtoul(p, &end, 10)), end != p) {
		if (c->ngroups == CREDS_MAX_GROUPS)
			return -E2BIG;
		c->groups[c->ngroups++] = (gid_t)g;
		p = end;
	}
	return 0;
}

/* One line of /proc/<tid>/status: the part it gave (a bit), or 0. */
static int parse_line(const char *line, struct proc_creds *c)
{
	uint32_t *u = c->uid, *g = c->gid;

	if (sscanf(line, "Uid: %u %u %u %u", &u[0], &u[1], &u[2], &u[3]) == 4)
		return 1;
	if (sscanf(line, "Gid: %u %u %u %u", &g[0], &g[1], &g[2], &g[3]) == 4)
		return 2;
	if (!strncmp(line, "Groups:", 7))
		return parse_groups(line + 7, c) < 0 ? -E2BIG : 4;
	if (sscanf(line, "CapEff: %llx", &c->cap_eff) == 1)
		return 8;
	if (sscanf(line, "CapPrm: %llx", &c->cap_prm) == 1)
		return 16;
	if (sscanf(line, "CapAmb: %llx", &c->cap_amb) == 1)
		return 32;
	return 0;
}

/* A /proc/<tid>/ link (ns/user) or file (attr/current), as text. */
static int proc_text(pid_t tid, const char *what, int link, char *out,
		     size_t len)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)tid, what);
	if (link) {
		n = readlink(path, out, len - 1);
	} else {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		n = fd < 0 ? -1 : read(fd, out, len - 1);
		if (fd >= 0)
			close(fd);
	}
	/*
	 * A kernel without user namespaces has no ns/user; one without an
	 * LSM no attr/current, or one that cannot be read: "" for all.
	 */
	if (n < 0 && (errno == ENOENT || errno == EINVAL))
		n = 0;
	if (n < 0)
		return -errno;
	out[n] = 0;
	return 0;
}

int proc_creds_read(pid_t tid, struct proc_creds *c)
{
	FILE *f = proc_status_open(tid);
	char line[1024];
	int found = 0, r;

	if (!f)
		return -errno;
	memset(c, 0, sizeof(*c));
	while (fgets(line, sizeof(line), f)) {
		r = parse_line(line, c);
		if (r < 0) {
			fclose(f);
			return r;
		}
		found |= r;
	}
	fclose(f);
	if (found != 63)
		return -EPROTO;
	r = proc_text(tid, "ns/user", 1, c->userns, sizeof(c->userns));
	if (r == 0)
		r = proc_text(tid, "attr/current", 0, c->label,
			      sizeof(c->label));
	return r;
}

int os_same_creds(pid_t tid)
{
	/* umvm's own do not change while it runs: read once. */
	static struct proc_creds mine;
	static int have_mine;
	struct proc_creds theirs;
	int r;

	if (!have_mine) {
		r = proc_creds_read((pid_t)syscall(SYS_gettid), &mine);
		if (r < 0)
			return r;
		have_mine = 1;
	}
	r = proc_creds_read(tid, &theirs);
	if (r < 0)
		return r;
	return !memcmp(mine.uid, theirs.uid, sizeof(mine.uid)) &&
	       !memcmp(mine.gid, theirs.gid, sizeof(mine.gid)) &&
	       mine.ngroups == theirs.ngroups &&
	       !memcmp(mine.groups, theirs.groups,
		       mine.ngroups * sizeof(gid_t)) &&
	       mine.cap_eff == theirs.cap_eff &&
	       mine.cap_prm == theirs.cap_prm &&
	       mine.cap_amb == theirs.cap_amb &&
	       !strcmp(mine.userns, theirs.userns) &&
	       !strcmp(mine.label, theirs.label);
}
