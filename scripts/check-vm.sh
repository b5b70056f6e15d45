#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The "make check-vm" entry point: build the PTRACE_VM host kernel (cached),
# build the conformance suite, boot the kernel under QEMU and run there the
# suite in require mode, then umvm's suites (see GUEST STEPS).
#
# Prints one "ok"/"FAIL" line per guest step with its counts and, for the
# steps that run each backend, how many cases each of vm, seccomp, sysemu
# and syscall ran (each must run some); the guest's own lines (host skips
# among them) come before.  Ends with "N passed, N failed, N skipped"
# summed over the steps.
#
# Exit status: 0 all passed, 78 a package is missing (QEMU, busybox-static,
# cpio, the kernel source or its tools: named; this script installs
# nothing, scripts/deps.sh does), anything else a failure.
#
# Environment: UMVM_CACHE, UMVM_JOBS (scripts/build-kernel.sh),
# UMVM_QEMU_TIMEOUT (scripts/qemu-run.sh), UMVM_VM_BENCH=1 adds a short
# `umvm bench` run (figures, not a verdict; make bench-vm makes the report).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$root"

say() { echo "check-vm: $*" >&2; }
missing() {
	echo "SKIP (missing package $1: $2; sudo apt-get install $1, or scripts/deps.sh)"
	exit 78
}

command -v qemu-system-x86_64 >/dev/null ||
	missing qemu-system-x86 "qemu-system-x86_64"
[ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1 ||
	missing busybox-static "a static /bin/busybox for the initramfs"
command -v cpio >/dev/null || missing cpio "cpio for the initramfs"

# 1. The host kernel.
set +e
kernel=$("$here/build-kernel.sh" | tail -1)
rc=${PIPESTATUS[0]}
set -e
[ "$rc" = 78 ] && missing "linux-source-6.1 or a build tool" "build-kernel.sh named it above"
[ "$rc" = 0 ] && [ -f "$kernel" ] || { say "FAIL: kernel build (status $rc)"; exit 1; }

# 2. The conformance suite (static, for the initramfs).
make -s -C tests/ptrace_vm >&2

# 3. What goes into the guest, and what runs there.
#
# GUEST STEPS: one shell command per line, run in order in the guest (cwd
# /umvm, the repository's files below), each reporting as tests/lib.sh
# says.  Add a step with "steps+=('command')" (and "each+=(1)" when it runs
# every backend, else "each+=(0)") and the files it needs with
# "adds+=(HOST:GUEST)".
adds=("tests/ptrace_vm/ptrace_vm_test:/umvm/tests/ptrace_vm/ptrace_vm_test")
steps=("./tests/ptrace_vm/ptrace_vm_test --require")
each=(0)

adds+=("./umvm:/umvm/umvm" "tests:/umvm/tests")
# glibc loads libgcc_s for pthread_exit's unwinding (tests/progs/exit_leader);
# without it the guest aborts natively or not, by a race.
gcc_s=$(readlink -f "$(gcc -print-file-name=libgcc_s.so.1)")
[ -f "$gcc_s" ] && adds+=("$gcc_s:/lib/x86_64-linux-gnu/libgcc_s.so.1")
# The probe must find PTRACE_VM, and auto must pick it.
steps+=("./umvm probe > /tmp/probe.out; cat /tmp/probe.out; if grep -q 'auto backend: vm' /tmp/probe.out; then echo 'ok probe picks vm'; echo '1 passed, 0 failed, 0 skipped'; else echo 'FAIL probe picks vm'; echo '0 passed, 1 failed, 0 skipped'; false; fi")
each+=(0)
# umvm's suites, with every backend this kernel offers.
steps+=("sh tests/run.sh" "sh tests/cli.sh")
each+=(1 1)
# The sandbox personality's suites that need no Debian tools.
for t in policy inject denynet unhandled; do
	steps+=("sh tests/sandbox/$t.sh")
	each+=(1)
done
# The escapes, on a kernel that runs i386 and x32 calls.
steps+=("sh tests/sandbox/escapes.sh")
each+=(1)
if [ "${UMVM_VM_BENCH:-0}" = 1 ]; then
	steps+=("./umvm bench --calls ${UMVM_VM_BENCH_CALLS:-3000} --repetitions 3 --cpus one --no-placement --workloads none && echo '1 passed, 0 failed, 0 skipped'")
	each+=(0)
fi

# Every step runs, even after one failed; each ends with a status line.
script="cd /umvm; export UMVM_EXPECT_BACKENDS='vm seccomp sysemu syscall'"
script+="; export UMVM_MINIMAL_HOST='the QEMU test guest (busybox initramfs)'; failed=0"
for i in "${!steps[@]}"; do
	script+="; echo '=== check-vm: step $i: ${steps[$i]//\'/}'; t0=\$(date +%s); ( ${steps[$i]} ); st=\$?"
	script+="; echo \"=== check-vm: step $i status \$st (\$((\$(date +%s) - t0))s)\"; [ \$st = 0 ] || failed=\$((failed + 1))"
done
script+="; echo \"=== check-vm: \$failed steps failed\"; [ \$failed = 0 ]"

# The suites take 4-10 minutes under TCG, more on a loaded machine.
qemu_args=(--kernel "$kernel" --timeout "${UMVM_QEMU_TIMEOUT:-1200}")
for a in "${adds[@]}"; do
	qemu_args+=(--add "$a")
done

log=$(mktemp "${TMPDIR:-/tmp}/check-vm.XXXXXX")
trap 'rm -f "$log"' EXIT
start=$(date +%s)
set +e
"$here/qemu-run.sh" "${qemu_args[@]}" -- "$script" | tee "$log"
rc=${PIPESTATUS[0]}
set -e
say "guest verdict $rc after $(( $(date +%s) - start ))s"

# The verdict, step by step, from the console log.
pass=0 fail=0 skipped=0
for i in "${!steps[@]}"; do
	sec=$(sed -n "/^=== check-vm: step $i: /,/^=== check-vm: step $i status/p" "$log")
	st=$(sed -n "s/^=== check-vm: step $i status \([0-9]*\) .*/\1/p" <<<"$sec")
	secs=$(sed -n "s/^=== check-vm: step $i status [0-9]* (\([0-9]*s\))$/\1/p" <<<"$sec")
	counts=$(sed -n 's/^\(.*: \)\{0,1\}\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed\(, \([0-9][0-9]*\) skipped\)\{0,1\}.*$/\2 \3 \5/p' <<<"$sec" | tail -1)
	read -r p f s <<<"${counts:-0 0 0}"
	s=${s:-0}
	pass=$((pass + p)) fail=$((fail + f)) skipped=$((skipped + s))
	verdict=ok note="$p passed, $f failed, $s skipped"
	if [ -z "$st" ]; then
		verdict=FAIL note="never finished"
	elif [ "$st" != 0 ]; then
		verdict=FAIL note="status $st; $note"
	elif [ -z "$counts" ] || [ $((p + f)) = 0 ]; then
		verdict=FAIL note="ran no case"
	fi
	if [ "${each[$i]}" = 1 ]; then
		note+=";"
		for b in vm seccomp sysemu syscall; do
			n=$(grep -cE "^(ok|FAIL) .*\\[$b\\]" <<<"$sec" || true)
			note+=" $b:$n"
			[ "$n" -gt 0 ] || { verdict=FAIL; note+=" (none)"; }
		done
	fi
	[ "$verdict" = ok ] || fail=$((fail + 1))
	echo "$verdict in the QEMU PTRACE_VM host: ${steps[$i]:0:60} (${secs:+$secs, }$note)"
done
[ "$rc" = 0 ] || { [ "$fail" -gt 0 ] || fail=1; echo "FAIL guest status $rc"; }
echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" = 0 ]
