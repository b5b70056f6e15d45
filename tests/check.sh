#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Everything `make check` runs:
#   1. tests/run.sh: the test programs and shell tests, natively and under
#      umvm with every backend this host offers, outputs compared exactly;
#   2. tests/cli.sh: options, errors, signals, kill-safety;
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
