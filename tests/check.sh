#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Everything `make check` runs, one suite a line (the lists at the end):
# adding a suite is adding a line "suite [--backends] NAME COMMAND...".
#
# usage: tests/check.sh [--quick] [--list] [NAME...]
#
#   --quick   the edit loop (make check-quick): the compare and cli
#             suites on the default backend only
#   --list    print the suites' names and commands
#   NAME      run only these suites
#
# Each suite reports as tests/lib.sh says: "ok"/"FAIL"/"skip ... (host:
# REASON)" lines and a last "N passed, N failed, N skipped" line; exit 0,
# 1, 77 (the host cannot run it: a skip) or 78 (a package is missing: a
# failure).  A suite fails when it exits otherwise, when it ran no case,
# and, for suites marked --backends, when a backend expected here
# (tests/lib.sh: seccomp, sysemu, syscall, and vm where the host has
# PTRACE_VM) ran no case of it.  The summary gives, per suite, its
# verdict, its counts and its time, then every host-capability skip with
# its reason.  Each suite's output is kept in build/check/NAME.log.
#
# Two lanes run at once: the suites that boot QEMU (TCG: CPU-bound) run
# beside the others (which mostly wait on sleeps and ptrace stops; nice
# UMVM_QEMU_NICE, default 0: at 10 the QEMU lane took 9.3 minutes on a
# loaded machine, at 0 both lanes end together), and the UML kernel is
# built (or found cached) meanwhile at nice 19, at 0 once the UML suites
# need it.
# The QEMU lane's output is printed when the main lane is done.
# UMVM_CHECK_LANES=1 runs everything in one lane, in order.
#
# Environment: UMVM_SKIP_VM=1 / UMVM_SKIP_UML=1 leave out the suites that
# boot the QEMU host / UML (listed as skipped on request); CI=true forbids
# that, and a missing package is a failure anyway.  Tests never install
# packages (UMVM_NO_INSTALL=1 for the build scripts): scripts/deps.sh
# does, before (make check runs it).

set -u
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh
export UMVM_NO_INSTALL=1
LC_ALL=C
export LC_ALL

quick=0 list=0 only=
while [ $# -gt 0 ]; do
	case $1 in
	--quick) quick=1 ;;
	--list) list=1 ;;
	-h|--help) sed -n '4,37s/^# \{0,1\}//p' "$0"; exit 0 ;;
	-*) echo "check.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
	*) only="$only $1" ;;
	esac
	shift
done

if [ "${CI:-}" = true ]; then
	for v in UMVM_SKIP_VM UMVM_SKIP_UML; do
		eval "val=\${$v:-0}"
		if [ "$val" != 0 ]; then
			echo "check.sh: $v=$val is not allowed under CI=true" >&2
			exit 2
		fi
	done
fi
skip_vm=${UMVM_SKIP_VM:-0} skip_uml=${UMVM_SKIP_UML:-0}

logs=build/check
mkdir -p "$logs" || exit 2
rows=$logs/summary.rows
: >"$rows"
: >"$logs/host-skips"
t_start=$(date +%s)
probe=$(./umvm probe 2>/dev/null)
if [ -z "$probe" ] && [ "$list" = 0 ]; then
	echo "check.sh: ./umvm probe printed nothing: build umvm first (make)" >&2
	exit 2
fi

# selected NAME: run NAME? (all, or those named on the command line)
selected()
{
	[ -z "$only" ] && return 0
	case " $only " in *" $1 "*) return 0 ;; esac
	return 1
}

# suite [--backends[=LIST]] NAME COMMAND...: run one suite and judge it.
# --backends: each expected backend (or each of LIST) must run a case,
# counted from its "ok ... [BACKEND]" and "FAIL ... [BACKEND]" lines.
suite()
{
	_want=
	case $1 in
	--backends) _want=$(printf '%s\n' "$probe" | expected_backends); shift ;;
	--backends=*) _want=${1#*=}; shift ;;
	esac
	_name=$1
	shift
	if [ "$list" = 1 ]; then
		echo "$_name: $*${_want:+ (backends: $_want)}"
		return
	fi
	selected "$_name" || return 0
	_log=$logs/$_name.log
	echo "=== $_name: $*"
	_t0=$(date +%s)
	{ "$@" </dev/null 2>&1; echo $? >"$_log.status"; } | tee "$_log"
	_st=$(cat "$_log.status")
	judge "$_name" "$_st" "$_log" "$_want" "$(($(date +%s) - _t0))"
}

