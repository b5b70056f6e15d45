#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The "make check-vm" entry point: build the PTRACE_VM host kernel (cached),
# build the conformance suite, boot the kernel under QEMU and run the suite
# there in require mode, then whatever umvm steps exist (see GUEST STEPS).
#
# Exit status: 0 all passed, 77 skipped (no QEMU, busybox-static or kernel
# source; the reason is printed), anything else a failure.
#
# Environment: UMVM_CACHE, UMVM_JOBS (scripts/build-kernel.sh),
# UMVM_QEMU_TIMEOUT (scripts/qemu-run.sh), UMVM_NO_INSTALL=1 never runs
# apt-get for missing tools.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$root"

say() { echo "check-vm: $*" >&2; }
skip() { say "SKIP: $*"; exit 77; }

# Tools the rig needs, as Debian packages.  Installed when we are root with
# apt (as CI is), unless UMVM_NO_INSTALL is set; else missing ones skip.
need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
[ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1 ||
	need+=(busybox-static)
command -v cpio >/dev/null || need+=(cpio)
dpkg-query -W linux-source-6.1 >/dev/null 2>&1 || need+=(linux-source-6.1)
for t in flex bison bc; do
	command -v $t >/dev/null || need+=($t)
done
[ -f /usr/include/libelf.h ] || need+=(libelf-dev)
[ -f /usr/include/openssl/ssl.h ] || need+=(libssl-dev)
if [ ${#need[@]} -gt 0 ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null &&
	   [ -z "${UMVM_NO_INSTALL:-}" ]; then
		say "installing ${need[*]}"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			"${need[@]}" >&2 || skip "could not install ${need[*]}"
	else
		skip "missing packages: ${need[*]}"
	fi
fi

# 1. The host kernel.
set +e
kernel=$("$here/build-kernel.sh" | tail -1)
rc=${PIPESTATUS[0]}
set -e
[ "$rc" = 77 ] && skip "host kernel cannot be built (see above)"
[ "$rc" = 0 ] && [ -f "$kernel" ] || { say "FAIL: kernel build"; exit 1; }

# 2. The conformance suite (static, for the initramfs).
make -s -C tests/ptrace_vm >&2

# 3. What goes into the guest, and what runs there.
#
# GUEST STEPS: one shell command per line, run in order under "set -e" in
# the guest (cwd /umvm, the repository's files below).  Add a step with
# "steps+=('command')" and the files it needs with "adds+=(HOST:GUEST)".
# The first failing step fails the check.
adds=("tests/ptrace_vm/ptrace_vm_test:/umvm/tests/ptrace_vm/ptrace_vm_test")
steps=("./tests/ptrace_vm/ptrace_vm_test --require")

if [ -x ./umvm ]; then
	adds+=("./umvm:/umvm/umvm")
	# The probe must find PTRACE_VM, and auto must pick it.
	steps+=("./umvm probe > /tmp/probe.out; cat /tmp/probe.out; grep -q \"auto backend: vm\" /tmp/probe.out")
	if [ -f tests/run.sh ]; then
		adds+=("tests:/umvm/tests")
		# umvm's whole suite, with every backend this kernel offers.
		steps+=("sh tests/run.sh")
		steps+=("sh tests/cli.sh")
		# The sandbox personality's suites that need no Debian tools.
		for t in policy inject denynet unhandled; do
			steps+=("sh tests/sandbox/$t.sh")
		done
		# The escapes, on a kernel that runs i386 and x32 calls.
		steps+=("sh tests/sandbox/escapes.sh")
	fi
	# The benchmark on the PTRACE_VM kernel (figures, not a verdict).
	if [ "${UMVM_VM_BENCH:-1}" = 1 ]; then
		steps+=("./umvm bench --calls ${UMVM_VM_BENCH_CALLS:-3000} --repetitions 3 --cpus one --no-placement --workloads none")
	fi
fi

script="set -e; cd /umvm"
for s in "${steps[@]}"; do
	script+="; echo '=== check-vm: $s'; $s"
done
script+="; echo '=== check-vm: all steps passed'"

# The suites take 4-10 minutes under TCG, more on a loaded machine.
qemu_args=(--kernel "$kernel" --timeout "${UMVM_QEMU_TIMEOUT:-1200}")
for a in "${adds[@]}"; do
	qemu_args+=(--add "$a")
done

start=$(date +%s)
set +e
"$here/qemu-run.sh" "${qemu_args[@]}" -- "$script"
rc=$?
set -e
say "guest verdict $rc after $(( $(date +%s) - start ))s"
case $rc in
0) say "PASS" ;;
77) skip "QEMU rig unavailable" ;;
*) say "FAIL (status $rc)" ;;
esac
exit "$rc"
