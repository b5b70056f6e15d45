#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The OCI runtime's suites: umvm oci on its own (runtime.sh), podman
# (podman.sh) and containerd's ctr (ctr.sh) with umvm-oci as their
# runtime, and the conformance checks built on runtime-tools
# (conformance.sh).  Ends with "N passed, N failed, N skipped" counting
# the suites; exits 77 when every suite was skipped.
#
# usage: tests/oci/check.sh [--umvm PATH]
cd "$(dirname "$0")" || exit 2
pass=0 fail=0 skip=0
for s in runtime podman ctr conformance; do
	echo "=== oci-$s"
	./$s.sh "$@"
	st=$?
	if [ $st -eq 0 ]; then
		pass=$((pass + 1)); echo "=== ok oci-$s"
	elif [ $st -eq 77 ]; then
		skip=$((skip + 1)); echo "=== skip oci-$s"
	else
		fail=$((fail + 1)); echo "=== FAIL oci-$s (status $st)"
	fi
done
echo "oci: $pass passed, $fail failed, $skip skipped"
[ $fail -gt 0 ] && exit 1
[ $pass -eq 0 ] && exit 77
exit 0
