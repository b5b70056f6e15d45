// SPDX-License-Identifier: GPL-2.0
/*
 * The fake root's records, and --ownership-db FILE, which keeps them
 * across runs.
 *
 * The file is text, one inode per line:
 *
 *   # umvm ownership records: dev ino uid gid mode rdev path
 *   2049 1835219 1 1 100644 0 /home/u/root/usr/share/doc/hello/copyright
 *
 * dev, ino, uid, gid and rdev in decimal, mode in octal (type and
 * permission bits, as st_mode), then the path where the inode was last
 * seen, for humans only (a newline in it is written as '?').  Lines
 * starting with '#' and empty lines are ignored.  umvm reads the file at
 * start (a missing file is an empty one) and writes it at exit, to a
 * temporary file renamed over the old one.
 *
 * A record with dev and ino 0 names its inode by the path instead, so
 * that a list of owners can be made for a tree before it is copied
 * (scripts/build-rootfs.sh writes one for its root filesystem): a
 * relative path is taken inside the guest's root (-r), or the current
 * directory without one; the type comes from the file, a path that is
 * not there is skipped.  umvm looks them up when the guest starts and
 * writes them back as ordinary records.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dispatch.h"
#include "personality.h"
#include "fakeroot.h"
#include "os.h"
#include "umvm.h"
#include "view.h"

#define BUCKETS	4096

static struct owner_rec *table[BUCKETS];
static unsigned long count;
static uint32_t real_uid, real_gid;
static int have_ids;

static unsigned int bucket(uint64_t dev, uint64_t ino)
{
	return (unsigned int)((ino * 0x9e3779b97f4a7c15ULL ^ dev) >> 40) %
	       BUCKETS;
}

static void ids(void)
{
	if (!have_ids) {
		os_real_ids(&real_uid, &real_gid);
		have_ids = 1;
	}
}

uint32_t fake_uid(uint32_t host_uid)
{
	ids();
	return host_uid == real_uid ? 0 : host_uid;
}

uint32_t fake_gid(uint32_t host_gid)
{
	ids();
	return host_gid == real_gid ? 0 : host_gid;
}

struct owner_rec *ownerdb_find(uint64_t dev, uint64_t ino)
{
	struct owner_rec *r;

	for (r = table[bucket(dev, ino)]; r; r = r->next)
		if (r->ino == ino && r->dev == dev)
			return r;
	return NULL;
}

static struct owner_rec *add(uint64_t dev, uint64_t ino)
{
	struct owner_rec *r = calloc(1, sizeof(*r));
	unsigned int b = bucket(dev, ino);

	if (!r)
		return NULL;
	r->dev = dev;
	r->ino = ino;
	r->next = table[b];
	table[b] = r;
	count++;
	return r;
}

void ownerdb_set_path(struct owner_rec *r, const char *path)
{
	char *p;

	if (!path || (r->path && !strcmp(r->path, path)))
		return;
	p = strdup(path);
	if (!p)
		return;
	free(r->path);
	r->path = p;
}

struct owner_rec *ownerdb_get(const struct stat *st, const char *path)
{
	struct owner_rec *r = ownerdb_check(st->st_dev, st->st_ino,
					    st->st_mode);

	if (!r) {
		r = add(st->st_dev, st->st_ino);
		if (!r)
			return NULL;
		r->uid = fake_uid(st->st_uid);
		r->gid = fake_gid(st->st_gid);
		r->mode = st->st_mode;
		r->rdev = st->st_rdev;
	}
	ownerdb_set_path(r, path);
	return r;
}

void ownerdb_drop(uint64_t dev, uint64_t ino)
{
	struct owner_rec **p = &table[bucket(dev, ino)], *r;

	for (; (r = *p); p = &r->next) {
		if (r->ino == ino && r->dev == dev) {
			*p = r->next;
			free(r->path);
			free(r);
			count--;
			return;
		}
	}
}

struct owner_rec *ownerdb_check(uint64_t dev, uint64_t ino, uint32_t mode)
{
	struct owner_rec *r = ownerdb_find(dev, ino);
	uint32_t want;

	if (!r)
		return NULL;
	want = r->mode & S_IFMT;
	if (want == (mode & S_IFMT))
		return r;
	/* A recorded device node is an empty regular file on the host. */
	if ((want == S_IFCHR || want == S_IFBLK) && S_ISREG(mode))
		return r;
	ownerdb_drop(dev, ino);
	return NULL;
}

void fake_inode_of(const struct stat *st, struct fake_inode *fi)
{
	struct owner_rec *r = ownerdb_check(st->st_dev, st->st_ino,
					    st->st_mode);

	if (r) {
		fi->uid = r->uid;
		fi->gid = r->gid;
		fi->mode = r->mode;
	} else {
		fi->uid = fake_uid(st->st_uid);
		fi->gid = fake_gid(st->st_gid);
		fi->mode = st->st_mode;
	}
}

