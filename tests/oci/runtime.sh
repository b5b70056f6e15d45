#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# umvm oci on its own, as an engine drives it: the lifecycle (create
# stops before the first instruction, start, state, kill, delete, run,
# exec, list, ps, spec, features), crash detection, the per-id lock, bad
# input (one line, non-zero, no state left, JSON in --log), escapes, and
# as root the namespaces and the cgroup; unprivileged, the fake root and
# the one warning.
#
# usage: tests/oci/runtime.sh [--umvm PATH]
. "$(dirname "$0")/lib.sh"

mkdir -p data
chmod 777 data

# The lifecycle.  The process records that it ran: nothing may run
# before start.
C_MOUNTS="{ \"destination\": \"/data\", \"type\": \"bind\", \"source\": \"$tmp/data\", \"options\": [ \"rbind\" ] }" \
	bundle life '["sh","-c","echo ran > /data/ran; echo out; echo err >&2; exec sleep 4011"]'
oci create --bundle life --pid-file life.pid c1 >c1.out 2>c1.err
expect "create: status 0" 0 $?
st=$(oci state c1)
contains "state after create: created" '"status":"created"' "$st"
contains "state: id and bundle" "\"id\":\"c1\",\"status\":\"created\",\"pid\":$(cat life.pid),\"bundle\":\"$tmp/life\"" "$st"
sleep 0.3
[ ! -e data/ran ] && ok "create: the process has not run" || bad "create: the process ran before start"
expect "create: the monitor is alive" 0 "$(kill -0 "$(cat life.pid)" 2>/dev/null; echo $?)"
expect "start: status 0" "0" "$(oci start c1; echo $?)"
for i in 1 2 3 4 5 6 7 8 9 10; do [ -e data/ran ] && break; sleep 0.2; done
[ -e data/ran ] && ok "start: the process ran" || bad "start: the process did not run"
contains "state after start: running" '"status":"running"' "$(oci state c1)"
r=$(oci start c1 2>&1); s=$?
expect "start twice: one line, status 1" "1 1" "$(lines "$r") $s"
contains "list: shows c1 running" "running" "$(oci list | grep '^c1 ')"
expect "list -q" "c1" "$(oci list -q)"
contains "list --format json" '[{"ociVersion":"1.0.2","id":"c1"' "$(oci list --format json)"
expect "ps: monitor and process" 2 "$(oci ps c1 | tr ',' '\n' | grep -c '[0-9]')"
r=$(oci exec c1 sh -c 'echo in exec; cat /data/ran; exit 3'); s=$?
expect "exec: output and status" "in exec|ran|3" "$(echo "$r" | tr '\n' '|')$s"
r=$(oci delete c1 2>&1); s=$?
expect "delete of a running container: refused" "1 1" "$(lines "$r") $s"
expect "kill TERM: status 0" 0 "$(oci kill c1 TERM; echo $?)"
for i in 1 2 3 4 5 6 7 8 9 10; do
	oci state c1 | grep -q '"stopped"' && break
	sleep 0.2
done
contains "state after kill: stopped" '"status":"stopped","pid":0' "$(oci state c1)"
expect "the process's stdout and stderr" "out|err" "$(cat c1.out c1.err | tr '\n' '|' | sed 's/|$//')"
expect "delete: status 0" 0 "$(oci delete c1; echo $?)"
no_state c1 && ok "delete: no state left" || bad "delete: state left"
r=$(oci state c1 2>&1); s=$?
expect "state of a deleted container: one line, status 1" "1 1" "$(lines "$r") $s"

# run in the foreground: status, signals.
bundle st '["sh","-c","echo hello; exit 7"]'
r=$(oci run --bundle st r1); s=$?
expect "run: output and exit status" "hello 7" "$r $s"
no_state r1 && ok "run: no state left" || bad "run: state left"
bundle sig '["sh","-c","kill -KILL $$"]'
oci run --bundle sig r2 >/dev/null 2>&1
expect "run: a process killed by SIGKILL gives 137" 137 $?

