#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# umvm conformance harness: run every test natively and under umvm, and
# compare stdout, stderr and exit status exactly.
#
# usage: tests/run.sh [--umvm PATH] [--backend B]... [--bindir DIR]
#                     [--timeout SECS] [TEST...]
#
#   --umvm PATH    the umvm binary (default: $UMVM_CMD if set, else ./umvm
#                  at the repository root).  UMVM_CMD is split on blanks, so
#                  it may be a wrapper command, e.g. for testing the harness:
#                  UMVM_CMD="sh /path/to/passthru.sh" where passthru.sh
#                  answers `probe` and execs the program after `--`.
#   --backend B    vm, seccomp, sysemu or syscall; repeat for several
#                  (default: every
#                  backend `umvm probe` reports OK).  The pseudo-backend
#                  "native" runs the program natively a second time: it needs
#                  no umvm and checks that the tests are deterministic.
#   --bindir DIR   compiled test programs (default: tests/progs/bin).
#   --timeout S    per-run timeout in seconds (default 60).
#   --jobs N       tests run at once (default $UMVM_TEST_JOBS, else 2):
#                  most wait on sleeps and ptrace stops, not on a CPU;
#                  the output keeps the tests' order.
#   TEST           a program name (fork), a shell test (shell/pipeline or
#                  pipeline.sh); default: all of them.
#
# Output (tests/lib.sh): one line per test and backend, "ok T [B]", "FAIL
# T [B]" followed by unified diffs; "skip T (host: REASON)" when the
# program exits 77 natively (this host cannot run it; REASON is its first
# line on stderr), "FAIL T (missing package ...)" when it exits 78 (a
# package it needs is not installed: its first stderr line names it; a
# host skip where UMVM_MINIMAL_HOST says nothing can be installed); then
# "N passed, N failed, N skipped".  Without --backend, a first case checks
# that `umvm probe` offers every backend expected here.  Exit status 1 if
# anything failed, 2 on usage errors.
#
# Environment: TEST_SH (shell for tests/shell, default /bin/sh), TMPDIR,
# UMVM_RUN_OPTS (more options for `umvm run`, e.g. "-r /": split on blanks).

set -u
set -f

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

usage()
{
	sed -n '4,39s/^# \{0,1\}//p' "$0"
}

umvm_path=
backends=
bindir=$here/progs/bin
timeout_s=60
jobs=${UMVM_TEST_JOBS:-2}
diff_lines=${DIFF_LINES:-150}
tests=
while [ $# -gt 0 ]; do
	case $1 in
	--umvm) [ $# -ge 2 ] || { usage >&2; exit 2; }; umvm_path=$2; shift ;;
	--umvm=*) umvm_path=${1#*=} ;;
	--backend) [ $# -ge 2 ] || { usage >&2; exit 2; }; backends="$backends $2"; shift ;;
	--backend=*) backends="$backends ${1#*=}" ;;
	--bindir) [ $# -ge 2 ] || { usage >&2; exit 2; }; bindir=$2; shift ;;
	--bindir=*) bindir=${1#*=} ;;
	--timeout) [ $# -ge 2 ] || { usage >&2; exit 2; }; timeout_s=$2; shift ;;
	--timeout=*) timeout_s=${1#*=} ;;
	--jobs) [ $# -ge 2 ] || { usage >&2; exit 2; }; jobs=$2; shift ;;
	--jobs=*) jobs=${1#*=} ;;
	-h|--help) usage; exit 0 ;;
	--) shift; tests="$tests $*"; break ;;
	-*) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
	*) tests="$tests $1" ;;
	esac
	shift
done

for b in $backends; do
	case $b in
	vm|seccomp|sysemu|syscall|native) ;;
	*) echo "run.sh: unknown backend $b" >&2; exit 2 ;;
	esac
done

# How to call umvm: a path (--umvm), a command line (UMVM_CMD), or ./umvm.
umvm_words=
run_opts=${UMVM_RUN_OPTS:-}
need_umvm=0
if [ -z "$backends" ]; then
	need_umvm=1
else
	for b in $backends; do
		[ "$b" = native ] || need_umvm=1
	done
fi
if [ -n "$umvm_path" ]; then
	case $umvm_path in
	*/*) ;;
	*) [ -e "$umvm_path" ] && umvm_path=./$umvm_path ;;
	esac
elif [ -n "${UMVM_CMD:-}" ]; then
	umvm_words=$UMVM_CMD
elif [ -x "$here/../umvm" ]; then
	umvm_path=$here/../umvm
fi
if [ "$need_umvm" = 1 ] && [ -z "$umvm_path" ] && [ -z "$umvm_words" ]; then
	echo "run.sh: no umvm: build ./umvm, pass --umvm PATH or set UMVM_CMD" >&2
	exit 2
fi

umvm()
{
	if [ -n "$umvm_path" ]; then
		"$umvm_path" "$@"
	else
		$umvm_words "$@"
	fi
}

passed=0
failed=0
skipped=0
if [ -z "$backends" ]; then
	probe_out=$(umvm probe 2>&1)
	backends=$(printf '%s\n' "$probe_out" | parse_probe | tr '\n' ' ')
	if [ -z "$backends" ]; then
		echo "run.sh: \`umvm probe\` reported no usable backend:" >&2
		printf '%s\n' "$probe_out" >&2
		exit 2
	fi
	pass=0 fail=0
	check_backends "$probe_out" "$backends"
	passed=$pass failed=$fail
fi

[ -d "$bindir" ] && bindir=$(cd "$bindir" && pwd)
TEST_SH=${TEST_SH:-/bin/sh}
LC_ALL=C
export LC_ALL

work=$(mktemp -d "${TMPDIR:-/tmp}/umvm-run.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir "$work/res" "$work/out"

# The default list: every program (built or not) and every shell test.
if [ -z "$tests" ]; then
	set +f
	names=
	for f in "$here"/progs/*.c; do
		[ -e "$f" ] || continue
		n=${f##*/}
		names="$names