# skipped_on_request NAME REASON: a suite the user chose to leave out.
skipped_on_request()
{
	[ "$list" = 1 ] && { echo "$1: (skipped: $2)"; return; }
	selected "$1" || return 0
	echo "=== skip $1: $2"
	printf '%s|skip|-|-|-|0|%s\n' "$1" "$2" >>"$rows"
}

# judge NAME STATUS LOG WANT SECONDS: the verdict, one row of the summary.
judge()
{
	_counts=$(sed -n 's/^\(.*: \)\{0,1\}\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed\(, \([0-9][0-9]*\) skipped\)\{0,1\}.*$/\2 \3 \5/p' "$3" | tail -n 1)
	set -- "$1" "$2" "$3" "$4" "$5" $_counts
	_p=${6:--} _f=${7:--} _s=${8:-0}
	[ -n "$_counts" ] || _s=-
	_verdict=ok _note=
	case $2 in
	0)
		if [ -z "$_counts" ]; then
			_verdict=FAIL _note="no \"N passed, N failed\" line"
		elif [ $((_p + _f)) -eq 0 ]; then
			_verdict=FAIL _note="ran no case"
		elif [ "$_f" -ne 0 ]; then
			_verdict=FAIL _note="exit 0 with $_f failed"
		fi
		;;
	77)
		_why=$(sed -n 's/^.*(host: \(.*\))$/\1/p' "$3" | tail -n 1)
		if [ -n "$_why" ]; then
			_verdict=skip _note="host: $_why"
		else
			_verdict=FAIL _note="exit 77 without a \"(host: REASON)\" line"
		fi
		;;
	78)
		_why=$(sed -n 's/^SKIP (missing package \(.*\))$/\1/p' "$3" | tail -n 1)
		_verdict=FAIL _note="missing package ${_why:-(not named)}"
		;;
	*)
		_verdict=FAIL _note="exit status $2"
		;;
	esac
	# Each expected backend ran at least one case.
	if [ -n "$4" ] && [ "$_verdict" != skip ]; then
		_ran=
		for _b in $4; do
			_n=$(grep -cE "^(ok|FAIL) .*\\[$_b\\]" "$3")
			_ran="$_ran $_b:$_n"
			if [ "$_n" -eq 0 ]; then
				_verdict=FAIL
				_note="${_note:+$_note; }backend $_b ran no case"
			fi
		done
		_note="${_note:+$_note; }backends$_ran"
	fi
	# Host-capability skips of single cases, counted by reason.
	sed -n 's/^.*[Ss][Kk][Ii][Pp].*(host: \(.*\))$/\1/p' "$3" | sort |
		uniq -c | sed "s/^ *\\([0-9]*\\) /$1: \\1 x /" >>"$logs/host-skips"
	echo "=== $_verdict $1 (${5}s)${_note:+: $_note}"
	printf '%s|%s|%s|%s|%s|%s|%s\n' "$1" "$_verdict" "$_p" "$_f" "$_s" \
		"$5" "$_note" >>"$rows"
}

report()
{
	[ "$list" = 1 ] && return 0
	echo
	echo "=== summary"
	printf '%-20s %-5s %7s %7s %7s %6s  %s\n' suite verdict passed failed \
		skipped time notes
	while IFS='|' read -r n v p f s t note; do
		printf '%-20s %-5s %7s %7s %7s %5ss  %s\n' "$n" "$v" "$p" "$f" \
			"$s" "$t" "$note"
	done <"$rows"
	if [ -s "$logs/host-skips" ]; then
		echo "host-capability skips (this host cannot do these):"
		sed 's/^/  /' "$logs/host-skips"
	fi
	_n=$(grep -c . "$rows")
	_f=$(grep -c '^[^|]*|FAIL|' "$rows")
	_s=$(grep -c '^[^|]*|skip|' "$rows")
	_total=$(($(date +%s) - t_start))
	echo "suites: $((_n - _f - _s)) passed, $_f failed, $_s skipped in" \
		"$((_total / 60))m$((_total % 60))s (logs: $logs/)"
	[ "$_n" -gt 0 ] && [ "$_f" -eq 0 ]
}

