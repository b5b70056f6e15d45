#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# umvm's options and errors, as a user sees them: the personality options
# (--hostname, --kernel-release, --fake-root, --deny, --trace, --stats),
# the error messages and exit codes of bad input, signals sent to umvm,
# and that killing umvm, even with SIGKILL, leaves no guest behind.
#
# usage: tests/cli.sh [--umvm PATH] [--backend B]...
# Prints "ok"/"FAIL"/"skip" lines and "N passed, N failed, N skipped".

set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
UMVM=$here/../umvm
backends=
suite_args cli.sh "$@"

if [ -z "$backends" ]; then
	backends=$("$UMVM" probe 2>&1 | parse_probe | tr '\n' ' ')
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2
pass=0 fail=0 skip=0

# How many processes run exactly "sleep ARG" (no pgrep in every busybox).
count_sleep()
{
	n=0
	for f in /proc/[0-9]*/cmdline; do
		{ tr '\0' ' ' < "$f"; } 2>/dev/null | grep -q "^sleep $1 \$" &&
			n=$((n + 1))
	done
	echo $n
}

# An unprivileged identity, where this host can switch to one.
as_nobody=
if [ "$(id -u)" = 0 ] &&
   setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
	as_nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi

for b in $backends; do
	run="$UMVM run --backend=$b"

	# --hostname and --kernel-release: uname and hostname show them.
	got=$($run --hostname=guest.example --kernel-release=6.1.0-umvm -- \
		sh -c 'uname -n; uname -r; hostname' 2>&1 | tr '\n' ' ')
	expect "hostname+release [$b]" "guest.example 6.1.0-umvm guest.example " "$got"
	got=$($run -- uname -r)
	expect "release untouched without option [$b]" "$(uname -r)" "$got"

	# --fake-root: id says root, for an unprivileged user.
	if [ -n "$as_nobody" ]; then
		got=$($as_nobody $run --fake-root -- id 2>&1)
		expect "fake-root id [$b]" "uid=0(root) gid=0(root) groups=0(root)" "$got"
		got=$($as_nobody $run -- id -u 2>&1)
		expect "no fake-root without option [$b]" "65534" "$got"
	else
		got=$($run --fake-root -- id -u 2>&1)
		expect "fake-root id -u [$b]" "0" "$got"
		skip_host "fake-root as unprivileged user [$b]" "runs as a user that cannot switch to nobody"
	fi

	# --deny: the call fails with the errno and never reaches the host.
	rm -rf x
	got=$($run --deny mkdir:EACCES -- mkdir x 2>&1); st=$?
	contains "deny mkdir:EACCES message [$b]" "Permission denied" "$got"
	expect "deny mkdir:EACCES status [$b]" 1 "$st"
	expect "deny mkdir:EACCES no side effect [$b]" no "$([ -e x ] && echo yes || echo no)"
	got=$($run --deny mkdir -- mkdir x 2>&1)
	contains "deny mkdir default EPERM [$b]" "Operation not permitted" "$got"
	got=$($run --deny=getpid:ESRCH --deny=mkdir:ENOSPC -- mkdir x 2>&1)
	contains "deny repeated [$b]" "No space left on device" "$got"

	# --trace: one line per syscall, with emulated or passed.
	$run --trace=trace.out --deny getppid -- sh -c 'exit 3'; st=$?
	expect "trace keeps exit status [$b]" 3 "$st"
	got=$(grep -c '^\[pid [0-9]*\] execve(0x[0-9a-f]*, 0x[0-9a-f]*, 0x[0-9a-f]*) = 0 (passed)$' trace.out)
	expect "trace shows execve [$b]" 1 "$got"
	got=$(grep -c '^\[pid [0-9]*\] exit_group(0x3) = ? (passed)$' trace.out)
	expect "trace shows exit_group [$b]" 1 "$got"
	got=$($run --trace --deny mkdir:EEXIST -- mkdir x 2>&1 | grep '^\[pid [0-9]*\] mkdir(')
	contains "trace shows emulated result [$b]" ") = -17 (emulated)" "$got"

	# --stats: the table at exit.
	got=$($run --stats -- sh -c 'echo hi' 2>&1 >/dev/null)
	contains "stats header [$b]" "syscall                       calls   emulated      stops" "$got"
	contains "stats total [$b]" "total" "$got"
	got=$($run --stats=stats.out -- true; grep -c '^execve ' stats.out)
	expect "stats to a file [$b]" 1 "$got"

	# Signals sent to umvm reach the guest; its death becomes umvm's.
	$run -- sleep 30 &
	pid=$!
	sleep 0.5
	kill -TERM $pid
	wait $pid; st=$?
	expect "SIGTERM to umvm kills guest like native [$b]" 143 "$st"
	$run -- sh -c 'kill -SEGV $$'; st=$?
	expect "guest killed by SIGSEGV [$b]" 139 "$st"
	got=$($run -- sh -c 'trap "echo caught; exit 7" INT; kill -INT $$; sleep 5'); st=$?
	expect "guest handles its signal [$b]" "caught 7" "$got $st"
	# A signal umvm's parent ignores stays ignored in the guest, as it
	# would for the program run natively (background jobs of scripts).
	got=$(sh -c "trap '' INT; exec $run -- sh -c 'kill -INT \$\$; echo survived'" 2>&1); st=$?
	expect "an ignored SIGINT stays ignored in the guest [$b]" "survived 0" "$got $st"

	# Signals ignored when umvm starts (nohup, a script's background
	# job) are ignored by the guest too, as by the program natively.
	want=$(sh -c 'grep SigIgn /proc/self/status & wait')
	got=$(sh -c "$run -- grep SigIgn /proc/self/status & wait")
	expect "background job ignores SIGINT and SIGQUIT [$b]" "$want" "$got"
	want=$(nohup grep SigIgn /proc/self/status 2>/dev/null)
	got=$(nohup $run -- grep SigIgn /proc/self/status 2>/dev/null)
	expect "nohup: the guest ignores SIGHUP [$b]" "$want" "$got"
	# A signal sent while umvm starts waits for the guest.
	got=$(sh -c "$run -- sleep 5 & kill -TERM \$!; wait \$!"); st=$?
	expect "SIGTERM at umvm's start kills the guest like native [$b]" 143 "$st"

	# Job control: a stopped guest stays stopped until SIGCONT.
	rm -f guest.pid
	$run -- sh -c 'echo $$ > guest.pid; kill -STOP $$; echo resumed' > stop.out &
	pid=$!
	sleep 1
	expect "stopped guest stays stopped [$b]" "" "$(cat stop.out)"
	kill -CONT "$(cat guest.pid)" 2>/dev/null
	( sleep 20; kill -KILL $pid 2>/dev/null ) &
	watchdog=$!
	wait $pid; st=$?
	kill $watchdog 2>/dev/null
	expect "SIGCONT resumes guest [$b]" "resumed 0" "$(cat stop.out) $st"

	# Killing umvm, even with SIGKILL, leaves no guest process behind.
	marker=$$$(awk 'BEGIN { srand(); print int(rand() * 100000) }')
	$run -- sh -c "sleep 4$marker & sleep 4$marker & (sleep 4$marker) & wait" &
	pid=$!
	n=0
	while [ "$(count_sleep 4$marker)" -lt 3 ] && [ $n -lt 50 ]; do
		sleep 0.1; n=$((n + 1))
	done
	expect "guests run before SIGKILL [$b]" 3 "$(count_sleep 4$marker)"
	kill -KILL $pid
	wait $pid 2>/dev/null
	sleep 0.5
	expect "SIGKILL of umvm leaves no guest [$b]" 0 "$(count_sleep 4$marker)"

	# A guest's leftover background processes end with the guest.
	$run -- sh -c "sleep 5$marker & echo started"
	sleep 0.3
	expect "leftover guest processes are ended [$b]" 0 "$(count_sleep 5$marker)"