${n%.c}"
	done
	if [ -d "$bindir" ]; then
		for f in "$bindir"/*; do
			[ -f "$f" ] && [ -x "$f" ] || continue
			names="$names
${f##*/}"
		done
	fi
	tests=$(printf '%s\n' "$names" | sed '/^$/d' | sort -u | tr '\n' ' ')
	for f in "$here"/shell/*.sh; do
		[ -e "$f" ] || continue
		n=${f##*/}
		tests="$tests shell/${n%.sh}"
	done
	set -f
fi

# run_test NAME CMD...: native run, then one run per backend, in a
# directory of its own (also its TMPDIR), so that tests can run at once.
# Prints "ok"/"FAIL"/"skip" lines, counted from the output afterwards.
run_test()
{
	name=$1
	shift
	res=$work/res/$(echo "$name" | tr '/' '_')
	mkdir "$res.cwd" "$res.tmp"
	TMPDIR=$res.tmp
	export TMPDIR
	(cd "$res.cwd" && capture "$res.native" "$@") 2>/dev/null
	native_status=$(cat "$res.native.status")
	if [ "$native_status" = "exit status 77" ]; then
		reason=$(head -n 1 "$res.native.err")
		echo "skip $name (host: ${reason:-exit status 77, no reason given})"
		return
	fi
	if [ "$native_status" = "exit status 78" ]; then
		reason=$(head -n 1 "$res.native.err")
		if [ -n "${UMVM_MINIMAL_HOST:-}" ]; then
			echo "skip $name (host: $UMVM_MINIMAL_HOST has no ${reason:-?})"
		else
			echo "FAIL $name (missing package ${reason:-?}: scripts/deps.sh)"
		fi
		return
	fi
	if [ "$native_status" = timeout ]; then
		echo "FAIL $name [native]"
		echo "native run timed out after ${timeout_s}s"
		return
	fi
	for b in $backends; do
		if [ "$b" = native ]; then
			(cd "$res.cwd" && capture "$res.$b" "$@") 2>/dev/null
		elif [ -n "$umvm_path" ]; then
			(cd "$res.cwd" && capture "$res.$b" "$umvm_path" run --backend="$b" $run_opts -- "$@") 2>/dev/null
		else
			(cd "$res.cwd" && capture "$res.$b" $umvm_words run --backend="$b" $run_opts -- "$@") 2>/dev/null
		fi
		if same_results "$res.native" "$res.$b"; then
			echo "ok $name [$b]"
		else
			echo "FAIL $name [$b]"
			if [ "$(cat "$res.$b.status")" = timeout ]; then
				echo "timed out after ${timeout_s}s"
			fi
			show_diff "$res.native" "$res.$b" "$b"
		fi
	done
}

# run_named T: run test T (a program or shell/NAME).
run_named()
{
	case $1 in
	shell/*)
		run_test "$1" "$TEST_SH" "$here/$1.sh"
		;;
	*)
		if [ -f "$bindir/$1" ] && [ -x "$bindir/$1" ]; then
			run_test "$1" "$bindir/$1"
		else
			echo "FAIL $1: not built ($bindir/$1 missing: make test-progs)"
		fi
		;;
	esac
}

# Resolve the names first, so that a typo fails before anything runs.
resolved=
for t in $tests; do
	case $t in
	shell/*|*.sh)
		n=${t#shell/}
		n=${n%.sh}
		n=${n##*/}
		if [ ! -f "$here/shell/$n.sh" ]; then
			echo "run.sh: no such test: $t" >&2
			exit 2
		fi
		resolved="$resolved shell/$n"
		;;
	*)
		n=${t##*/}
		if [ ! -f "$bindir/$n" ] && [ ! -f "$here/progs/$n.c" ]; then
			echo "run.sh: no such test: $t" >&2
			exit 2
		fi
		resolved="$resolved $n"
		;;
	esac
done

# Up to $jobs tests at once; each one's lines are printed, in order, once
# it and those before it are done.
queue= n=0 i=0
flush_one()
{
	_first=${queue%% *}
	queue=${queue#* }
	wait "${_first#*:}"
	cat "$work/out/${_first%%:*}"
	cat "$work/out/${_first%%:*}" >>"$work/all"
	n=$((n - 1))
}
: >"$work/all"
for t in $resolved; do
	i=$((i + 1))
	(run_named "$t") >"$work/out/$i" 2>&1 &
	queue="$queue$i:$! "
	n=$((n + 1))
	[ "$n" -lt "$jobs" ] || flush_one
done
while [ -n "$queue" ]; do
	flush_one
done
passed=$((passed + $(grep -c '^ok ' "$work/all")))
failed=$((failed + $(grep -c '^FAIL ' "$work/all")))
skipped=$((skipped + $(grep -c '^skip ' "$work/all")))

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
