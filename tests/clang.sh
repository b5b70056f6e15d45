#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# umvm's sources pass clang with the warnings the Makefile gives gcc, as
# errors (-Werror): two compilers see more than one.  One case per file,
# syntax and semantics only (-fsyntax-only; gcc builds the binary).
#
# usage: tests/clang.sh
set -u
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh
pass=0 fail=0 skip=0
command -v clang >/dev/null || suite_missing clang "the clang build check"
make -s build/sysent-table.h || exit 2
flags=$(make -s print-flags) || exit 2
for f in $(make -s print-srcs); do
	# shellcheck disable=SC2086 # flags are words
	if out=$(clang $flags -fsyntax-only "$f" 2>&1); then
		ok "clang $f"
	else
		bad "clang $f"
		printf '%s\n' "$out" | head -20
	fi
done
summary
