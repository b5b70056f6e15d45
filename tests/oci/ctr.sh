#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# containerd with umvm-oci as the runc binary (`ctr run --runc-binary`,
# the io.containerd.runc.v2 shim driving it as it drives runc).  The
# test starts its own containerd (state, sockets and content under the
# scratch directory) and stops it at the end.  Where runc is installed
# each container also runs under it and the results must be the same.
#
# usage: tests/oci/ctr.sh [--umvm PATH]
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] || need_skip "containerd needs root"
command -v containerd >/dev/null && command -v ctr >/dev/null ||
	suite_missing containerd "containerd and ctr"

cat >ctrd.toml <<EOF
version = 2
root = "$tmp/ctrd/root"
state = "$tmp/ctrd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$tmp/ctrd/containerd.sock"
EOF
containerd --config ctrd.toml >ctrd.log 2>&1 &
ctrd=$!
cleanups="$cleanups kill $ctrd 2>/dev/null; wait $ctrd 2>/dev/null;"
CTR="ctr -a $tmp/ctrd/containerd.sock"
for i in $(seq 50); do
	$CTR version >/dev/null 2>&1 && break
	sleep 0.2
done
$CTR version >/dev/null 2>&1 || need_skip "containerd did not start: $(tail -n 1 ctrd.log)"

UM="timeout -s KILL 120 $CTR run --runc-binary $OCI --env PATH=/bin --rootfs"
REF=
command -v runc >/dev/null &&
	REF="timeout -s KILL 120 $CTR run --runc-binary $(command -v runc) --env PATH=/bin --rootfs"
n=0

# same NAME CTR-RUN-OPTIONS -- COMMAND...: umvm-oci against runc.
same()
{
	_n=$1
	shift
	_o=
	while [ "$1" != -- ]; do _o="$_o $1"; shift; done
	shift
	n=$((n + 1))
	$UM --rm $_o "$ROOTFS" u$n "$@" >um.out 2>um.err </dev/null
	echo $? >um.st
	against_ref "$_n" $REF --rm $_o "$ROOTFS" r$n "$@" </dev/null
}

mkdir -p data
echo from-host >data/f
same "exit status, stdout, stderr" -- /bin/sh -c 'echo out; echo err >&2; exit 5'
same "env" --env FOO=bar -- /bin/sh -c 'echo $FOO; env | sort'
same "cwd" --cwd /tmp -- /bin/pwd
same "bind mount" --mount "type=bind,src=$tmp/data,dst=/data,options=rbind:rw" -- \
	/bin/sh -c 'cat /data/f; echo w > /data/w; cat /data/w'
same "read-only bind mount" --mount "type=bind,src=$tmp/data,dst=/data,options=rbind:ro" -- \
	/bin/sh -c 'cat /data/f; echo w > /data/x; echo $?'
same "read-only root" --read-only -- /bin/sh -c 'touch /etc/x; echo $?'
# The status only: ash's "Killed" report races with the tracer's reaping
# (podman.sh, docs/notes.md).
same "a process killed by a signal" -- /bin/sh -c 'sleep 100 & kill -KILL $!; wait $! 2>/dev/null; echo $?'
same "escape to a host file" -- /bin/sh -c "cd /tmp; cat $SECRET ../../..$SECRET /proc/1/root$SECRET; echo \$?"
no_host_secret
skip_host "user and hostname" "ctr 1.6 has no --user or --hostname (podman.sh checks them)"

# -t through a terminal.
tty_check -t umvm-ctr "$CTR run --runc-binary $OCI --env PATH=/bin -t --rm --rootfs $ROOTFS tty1 /bin/sh"

# Detached: task state, exec, kill; several at once.
for c in d1 d2 d3; do
	$UM --log-uri "file://$tmp/$c.log" -d "$ROOTFS" $c /bin/sh -c \
		'trap "echo TERM; exit 3" TERM; while :; do sleep 0.1; done' >/dev/null
done
sleep 1
expect "three tasks running" 3 "$($CTR task ls | grep -c RUNNING)"
r=$(timeout 60 $CTR task exec --exec-id e1 d1 /bin/sh -c 'echo in-exec; exit 9'); s=$?
expect "task exec: output and exit status" "in-exec 9" "$r $s"
for c in d1 d2 d3; do
	$CTR task kill $c
done
for i in $(seq 50); do
	[ "$($CTR task ls | grep -c STOPPED)" = 3 ] && break
	sleep 0.2
done
expect "task kill (SIGTERM): three tasks stopped" 3 "$($CTR task ls | grep -c STOPPED)"
expect "the handler ran in each" "TERM TERM TERM " "$(cat d1.log d2.log d3.log | tr '\n' ' ')"
codes=$(for c in d1 d2 d3; do $CTR task delete $c; done 2>&1)
contains "task delete reports the exit status" "exit code 3" "$codes"
for c in d1 d2 d3; do $CTR container rm $c; done
[ -z "$(ls /run/containerd/runc/default 2>/dev/null)" ] && ok "no state left" ||
	bad "state left: $(ls /run/containerd/runc/default)"

finish
