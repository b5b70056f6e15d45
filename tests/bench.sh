#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The benchmark harness itself (make check): statistics and output formats
# (tests/bench/benchcheck unit), a tiny end-to-end `umvm bench` whose JSON
# must parse, whose Markdown has the rows asked for, whose SVG is
# well-formed and whose stop counts are the mechanisms' (counted, so a
# wrong count is a bug), options and their errors, --import round trip,
# and no process left behind.
set -u
cd "$(dirname "$0")/.." || exit 2
pass=0 fail=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/umvm-benchtest.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); echo "ok $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
expect() { # expect DESCRIPTION COMMAND...
	_d=$1
	shift
	if "$@" >/dev/null 2>&1; then ok "$_d"; else bad "$_d"; fi
}

[ -x ./umvm ] && [ -x tests/bench/benchcheck ] ||
	{ echo "FAIL: build umvm and tests/bench/benchcheck first (make)"; exit 2; }

# 1. Statistics and formats on known inputs.
if tests/bench/benchcheck unit >"$tmp/unit" 2>&1; then
	ok "harness unit checks ($(grep -c '^ok' "$tmp/unit") checks)"
else
	bad "harness unit checks"
	cat "$tmp/unit"
fi

# 2. A tiny end-to-end run: two mechanisms, two workloads, two runners.
timeout -s KILL 300 ./umvm bench --calls 300 --repetitions 2 \
	--mechanisms ptrace-syscall,seccomp-trap --cpus one \
	--workloads startup,fork-exec --runners native,umvm,proot \
	--macro-repetitions 1 --scale 5 --no-placement --out "$tmp/out" \
	>"$tmp/stdout" 2>"$tmp/stderr"
st=$?
if [ $st -eq 0 ]; then ok "end-to-end run exits 0"; else
	bad "end-to-end run exits 0 (status $st)"; cat "$tmp/stderr"; fi
for f in bench.json bench.md bench.svg; do
	expect "writes $f" test -s "$tmp/out/$f"
done
expect "stdout is the Markdown report" cmp -s "$tmp/stdout" "$tmp/out/bench.md"
expect "JSON parses" tests/bench/benchcheck json "$tmp/out/bench.json"
expect "SVG is well-formed" tests/bench/benchcheck svg "$tmp/out/bench.svg"
md=$tmp/out/bench.md
expect "Markdown: native row" grep -q '^| getppid | native |  | [0-9.]* [nu]s | ' "$md"
expect "Markdown: PTRACE_SYSCALL emulate costs 2.00 stops" \
	grep -q '^| getppid | PTRACE_SYSCALL + getpid rewrite | emulate | .* | 2\.00 |' "$md"
expect "Markdown: PTRACE_SYSCALL pass costs 2.00 stops" \
	grep -q '^| getppid | PTRACE_SYSCALL + getpid rewrite | pass | .* | 2\.00 |' "$md"
expect "Markdown: RET_TRAP emulate costs 1.00 signal" \
	grep -q '^| getppid | seccomp RET_TRAP (SIGSYS) | emulate | .* | 1\.00 |' "$md"
expect "Markdown: RET_TRAP armed for another call costs 0.00" \
	grep -q '^| getppid | seccomp RET_TRAP (SIGSYS) | other call | .* | 0\.00 |' "$md"
expect "Markdown: workload table has native and umvm rows" \
	sh -c "grep -q '^| runner | startup | fork-exec |' '$md' &&
	       grep -q '^| native | [0-9]' '$md' && grep -q '^| umvm ' '$md'"
# Every n/a carries a reason; no row shows a number where it failed.
expect "every n/a has a reason" sh -c "! grep -q 'n/a: *|' '$md'"
# A peer is measured, or n/a with its reason (missing, not permitted).
if command -v proot >/dev/null; then
	expect "PRoot row: a figure or n/a with a reason" \
		grep -q '^| PRoot | \([0-9]\|n/a: [^ |]\)' "$md"
else
	expect "PRoot row n/a: not installed" \
		grep -q '^| PRoot | n/a: proot not installed' "$md"
fi
# The umvm backends the host lacks are n/a, the others measured.
for b in $(./umvm probe 2>/dev/null | sed -n 's/^auto backend: //p'); do
	expect "umvm $b (auto) measured" grep -q "^| getppid | umvm $b | emulate | [0-9]" "$md"
done

# 3. JSON read back renders the same rows.
./umvm bench --no-run --import "$tmp/out/bench.json" --json >"$tmp/again.json"
expect "--import: JSON round trip" sh -c \
	"[ \$(grep -c '\"section\"' '$tmp/out/bench.json') -eq \
	   \$(grep -c '\"section\"' '$tmp/again.json') ] &&
	 tests/bench/benchcheck json '$tmp/again.json'"

# 4. Options: bad input is one line and status 125.
for args in "--syscall close" "--mechanisms ptrace-nothing" "--calls x" \
	    "--workloads compile" "--runners docker" "--cpus three" \
	    "--modes fast" "--import /nonexistent/file" "extra"; do
	# shellcheck disable=SC2086
	./umvm bench $args >"$tmp/o" 2>"$tmp/e"
	st=$?
	if [ $st -eq 125 ] && [ "$(wc -l <"$tmp/e")" -eq 1 ] && [ ! -s "$tmp/o" ]; then
		ok "bad option '$args': one line, status 125"
	else
		bad "bad option '$args' (status $st)"
		cat "$tmp/e"
	fi
done
expect "--help" sh -c "./umvm bench --help | grep -q -- --mechanisms"

# 5. Another syscall, JSON on stdout.
./umvm bench --syscall getuid --calls 200 --repetitions 1 \
	--mechanisms sud --modes emulate --workloads none --runners native \
	--backend syscall --no-placement --json >"$tmp/uid.json" 2>/dev/null
expect "--syscall getuid --json parses" tests/bench/benchcheck json "$tmp/uid.json"
expect "--syscall getuid rows name getuid" grep -q '"workload": "getuid"' "$tmp/uid.json"

# 6. A run past --timeout is killed with its process group: n/a, reason.
./umvm bench --mechanisms none --no-placement --workloads fork-exec \
	--runners native,umvm --backend syscall --scale 1000 --timeout 1 \
	--macro-repetitions 1 >"$tmp/to.md" 2>/dev/null
expect "--timeout: n/a with the reason" \
	grep -q '^| native | n/a: timed out after 1 s |' "$tmp/to.md"
expect "--timeout: other runners n/a, not a number" \
	grep -q '^| umvm syscall | n/a: no native run to compare with |' "$tmp/to.md"

# 7. Nothing left behind: no process of ours still runs the workloads.
sleep 0.2
if ps -eo args | grep -v grep | grep -q "umvm-bench\.\|umvm __loop\|i=0; while \[ \$i -lt"; then
	bad "processes left behind"
	ps -eo pid,args | grep "umvm-bench\.\|umvm __loop\|i=0; while" | grep -v grep
else
	ok "no process left behind"
fi
if ls -d "${TMPDIR:-/tmp}"/umvm-bench.* >/dev/null 2>&1 &&
   [ -n "$(find "${TMPDIR:-/tmp}" -maxdepth 1 -name 'umvm-bench.*' -newer "$tmp" 2>/dev/null)" ]; then
	bad "workload files left behind"
else
	ok "workload files removed"
fi

echo "bench: $pass passed, $fail failed"
[ $fail -eq 0 ]
