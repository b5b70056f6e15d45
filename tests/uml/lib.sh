# SPDX-License-Identifier: GPL-2.0
#
# What the UML suites (check-uml.sh, check-uml-in-vm.sh) share: the guest
# programs, built static into a shared folder, and the kernels that
# scripts/build-*.sh build once and cache.  Sourced by bash after
# tests/lib.sh, with $here (this folder) and $root set.

# uml_share NAME: a scratch folder $work (removed at exit) whose share/
# holds the programs that run inside the guests.
uml_share()
{
	local p
	work=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	mkdir -p "$work/share"
	for p in uml_basic uml_step uml_ptrace_vm getppid_bench probe_ptrace_vm; do
		gcc -static -O2 -Wall -o "$work/share/$p" "$here/$p.c" 2>"$work/gcc.log" ||
			suite_missing libc6-dev "cannot build static programs: $(head -1 "$work/gcc.log")"
	done
}

# kbuilt VAR SCRIPT TEST: set VAR to what scripts/SCRIPT built (the last
# line it prints); ends the suite when a package is missing or TEST (-f,
# -x) fails on it.
kbuilt()
{
	local out rc
	out=$("$root/scripts/$2" | tail -1)
	rc=${PIPESTATUS[0]}
	[ "$rc" = 78 ] && suite_missing "linux-source-6.1 or a build tool" "$2 named it above"
	[ "$rc" = 0 ] && [ "$3" "$out" ] || { bad "$2 (status $rc)"; exit 1; }
	printf -v "$1" '%s' "$out"
}
