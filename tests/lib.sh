# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the test suites (tests/run.sh, cli.sh, sandbox/, ...) and
# the one way they report (below).  POSIX sh; also works with busybox ash.
# Sourced, not executed.

# suite_option ARGS...
#
# The options every suite takes: --umvm PATH sets UMVM, --backend B adds B
# to $backends (also as --umvm=PATH, --backend=B).  Takes the first of
# ARGS; sets $opt_shift to the number of words taken (1 or 2) and returns
# 1 when it is another option, for the suite's own case to take (which
# sets opt_shift=2 when it takes a value too).
suite_option()
{
	opt_shift=1
	case $1 in
	--umvm) UMVM=$2; opt_shift=2 ;;
	--umvm=*) UMVM=${1#*=} ;;
	--backend) backends="$backends $2"; opt_shift=2 ;;
	--backend=*) backends="$backends ${1#*=}" ;;
	*) return 1 ;;
	esac
}

# need_umvm NAME: make $UMVM an absolute path; exit 2 when there is no
# umvm there.
need_umvm()
{
	UMVM=$(cd "$(dirname "$UMVM")" && pwd)/$(basename "$UMVM")
	[ -x "$UMVM" ] || { echo "$1: no umvm at $UMVM (run make)"; exit 2; }
}

# suite_args NAME ARGS...: for a suite whose only options are those of
# suite_option: take ARGS (another option: "NAME: unknown option", exit
# 2), then need_umvm.
suite_args()
{
	_name=$1
	shift
	while [ $# -gt 0 ]; do
		suite_option "$@" || { echo "$_name: unknown option $1" >&2; exit 2; }
		shift "$opt_shift"
	done
	need_umvm "$_name"
}

# capture PREFIX CMD [ARGS...]
#
# Run CMD with stdin from /dev/null, no core dumps and a timeout of
# $timeout_s seconds.  Leaves PREFIX.out, PREFIX.err and PREFIX.status (the
# status as the shell sees it: 128+N for a death by signal N, plus a line
# when the shell reported a death by signal).  A run that hit the timeout
# gets the status "timeout".
capture()
{
	_p=$1
	shift
	_start=$(date +%s)
	# The shell's own report of a death by signal ("Segmentation fault")
	# goes to the group's stderr: it tells a real signal death from an
	# exit with status 128+N, which $? alone cannot.
	{
		(
			ulimit -c 0 2>/dev/null
			exec timeout -s KILL "$timeout_s" "$@"
		) >"$_p.out" 2>"$_p.err" </dev/null
		_st=$?
	} 2>"$_p.sh"
	_end=$(date +%s)
	if [ "$_st" -ne 0 ] && [ $((_end - _start)) -ge "$timeout_s" ]; then
		echo timeout >"$_p.status"
	else
		describe_status "$_st" >"$_p.status"
		if [ -s "$_p.sh" ]; then
			echo "the shell reported a death by signal" >>"$_p.status"
		fi
	fi
	# GNU timeout reports core dumps of its child on its own stderr; a
	# core dump is not part of what the guest shows, so drop that line.
	if grep -q '^timeout: the monitored command dumped core$' "$_p.err" 2>/dev/null; then
		grep -v '^timeout: the monitored command dumped core$' "$_p.err" >"$_p.err.tmp"
		mv "$_p.err.tmp" "$_p.err"
	fi
}

describe_status()
{
	if [ "$1" -gt 128 ] && [ "$1" -lt 192 ]; then
		echo "exit status $1 (128+SIG$(kill -l $(($1 - 128)) 2>/dev/null))"
	else
		echo "exit status $1"
	fi
}

# same_results NATIVE_PREFIX OTHER_PREFIX: are all three files identical?
same_results()
{
	cmp -s "$1.status" "$2.status" &&
	cmp -s "$1.out" "$2.out" &&
	cmp -s "$1.err" "$2.err"
}

# show_diff NATIVE_PREFIX OTHER_PREFIX LABEL: unified diffs of what differs.
show_diff()
{
	for _f in status out err; do
		cmp -s "$1.$_f" "$2.$_f" && continue
		case $_f in
		out) _n=stdout ;;
		err) _n=stderr ;;
		*) _n=$_f ;;
		esac
		diff -u -L "native/$_n" -L "$3/$_n" "$1.$_f" "$2.$_f" >"$2.diff"
		_lines=$(wc -l <"$2.diff")
		if [ "$_lines" -gt "$diff_lines" ]; then
			head -n "$diff_lines" "$2.diff"
			echo "... ($((_lines - diff_lines)) more diff lines)"
		else
			cat "$2.diff"
		fi
	done
}

