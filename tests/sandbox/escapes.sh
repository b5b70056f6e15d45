#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The adversarial suite: each program in tests/sandbox/escapes/ tries one
# way out of a path view (or past --deny-net), and must get out natively
# (so that the case can fail) and stay in under umvm, on every backend,
# as an unprivileged user (nobody, when this runs as root; the techniques
# that need root run as root too).  Races run with --cpus=free.
#
# A technique the host cannot do at all (int $0x80 without IA32
# emulation, x32, io_uring disabled, a call newer than the host) is a
# host-capability skip, with the program's reason.
#
# usage: tests/sandbox/escapes.sh [--umvm PATH] [--backend B]...
#        RACE_SECONDS (default 2): how long each race runs per backend.
. "$(dirname "$0")/lib.sh"

ESC=$sbx_here/escapes/bin
for p in i386 x32 dotdot_race window unix uring openat2_race handle fexec \
	 proc monitor newcall mount pids server interp rename_race stat_race \
	 exec32 prog32; do
	[ -x "$ESC/$p" ] || { echo "$0: no $ESC/$p (run make test-progs)"; exit 2; }
done
export RACE_SECONDS=${RACE_SECONDS:-2}

# The view, and what it hides: $tmp/root and $tmp/hidden.
root=$tmp/root hidden=$tmp/hidden
mkdir -p "$root/bin" "$root/mnt" "$hidden"
cp "$ESC"/* "$root/bin/"
echo guest >"$root/inside"
echo TOPSECRET >"$hidden/secret"
cp "$ESC/interp" "$hidden/interp"
printf '#!%s\n' "$hidden/interp" >"$root/script.sh"
chmod 755 "$root/script.sh"
export SECRET=$hidden/secret SECRET_REL=../hidden/secret
SECRET_INO=$(stat -c %i "$SECRET"); export SECRET_INO
export SOCK=$hidden/sock DGRAM=$hidden/dgram

user=
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1 &&
   id nobody >/dev/null 2>&1; then
	user=nobody
	chmod 755 "$tmp"
	chmod -R a+rX "$root" "$hidden"
	# dotdot_race makes "a" in the root; the server binds in $hidden
	chmod 777 "$root" "$root/mnt" "$hidden"
fi

# as USER CMD...: run CMD as USER (this script's user: as is)
# (busybox's id -un prints the number and fails where no user database is)
me=$(id -un 2>/dev/null) || me=$(id -u)
as()
{
	_u=$1
	shift
	if [ "$_u" = "$me" ] || [ "$_u" = "$(id -u)" ]; then
		"$@"
	else
		setpriv --reuid="$_u" --regid="$(id -g "$_u")" --clear-groups \
			--reset-env -- env SECRET="$SECRET" \
			SECRET_REL="$SECRET_REL" SECRET_INO="$SECRET_INO" \
			SOCK="$SOCK" DGRAM="$DGRAM" \
			RACE_SECONDS="$RACE_SECONDS" ${ESCAPE_NATIVE:+ESCAPE_NATIVE=1} \
			PATH=/usr/bin:/bin "$@"
	fi
}

# The host sockets, and a process outside the guest (started directly,
# so that $! is theirs and not a subshell's).
if [ -n "$user" ]; then
	setpriv --reuid="$user" --regid="$(id -g "$user")" --clear-groups -- \
		"$ESC/server" "$SOCK" "$DGRAM" >"$tmp/server.out" 2>&1 &
	server=$!
	setpriv --reuid="$user" --regid="$(id -g "$user")" --clear-groups -- \
		sleep 600 &
	outsider=$!
else
	"$ESC/server" "$SOCK" "$DGRAM" >"$tmp/server.out" 2>&1 &
	server=$!
	sleep 600 &
	outsider=$!
fi
for i in 1 2 3 4 5 6 7 8 9 10; do
	grep -q ready "$tmp/server.out" 2>/dev/null && break
	sleep 0.2
done
trap 'kill $server $outsider 2>/dev/null; rm -rf "$tmp"' EXIT

# technique NAME USER OPTS -- PROGRAM ARGS...
#   NAME: what is tried; USER: who tries it; OPTS: umvm's options
technique()
{
	_name=$1 _user=$2
	shift 2
	_opts=
	while [ "$1" != -- ]; do
		_opts="$_opts $1"
		shift
	done
	shift
	_prog=$1
	shift
	# Inside a view the programs are in its /bin.
	case "$_opts " in
	*" -r "*|*" -R "*) _path=/bin/$_prog ;;
	*) _path=$ESC/$_prog ;;
	esac
	# Natively, from the view's directory: it must get out.
	_out=$(cd "$root" && ESCAPE_NATIVE=1 as "$_user" timeout -s KILL 60 \
		"$ESC/$_prog" "$@" 2>&1)
	_st=$?
	case $_st:$_out in
	77:*)
		skip_host "$_name ($_user)" "${_out#skip: }"
		return ;;
	1:*ESCAPED*)
		;;
	*)
		bad "$_name ($_user): does not get out natively (status $_st)"
		echo "  $_out"
		return ;;
	esac
	for _b in $BACKENDS; do
		# shellcheck disable=SC2086
		_out=$(cd "$root" && as "$_user" timeout -s KILL 120 "$UMVM" run \
			--backend="$_b" $_opts -- "$_path" "$@" 2>&1)
		_st=$?
		case $_st:$_out in
		0:blocked:*)
			ok "$_name ($_user) [$_b]" ;;
		*)
			bad "$_name ($_user) [$_b]: status $_st"
			echo "  $_out" ;;
		esac
	done
}

# natively the handle is made as root, for the root-only technique
[ "$(id -u)" = 0 ] && ESCAPE_NATIVE=1 "$ESC/handle" make "$root/handle" >/dev/null
chmod a+r "$root/handle" 2>/dev/null

for u in $user $me; do
	technique "int \$0x80 open" $u -r "$root" -- i386 open
	technique "int \$0x80 socket under --deny-net" $u --deny-net -- i386 socket
	technique "int \$0x80 socket under a view" $u -r "$root" -- i386 socket
	technique "a 32-bit program" $u -r "$root" -- exec32 bin/prog32
	technique "x32 open" $u -r "$root" -- x32 open
	technique "x32 socket under --deny-net" $u --deny-net -- x32 socket
	technique ".. after a missing directory (race)" $u -r "$root" \
		--cpus=free -- dotdot_race
	technique "a directory swapped for a symlink (race)" $u -r "$root" \
		--cpus=free -- rename_race
	technique "stat, access, readlink through a swapped symlink (race)" \
		$u -r "$root" --cpus=free -- stat_race
	technique "the rewritten path in memory (race)" $u -r "$root" \
		--cpus=free -- window
	technique "AF_UNIX connect, long address length" $u -r "$root" -- \
		unix connect
	technique "AF_UNIX sendto" $u -r "$root" -- unix sendto
	technique "AF_UNIX sendmsg" $u -r "$root" -- unix sendmsg
	technique "AF_UNIX sendmmsg" $u -r "$root" -- unix sendmmsg
	technique "AF_UNIX family flipped (race)" $u -r "$root" --cpus=free -- \
		unix flip
	technique "io_uring open" $u -r "$root" -- uring open
	technique "io_uring socket under --deny-net" $u --deny-net -- \
		uring socket
	technique "openat2 RESOLVE_BENEATH cleared (race)" $u -r "$root" \
		--cpus=free -- openat2_race
	technique "fexecve of a script, interpreter outside" $u -r "$root" -- \
		fexec script.sh
	technique "/proc of the monitor and of init" $u -R "$root" -- proc
	technique "the monitor's memory and descriptors" $u -R "$root" -- \
		monitor
	# A guest that is really root may ptrace anything (out of scope).
	if [ "$(id -u "$u" 2>/dev/null || echo 0)" != 0 ]; then
		technique "the monitor's memory under --deny-net" $u \
			--deny-net -- monitor
	elif [ -z "$user" ]; then
		skip_host "the monitor's memory under --deny-net" "no unprivileged user here"
	fi
	technique "calls newer than the table" $u -r "$root" -- newcall
	technique "mount and the mount API" $u -r "$root" -- mount mnt
	technique "signals and ptrace to a process outside" $u -R "$root" -- \
		pids "$outsider"
done
if [ "$(id -u)" = 0 ]; then
	technique "open_by_handle_at" "$me" -r "$root" -- handle open handle
	technique "a symlink swap after setuid to nobody (race)" "$me" \
		-r "$root" --cpus=free -- rename_race drop
else
	skip_host "open_by_handle_at" "needs root (CAP_DAC_READ_SEARCH)"
fi

finish
