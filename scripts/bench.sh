#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# `make bench`: the full benchmark report on this host, printed as
# Markdown and written to $UMVM_BENCH_OUT (default build/bench) as
# bench.md, bench.json and bench.svg.  Extra arguments go to `umvm bench`.
#
# UML: with UMVM_BENCH_UML=1, the rows of scripts/bench-uml.sh, turned
# into `umvm bench --json` rows of section "uml" by scripts/uml-rows.awk.
set -eu
cd "$(dirname "$0")/.."
out=${UMVM_BENCH_OUT:-build/bench}
mkdir -p "$out"
set --  --out "$out" "$@"
# UML rows (scripts/bench-uml.sh: our UML in each mode inside the QEMU
# PTRACE_VM host, Debian's user-mode-linux on this host) take several
# minutes more: UMVM_BENCH_UML=1 adds them, as a section of their own.
if [ "${UMVM_BENCH_UML:-0}" = 1 ] && [ -x scripts/bench-uml.sh ]; then
	echo "bench: UML rows from scripts/bench-uml.sh" >&2
	if timeout -s KILL "${UMVM_BENCH_UML_TIMEOUT:-1800}" \
		scripts/bench-uml.sh --json >"$out/uml.raw"; then
		awk -f scripts/uml-rows.awk "$out/uml.raw" >"$out/uml.jsonl"
		set -- --import "$out/uml.jsonl" "$@"
	else
		echo "bench: scripts/bench-uml.sh failed; no UML rows" >&2
	fi
fi
start=$(date +%s)
./umvm bench "$@"
echo "bench: $(( $(date +%s) - start )) s; report in $out/bench.md," \
	"$out/bench.json, chart $out/bench.svg" >&2
