// SPDX-License-Identifier: GPL-2.0
/*
 * A new container's cgroup: its path from cgroupsPath (runc's
 * systemd "slice:prefix:name" form too) and linux.resources written
 * into it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "oci.h"
#include "os.h"
#include "os-oci.h"
#include "umvm.h"

/* The cgroup path (from the hierarchies' roots) of a new container. */
void oci_cgroup_path(const struct oci_config *c, const char *id,
			char *out, size_t len)
{
	const char *p = c->cgroups_path;
	char slice[256], prefix[256], name[256];

	out[0] = 0;
	if (!oci.rootful)
		return;
	if (!p || !*p) {
		snprintf(out, len, "/umvm/%s", id);
	} else if (oci.systemd_cgroup &&
		   sscanf(p, "%255[^:]:%255[^:]:%255s", slice, prefix,
			  name) == 3) {
		/* slice:prefix:name, as systemd would place the scope. */
		snprintf(out, len, "/%s/%s-%s.scope", slice, prefix, name);
	} else {
		snprintf(out, len, "%s%s", p[0] == '/' ? "" : "/", p);
	}
}

static void set_limit(const char *cg, const char *ctrl, const char *v1,
		      const char *v2, const char *value)
{
	int r = os_cgroup_set(cg, ctrl, os_cgroup_v2() ? v2 : v1, value);

	if (r < 0)
		oci_warn("cgroup %s: %s", os_cgroup_v2() ? v2 : v1,
			 strerror(-r));
}

static long long num_of(const struct json *o, const char *key, int *set)
{
	const struct json *j = json_get(o, key);

	*set = j && j->type == J_NUM && j->is_int;
	if (!*set)
		return 0;
	return j->neg ? -(long long)j->u : (long long)j->u;
}

/* linux.resources on the container's cgroup (root only). */
void oci_apply_resources(const char *cg, const struct json *res)
{
	const struct json *mem = json_get(res, "memory"),
			  *pids = json_get(res, "pids"),
			  *cpu = json_get(res, "cpu");
	char v[64];
	long long x, period;
	int set, pset;

	x = num_of(mem, "limit", &set);
	if (set) {
		snprintf(v, sizeof(v), x < 0 ? "max" : "%lld", x);
		if (x < 0 && !os_cgroup_v2())
			snprintf(v, sizeof(v), "-1");
		set_limit(cg, "memory", "memory.limit_in_bytes", "memory.max",
			  v);
	}
	x = num_of(pids, "limit", &set);
	if (set) {
		snprintf(v, sizeof(v), x <= 0 ? "max" : "%lld", x);
		set_limit(cg, "pids", "pids.max", "pids.max", v);
	}
	x = num_of(cpu, "shares", &set);
	if (set && x > 0) {
		if (os_cgroup_v2())
			snprintf(v, sizeof(v), "%lld",
				 1 + ((x - 2) * 9999) / 262142);
		else
			snprintf(v, sizeof(v), "%lld", x);
		set_limit(cg, "cpu", "cpu.shares", "cpu.weight", v);
	}
	x = num_of(cpu, "quota", &set);
	period = num_of(cpu, "period", &pset);
	if (set && x > 0) {
		if (os_cgroup_v2()) {
			snprintf(v, sizeof(v), "%lld %lld", x,
				 pset ? period : 100000);
			set_limit(cg, "cpu", "", "cpu.max", v);
		} else {
			if (pset) {
				snprintf(v, sizeof(v), "%lld", period);
				set_limit(cg, "cpu", "cpu.cfs_period_us", "", v);
			}
			snprintf(v, sizeof(v), "%lld", x);
			set_limit(cg, "cpu", "cpu.cfs_quota_us", "", v);
		}
	}
}
