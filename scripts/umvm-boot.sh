#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the UML guest kernel and run one shell command in it, or a shell on
# this terminal; exit with the command's (the shell's) exit status.
# `umvm boot` checks its options and runs this script.
#
# usage: umvm-boot.sh [--kernel PATH] [--rootfs DIR|IMG] [--mem 256M]
#                     [--append 'opts'] [--mode NAME] [--share DIR]
#                     [--timeout SECONDS] [--log FILE] [--verbose]
#                     [--interactive | -- COMMAND]
#        umvm-boot.sh --check
#
#   --kernel      the UML "linux" binary (default: scripts/build-uml.sh's,
#                 built first if needed, with progress on stderr)
#   --rootfs      a root directory, booted read-only through hostfs, or an
#                 ext2 image, booted read-only as ubda (default: the
#                 busybox root of scripts/build-uml.sh)
#   --append      more kernel command line options (nosysemu, noptracevm...)
#   --mode        ptrace_vm, sysemu or rewrite: the mode --append selects;
#                 the boot fails unless UML says it uses that mode
#   --share       a host directory mounted read-write on /share in the guest
#   --timeout     seconds before UML is killed; 0: never (default
#                 $UMVM_UML_TIMEOUT or 300)
#   --log         keep the whole boot log (UML's stdout and stderr) in FILE
#   --verbose     stream the boot log, not only the command's output
#   --interactive a shell on this terminal (stdin and stdout), not COMMAND;
#                 when stdin is not a terminal, the guest's shell runs
#                 what it holds as a script (as "sh < FILE" would)
#   --check       print what UML needs here (tempdir, source, busybox,
#                 cached kernel), "Checking ...OK" lines, and exit
#
# COMMAND runs as "/bin/sh -c COMMAND" in /root with /proc, /sys, /dev and
# /tmp mounted; without one (and without --interactive) the guest runs
# "true".  Then the guest powers off.  The status comes back through a
# file in a hostfs run directory; the console also shows "UMVM-EXIT=N".
#
# Exit status: COMMAND's, 2 usage or a missing kernel/rootfs, 78 a package
# the build needs is missing, 124 timeout, 125 when the guest never
# reported a status (boot failure or crash) or used another mode.
set -euo pipefail

prog=umvm-boot
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${UMVM_CACHE:-$HOME/.cache/umvm}
# The build scripts tell only what is news (a build); --verbose: all.
export UMVM_BUILD_QUIET=1
. "$here/lib-cli.sh"
usage() { usage_from 8,30; }

kernel=
rootfs=
mem=256M
append=
mode=
share=
timeout=${UMVM_UML_TIMEOUT:-300}
log=
verbose=
interactive=
check=
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=$2; shift 2 ;;
	--rootfs) rootfs=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--append) append="$append $2"; shift 2 ;;
	--mode) mode=$2; shift 2 ;;
	--share) share=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--log) log=$2; shift 2 ;;
	--verbose) verbose=1; unset UMVM_BUILD_QUIET; shift ;;
	--interactive) interactive=1; shift ;;
	--check) check=1; shift ;;
	--) shift; break ;;
	-h|--help) usage ;;
	*) say "unknown argument: $1"; usage ;;
	esac
done
[ $# -le 1 ] || die "give COMMAND as one argument after -- (it runs under sh -c)"
cmd=${1:-true}
case $mode in
''|ptrace_vm|sysemu|rewrite) ;;
*) die "unknown mode '$mode' (ptrace_vm, sysemu or rewrite)" ;;
esac

# UML keeps guest memory in a file it creates (and unlinks) in $TMPDIR, else
# /dev/shm, else /tmp; that directory must be writable and not noexec.
usable_tmp() {
	local d=$1 f
	[ -n "$d" ] && [ -d "$d" ] && [ -w "$d" ] || return 1
	f=$(mktemp "$d/umvm-exec.XXXXXX" 2>/dev/null) || return 1
	printf '#!/bin/sh\nexit 0\n' > "$f" && chmod +x "$f"
	if "$f" 2>/dev/null; then rm -f "$f"; return 0; fi
	rm -f "$f"
	return 1
}
memdir=
for d in "${TMPDIR:-}" /dev/shm /tmp "$cache"; do
	if usable_tmp "$d"; then memdir=$d; break; fi
done

if [ -n "$check" ]; then
	rc=0
	printf 'Checking for a tempdir for guest memory...'
	if [ -n "$memdir" ]; then echo "OK ($memdir)"; else echo "missing (set TMPDIR)"; rc=1; fi
	printf 'Checking the kernel source (linux-source-6.1)...'
	if [ -f /usr/src/linux-source-6.1.tar.xz ]; then echo OK; else
		echo "missing (sudo apt-get install linux-source-6.1)"; rc=1; fi
	printf 'Checking static busybox for the default root...'
	if b=$("$here/build-uml.sh" --rootfs-only 2>/dev/null | tail -1); then
		echo "OK ($b)"
	else
		echo "missing (sudo apt-get install busybox-static)"; rc=1
	fi
	printf 'Checking the UML kernel...'
	k=$("$here/build-uml.sh" --status 2>/dev/null | tail -1) && st=0 || st=$?
	case $st in
	0) echo "built ($k)" ;;
	1) echo "not built yet (umvm boot builds it first: 10 to 25 minutes on 2 CPUs)" ;;
	*) echo "cannot be built here (see above)"; rc=1 ;;
	esac
	exit $rc
fi
[ -n "$memdir" ] || die "no writable, executable directory for guest memory: set TMPDIR"

