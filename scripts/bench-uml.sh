#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Benchmark the UML guest kernel in each syscall mode: a getppid loop and a
# fork+exec loop inside UML.
#
# usage: bench-uml.sh [--json] [--repeat N] [--calls N] [--forks N]
#                     [--rounds N] [--only stock|qemu] [--kernel PATH]
#
#   --json     one JSON object per row instead of the Markdown table:
#              {"env", "mode", "workload", "us_per_op", "ratio",
#               "host_stops_per_op"}
#   --repeat   runs of each loop per UML boot; the table shows medians
#              (default 5)
#   --calls    getppid calls per run (default 10000)
#   --forks    fork+exec rounds per run (default 50)
#   --rounds   boots of each UML and mode, in turn (default 2): the
#              machine's load drifts, so the rows are interleaved
#   --only     measure one environment only
#   --kernel   our UML binary (default: scripts/build-uml.sh's, built if
#              need be)
#
# Environments:
#   qemu:  the PTRACE_VM host kernel (scripts/build-kernel.sh) under QEMU
#          (scripts/qemu-run.sh, TCG), one QEMU run booting our UML
#          (scripts/build-uml.sh) three times: PTRACE_VM (default),
#          SYSEMU ("noptracevm") and the getpid rewrite ("noptracevm
#          nosysemu");
#   stock: this host: Debian's user-mode-linux package (/usr/bin/linux.uml,
#          SYSEMU) unpinned and pinned to CPU 0 with taskset, and our UML
#          in SYSEMU mode (it pins itself) and with "nocpupin".
# Every UML boots the busybox root of scripts/build-uml.sh.  Host stops
# per getppid are counted from outside (tests/uml/count_stops.c: the
# voluntary context switches of UML's processes over the loop).
# "ratio" is us_per_op over that of the first row of the same
# environment and workload.
#
# Exit status: 0 when at least one environment was measured, 77 when none
# could be (the reasons are printed), 1 on a failure.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
say() { echo "bench-uml: $*" >&2; }

json='' repeat=5 calls=10000 forks=50 rounds=2 only='' uml=''
while [ $# -gt 0 ]; do
	case $1 in
	--json) json=1; shift ;;
	--repeat) repeat=$2; shift 2 ;;
	--calls) calls=$2; shift 2 ;;
	--forks) forks=$2; shift 2 ;;
	--only) only=$2; shift 2 ;;
	--rounds) rounds=$2; shift 2 ;;
	--kernel) uml=$2; shift 2 ;;
	-h|--help) sed -n '7,20s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit 2 ;;
	*) say "unknown argument: $1"; exit 2 ;;
	esac
done
for v in "$repeat" "$calls" "$forks" "$rounds"; do
	case $v in ''|*[!0-9]*|0) say "--repeat, --calls, --forks, --rounds take a positive number"; exit 2 ;; esac
done
case $only in ''|stock|qemu) ;; *) say "--only takes stock or qemu"; exit 2 ;; esac

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-uml.XXXXXX")
trap 'rm -rf "$work"' EXIT
share=$work/share
mkdir -p "$share"
for p in getppid_bench forkexec_bench count_stops; do
	gcc -static -O2 -Wall -o "$share/$p" "$root/tests/uml/$p.c" 2>"$work/gcc.log" || {
		say "SKIP: cannot build static programs: $(head -1 "$work/gcc.log")"
		exit 77
	}
done

if [ -n "$uml" ]; then
	[ -x "$uml" ] || { say "no UML kernel at $uml"; exit 2; }
else
	uml=$("$root/scripts/build-uml.sh" | tail -1)
	rc=${PIPESTATUS[0]}
	[ "$rc" = 77 ] && { say "SKIP: our UML cannot be built (see above)"; exit 77; }
	[ "$rc" = 0 ] && [ -x "$uml" ] || { say "build-uml.sh failed (status $rc)"; exit 1; }
fi
rootfs=$("$root/scripts/build-uml.sh" --rootfs-only 2>/dev/null | tail -1)

# What runs inside each UML: both loops, $repeat times.
guest="for i in \$(seq $repeat); do
/share/getppid_bench $calls /share/sync
/share/forkexec_bench $forks /bin/true
done"

