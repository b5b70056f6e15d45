#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the UML guest (scripts/build-uml.sh, cached) on this host with
# `umvm boot --mode=M` in each syscall mode the host offers (ptrace_vm
# where it has PTRACE_VM, sysemu, rewrite; auto is the first) and check
# it: the boot log says which mode is in use, the guest runs pipes, fork
# and a static C test program, /proc/ptracevm and /proc/sysemu show the
# mode, the guest halts and its exit status comes back; a tracer inside
# the guest can use PTRACE_VM (patch 0002).  Each mode also runs the
# getppid micro benchmark (UMVM_UML_BENCH_N calls, default 20000).  Last,
# the busybox root as an ext2 image (mke2fs -d) booted through ubd.
#
# Reports as tests/lib.sh says; exits 0 when all passed, 1 on a failure,
# 78 when a package is missing.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
boot=$root/scripts/umvm-boot.sh
umvm=$root/umvm
bench_n=${UMVM_UML_BENCH_N:-20000}
. "$root/tests/lib.sh"
. "$here/lib.sh"

pass=0 fail=0 skip=0

command -v gcc >/dev/null || suite_missing gcc "gcc"
uml_share check-uml

# The kernel and root filesystem (cached after the first run).
kbuilt kernel build-uml.sh -x
rootfs=$("$root/scripts/build-uml.sh" --rootfs-only 2>/dev/null | tail -1)
ok "build-uml.sh: $kernel"

# What this host offers.
if "$work/share/probe_ptrace_vm" >/dev/null; then host_vm=1; else host_vm=0; fi
echo "# host PTRACE_VM: $([ $host_vm = 1 ] && echo yes || echo no)"

# Single-stepping the same static program takes as many steps here as in
# the guest.
native_steps=$("$work/share/uml_step" | sed -n 's/^uml_step: ok (\([0-9]*\) steps)$/\1/p')
[ -n "$native_steps" ] || bad "uml_step does not pass natively"

# Clear errors without booting.
out=$("$boot" --kernel "$work/nonexistent" 2>&1)
rc=$?
if [ $rc = 2 ] && grep -q 'run scripts/build-uml.sh' <<<"$out"; then
	ok "missing kernel: $out"
else
	bad "missing kernel: status $rc, '$out'"
fi
out=$("$boot" --kernel "$kernel" --rootfs "$work/nonexistent" 2>&1)
rc=$?
if [ $rc = 2 ] && grep -q 'no root filesystem' <<<"$out"; then
	ok "missing rootfs: $out"
else
	bad "missing rootfs: status $rc, '$out'"
fi

# The guest side: every step must pass, then exit 7 to show the status
# comes back.
guest='set -e
grep -q "^proc /proc proc" /proc/mounts
echo "mode: ptracevm=$(cat /proc/ptracevm) sysemu=$(cat /proc/sysemu 2>/dev/null || echo none)"
test "$(echo hello world | tr a-z A-Z | sed s/WORLD/UML/)" = "HELLO UML"
(exit 3) || test $? = 3
sh -c "exit 5" || test $? = 5
for i in 1 2 3 4 5; do echo $i; done | wc -l | grep -q 5
/share/uml_basic
/share/uml_step
/share/uml_ptrace_vm || echo "uml_ptrace_vm status $?"
/share/getppid_bench '"$bench_n"'
sync
exit 7'

