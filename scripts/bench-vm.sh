#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make bench-vm`: `umvm bench` inside the QEMU PTRACE_VM host (our patched
# 6.1 kernel, TCG), so that the PTRACE_VM rows sit beside every other
# mechanism measured on the same kernel.  The guest's JSON report is
# rendered on the host to $UMVM_BENCH_OUT (default build/bench-vm)
# bench.{md,json,svg}.  The guest is a busybox initramfs: workloads that
# need make/cc and peers that are not there show as n/a.
#
# Environment: UMVM_VM_BENCH_ARGS (umvm bench options used in the guest),
# UMVM_QEMU_TIMEOUT; exit 77 when QEMU or the kernel cannot be had.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$root"
out=${UMVM_BENCH_OUT:-build/bench-vm}
# Under TCG a cross-CPU wake-up costs milliseconds: one-CPU rows only, and
# small workloads, so that the run stays within about ten minutes.
args=${UMVM_VM_BENCH_ARGS:-"--calls 2000 --repetitions 7 --cpus one --no-placement --macro-repetitions 2 --scale 20 --runners native,umvm"}
say() { echo "bench-vm: $*" >&2; }

command -v qemu-system-x86_64 >/dev/null ||
	{ say "SKIP: qemu-system-x86_64 not found"; exit 77; }
set +e
kernel=$("$here/build-kernel.sh" | tail -1)
rc=${PIPESTATUS[0]}
set -e
[ "$rc" = 0 ] && [ -f "$kernel" ] ||
	{ say "SKIP: PTRACE_VM host kernel cannot be built (status $rc)"; exit 77; }
mkdir -p "$out"
log=$out/guest.log
start=$(date +%s)
set +e
UMVM_QEMU_TIMEOUT=${UMVM_QEMU_TIMEOUT:-900} "$here/qemu-run.sh" \
	--kernel "$kernel" --add ./umvm:/umvm/umvm -- \
	"cd /umvm && ./umvm bench $args --json >/tmp/bench.json; st=\$?; \
	 echo UMVM-BENCH-BEGIN; cat /tmp/bench.json; echo UMVM-BENCH-END; \
	 exit \$st" >"$log" 2>&1
rc=$?
set -e
say "guest status $rc after $(( $(date +%s) - start )) s (log: $log)"
[ "$rc" = 77 ] && { say "SKIP: QEMU rig unavailable"; exit 77; }
sed -n '/^UMVM-BENCH-BEGIN/,/^UMVM-BENCH-END/p' "$log" | tr -d '\r' |
	sed '1d;$d' >"$out/guest.json"
[ "$rc" = 0 ] && [ -s "$out/guest.json" ] ||
	{ say "FAIL: no report from the guest"; tail -20 "$log" >&2; exit 1; }
./umvm bench --no-run --import "$out/guest.json" --out "$out"
say "report in $out/bench.md, $out/bench.json, chart $out/bench.svg"