results=$work/results		# env|mode|workload|value|stops per run
measured=0

# Parse a UML console log into $results rows for env $1, mode $2.
collect() {
	tr -d '\r' | awk -v env="$1" -v mode="$2" '
	/^getppid: / {
		s = "-"
		if (match($0, /, [0-9.]+ host stops/))
			s = substr($0, RSTART + 2, RLENGTH - 13)
		print env "|" mode "|getppid|" $2 "|" s
	}
	/^forkexec: / { print env "|" mode "|fork+exec|" $2 "|-" }' >> "$results"
}

# --- this host ------------------------------------------------------------
stock_boot() {		# env mode kernel append [wrapper...]
	local env=$1 mode=$2 kernel=$3 append=$4 bpid
	shift 4
	rm -rf "$share/sync" && mkdir "$share/sync"
	say "$env: $mode"
	"$@" "$root/scripts/umvm-boot.sh" --kernel "$kernel" --share "$share" \
		${append:+--append "$append"} --timeout 900 -- "$guest" \
		> "$work/out" 2>"$work/err" &
	bpid=$!
	"$share/count_stops" "$share/sync" "$bpid" &
	wait "$bpid" || { cat "$work/err" >&2; say "$env, $mode: boot failed"; return 1; }
	wait
	collect "$env" "$mode" < "$work/out"
}

if [ "$only" != qemu ]; then
	debian=$(readlink -f /usr/bin/linux 2>/dev/null || true)
	if [ -z "$debian" ] || [ ! -x "$debian" ] || ! dpkg -s user-mode-linux >/dev/null 2>&1; then
		say "stock host: Debian's user-mode-linux is not installed (apt-get install user-mode-linux): skipped"
	elif ! command -v taskset >/dev/null; then
		say "stock host: taskset not found: skipped"
	else
		env="stock host"
		for round in $(seq "$rounds"); do
			say "round $round of $rounds"
			stock_boot "$env" "Debian UML, SYSEMU" "$debian" "" env &&
			stock_boot "$env" "Debian UML, SYSEMU, taskset -c 0" "$debian" "" taskset -c 0 &&
			stock_boot "$env" "our UML, SYSEMU (self-pinned)" "$uml" noptracevm env &&
			stock_boot "$env" "our UML, SYSEMU, nocpupin" "$uml" "noptracevm nocpupin" env ||
			exit 1
		done
		measured=1
	fi
fi

# --- the QEMU PTRACE_VM host ----------------------------------------------
if [ "$only" != stock ]; then
	host=$("$root/scripts/build-kernel.sh" | tail -1)
	rc=${PIPESTATUS[0]}
	if [ "$rc" = 77 ]; then
		say "QEMU: the PTRACE_VM host kernel cannot be built: skipped"
	elif ! command -v qemu-system-x86_64 >/dev/null; then
		say "QEMU: qemu-system-x86_64 not found: skipped"
	elif [ "$rc" != 0 ] || [ ! -f "$host" ]; then
		say "build-kernel.sh failed (status $rc)"
		exit 1
	else
		printf '%s\n' "$guest" > "$work/uml-cmd"
		# Runs in the QEMU guest (busybox sh): one UML boot per mode.
		cat > "$work/in-vm.sh" <<'EOF'
for round in $(seq $1); do
for opts in "" "noptracevm" "noptracevm nosysemu"; do
	name=$(echo ${opts:-default} | tr ' ' -)
	run=/tmp/run-$name
	mkdir -p $run && cp /uml/uml-cmd $run/cmd
	rm -rf /uml/share/sync && mkdir /uml/share/sync
	TMPDIR=/tmp /uml/linux mem=128M con=null con0=null,fd:1 ssl=null \
		loglevel=4 umvm.run=$run umvm.share=/uml/share \
		root=/dev/root rootfstype=hostfs rootflags=/uml/root ro \
		init=/init $opts < /dev/null > /tmp/log-$name 2>&1 &
	upid=$!
	/uml/share/count_stops /uml/share/sync $upid &
	wait $upid
	wait
	echo "=== UML $name status $(cat $run/status 2>/dev/null)"
	grep -E '^(getppid|forkexec): |Using ' /tmp/log-$name
	echo "=== end $name"