# parse_probe: read `umvm probe` output on stdin, print the usable backends.
parse_probe()
{
	while IFS= read -r _line; do
		case $_line in
		"Checking PTRACE_VM... OK"*) echo vm ;;
		"Checking seccomp SECCOMP_RET_TRACE... OK"*) echo seccomp ;;
		"Checking PTRACE_SYSEMU... OK"*) echo sysemu ;;
		"Checking syscall skip by number rewrite... OK"*) echo syscall ;;
		esac
	done
}

# How a test reports, for every suite (tests/check.sh reads it):
#
#   ok NAME                           a case passed
#   FAIL NAME                         a case failed
#   skip NAME (host: REASON)          a case this host cannot run (no IA32
#                                     emulation, no PTRACE_VM, no KVM...):
#                                     skipped, and listed with its reason in
#                                     make check's summary
#   FAIL NAME (missing package PKG)   something that could be installed is
#                                     not: a failure (scripts/deps.sh lists
#                                     and installs the packages)
#   N passed, N failed, N skipped     the suite's last line
#
# A suite exits 0 when nothing failed, 1 when something did, 77 when the
# whole suite cannot run on this host (a "SKIP (host: REASON)" line says
# why) and 78 when a package it needs is missing ("SKIP (missing package
# PKG: WHAT)"), which make check counts as a failure.  A skip is always
# one of the two: skip_host or missing_pkg; nothing skips silently.
#
# ok, bad, skip_host and missing_pkg count into pass, fail and skip.
ok()   { pass=$((pass + 1)); echo "ok $*"; }
bad()  { fail=$((fail + 1)); echo "FAIL $*"; }

# skip_host NAME REASON: this host cannot run the case
skip_host() { skip=$((skip + 1)); echo "skip $1 (host: $2)"; }

# missing_pkg NAME PACKAGE: the case needs a Debian package that is
# missing.  In a test host where nothing can be installed (the QEMU
# guest's busybox initramfs: UMVM_MINIMAL_HOST names it) that is the
# host's capability.
missing_pkg()
{
	if [ -n "${UMVM_MINIMAL_HOST:-}" ]; then
		skip_host "$1" "$UMVM_MINIMAL_HOST has no $2"
		return
	fi
	bad "$1 (missing package $2: sudo apt-get install $2, or scripts/deps.sh)"
}

# A skip that does not say which kind it is counts as a failure.
skip() { bad "$* (a skip must be skip_host or missing_pkg: tests/lib.sh)"; }

# suite_skip_host REASON / suite_missing PACKAGE WHAT: end the whole suite.
suite_skip_host() { echo "SKIP (host: $1)"; exit 77; }
suite_missing()
{
	echo "SKIP (missing package $1: $2; sudo apt-get install $1, or scripts/deps.sh)"
	exit 78
}

# summary: the last line, and the suite's status (1 when a case failed)
summary()
{
	echo "$pass passed, $fail failed, $skip skipped"
	[ "$fail" -eq 0 ]
}

# expected_backends: the backends a suite that runs each backend must run.
# UMVM_EXPECT_BACKENDS when set (check-vm.sh sets "vm seccomp sysemu
# syscall" in the QEMU PTRACE_VM host), else seccomp, sysemu and syscall,
# which every x86_64 Linux since 4.8 has, plus vm where `umvm probe` (its
# output on stdin) finds PTRACE_VM.
expected_backends()
{
	if [ -n "${UMVM_EXPECT_BACKENDS:-}" ]; then
		echo "$UMVM_EXPECT_BACKENDS"
		return
	fi
	_vm=$(parse_probe | grep -x vm)
	echo "${_vm:+vm }seccomp sysemu syscall"
}

# check_backends PROBE_OUTPUT LIST: one case, failed when LIST (the
# backends the suite is about to run) lacks an expected one.
check_backends()
{
	_want=$(printf '%s\n' "$1" | expected_backends)
	_lack=
	for _b in $_want; do
		case " $2 " in *" $_b "*) ;; *) _lack="$_lack $_b" ;; esac
	done
	if [ -z "$_lack" ]; then
		ok "backends: $(echo $2) (expected: $_want)"
	else
		bad "backends: umvm probe lacks$_lack (expected: $_want; got: $(echo $2))"
	fi
}

# expect NAME WANT GOT: exact comparison (multi-line values are fine)
expect()
{
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		bad "$1"
		printf '  want: %s\n  got:  %s\n' "$2" "$3"
	fi
}

# contains NAME NEEDLE HAYSTACK
contains()
{
	case $3 in
	*"$2"*) ok "$1" ;;
	*) bad "$1"; printf '  want text: %s\n  got: %s\n' "$2" "$3" ;;
	esac
}