# mode: --mode | expected /proc/ptracevm | expected /proc/sysemu | log line
run_mode() {
	local name=$1 want_vm=$3 want_sysemu=$4 want_log=$5
	local log=$work/$name.log out rc t0
	t0=$(date +%s)
	out=$("$umvm" boot --mode="$name" --kernel="$kernel" --root="$rootfs" \
		--share="$work/share" --log="$log" --timeout=240 -- \
		sh -c "$guest" 2>&1)
	rc=$?
	echo "$out" | sed 's/^/#   /'
	if [ $rc = 7 ]; then
		ok "$name: guest ran the checks, exit status 7 came back ($(( $(date +%s) - t0 ))s)"
	else
		bad "$name: guest status $rc (want 7)"
		tail -15 "$log" | sed 's/^/#   /'
	fi
	if [ $host_vm = 1 ]; then
		grep -q 'Checking PTRACE_VM for syscall emulation...OK' "$log" &&
			ok "$name: log says PTRACE_VM OK" ||
			bad "$name: log does not say PTRACE_VM OK"
	else
		grep -q 'Checking PTRACE_VM for syscall emulation...missing' "$log" &&
			ok "$name: log says PTRACE_VM missing" ||
			bad "$name: log does not say PTRACE_VM missing"
	fi
	grep -qF "Using $want_log for syscall emulation" "$log" &&
		ok "$name: log says $want_log in use" ||
		bad "$name: log does not say '$want_log' in use: $(grep 'for syscall emulation' "$log" | tail -1)"
	grep -q "mode: ptracevm=$want_vm sysemu=$want_sysemu\$" <<<"$out" &&
		ok "$name: /proc/ptracevm=$want_vm /proc/sysemu=$want_sysemu" ||
		bad "$name: /proc shows $(grep -o 'mode:.*' <<<"$out"), want ptracevm=$want_vm sysemu=$want_sysemu"
	grep -q 'uml_basic: all passed' <<<"$out" &&
		ok "$name: static test program" || bad "$name: static test program"
	grep -q "uml_step: ok ($native_steps steps)" <<<"$out" &&
		ok "$name: single-stepping a child, $native_steps steps as natively" ||
		bad "$name: single-stepping: $(grep -o 'uml_step: .*' <<<"$out"), natively $native_steps steps"
	if grep -q 'uml_ptrace_vm: all passed' <<<"$out"; then
		ok "$name: PTRACE_VM offered to tracers inside the guest"
	else
		bad "$name: PTRACE_VM inside the guest: $(grep -E '^not ok|uml_ptrace_vm' <<<"$out" | head -3 | tr '\n' ' ')"
	fi
	if grep -qE 'Kernel panic|Oops|BUG:' "$log"; then
		bad "$name: kernel trouble in the log: $(grep -E 'Kernel panic|Oops|BUG:' "$log" | head -1)"
	else
		ok "$name: halted cleanly"
	fi
	grep -o 'getppid: .*' <<<"$out" | sed "s/^/# bench $name: /"
}

# Each mode this host offers (umvm boot --check: the UML way).
checks=$("$umvm" boot --check 2>&1)
echo "$checks" | sed 's/^/#   /'
modes=0
if grep -q 'Checking PTRACE_VM for syscall emulation...OK' <<<"$checks"; then
	[ $host_vm = 1 ] && ok "boot --check: PTRACE_VM OK, as the host" ||
		bad "boot --check says PTRACE_VM OK, the host has none"
	run_mode ptrace_vm "" 1 3 PTRACE_VM
	modes=$((modes + 1))
else
	[ $host_vm = 0 ] && ok "boot --check: PTRACE_VM missing, as the host" ||
		bad "boot --check says PTRACE_VM missing, the host has it"
	skip_host "ptrace_vm mode" "this host kernel has no PTRACE_VM"
fi
run_mode sysemu "" 0 2 "PTRACE_SYSEMU and PTRACE_SYSEMU_SINGLESTEP"
run_mode rewrite "" 0 0 "PTRACE_SYSCALL and the getpid rewrite"
modes=$((modes + 2))
expect "UML booted in every mode the host offers" $((2 + host_vm)) "$modes"

# A root filesystem image through ubd instead of a directory through hostfs.
if command -v mke2fs >/dev/null; then
	if mke2fs -q -F -t ext2 -d "$rootfs" "$work/root.img" 32M >/dev/null 2>&1; then
		out=$("$umvm" boot --kernel="$kernel" --root="$work/root.img" \
			--timeout=240 -- sh -c 'grep " / " /proc/mounts; exit 9' 2>&1)
		rc=$?
		if [ $rc = 9 ] && grep -q ' / ext2 ro' <<<"$out"; then
			ok "ext2 image as root through ubd, exit status came back"
		else
			bad "ext2 image as root: status $rc: $(tail -3 <<<"$out" | tr '\n' ' ')"
		fi
	else
		bad "mke2fs -d could not make a root image"
	fi
else
	missing_pkg "ext2 image as root: mke2fs" e2fsprogs
fi

summary
