#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# podman (rootful, vfs storage, no network) with umvm-oci as its runtime,
# on a --rootfs directory and on an image made with `podman import` of a
# local tarball.  Where runc is installed each container also runs under
# runc with the same flags, and stdout, stderr and the exit status must
# be the same; -it goes through a real terminal (tmux).
#
# usage: tests/oci/podman.sh [--umvm PATH]
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] || need_skip "rootful podman needs root"
command -v podman >/dev/null || suite_missing podman "podman"

# A storage of our own, removed at the end.
PODMAN="podman --root $tmp/storage --runroot $tmp/runroot --storage-driver vfs --events-backend file"
cleanups="$cleanups $PODMAN rm -af -t 0 >/dev/null 2>&1; $PODMAN rmi -af >/dev/null 2>&1;"
cleanups="$cleanups umount -R $tmp/storage/vfs 2>/dev/null; umount $tmp/storage/* 2>/dev/null;"
# Limits this host can give (podman asks more than the hard limits here).
ULIMITS="--ulimit nofile=$(ulimit -Hn):$(ulimit -Hn)"
U=$(ulimit -Hu 2>/dev/null || ulimit -Hp)
[ "$U" = unlimited ] || [ "$U" -gt 32768 ] && U=32768
ULIMITS="$ULIMITS --ulimit nproc=$U:$U"
UM="timeout -s KILL 120 $PODMAN --runtime $OCI"
REF=
if command -v runc >/dev/null; then
	REF="timeout -s KILL 120 $PODMAN --runtime $(command -v runc)"
fi

# Can podman run a container here at all?
$UM run --rm --network none $ULIMITS --rootfs "$ROOTFS" true >podman.err 2>&1 ||
	need_skip "podman cannot run a container here: $(tail -n 1 podman.err)"

(cd "$ROOTFS" && tar -cf "$tmp/bb.tar" .)
$PODMAN import "$tmp/bb.tar" localhost/umvm-oci-test:bb >/dev/null 2>&1 ||
	need_skip "podman import failed"
IMG=localhost/umvm-oci-test:bb
RUN="run --rm --network none $ULIMITS"

expect "image from podman import: cat /etc/os-release" "$(cat "$ROOTFS/etc/os-release")" \
	"$($UM $RUN $IMG cat /etc/os-release 2>&1)"

# same NAME PODMAN-RUN-ARGS...: umvm-oci against runc, or just status 0.
same()
{
	_n=$1
	shift
	$UM "$@" >um.out 2>um.err
	echo $? >um.st
	against_ref "$_n" $REF "$@"
}

same "exit status, stdout, stderr (--rootfs)" $RUN --rootfs "$ROOTFS" sh -c 'echo out; echo err >&2; exit 5'
same "exit status, stdout, stderr (image)" $RUN $IMG sh -c 'echo out; echo err >&2; exit 5'
same "env" $RUN --hostname h -e FOO=bar $IMG sh -c 'echo $FOO; env | sort'
same "workdir" $RUN -w /tmp $IMG pwd
same "user" $RUN --user 1000:1000 $IMG sh -c 'id; touch /x'
same "hostname" $RUN --hostname myhost $IMG sh -c 'hostname; cat /etc/hostname'
mkdir -p data
echo from-host >data/f
same "bind mount" $RUN -v "$tmp/data:/data" $IMG sh -c 'cat /data/f; echo w > /data/w; cat /data/w'
same "read-only bind mount" $RUN -v "$tmp/data:/data:ro" $IMG sh -c 'cat /data/f; echo w > /data/x; echo $?'
same "read-only root" $RUN --read-only $IMG sh -c 'touch /etc/x; echo $?; touch /tmp/x; echo $?'
# The status of a killed child.  ash prints "Killed" when it reaps the
# child inside wait rather than before it; under any tracer the parent
# hears of a death only after the tracer has reaped it, so on a loaded
# machine it is often inside wait (docs/notes.md): wait's stderr is not
# what this case compares.
same "a process killed by a signal" $RUN $IMG sh -c 'sleep 100 & kill -KILL $!; wait $! 2>/dev/null; echo $?'
same "escape to a host file" $RUN $IMG sh -c "cd /tmp; cat $SECRET ../../..$SECRET /proc/1/root$SECRET; ln -s $SECRET /tmp/l; cat /tmp/l; echo \$?"
no_host_secret