if [ "$quick" = 1 ]; then
	# The edit loop: the default backend only.
	auto=$(printf '%s\n' "$probe" | sed -n 's/^auto backend: //p')
	suite --backends="$auto" compare tests/run.sh --backend="$auto"
	suite --backends="$auto" cli tests/cli.sh --backend="$auto"
	report
	exit
fi

# The suites that boot the QEMU PTRACE_VM host: one lane, beside the rest.
qemu_lane()
{
	if [ "$skip_vm" = 1 ]; then
		skipped_on_request qemu-ptrace_vm "UMVM_SKIP_VM=1"
		skipped_on_request uml-in-vm "UMVM_SKIP_VM=1"
		return
	fi
	suite qemu-ptrace_vm scripts/check-vm.sh
	if [ "$skip_uml" = 1 ]; then
		skipped_on_request uml-in-vm "UMVM_SKIP_UML=1"
	else
		suite uml-in-vm tests/uml/check-uml-in-vm.sh
	fi
}

# The suites on this host.  --backends: the suite runs each backend umvm
# probe reports.
main_lane()
{
	suite --backends compare tests/run.sh
	suite --backends cli tests/cli.sh
	suite --backends lifetime tests/lifetime/run.sh
	suite --backends paths tests/sandbox/paths.sh
	suite --backends sandbox-fakeroot tests/sandbox/fakeroot.sh
	suite --backends sandbox-policy tests/sandbox/policy.sh
	suite --backends sandbox-inject tests/sandbox/inject.sh
	suite --backends sandbox-denynet tests/sandbox/denynet.sh
	suite --backends sandbox-unhandled tests/sandbox/unhandled.sh
	suite --backends sandbox-escapes tests/sandbox/escapes.sh
	suite --backends sandbox-acceptance tests/sandbox/acceptance.sh
	for s in runtime podman ctr conformance; do
		suite oci-$s tests/oci/$s.sh
	done
	suite --backends transparency env UMVM_RUN_OPTS="-r /" tests/run.sh
	suite bench tests/bench.sh
	suite ptrace_vm-host tests/ptrace_vm/ptrace_vm_test
	suite clang tests/clang.sh
	suite layers scripts/check-layers.sh
	suite help tests/help.sh
	if [ "$skip_uml" = 1 ]; then
		skipped_on_request uml "UMVM_SKIP_UML=1"
		skipped_on_request boot "UMVM_SKIP_UML=1"
		skipped_on_request uml-in-umvm "UMVM_SKIP_UML=1"
		skipped_on_request umvm-in-uml "UMVM_SKIP_UML=1"
		return
	fi
	# From here on the UML kernel is needed: its build, if one runs, at
	# normal priority now (as root; a user may only lower priority).
	[ -z "$prefetch" ] || renice -n 0 -g "$prefetch" >/dev/null 2>&1
	suite uml tests/uml/check-uml.sh
	suite boot tests/uml/boot.sh
	suite uml-in-umvm tests/uml/uml-in-umvm.sh
	suite --backends=vm umvm-in-uml tests/uml/check-umvm-in-uml.sh
}

prefetch=
if [ "$list" = 1 ] || [ "${UMVM_CHECK_LANES:-2}" = 1 ]; then
	main_lane
	qemu_lane
	report
	exit
fi

# The UML kernel, built while the first suites run (nothing to do when
# cached); suites that need it wait for it (scripts/lib-kbuild.sh locks).
prefetch=
if [ "$skip_uml" != 1 ]; then
	# A process group of its own, to be reniced as a whole.
	setsid nice -n 19 scripts/build-uml.sh >"$logs/build-uml.log" 2>&1 &
	prefetch=$!
fi
(
	renice -n "${UMVM_QEMU_NICE:-0}" -p "$(sh -c 'echo $PPID')" >/dev/null 2>&1
	qemu_lane
) >"$logs/qemu-lane.out" 2>&1 &
qemu_pid=$!
main_lane
echo "=== waiting for the QEMU lane (build/check/qemu-lane.out)"
wait "$qemu_pid"
echo "=== the QEMU lane's output (it ran beside the suites above)"
cat "$logs/qemu-lane.out"
wait
report
