// SPDX-License-Identifier: GPL-2.0
/*
 * Every personality, in the order its hooks run (personality.h).
 *
 * The order is the contract between them; for each syscall the entry
 * hooks run top to bottom (the first that emulates the call ends the
 * chain) and the exit hooks bottom to top:
 *
 * - policy, inject, deny-net first: they decide whether a call happens
 *   at all, so nothing below sees a call they refuse;
 * - the scratch window and the path view next (guards, paths, socket
 *   addresses, exec, pids): they rewrite the guest's paths into host
 *   paths, so every layer below sees the paths the view made;
 * - affinity and uname: small, and independent of the rest;
 * - the fake root last (ids, capabilities, records, permissions,
 *   signals, owners and what stat shows, /proc status): it checks and
 *   records the host paths the view made; its records are resolved
 *   (ownerdb's init) before any of its hooks runs, and its permission
 *   checks come before what chown, chmod, mknod and unlink record;
 * - the benchmark's emulated call;
 * - the observers: trace before stats (call done), --unhandled's report
 *   after the ownership records are written (end).
 *
 * The guest tracers (skas/) register their hooks after all of these.
 * Adding a personality: a file that defines it, its name in the
 * declaration below and one line in the array.
 */
#include "personality.h"
#include "umvm.h"

extern const struct personality policy_personality, inject_personality,
	denynet_personality, scratch_personality, scratch_guard_personality,
	paths_personality, creds_known_personality, addr_personality, exec_personality,
	pid_personality, affinity_personality, uname_personality,
	creds_personality, caps_personality, ownerdb_personality,
	perm_file_personality, perm_name_personality,
	killperm_personality, fakeroot_personality, procstatus_personality,
	bench_personality, trace_personality, stats_personality,
	unhandled_personality;

const struct personality *const personalities[] = {
	&policy_personality,		/* --deny, --policy */
	&inject_personality,		/* --inject */
	&denynet_personality,		/* --deny-net */
	&scratch_personality,		/* every thread's scratch record */
	&scratch_guard_personality,	/* -r/-R/-b/-w ... */
	&paths_personality,
	&creds_known_personality,	/* whose credentials are umvm's */
	&addr_personality,
	&exec_personality,
	&pid_personality,
	&affinity_personality,		/* always */
	&uname_personality,		/* --hostname, --kernel-release */
	&creds_personality,		/* -0/--root-id ... */
	&caps_personality,
	&ownerdb_personality,
	&perm_file_personality,
	&perm_name_personality,
	&killperm_personality,
	&fakeroot_personality,
	&procstatus_personality,
	&bench_personality,		/* umvm bench */
	&trace_personality,		/* --trace */
	&stats_personality,		/* --stats */
	&unhandled_personality,		/* --unhandled */
};

const unsigned int nr_personalities = ARRAY_SIZE(personalities);
