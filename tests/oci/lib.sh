# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the OCI runtime suites (tests/oci/*.sh).  Sourced.
# Sets UMVM and OCI (absolute paths of umvm and its umvm-oci name), a
# scratch directory $tmp (removed at exit, the shell's cwd) and $ROOTFS,
# a busybox root file system made from Debian's busybox-static.

set -u
LC_ALL=C
export LC_ALL
oci_here=$(cd "$(dirname "$0")" && pwd)
. "$oci_here/../lib.sh"
UMVM=${UMVM:-$oci_here/../../umvm}
backends=
suite_args "$0" "$@"
# The OCI suites have no --backend option.
[ -z "$backends" ] || { echo "$0: unknown option --backend" >&2; exit 2; }
OCI=$(dirname "$UMVM")/umvm-oci
[ -x "$OCI" ] || ln -sf umvm "$OCI" || exit 2

tmp=$(mktemp -d /tmp/umvm-oci-test.XXXXXX)
chmod 755 "$tmp"
cleanups=
trap 'eval "$cleanups"; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2
pass=0 fail=0 skip=0

finish()
{
	echo "$pass passed, $fail failed, $skip skipped"
	[ $fail -eq 0 ]
}

# need_skip REASON: the whole suite cannot run here.
need_skip()
{
	suite_skip_host "$*"
}

# A static busybox is all a root file system needs.
find_busybox()
{
	for b in /bin/busybox /usr/bin/busybox; do
		if [ -x "$b" ] && file -L "$b" 2>/dev/null | grep -q 'statically linked'; then
			echo "$b"
			return 0
		fi
	done
	return 1
}

# make_rootfs DIR: busybox and its applets, /etc/os-release, /tmp 1777.
make_rootfs()
{
	_bb=$(find_busybox) || suite_missing busybox-static "a static busybox"
	mkdir -p "$1/bin" "$1/etc" "$1/tmp" "$1/proc" "$1/dev" "$1/sys" "$1/root"
	cp "$_bb" "$1/bin/busybox"
	for _a in $("$_bb" --list); do
		[ -e "$1/bin/$_a" ] || ln -s busybox "$1/bin/$_a"
	done
	chmod 1777 "$1/tmp"
	printf 'NAME="umvm test"\nID=umvmtest\nVERSION_ID="1"\n' >"$1/etc/os-release"
	echo 'root:x:0:0:root:/root:/bin/sh' >"$1/etc/passwd"
	echo 'root:x:0:' >"$1/etc/group"
}
ROOTFS=$tmp/rootfs
make_rootfs "$ROOTFS"

# A host file no container may read: outside every root.
SECRET=/var/tmp/umvm-oci-secret.$$
echo "host secret" >"$SECRET"
cleanups="$cleanups rm -f $SECRET;"

# first_line TEXT: its first line (one-line error checks).
lines() { printf '%s\n' "$1" | grep -c .; }