/* Records by path (dev and ino 0), looked up by ownerdb_resolve(). */
struct by_path {
	uint32_t uid, gid, mode;
	uint64_t rdev;
	char *path;
	struct by_path *next;
};
static struct by_path *pending;

static void add_by_path(const char *file, uint32_t uid, uint32_t gid,
			uint32_t mode, uint64_t rdev, const char *path)
{
	struct by_path *p = calloc(1, sizeof(*p));

	if (!p || !(p->path = strdup(path)))
		die(EXIT_SETUP, "%s: out of memory", file);
	p->uid = uid;
	p->gid = gid;
	p->mode = mode;
	p->rdev = rdev;
	p->next = pending;
	pending = p;
}

static void ownerdb_resolve(void)
{
	char guest[PATH_MAX], host[PATH_MAX];
	struct owner_rec *r;
	struct by_path *p;
	struct stat st;

	while ((p = pending)) {
		pending = p->next;
		snprintf(host, sizeof(host), "%s", p->path);
		if (p->path[0] != '/' && view_active() &&
		    (snprintf(guest, sizeof(guest), "/%s", p->path) >=
		     (int)sizeof(guest) ||
		     view_to_host(guest, host, sizeof(host)) < 0))
			host[0] = 0;
		if (host[0] && os_stat_path(host, 0, &st) == 0) {
			ownerdb_drop(st.st_dev, st.st_ino);
			r = ownerdb_get(&st, host);
			if (r) {
				r->uid = p->uid;
				r->gid = p->gid;
				r->mode = (st.st_mode & S_IFMT) |
					  (p->mode & 07777);
				r->rdev = p->rdev;
			}
		}
		free(p->path);
		free(p);
	}
}

static void parse_line(const char *file, int lineno, char *line)
{
	unsigned long long dev, ino, rdev;
	unsigned int uid, gid, mode;
	struct owner_rec *r;
	int n = -1;

	while (*line == ' ' || *line == '\t')
		line++;
	if (!*line || *line == '#')
		return;
	if (sscanf(line, "%llu %llu %u %u %o %llu %n", &dev, &ino, &uid,
		   &gid, &mode, &rdev, &n) < 6 || n < 0)
		die(EXIT_SETUP, "%s:%d: malformed record (want: dev ino uid "
		    "gid mode rdev path)", file, lineno);
	if (dev == 0 && ino == 0) {
		if (!line[n])
			die(EXIT_SETUP, "%s:%d: a record by path (dev and "
			    "ino 0) needs its path", file, lineno);
		add_by_path(file, uid, gid, mode, rdev, line + n);
		return;
	}
	r = ownerdb_find(dev, ino);
	if (!r)
		r = add(dev, ino);
	if (!r)
		die(EXIT_SETUP, "%s: out of memory", file);
	r->uid = uid;
	r->gid = gid;
	r->mode = mode;
	r->rdev = rdev;
	ownerdb_set_path(r, line[n] ? line + n : NULL);
}

void ownerdb_load(const char *path)
{
	int w = os_can_replace(path), n;

	pers.ownership_db = path;
	if (w < 0)
		die(EXIT_SETUP, "--ownership-db: cannot write '%s': %s", path,
		    strerror(-w));
	n = text_lines(path, parse_line);
	if (n < 0 && n != -ENOENT)
		die(EXIT_SETUP, "--ownership-db: cannot read '%s': %s", path,
		    strerror(-n));
}

static int ownerdb_save(void)
{
	struct owner_rec *r;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int ret;

	if (!pers.ownership_db)
		return 0;
	f = open_memstream(&buf, &len);
	if (!f)
		return -ENOMEM;
	fprintf(f, "# umvm ownership records: "
		"dev ino uid gid mode rdev path\n");
	for (unsigned int b = 0; b < BUCKETS; b++) {
		for (r = table[b]; r; r = r->next) {
			fprintf(f, "%llu %llu %u %u %o %llu ",
				(unsigned long long)r->dev,
				(unsigned long long)r->ino, r->uid, r->gid,
				r->mode, (unsigned long long)r->rdev);
			for (const char *p = r->path ? r->path : "?"; *p; p++)
				fputc(*p == '\n' ? '?' : *p, f);
			fputc('\n', f);
		}
	}
	if (fclose(f) != 0) {
		free(buf);
		return -ENOMEM;
	}
	ret = os_replace_file(pers.ownership_db, buf, len);
	free(buf);
	return ret;
}

static void ownerdb_end(void)
{
	int r = ownerdb_save();

	if (r < 0)
		warnmsg("--ownership-db: cannot write '%s': %s",
			pers.ownership_db, strerror(-r));
}

/*
 * The records: the db names by path are looked up when the view is set
 * up (init), and written back when the guest is gone.
 */
const struct personality ownerdb_personality = {
	FAKE_ROOT_PART("ownership records"),
	.init = ownerdb_resolve,
	.end = ownerdb_end,
};
