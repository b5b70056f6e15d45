#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# `make bench`: the full benchmark report on this host, printed as
# Markdown and written to $UMVM_BENCH_OUT (default build/bench) as
# bench.md, bench.json and bench.svg.  Extra arguments go to `umvm bench`.
#
# UML hook: if scripts/bench-uml.sh exists and is executable, its stdout
# (JSON rows, one object per line, in the format of `umvm bench --json`;
# workloads named as umvm bench names them, so that each row's ratio is
# to the host's native run) is added to the report.  It fails or is
# missing: no UML rows, and the report says nothing about UML.
set -eu
cd "$(dirname "$0")/.."
out=${UMVM_BENCH_OUT:-build/bench}
mkdir -p "$out"
set --  --out "$out" "$@"
if [ -x scripts/bench-uml.sh ]; then
	echo "bench: UML rows from scripts/bench-uml.sh" >&2
	if timeout -s KILL "${UMVM_BENCH_UML_TIMEOUT:-1200}" \
		scripts/bench-uml.sh >"$out/uml.jsonl"; then
		set -- --import "$out/uml.jsonl" "$@"
	else
		echo "bench: scripts/bench-uml.sh failed; no UML rows" >&2
	fi
fi
start=$(date +%s)
./umvm bench "$@"
echo "bench: $(( $(date +%s) - start )) s; report in $out/bench.md," \
	"$out/bench.json, chart $out/bench.svg" >&2
