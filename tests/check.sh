#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Everything `make check` runs:
#   1. tests/run.sh: the test programs and shell tests, natively and under
#      umvm with every backend this host offers, outputs compared exactly;
#   2. tests/cli.sh: options, errors, signals, kill-safety;
#      tests/sandbox/paths.sh: path views (-r, -b, -w) against chroot(2),
#      and escapes; tests/run.sh again with "-r /" (a view changes nothing);
#      tests/sandbox/*.sh: the sandbox personality (fake root and its
#      records, --policy, --inject, --deny-net, --unhandled), the escape
#      suite of the threat model (tests/sandbox/escapes.sh), and the
#      acceptance run of a Debian root filesystem as an ordinary user
#      (scripts/build-rootfs.sh; skipped without -r or debootstrap);
#      tests/bench.sh: the benchmark harness (statistics, JSON, Markdown,
#      SVG, a tiny end-to-end run, options);
#   3. the PTRACE_VM conformance suite on this host (on a stock kernel it
#      checks that PTRACE_VM is reported absent);
#   4. scripts/check-vm.sh: the PTRACE_VM host kernel in QEMU, with the
#      conformance suite and umvm's suite on --backend=vm (skipped, loudly,
#      when QEMU or the kernel source cannot be had; UMVM_SKIP_VM=1 skips
#      it on purpose);
#   5. tests/uml/check-uml.sh: our UML kernel booted on this host in each
#      syscall mode (PTRACE_VM where the host has it, SYSEMU, getpid
#      rewrite), and tests/uml/check-uml-in-vm.sh: the same UML inside the
#      QEMU PTRACE_VM host, where it must use PTRACE_VM;
#      tests/uml/check-umvm-in-uml.sh: umvm --backend=vm and the
#      PTRACE_VM conformance suite inside that UML, itself a PTRACE_VM
#      host (UMVM_SKIP_UML=1 skips them).
# Ends with "N passed, N failed, N skipped" counting the suites.

set -u
cd "$(dirname "$0")/.." || exit 2
pass=0 fail=0 skip=0

suite()
{
	name=$1
	shift
	echo "=== $name: $*"
	"$@"
	st=$?
	if [ $st -eq 0 ]; then
		pass=$((pass + 1)); echo "=== ok $name"
	elif [ $st -eq 77 ]; then
		skip=$((skip + 1)); echo "=== skip $name"
	else
		fail=$((fail + 1)); echo "=== FAIL $name (status $st)"
	fi
}

suite compare tests/run.sh
suite cli tests/cli.sh
suite lifetime tests/lifetime/run.sh
suite paths tests/sandbox/paths.sh
suite sandbox-fakeroot tests/sandbox/fakeroot.sh
suite sandbox-policy tests/sandbox/policy.sh
suite sandbox-inject tests/sandbox/inject.sh
suite sandbox-denynet tests/sandbox/denynet.sh
suite sandbox-unhandled tests/sandbox/unhandled.sh
suite sandbox-escapes tests/sandbox/escapes.sh
suite oci tests/oci/check.sh
suite sandbox-acceptance tests/sandbox/acceptance.sh
suite transparency env UMVM_RUN_OPTS="-r /" tests/run.sh
suite bench tests/bench.sh
suite ptrace_vm-host sh -c 'make -s -C tests/ptrace_vm && tests/ptrace_vm/ptrace_vm_test'
if [ "${UMVM_SKIP_VM:-0}" = 1 ]; then
	echo "=== skip qemu-ptrace_vm: UMVM_SKIP_VM=1"
	skip=$((skip + 1))
else
	suite qemu-ptrace_vm scripts/check-vm.sh
fi

if [ "${UMVM_SKIP_UML:-0}" = 1 ]; then
	echo "=== skip uml: UMVM_SKIP_UML=1"
	skip=$((skip + 3))
else
	suite uml tests/uml/check-uml.sh
	suite uml-in-umvm tests/uml/uml-in-umvm.sh
	suite umvm-in-uml tests/uml/check-umvm-in-uml.sh
	if [ "${UMVM_SKIP_VM:-0}" = 1 ]; then
		echo "=== skip uml-in-vm: UMVM_SKIP_VM=1"
		skip=$((skip + 1))
	else
		suite uml-in-vm tests/uml/check-uml-in-vm.sh
	fi
fi

echo "suites: $pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