# kill reaches every process; delete --force and a crashed monitor leave
# none behind.
bundle many '["sh","-c","sleep 4021 & sleep 4021 & sleep 4021; wait"]'
oci run -d --bundle many k1 >/dev/null 2>&1 </dev/null
sleep 0.5
expect "three processes run" 3 "$(pgrep -fc '^sleep 4021')"
oci kill --all k1 KILL
sleep 0.5
expect "kill --all KILL: no process left" 0 "$(pgrep -fc '^sleep 4021')"
oci delete k1
oci run -d --bundle many k2 >/dev/null 2>&1 </dev/null
sleep 0.5
oci delete --force k2
expect "delete --force: no process left" 0 "$(pgrep -fc '^sleep 4021')"
no_state k2 && ok "delete --force: no state left" || bad "delete --force: state left"
oci run -d --bundle many k3 >/dev/null 2>&1 </dev/null
sleep 0.5
pid=$(oci state k3 | sed 's/.*"pid":\([0-9]*\).*/\1/')
kill -KILL "$pid"
sleep 0.5
contains "a crashed monitor: state shows stopped" '"status":"stopped"' "$(oci state k3)"
expect "a crashed monitor: no process left" 0 "$(pgrep -fc '^sleep 4021')"
oci delete k3

# One lock per id: a command waits while another holds the container.
bundle idle '["sleep","4031"]'
oci create --bundle idle l1
( flock "$tmp/state/l1" sleep 1 ) &
sleep 0.2
t0=$(date +%s%N)
oci start l1
t1=$(date +%s%N)
wait
[ $(((t1 - t0) / 1000000)) -ge 700 ] && ok "start waits for the lock" ||
	bad "start did not wait for the lock ($(((t1 - t0) / 1000000)) ms)"
oci delete --force l1
# Two creates of one id at once: exactly one wins.
oci create --bundle idle d1 2>/dev/null & oci create --bundle idle d1 2>/dev/null & wait
expect "two creates at once: one container" 1 "$(oci list -q | grep -c '^d1$')"
oci delete --force d1

# Bad input: one line on stderr, status non-zero, nothing left behind.
badcase()
{
	_name=$1 _id=$2
	shift 2
	_r=$(oci --log "$tmp/log.json" --log-format json "$@" 2>&1 >/dev/null)
	_s=$?
	if [ $_s -ne 0 ] && [ "$(lines "$_r")" = 1 ] && no_state "$_id"; then
		ok "bad input: $_name ($_r)"
	else
		bad "bad input: $_name: status $_s, stderr: $_r"
	fi
	_l=$(tail -n 1 "$tmp/log.json" 2>/dev/null)
	case $_l in
	'{"level":"error","msg":"'*'","time":"'*'"}') ok "bad input: $_name in --log as JSON" ;;
	*) bad "bad input: $_name: log line: $_l" ;;
	esac
}
badcase "missing bundle" x1 create --bundle "$tmp/nothing" x1
mkdir -p broken
printf '{"ociVersion": "1.0.2", "process": {"args": ["sh"' >broken/config.json
badcase "malformed config.json" x2 create --bundle broken x2
mkdir -p noargs
printf '{"ociVersion": "1.0.2", "root": {"path": "%s"}, "process": {"cwd": "/"}}' \
	"$ROOTFS" >noargs/config.json
badcase "config.json without process.args" x3 create --bundle noargs x3
mkdir -p noroot
printf '{"ociVersion": "1.0.2", "root": {"path": "/nonexistent"}, "process": {"args": ["sh"]}}' \
	>noroot/config.json