done

# Bad input: one clear line on stderr and a non-zero exit.
got=$("$UMVM" run --frobnicate -- true 2>&1); st=$?
expect "unknown option" "umvm: run: unknown option '--frobnicate' (try 'umvm run --help') 125" "$got $st"
got=$("$UMVM" run -- no-such-program-xyz 2>&1); st=$?
expect "missing program" "umvm: no-such-program-xyz: command not found 127" "$got $st"
got=$("$UMVM" run -- ./nope 2>&1); st=$?
expect "missing program path" "umvm: ./nope: No such file or directory 127" "$got $st"
printf 'data\n' > notexec
got=$("$UMVM" run -- ./notexec 2>&1); st=$?
expect "program not executable" "umvm: ./notexec: Permission denied 126" "$got $st"
got=$("$UMVM" run 2>&1); st=$?
contains "no program" "umvm: run: no program given" "$got"
expect "no program status" 125 "$st"
got=$("$UMVM" run --backend=warp -- true 2>&1); st=$?
expect "unknown backend" "umvm: unknown backend 'warp' (choose auto, vm, seccomp, sysemu or syscall) 125" "$got $st"
got=$("$UMVM" run --deny frobnicate -- true 2>&1); st=$?
expect "deny unknown syscall" "umvm: --deny: unknown syscall 'frobnicate' 125" "$got $st"
got=$("$UMVM" run --deny mkdir:EWHAT -- true 2>&1); st=$?
expect "deny unknown errno" "umvm: --deny: unknown errno 'EWHAT' 125" "$got $st"
got=$("$UMVM" frob 2>&1); st=$?
expect "unknown command" "umvm: unknown command 'frob' (try 'umvm --help') 125" "$got $st"

# A forced backend the host cannot do fails at once.
probe=$("$UMVM" probe)
case $probe in
*"PTRACE_VM... missing"*)
	got=$("$UMVM" run --backend=vm -- true 2>&1); st=$?
	expect "forced vm on a stock host" "umvm: backend 'vm' is not available on this host: PTRACE_VM missing 125" "$got $st"
	;;
*) skip_host "forced vm on a stock host" "this host has PTRACE_VM" ;;
esac
contains "probe prints checks" "Checking PTRACE_SYSEMU..." "$probe"
contains "probe prints auto choice" "auto backend: " "$probe"
contains "probe prints the fast path" "fast path: " "$probe"
case $probe in
*"PTRACE_VM... OK"*) skip_host "auto picks seccomp" "this host has PTRACE_VM" ;;
*"SECCOMP_RET_TRACE... OK"*)
	contains "auto picks seccomp without PTRACE_VM" "auto backend: seccomp" "$probe"
	# The filter stops only what the options need: --deny and
	# --hostname still act, an unhooked getppid runs natively.
	got=$("$UMVM" run --backend=seccomp --deny=mkdir:EROFS --hostname=sc -- \
		sh -c 'mkdir d 2>/dev/null || echo denied; uname -n; [ "$PPID" -gt 0 ] && echo ppid' 2>&1)
	expect "seccomp: hooked and unhooked calls" "denied sc ppid" "$(echo $got)"
	;;
*) skip_host "auto picks seccomp" "no SECCOMP_RET_TRACE on this host" ;;
esac

echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
