/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside a container's monitor (oci-monitor.c starts it): its state while
 * it sets up, and the steps of oci-setup.c and oci-mounts.c.  Each step
 * returns 0, or -1 with a one-line reason in m->err (MON_FAIL).
 */
#ifndef UMVM_OCI_MONITOR_H
#define UMVM_OCI_MONITOR_H

#include <limits.h>
#include <stddef.h>
#include "oci.h"

struct mon {
	const struct oci_launch *l;
	struct oci_config *c;
	struct oci_process *p;
	char dir[PATH_MAX];		/* the state directory */
	char ptmx[PATH_MAX];		/* where new ptys come from */
	char slave[PATH_MAX];		/* the terminal, or "" */
	struct sbuf ignored;		/* what only root could do */
	int new_pid_ns, new_uts_ns, new_ipc_ns, new_net_ns;
	int nmnt, nstage;
	const char *backend, *cpus;
	char err[512];
};

__attribute__((format(printf, 2, 3)))
int mon_fail(struct mon *m, const char *fmt, ...);
#define MON_FAIL(m, ...)	return mon_fail((m), __VA_ARGS__)

/* oci-mounts.c */
/* @dir/@name into @out; the monitor's paths stay far below PATH_MAX. */
void mon_join(char *out, size_t len, const char *dir, const char *name);
/* Add @what to the things only root could do, which are ignored. */
void mon_note(struct mon *m, const char *what);
/* The host path guest path @g resolves to in the view built so far. */
int mon_host_of(const char *g, char *host, size_t len);
void mon_mount_point(struct mon *m, const char *dest, int file);
int mon_stage(struct mon *m, const char *src, int ro, char *out, size_t len);
int mon_map_mount(struct mon *m, const struct oci_mount *om);
int mon_mask_paths(struct mon *m);
int mon_devices(struct mon *m);

/* oci-setup.c: all of it, in order; the view is made and finished. */
int mon_setup(struct mon *m);

#endif /* UMVM_OCI_MONITOR_H */