done
done
EOF
		say "QEMU PTRACE_VM host: our UML in three modes (TCG, slow)"
		"$root/scripts/qemu-run.sh" --kernel "$host" --timeout 1800 \
			--add "$uml:/uml/linux" --add "$rootfs:/uml/root" \
			--add "$share:/uml/share" --add "$work/uml-cmd:/uml/uml-cmd" \
			--add "$work/in-vm.sh:/uml/in-vm.sh" \
			-- "sh /uml/in-vm.sh $rounds" > "$work/vm.log" 2>&1 || {
			tail -20 "$work/vm.log" >&2
			say "QEMU run failed"
			exit 1
		}
		env="QEMU PTRACE_VM host"
		for m in "default:PTRACE_VM" "noptracevm:SYSEMU (noptracevm)" \
			 "noptracevm-nosysemu:getpid rewrite (noptracevm nosysemu)"; do
			name=${m%%:*}
			sed -n "/^=== UML $name status/,/^=== end $name\$/p" "$work/vm.log" > "$work/sec"
			grep -q "status 0\$" "$work/sec" &&
			! grep -q -e "status [^0]" -e "status $" "$work/sec" || {
				cat "$work/vm.log" >&2
				say "QEMU: UML $name failed"
				exit 1
			}
			collect "$env" "${m#*:}" < "$work/sec"
		done
		measured=1
	fi
fi

[ "$measured" = 1 ] || { say "SKIP: no environment could be measured"; exit 77; }

# Medians per (env, mode, workload), in the order measured, with ratios.
awk -F'|' -v json="$json" -v repeat="$repeat" -v calls="$calls" -v forks="$forks" -v rounds="$rounds" '
function median(list,    a, n, i, j, t) {
	n = split(list, a, " ")
	for (i = 1; i <= n; i++)
		for (j = i + 1; j <= n; j++)
			if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{
	key = $1 "|" $2 "|" $3
	if (!(key in val)) { order[++nk] = key; env[nk] = $1; mode[nk] = $2; wl[nk] = $3 }
	val[key] = val[key] " " $4
	if ($5 != "-") stops[key] = stops[key] " " $5
}
END {
	for (k = 1; k <= nk; k++) {
		us[k] = median(val[order[k]])
		st[k] = (order[k] in stops) ? median(stops[order[k]]) : ""
		base = env[k] "|" wl[k]
		if (!(base in first)) first[base] = us[k]
		ratio[k] = us[k] / first[base]
	}
	if (json) {
		for (k = 1; k <= nk; k++)
			printf "{\"env\": \"%s\", \"mode\": \"%s\", \"workload\": \"%s\", \"us_per_op\": %.2f, \"ratio\": %.3f, \"host_stops_per_op\": %s}\n",
			       env[k], mode[k], wl[k], us[k], ratio[k], st[k] == "" ? "null" : sprintf("%.3f", st[k])
		exit
	}
	printf "Medians of %d runs per UML boot (%d getppid calls, %d fork+exec per run; each UML and mode booted %d times, in turn); ratio: to the first row of the same environment and workload.\n\n", repeat, calls, forks, rounds
	print "| environment | UML, mode | workload | us/op | ratio | host stops/op |"
	print "|---|---|---|---:|---:|---:|"
	for (k = 1; k <= nk; k++)
		printf "| %s | %s | %s | %.1f | %.2f | %s |\n", env[k], mode[k], wl[k], us[k], ratio[k], st[k] == "" ? "" : sprintf("%.2f", st[k])
	# The targets of issue 4, in the QEMU PTRACE_VM host.
	for (k = 1; k <= nk; k++)
		if (wl[k] == "getppid" && env[k] ~ /QEMU/) {
			if (mode[k] == "PTRACE_VM") vm = us[k]
			else if (mode[k] ~ /^SYSEMU/) se = us[k]
			else if (mode[k] ~ /^getpid/) gr = us[k]
		}
	if (vm && se && gr)
		printf "\nPTRACE_VM getppid: %+.1f%% against SYSEMU (target: within 5%%), %.2fx the getpid rewrite (target: at most 0.6x).\n", (vm / se - 1) * 100, vm / gr
}' "$results"
