#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the UML guest kernel, run one shell command in it and exit with that
# command's exit status.
#
# usage: umvm-boot.sh [--kernel PATH] [--rootfs DIR] [--mem 256M]
#                     [--append 'opts'] [--share DIR] [--timeout SECONDS]
#                     [--log FILE] [--verbose] [-- COMMAND]
#
#   --kernel    the UML "linux" binary (default: scripts/build-uml.sh's)
#   --rootfs    a root directory, booted read-only through hostfs, or an
#               ext2 image, booted read-only as ubda (default: the busybox
#               root of scripts/build-uml.sh)
#   --append    more kernel command line options (nosysemu, noptracevm...)
#   --share     a host directory mounted read-write on /share in the guest
#   --timeout   seconds before UML is killed (default $UMVM_UML_TIMEOUT or
#               300)
#   --log       keep the whole boot log (UML's stdout and stderr) in FILE
#   --verbose   stream the boot log, not only the command's output
#
# COMMAND runs as "/bin/sh -c COMMAND" in /root with /proc, /sys, /dev and
# /tmp mounted; without one the guest runs "true".  Then the guest powers
# off.  The status comes back through a file in a hostfs run directory;
# the console also shows "UMVM-EXIT=<status>".
#
# Exit status: COMMAND's, 2 usage or a missing kernel/rootfs, 124 timeout,
# 125 when the guest never reported a status (boot failure or crash).
set -euo pipefail

prog=umvm-boot
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${UMVM_CACHE:-$HOME/.cache/umvm}
say() { echo "$prog: $*" >&2; }
die() { say "$*"; exit 2; }
usage() {
	sed -n '5,21s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
	exit 2
}

kernel=
rootfs=
mem=256M
append=
share=
timeout=${UMVM_UML_TIMEOUT:-300}
log=
verbose=
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=$2; shift 2 ;;
	--rootfs) rootfs=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--append) append="$append $2"; shift 2 ;;
	--share) share=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--log) log=$2; shift 2 ;;
	--verbose) verbose=1; shift ;;
	--) shift; break ;;
	-h|--help) usage ;;
	*) say "unknown argument: $1"; usage ;;
	esac
done
[ $# -le 1 ] || die "give COMMAND as one argument after -- (it runs under sh -c)"
cmd=${1:-true}

# The newest kernel and rootfs in the cache, unless given.
newest() { ls -td $1 2>/dev/null | head -1; }
if [ -z "$kernel" ]; then
	kernel=$(newest "$cache/uml-*/linux")
	[ -n "$kernel" ] || die "no UML kernel built: run scripts/build-uml.sh"
fi
[ -x "$kernel" ] || die "no UML kernel at $kernel: run scripts/build-uml.sh"
if [ -z "$rootfs" ]; then
	rootfs=$(newest "$cache/uml-rootfs-*/")
	[ -n "$rootfs" ] || rootfs=$("$here/build-uml.sh" --rootfs-only | tail -1) ||
		die "no root filesystem: run scripts/build-uml.sh"
fi
[ -e "$rootfs" ] || die "no root filesystem at $rootfs"
rootfs=$(cd "$(dirname "$rootfs")" && pwd)/$(basename "$rootfs")
if [ -n "$share" ]; then
	[ -d "$share" ] || die "no directory to share at $share"
	share=$(cd "$share" && pwd)
fi

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
[ -n "$memdir" ] || die "no writable, executable directory for guest memory: set TMPDIR"

run=$(mktemp -d "${TMPDIR:-/tmp}/umvm-uml.XXXXXX")
trap 'rm -rf "$run"' EXIT
printf '%s\n' "$cmd" > "$run/cmd"
[ -n "$log" ] || log=$run/console.log

args=("mem=$mem" "con=null" "con0=null,fd:1" "ssl=null" "loglevel=4"
      "umvm.run=$run")
if [ -d "$rootfs" ]; then
	args+=("root=/dev/root" "rootfstype=hostfs" "rootflags=$rootfs" "ro")
else
	args+=("ubd0r=$rootfs" "root=/dev/ubda" "ro")
fi
[ -n "$share" ] && args+=("umvm.share=$share")
args+=("init=/init")
# shellcheck disable=SC2206 # --append takes a word list
args+=($append)

say "booting $(basename "$kernel") ${append# } (timeout ${timeout}s)"
start=$(date +%s)
set +e
if [ -n "$verbose" ]; then
	TMPDIR=$memdir timeout -k 10 "$timeout" "$kernel" "${args[@]}" \
		< /dev/null 2>&1 | tr -d '\r' | tee "$log"
	status=${PIPESTATUS[0]}
else
	# Guest output between the boot and the status line, nothing else.
	TMPDIR=$memdir timeout -k 10 "$timeout" "$kernel" "${args[@]}" \
		< /dev/null > "$log" 2>&1
	status=$?
	tr -d '\r' < "$log" | sed -n '/^UMVM-EXIT=/q; /^UMVM-START$/,$p' |
		sed '1d'
fi
set -e
say "UML ran $(( $(date +%s) - start ))s"
if [ "$status" = 124 ] || [ "$status" = 137 ]; then
	say "FAIL: timeout after ${timeout}s"
	exit 124
fi
if [ -f "$run/status" ]; then
	rc=$(cat "$run/status")
else
	rc=$(tr -d '\r' < "$log" | sed -n 's/^UMVM-EXIT=\([0-9][0-9]*\)$/\1/p' | tail -1)
fi
if [ -z "$rc" ]; then
	tail -20 "$log" >&2
	say "FAIL: the guest never reported a status (boot failure or crash; UML status $status)"
	exit 125
fi
exit "$rc"