# bundle DIR ARGS_JSON: a bundle whose config runs ARGS_JSON (a JSON
# array) in $ROOTFS.  Variables change the rest: C_HOST (hostname),
# C_RO (root.readonly), C_CWD, C_ENV (JSON strings after PATH), C_USER
# ("uid": U, "gid": G), C_MOUNTS (JSON objects after the standard ones),
# C_NS (linux.namespaces entries), C_LINUX (more linux members).
bundle()
{
	_ns=${C_NS-'{ "type": "pid" }, { "type": "network" }, { "type": "ipc" }, { "type": "uts" }, { "type": "mount" }'}
	_user=${C_USER-'"uid": 0, "gid": 0'}
	mkdir -p "$1"
	cat >"$1/config.json" <<EOC
{
	"ociVersion": "1.0.2",
	"process": {
		"terminal": false,
		"user": { $_user },
		"args": $2,
		"env": [ "PATH=/bin:/usr/bin"${C_ENV:+, $C_ENV} ],
		"cwd": "${C_CWD:-/}",
		"capabilities": {
			"bounding": [ "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_KILL", "CAP_SETUID", "CAP_SETGID" ],
			"effective": [ "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_KILL", "CAP_SETUID", "CAP_SETGID" ],
			"permitted": [ "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_KILL", "CAP_SETUID", "CAP_SETGID" ]
		},
		"rlimits": [ { "type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024 } ]
	},
	"root": { "path": "$ROOTFS", "readonly": ${C_RO:-false} },
	"hostname": "${C_HOST:-umvmtest}",
	"mounts": [
		{ "destination": "/proc", "type": "proc", "source": "proc" },
		{ "destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": [ "nosuid", "mode=755" ] },
		{ "destination": "/dev/pts", "type": "devpts", "source": "devpts", "options": [ "newinstance", "ptmxmode=0666" ] },
		{ "destination": "/sys", "type": "sysfs", "source": "sysfs", "options": [ "ro" ] }${C_MOUNTS:+, $C_MOUNTS}
	],
	"linux": {
		"namespaces": [ $_ns ]${C_LINUX:+, $C_LINUX}
	}
}
EOC
}

# oci ARGS...: the runtime with a timeout, --root under $tmp
oci()
{
	timeout -s KILL 60 "$OCI" --root "$tmp/state" "$@"
}

# no_state ID: nothing of container ID is left under --root
no_state()
{
	[ ! -e "$tmp/state/$1" ]
}

# against_ref NAME CMD...: after a case's run under umvm-oci (um.out,
# um.err, um.st), run CMD, the same case under runc ($REF), and compare
# the two; without runc ($REF empty) the case must exit 0.
against_ref()
{
	_n=$1
	shift
	if [ -z "$REF" ]; then
		[ "$(cat um.st)" = 0 ] && ok "$_n (no runc to compare)" ||
			bad "$_n: status $(cat um.st): $(cat um.err)"
		return
	fi
	"$@" >ref.out 2>ref.err
	echo $? >ref.st
	if cmp -s um.out ref.out && cmp -s um.err ref.err && cmp -s um.st ref.st; then
		ok "$_n: as under runc"
	else
		bad "$_n: differs from runc"
		for _f in st out err; do
			cmp -s um.$_f ref.$_f || diff -u ref.$_f um.$_f | head -20
		done
	fi
}

# no_host_secret: the last case's output (um.out, um.err) must not show
# $SECRET, the host file that the container tried to reach.
no_host_secret()
{
	case $(cat um.out um.err) in
	*"host secret"*) bad "escape: a host file was read" ;;
	*) ok "escape: the host file is not readable" ;;
	esac
}

# tty_check WHAT SOCKET CMD: run CMD, a shell in a container with a
# terminal, in a 100x30 tmux window on tmux socket SOCKET: it must see a
# terminal of that size, then 120x40 after a resize, and exit 4.
tty_check()
{
	local screen i
	if ! command -v tmux >/dev/null; then
		missing_pkg "$1" tmux
		return
	fi
	tmux -L "$2" kill-server 2>/dev/null
	tmux -L "$2" new-session -d -s t -x 100 -y 30 \
		"timeout --foreground 120 $3; echo EXIT=\$?; sleep 60"
	for i in $(seq 50); do
		tmux -L "$2" capture-pane -p -t t | grep -q '# $' && break
		sleep 0.2
	done
	tmux -L "$2" send-keys -t t 'test -t 0 && echo is-a-tty; stty size' Enter
	sleep 1
	tmux -L "$2" resize-window -t t -x 120 -y 40
	sleep 0.5
	tmux -L "$2" send-keys -t t 'stty size; exit 4' Enter
	for i in $(seq 50); do
		tmux -L "$2" capture-pane -p -t t | grep -q 'EXIT=' && break
		sleep 0.2
	done
	screen=$(tmux -L "$2" capture-pane -p -t t)
	tmux -L "$2" kill-server
	expect "$1: a terminal, its size, resized, exit status" \
		"is-a-tty|30 100|40 120|EXIT=4" \
		"$(echo "$screen" | grep -E '^(is-a-tty|[0-9]+ [0-9]+|EXIT=[0-9]+)$' | tr '\n' '|' | sed 's/|$//')"
}
