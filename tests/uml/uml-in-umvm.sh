#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# User-Mode Linux as a guest of umvm: UML is itself a tracer, which runs
# its processes with PTRACE_SYSEMU.  Boot each UML kernel natively and
# under `umvm run` with each backend `umvm probe` reports, run the same
# commands in it, and compare what the guest printed and its exit status
# with the native boot's.
#
# Kernels: ours (scripts/build-uml.sh, built and cached as for
# check-uml.sh) and Debian's /usr/bin/linux.uml (package user-mode-linux)
# when installed.  UMVM_UML_KERNELS="PATH..." replaces the list.
#
# Prints "ok ..."/"FAIL ..."/"skip ..." lines, the boot times ("# time"
# lines), and a summary; exits 0 when all passed, 1 on a failure, 77 with
# the reason when no UML can be had.  UMVM_UML_TIMEOUT: seconds per boot
# (default 120).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/tests/lib.sh"
boot=$root/scripts/umvm-boot.sh
umvm=${UMVM:-$root/umvm}
limit=${UMVM_UML_TIMEOUT:-120}

pass=0 fail=0 skip=0
skip_all() { bad "$*"; summary; exit 1; }

[ -x "$umvm" ] || { echo "uml-in-umvm: no umvm at $umvm" >&2; exit 2; }
backends=$("$umvm" probe 2>&1 | parse_probe)
[ -n "$backends" ] || { echo "uml-in-umvm: umvm probe found no backend" >&2; exit 2; }

if [ -n "${UMVM_UML_KERNELS:-}" ]; then
	kernels=$UMVM_UML_KERNELS
else
	kernels=
	ours=$("$root/scripts/build-uml.sh" 2>/dev/null | tail -1)
	rc=${PIPESTATUS[0]}
	if [ "$rc" = 0 ] && [ -x "$ours" ]; then
		kernels=$ours
	else
		bad "our UML: build-uml.sh status $rc"
	fi
	if [ -x /usr/bin/linux.uml ]; then
		kernels="$kernels /usr/bin/linux.uml"
	else
		missing_pkg "Debian's UML (/usr/bin/linux.uml)" user-mode-linux
	fi
fi
[ -n "$kernels" ] || skip_all "no UML kernel"
rootfs=$("$root/scripts/build-uml.sh" --rootfs-only 2>/dev/null | tail -1)
[ -d "$rootfs" ] || skip_all "no UML root filesystem (build-uml.sh --rootfs-only)"

work=$(mktemp -d "${TMPDIR:-/tmp}/uml-in-umvm.XXXXXX")
trap 'rm -rf "$work"' EXIT

# What runs in the guest: processes, pipes, exec, exit statuses; the
# last status comes back as the boot's.
guest='uname -a
echo "6 * 7 = $((6 * 7))"
echo hello world | tr a-z A-Z | sed s/WORLD/UML/
for i in 1 2 3; do sh -c "exit $i"; echo "child status $?"; done
i=0; while [ $i -lt 20 ]; do /bin/true; i=$((i + 1)); done
echo "20 programs run"
cat /proc/sys/kernel/ostype
ls / | wc -l
exit 3'

# run_boot OUT CMD...: the guest's output and status, and the time.
run_boot()
{
	local out=$1 start end
	shift
	start=$(date +%s.%N)
	"$@" "$boot" --kernel "$kernel" --rootfs "$rootfs" \
		--timeout "$limit" --log "$out.log" -- "$guest" \
		> "$out" 2> "$out.err" < /dev/null
	echo "exit status $?" >> "$out"
	end=$(date +%s.%N)
	awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }' \
		> "$out.time"
}

for kernel in $kernels; do
	name=$(basename "$(dirname "$kernel")")/$(basename "$kernel")
	run_boot "$work/native" env
	if ! grep -q '^exit status 3$' "$work/native"; then
		bad "$name native: $(tail -1 "$work/native")"
		tail -5 "$work/native.err" "$work/native.log" | tr -d '\r'
		continue
	fi
	times="native $(cat "$work/native.time")s"
	for b in $backends; do
		run_boot "$work/$b" timeout -k 5 $((limit + 10)) \
			"$umvm" run --backend="$b" --
		times="$times, $b $(cat "$work/$b.time")s"
		if cmp -s "$work/native" "$work/$b"; then
			ok "$name under umvm --backend=$b"
		else
			bad "$name under umvm --backend=$b"
			diff -u -L native -L "$b" "$work/native" "$work/$b"
			tail -5 "$work/$b.err" "$work/$b.log" | tr -d '\r'
		fi
	done
	echo "# time $name (boot, 20 programs, halt): $times"
done

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