badcase "root.path missing" x4 create --bundle noroot x4
bundle noprog '["no-such-program"]'
badcase "program not found" x5 create --bundle noprog x5
badcase "unknown id: start" x6 start x6
badcase "unknown id: state" x6 state x6
badcase "unknown id: kill" x6 kill x6
badcase "unknown id: delete" x6 delete x6
badcase "invalid id" "a b" create --bundle idle "a/b"
oci create --bundle idle dup
r=$(oci create --bundle idle dup 2>&1); s=$?
expect "duplicate id: one line, status 1" "1 1" "$(lines "$r") $s"
contains "duplicate id: the first container is intact" '"status":"created"' "$(oci state dup)"
oci delete dup
badcase "unknown command" x7 frobnicate x7

# Options: every command refuses one it does not take, in one line, and
# takes without a word those of runc's that engines pass and umvm has no
# use for; --preserve-fds other than 0 gets one warning.
for c in create run exec delete kill list spec; do
	badcase "unknown option: $c" x8 $c --frobnicate x8
done
r=$(oci --frobnicate list 2>&1 >/dev/null); s=$?
expect "unknown global option: the usage, then the error" \
	"umvm oci: unknown global option '--frobnicate' 1" "$(printf '%s\n' "$r" | tail -n 1) $s"
oci --rootless false --criu /none run -d --no-pivot --no-new-keyring \
	--no-subreaper --preserve-fds 0 --bundle idle o1 >o1.out 2>o1.err </dev/null
s=$?
expect "ignored options: run takes them silently" "0 " "$s $(cat o1.err)"
r=$(oci exec --no-new-privs --cap CAP_KILL --process-label l --apparmor a \
	--cgroup c --ignore-paused -g 5 --additional-gids 6 --preserve-fds 0 o1 true 2>&1); s=$?
expect "ignored options: exec takes them silently" "0 " "$s $r"
r=$(oci exec --preserve-fds 2 o1 true 2>&1); s=$?
expect "exec --preserve-fds 2: one warning" \
	"0 umvm oci: --preserve-fds 2: not supported, ignored" "$s $r"
oci create --preserve-fds 3 --bundle idle o2 >o2.out 2>o2.err </dev/null
s=$?
expect "create --preserve-fds 3: one warning" \
	"0 umvm oci: --preserve-fds 3: not supported, ignored" "$s $(cat o2.err)"
oci delete --force o1
oci delete --force o2

# spec and features.
mkdir -p sp
(cd sp && "$OCI" spec) && contains "spec writes config.json" '"ociVersion": "1.0.2"' "$(cat sp/config.json)"
r=$(cd sp && "$OCI" spec 2>&1); s=$?
expect "spec over an existing config.json: one line, status 1" "1 1" "$(lines "$r") $s"
contains "features: seccomp enabled" '"seccomp":{"enabled":true' "$(oci features)"

# No host file outside the root shows through, by any path.
bundle esc "[\"sh\",\"-c\",\"cd /tmp; cat $SECRET; cat ../../../../..$SECRET; cat /proc/self/root$SECRET; cat /proc/1/root$SECRET; ln -s $SECRET /tmp/l; cat /tmp/l; echo done\"]"
r=$(oci run --bundle esc e1 2>&1)
case $r in
*"host secret"*) bad "escape: a host file was read: $r" ;;
*done) ok "escape: the host file is not readable (absolute, ../, /proc/*/root, a link)" ;;
*) bad "escape: unexpected output: $r" ;;
esac