# -it through a terminal: a tty, its size, resizing, the exit status.
tty_check -it umvm-oci "$PODMAN --runtime $OCI $RUN -it $IMG sh"

# stop (SIGTERM, then SIGKILL after the timeout), exec, ps.
$UM run -d --name st1 --network none $ULIMITS $IMG sh -c 'trap "exit 3" TERM; sleep 1000 & while :; do sleep 0.1; done' >/dev/null
$UM run -d --name st2 --network none $ULIMITS $IMG sh -c 'trap "" TERM; while :; do sleep 0.1; done' >/dev/null
sleep 1
contains "ps: Up" "Up " "$($UM ps --filter name=st1 --format '{{.Status}}')"
r=$($UM exec st1 sh -c 'echo in-exec; ps -o args | grep -c "sleep 1000$"; exit 9'); s=$?
expect "exec: output and exit status" "in-exec|1|9" "$(echo "$r" | tr '\n' '|')$s"
$UM stop st1 >/dev/null
expect "stop: SIGTERM handled, exit code 3" 3 "$($UM inspect st1 --format '{{.State.ExitCode}}')"
contains "ps -a: Exited (3)" "Exited (3)" "$($UM ps -a --filter name=st1 --format '{{.Status}}')"
t0=$(date +%s)
$UM stop -t 2 st2 >/dev/null
t1=$(date +%s)
expect "stop: SIGTERM ignored, SIGKILL after 2 s: exit code 137" 137 \
	"$($UM inspect st2 --format '{{.State.ExitCode}}')"
[ $((t1 - t0)) -ge 2 ] && ok "stop waited for the timeout" || bad "stop took $((t1 - t0)) s"
$UM rm st1 st2 >/dev/null

# Several containers at once.
for n in 1 2 3 4; do
	$UM run -d --name m$n --hostname host$n --network none $ULIMITS $IMG \
		sh -c 'sleep 1; echo $(hostname) done' >/dev/null
done
codes=$($UM wait m1 m2 m3 m4 | tr '\n' ' ')
expect "four containers at once: all exit 0" "0 0 0 0 " "$codes"
logs=$(for n in 1 2 3 4; do $UM logs m$n; done | tr '\n' ' ')
expect "four containers at once: each its own output" "host1 done host2 done host3 done host4 done " "$logs"
$UM rm m1 m2 m3 m4 >/dev/null
[ -z "$(ls /run/umvm 2>/dev/null)" ] && ok "no state left under /run/umvm" ||
	bad "state left: $(ls /run/umvm)"

# A Debian image (scripts/build-rootfs.sh's, when it is cached).
deb=$(ls -d "$HOME"/.cache/umvm/rootfs-* 2>/dev/null | grep -v complete | head -n 1)
if [ -n "$deb" ] && [ -e "$deb.complete" ]; then
	(cd "$deb" && tar -cf "$tmp/deb.tar" --exclude=./dev .) &&
	$PODMAN import "$tmp/deb.tar" localhost/umvm-oci-test:deb >/dev/null 2>&1
	rm -f "$tmp/deb.tar"
	expect "Debian image: cat /etc/os-release" "$(cat "$deb/etc/os-release")" \
		"$($UM $RUN localhost/umvm-oci-test:deb cat /etc/os-release 2>&1)"
	same "Debian image: dynamic programs, dpkg" $RUN localhost/umvm-oci-test:deb \
		sh -c 'cat /etc/debian_version; dpkg -l | grep -c ^ii; id; ls -ld /usr/bin'
else
	skip_host "Debian image" "no cached Debian root (scripts/build-rootfs.sh as root; sandbox-acceptance builds it)"
fi

finish
