#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the patched UML guest inside the QEMU PTRACE_VM host: the host
# kernel of scripts/build-kernel.sh under scripts/qemu-run.sh, with the UML
# kernel and root filesystem of scripts/build-uml.sh added to its
# initramfs.  Checks that UML finds PTRACE_VM, uses it, runs the static
# test programs (fork, pipes, signals, single-stepping) and the getppid
# benchmark, then does the same with "noptracevm" and "noptracevm nosysemu"
# for comparison.
#
# Reports as tests/lib.sh says; exits 0 when all passed, 1 on a failure,
# 78 when a package is missing.
# Slow: QEMU runs without KVM here (UMVM_QEMU_TIMEOUT, default 600s).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
bench_n=${UMVM_UML_BENCH_N:-5000}

. "$root/tests/lib.sh"
. "$here/lib.sh"
pass=0 fail=0 skip=0

command -v gcc >/dev/null || suite_missing gcc "gcc"
command -v qemu-system-x86_64 >/dev/null ||
	suite_missing qemu-system-x86 "qemu-system-x86_64"
uml_share check-uml-vm
native_steps=$("$work/share/uml_step" | sed -n 's/^uml_step: ok (\([0-9]*\) steps)$/\1/p')

kbuilt host build-kernel.sh -f
kbuilt uml build-uml.sh -x
rootfs=$("$root/scripts/build-uml.sh" --rootfs-only 2>/dev/null | tail -1)

# The guest of the guest: what umvm-boot.sh does, in busybox sh.
guest='echo "mode: ptracevm=$(cat /proc/ptracevm) sysemu=$(cat /proc/sysemu)"
n=0; for i in $(seq 40); do /bin/true && n=$((n + 1)); done
test $n = 40 && test "$(echo hello world | tr a-z A-Z | sed s/WORLD/UML/)" = "HELLO UML" &&
	test "$(sh -c "exit 5"; echo $?)" = 5 && echo "shell: ok"
/share/uml_basic
/share/uml_step
/share/uml_ptrace_vm || echo "uml_ptrace_vm status $?"
/share/getppid_bench '"$bench_n"'
exit 7'
printf '%s\n' "$guest" > "$work/uml-cmd"

# Runs in the QEMU guest (busybox sh): boot UML once per option set.
cat > "$work/in-vm.sh" <<'EOF2'
echo "QEMU host: $(/uml/share/probe_ptrace_vm)"
for opts in "" "noptracevm" "noptracevm nosysemu"; do
	name=$(echo ${opts:-default} | tr ' ' -)
	run=/tmp/run-$name
	mkdir -p $run && cp /uml/uml-cmd $run/cmd
	echo "=== UML $name"
	TMPDIR=/tmp /uml/linux mem=64M con=null con0=null,fd:1 ssl=null \
		loglevel=4 umvm.run=$run umvm.share=/uml/share \
		root=/dev/root rootfstype=hostfs rootflags=/uml/root ro \
		init=/init $opts < /dev/null 2>&1 | tr -d '\r'
	echo "=== UML $name status $(cat $run/status 2>/dev/null)"
done
EOF2

"$root/scripts/qemu-run.sh" --kernel "$host" \
	--add "$uml:/uml/linux" --add "$rootfs:/uml/root" \
	--add "$work/share:/uml/share" --add "$work/uml-cmd:/uml/uml-cmd" \
	--add "$work/in-vm.sh:/uml/in-vm.sh" \
	-- 'sh /uml/in-vm.sh' > "$work/vm.log" 2>&1
rc=$?
sed 's/^/#   /' "$work/vm.log"
[ $rc = 0 ] && ok "QEMU host booted and ran UML" || bad "qemu-run.sh status $rc"

section() { sed -n "/^=== UML $1\$/,/^=== UML $1 status/p" "$work/vm.log"; }
d=$(section default)
n=$(section noptracevm)
g=$(section noptracevm-nosysemu)
grep -q '^QEMU host: ptrace_vm: yes' "$work/vm.log" && ok "the QEMU host has PTRACE_VM" ||
	bad "the QEMU host does not have PTRACE_VM"
grep -q 'Checking PTRACE_VM for syscall emulation...OK' <<<"$d" &&
	ok "UML log says PTRACE_VM OK" || bad "UML log does not say PTRACE_VM OK"
grep -q 'Using PTRACE_VM for syscall emulation' <<<"$d" &&
	ok "UML uses PTRACE_VM" || bad "UML does not use PTRACE_VM"
grep -q 'mode: ptracevm=1 sysemu=3' <<<"$d" &&
	ok "/proc/ptracevm=1 /proc/sysemu=3" || bad "/proc shows $(grep -o 'mode:.*' <<<"$d")"
grep -q 'shell: ok' <<<"$d" && ok "PTRACE_VM: 40 fork+exec, pipelines, exit status" ||
	bad "PTRACE_VM: shell checks"
grep -q 'uml_basic: all passed' <<<"$d" && ok "PTRACE_VM: static test program" ||
	bad "PTRACE_VM: static test program"
grep -q "uml_step: ok ($native_steps steps)" <<<"$d" &&
	ok "PTRACE_VM: single-stepping, $native_steps steps as natively" ||
	bad "PTRACE_VM: single-stepping: $(grep -o 'uml_step: .*' <<<"$d"), natively $native_steps"
grep -q 'uml_ptrace_vm: all passed' <<<"$d" &&
	ok "PTRACE_VM offered to tracers inside UML" ||
	bad "PTRACE_VM inside UML: $(grep -E '^not ok|uml_ptrace_vm' <<<"$d" | head -3 | tr '\n' ' ')"
grep -q 'status 7$' <<<"$d" && ok "PTRACE_VM: exit status came back" ||
	bad "PTRACE_VM: no exit status"
grep -q 'Using PTRACE_SYSEMU and PTRACE_SYSEMU_SINGLESTEP' <<<"$n" &&
	grep -q 'status 7$' <<<"$n" && ok "noptracevm: SYSEMU, checks passed" ||
	bad "noptracevm run"
grep -q 'Using PTRACE_SYSCALL and the getpid rewrite' <<<"$g" &&
	grep -q 'status 7$' <<<"$g" && ok "noptracevm nosysemu: getpid rewrite, checks passed" ||
	bad "noptracevm nosysemu run"
grep -o 'getppid: .*' <<<"$d" | sed 's/^/# bench PTRACE_VM (in QEMU): /'
grep -o 'getppid: .*' <<<"$n" | sed 's/^/# bench SYSEMU (in QEMU): /'
grep -o 'getppid: .*' <<<"$g" | sed 's/^/# bench getpid rewrite (in QEMU): /'

summary