if [ "$(id -u)" = 0 ]; then
	# As root: namespaces are real.
	C_HOST=nshost bundle ns '["sh","-c","hostname; [ $$ -lt 10 ] && echo small pid; ls /proc | grep -c \"^[0-9]\"; grep -c : /proc/net/dev"]'
	r=$(oci run --bundle ns n1 | tr '\n' ' ')
	# The shell, ls and grep (the monitor, pid 1, is hidden); only lo.
	expect "root: uts, pid and network namespaces" "nshost small pid 3 1 " "$r"
	case $(hostname) in
	nshost) bad "root: the host's name changed" ;;
	*) ok "root: the host's name is unchanged" ;;
	esac
	# exec joins every namespace of the container: those it made (uts)
	# and those it joined by path at create (a network namespace held
	# by another process).
	unshare -n sleep 60 &
	holder=$!
	cleanups="$cleanups kill $holder 2>/dev/null;"
	sleep 0.2
	C_HOST=exechost C_NS='{ "type": "pid" }, { "type": "uts" }, { "type": "mount" }, { "type": "network", "path": "/proc/'$holder'/ns/net" }' \
		bundle nsx '["sleep","30"]'
	oci run -d --bundle nsx x1 >x1.out 2>&1 </dev/null
	r=$(oci exec x1 sh -c 'hostname; readlink /proc/self/ns/net' | tr '\n' ' ')
	expect "root: exec joins made and joined namespaces" \
		"exechost $(readlink /proc/$holder/ns/net) " "$r"
	oci delete --force x1
	kill $holder 2>/dev/null
	C_LINUX='"cgroupsPath": "/umvm-test/cg1", "resources": { "pids": { "limit": 33 }, "memory": { "limit": 67108864 } }' \
		bundle cg '["sh","-c","grep pids /proc/self/cgroup; sleep 1"]'
	oci run -d --bundle cg g1 >g1.out 2>&1 </dev/null
	sleep 0.3
	if [ -d /sys/fs/cgroup/pids ]; then
		expect "root: pids.max of the cgroup" 33 "$(cat /sys/fs/cgroup/pids/umvm-test/cg1/pids.max)"
		expect "root: memory limit" 67108864 "$(cat /sys/fs/cgroup/memory/umvm-test/cg1/memory.limit_in_bytes)"
	else
		expect "root: pids.max of the cgroup" 33 "$(cat /sys/fs/cgroup/umvm-test/cg1/pids.max)"
	fi
	oci delete --force g1
	[ ! -e /sys/fs/cgroup/pids/umvm-test/cg1 ] && [ ! -e /sys/fs/cgroup/umvm-test/cg1 ] &&
		ok "root: delete removes the cgroup" || bad "root: cgroup left"
	rmdir /sys/fs/cgroup/*/umvm-test /sys/fs/cgroup/umvm-test 2>/dev/null
	C_RO=true bundle ro '["sh","-c","echo x > /etc/x; echo $?"]'
	expect "root: read-only root" "1" "$(oci run --bundle ro ro1 2>/dev/null)"
	C_USER='"uid": 1000, "gid": 1000, "additionalGids": [ 5 ]' bundle usr '["id"]'
	expect "root: process.user" "uid=1000 gid=1000 groups=5" "$(oci run --bundle usr u1)"

	# Unprivileged (nobody): fake root, the one warning.
	if command -v runuser >/dev/null; then
		C_HOST=fake bundle unpriv '["sh","-c","id; hostname; echo x > /tmp/x && cat /tmp/x"]'
		chmod -R a+rX "$tmp/unpriv"
		mkdir -p "$tmp/xdg"
		chown nobody "$tmp/xdg"
		r=$(cd "$tmp" && runuser -u nobody -- env XDG_RUNTIME_DIR="$tmp/xdg" \
			timeout 60 "$OCI" run --bundle unpriv p1 2>p1.err)
		expect "nobody: fake root, emulated hostname" "uid=0(root) gid=0(root) groups=0(root)|fake|x" \
			"$(echo "$r" | tr '\n' '|' | sed 's/|$//')"
		expect "nobody: one warning line" 1 "$(grep -c 'ignored' p1.err)"
		contains "nobody: the warning names the namespaces" "pid namespace" "$(cat p1.err)"
		[ ! -e "$tmp/xdg/umvm/p1" ] && ok "nobody: state under XDG_RUNTIME_DIR removed" ||
			bad "nobody: state left"
	else
		missing_pkg "nobody" util-linux
	fi
else
	skip_host "root: namespaces, cgroups, read-only root" "not root"
fi

finish