# The kernel and the root: ours, built (cached) when not given.
if [ -z "$kernel" ]; then
	set +e
	kernel=$("$here/build-uml.sh" | tail -1)
	st=${PIPESTATUS[0]}
	set -e
	case $st in
	0) ;;
	78) exit 78 ;;
	*) say "building the UML kernel failed (status $st)"; exit 125 ;;
	esac
fi
[ -x "$kernel" ] || die "no UML kernel at $kernel: run scripts/build-uml.sh"
if [ -z "$rootfs" ]; then
	set +e
	rootfs=$("$here/build-uml.sh" --rootfs-only | tail -1)
	st=${PIPESTATUS[0]}
	set -e
	[ "$st" = 0 ] || exit "$st"
fi
[ -e "$rootfs" ] || die "no root filesystem at $rootfs"
rootfs=$(cd "$(dirname "$rootfs")" && pwd)/$(basename "$rootfs")
if [ -n "$share" ]; then
	[ -d "$share" ] || die "no directory to share at $share"
	share=$(cd "$share" && pwd)
fi

run=$(mktemp -d "${TMPDIR:-/tmp}/umvm-uml.XXXXXX")
trap 'rm -rf "$run"' EXIT
if [ -n "$interactive" ] && [ ! -t 0 ]; then
	# No terminal to type at: what stdin holds is the shell's input.
	cat > "$run/cmd"
	interactive=
elif [ -z "$interactive" ]; then
	printf '%s\n' "$cmd" > "$run/cmd"
fi
[ -n "$log" ] || log=$run/console.log

if [ -n "$interactive" ]; then
	args=("mem=$mem" "con=null" "con0=fd:0,fd:1" "ssl=null")
	# Nothing but the shell on the terminal, unless asked.
	[ -n "$verbose" ] || args+=("quiet" "loglevel=3")
else
	args=("mem=$mem" "con=null" "con0=null,fd:1" "ssl=null" "loglevel=4")
fi
args+=("umvm.run=$run")
if [ -d "$rootfs" ]; then
	args+=("root=/dev/root" "rootfstype=hostfs" "rootflags=$rootfs" "ro")
else
	args+=("ubd0r=$rootfs" "root=/dev/ubda" "ro")
fi
[ -n "$share" ] && args+=("umvm.share=$share")
args+=("init=/init")
# shellcheck disable=SC2206 # --append takes a word list
args+=($append)

if [ -n "$interactive" ]; then
	say "booting $(basename "$kernel")${mode:+ ($mode)}: exit the shell to power off"
elif [ -n "$verbose" ]; then
	say "booting $(basename "$kernel")${mode:+ ($mode)} ${append# } (timeout ${timeout}s)"
fi
start=$(date +%s)
set +e
if [ -n "$interactive" ]; then
	# In the terminal's foreground process group, so that it can read
	# the terminal (GNU timeout would move it out of that group).  The
	# console is stdout; UML's own messages (stderr) go to the log.
	[ -n "$verbose" ] && errlog=/dev/stderr || errlog=$log
	if [ "$timeout" = 0 ]; then
		TMPDIR=$memdir "$kernel" "${args[@]}" 2>>"$errlog"
	else
		TMPDIR=$memdir timeout --foreground -k 10 "$timeout" \
			"$kernel" "${args[@]}" 2>>"$errlog"
	fi
	status=$?
else
	# UML and its processes in timeout's own process group, killed as
	# a whole on timeout or when we are interrupted.
	TMPDIR=$memdir timeout -k 10 "$timeout" "$kernel" "${args[@]}" \
		< /dev/null > "$log" 2>&1 &
	tpid=$!
	trap 'kill -TERM -- -$tpid 2>/dev/null; rm -rf "$run"; exit 130' INT TERM
	if [ -n "$verbose" ]; then
		tail -n +1 -f --pid=$tpid "$log" | tr -d '\r'
	fi
	wait $tpid
	status=$?
	trap - INT TERM
	# Guest output between the boot and the status line, nothing else
	# (the empty line init adds before the status line dropped).
	[ -n "$verbose" ] ||
		tr -d '\r' < "$log" | sed -n '/^UMVM-EXIT=/q; /^UMVM-START$/,$p' |
		sed '1d' | sed '${/^$/d}'
fi
set -e
[ -z "$verbose" ] || say "UML ran $(( $(date +%s) - start ))s"
if [ "$status" = 124 ] || [ "$status" = 137 ]; then
	say "FAIL: timeout after ${timeout}s"
	exit 124
fi
if [ -f "$run/status" ]; then
	rc=$(cat "$run/status")
else
	rc=$(tr -d '\r' < "$log" 2>/dev/null | sed -n 's/^UMVM-EXIT=\([0-9][0-9]*\)$/\1/p' | tail -1)
fi
if [ -z "$rc" ]; then
	tail -20 "$log" >&2 2>/dev/null
	say "FAIL: the guest never reported a status (boot failure or crash; UML status $status)"
	exit 125
fi

# The mode UML chose must be the one asked for.
if [ -n "$mode" ] && [ -z "$interactive" ]; then
	case $mode in
	ptrace_vm) want="PTRACE_VM" ;;
	sysemu) want="PTRACE_SYSEMU" ;;
	rewrite) want="PTRACE_SYSCALL and the getpid rewrite" ;;
	esac
	if ! grep -q "Using $want.* for syscall emulation" "$log"; then
		say "FAIL: UML did not use $mode: $(grep -a 'for syscall emulation' "$log" | tr -d '\r' | tail -1)"
		exit 125
	fi
fi
exit "$rc"
