#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Lifetime and signals: how a guest ends, and who gets which signal.
#
#   ends     the guest ends with its first process: its background jobs,
#            daemons and stopped children are killed and reaped, also a
#            child whose fork event never came (its forker was killed
#            inside fork() by another thread's execve)
#   leaks    threads killed inside a call leave nothing open in umvm
#   signals  one delivery per signal per process, compared with the
#            native run: kill of a pid, of a group (from inside and from
#            outside), of -1 (in a PID namespace of its own), tgkill, the
#            terminal's ^C (script(1)), timeout(1) around umvm and inside
#            it, a guest tracer's injected signal
#   stress   ITERATIONS runs per backend, of five workloads in turn: a
#            background job at exit, a fork storm at exit, threads exiting
#            while another execs, SIGTERM/SIGINT/SIGHUP to umvm at a
#            random moment, and a background job at exit with such a
#            signal; every run under a hard timeout, checked for: no hang,
#            no process of the run left (each carries a marker in its
#            environment), none left traced or stopped, the exit status
#            the same workload has natively
#
# usage: tests/lifetime/run.sh [--umvm PATH] [--backend B]...
#            [--iterations N] [--jobs N] [PART...]
#
# PART is ends, leaks, signals or stress (default: all).  --iterations
# (default 200) and --jobs (parallel runs, default 2) are the stress
# part's.  Needs tests/progs/bin (make test-progs) and a C compiler for
# its helper.  Prints ok/FAIL/skip lines and "N passed, N failed, N
# skipped".

set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
UMVM=$here/../../umvm
bin=$here/../progs/bin
backends=
iterations=200
jobs=2
parts=
while [ $# -gt 0 ]; do
	suite_option "$@" || case $1 in
	--iterations) iterations=$2; opt_shift=2 ;;
	--iterations=*) iterations=${1#*=} ;;
	--jobs) jobs=$2; opt_shift=2 ;;
	--jobs=*) jobs=${1#*=} ;;
	ends|leaks|signals|stress) parts="$parts $1" ;;
	*) echo "lifetime: unknown option $1" >&2; exit 2 ;;
	esac
	shift "$opt_shift"
done
parts=${parts:-ends leaks signals stress}
need_umvm lifetime
for p in sigcount exec_race; do
	[ -x "$bin/$p" ] || { echo "lifetime: no $bin/$p (run make test-progs)"; exit 2; }
done
if [ -z "$backends" ]; then
	backends=$("$UMVM" probe 2>&1 | parse_probe | tr '\n' ' ')
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/umvm-lifetime.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
LT=$tmp/lt-run
${CC:-cc} -O2 -o "$LT" "$here/lt-run.c" || { echo "lifetime: cannot build lt-run"; exit 2; }
cd "$tmp" || exit 2
pass=0 fail=0 skip=0
tag=lt$$

# runs_wrong OK BAD: after repeated runs, $bad of them wrong ($last the
# result of the last wrong one): "ok OK" when none, else "BAD".
runs_wrong()
{
	if [ "$bad" = 0 ]; then
		ok "$1"
	else
		bad "$2"
		echo "  last: $(echo $last)"
	fi
}

# run_marked NAME MARK EXPECT CMD...: one run under a hard timeout; ok
# when it ended as EXPECT says ("exit N" or "signal N") and left nothing.
run_marked()
{
	_name=$1 _mark=$2 _want=$3
	shift 3
	case $1 in -*) ;; *) set -- -- "$@" ;; esac
	_got=$("$LT" -t 20000 -m "$_mark" -o "$tmp/out" "$@")
	if [ "$_got" = "$_want" ]; then
		ok "$_name"
	else
		bad "$_name"
		printf '  want: %s\n  got:  %s\n' "$_want" "$(echo $_got)"
		sed 's/^/  output: /' "$tmp/out" | head -n 5
	fi
}

part_ends()
{
	for b in $backends; do
		run="$UMVM run --backend=$b --"
		n=0 bad=0
		while [ $n -lt 30 ]; do
			got=$("$LT" -t 10000 -m "${tag}e$b$n" -- \
				$run sh -c '(/bin/true; /bin/true) & exit 0')
			[ "$got" = "exit 0" ] || { bad=$((bad + 1)); last=$got; }
			n=$((n + 1))
		done
		runs_wrong "background job at exit: 30 of 30 runs end [$b]" \
			"background job at exit: $bad of 30 runs wrong [$b]"
		run_marked "leftovers killed and reaped [$b]" "${tag}l$b" "exit 5" \
			$run sh -c 'sleep 100 & sleep 100 & (sleep 100) & exit 5'
		run_marked "a daemon in its own session [$b]" "${tag}d$b" "exit 0" \
			$run sh -c 'setsid sh -c "sleep 100" & sleep 0.1; exit 0'
		run_marked "a stopped child at exit [$b]" "${tag}s$b" "exit 0" \
			$run sh -c 'sh -c "kill -STOP \$\$; sleep 100" & sleep 0.1; exit 0'
		run_marked "a traced child at exit [$b]" "${tag}t$b" "exit 0" \
			$run sh -c 'strace -o /dev/null sleep 100 & sleep 0.3; exit 0'
		n=0 bad=0
		while [ $n -lt 10 ]; do
			got=$("$LT" -t 20000 -m "${tag}x$b$n" -o "$tmp/out" -- \
				$run "$bin/exec_race" 3)
			if [ "$got" != "exit 0" ] || grep -q FAIL "$tmp/out"; then
				bad=$((bad + 1)); last=$got
			fi
			n=$((n + 1))
		done
		runs_wrong "children of threads killed inside fork run: 10 of 10 [$b]" \
			"children of threads killed inside fork: $bad of 10 wrong [$b]"
		run_marked "SIGTERM to umvm: the guest's first process dies of it, the rest is killed [$b]" \
			"${tag}g$b" "signal 15" -s 15 -d 300000 -- \
			$run sh -c 'sleep 100 & sleep 100 & exec sleep 100'
	done
}

# Threads killed inside a blocking open: umvm's open files stay as many.
part_leaks()
{
	if ! command -v mkfifo >/dev/null; then
		missing_pkg "leaks: mkfifo" coreutils
		return
	fi
	mkdir "$tmp/fifo"
	mkfifo "$tmp/fifo/f"
	for b in $backends; do
		# umvm's /proc is hidden from its guest: counted from here.
		rm -f "$tmp/fifo/s1" "$tmp/fifo/s2" "$tmp/fifo/g1" "$tmp/fifo/g2"
		(cd "$tmp/fifo" && exec "$UMVM" run --backend="$b" -r / -- sh -c '
			w() { while [ ! -e $1 ]; do sleep 0.05; done; }
			: > s1; w g1; pids=; i=0
			while [ $i -lt 128 ]; do
				cat f >/dev/null & pids="$pids $!"; i=$((i + 1))
			done
			sleep 0.5; kill -9 $pids; wait
			: > s2; w g2') &
		upid=$! got=timeout before=
		for step in 1 2; do
			i=0
			while [ ! -e "$tmp/fifo/s$step" ] && [ $i -lt 600 ]; do
				sleep 0.1; i=$((i + 1))
			done
			[ -e "$tmp/fifo/s$step" ] || break
			n=$(ls "/proc/$upid/fd" | wc -l)
			if [ $step = 1 ]; then before=$n; else got=$((n - before)); fi
			: > "$tmp/fifo/g$step"
		done
		[ "$got" = timeout ] && kill -9 $upid 2>/dev/null
		wait $upid
		# Fewer than before is no leak: a descriptor umvm held for a
		# call in flight at the first count may be closed by the second.
		# umvm closes pins in batches of up to 32 (os-Linux/paths.c):
		# that many may still be open; a leak grows with the threads.
		if [ "$got" != timeout ] && [ "$got" -lt 36 ]; then got=ok; fi
		case $got in
		ok) ok "128 threads killed inside open leak no fd in umvm [$b]" ;;
		*) bad "threads killed inside open leak fds in umvm [$b]"
		   echo "  umvm holds $got more fds than before" ;;
		esac
	done
}

# sig_case REPS NAME CMD...: the signal counts under each backend, REPS
# times each (a duplicate depends on timing), must be those of the native
# run.  In CMD, @RUN@ stands for "umvm run --backend=B --" (nothing
# natively) and @READY@ for a file the program creates when it is ready
# for a signal from outside.
sig_case()
{
	_reps=$1 _name=$2
	shift 2
	for _b in native $backends; do
		if [ $_b = native ]; then _r=; else _r="$UMVM run --backend=$_b --"; fi
		_k=0
		while [ $_k -lt $_reps ] && { [ $_b != native ] || [ $_k = 0 ]; }; do
			rm -f "$tmp/ready"
			_cmd=$(printf '%s\n' "$*" | sed "s|@RUN@|$_r|g; s|@READY@|$tmp/ready|g")
			timeout -s KILL 60 sh -c "$_cmd" 2>&1 | tr -d '\r' |
				grep 'handled' | sed "$sig_norm" >"$tmp/sig.$_b.$_k"
			_k=$((_k + 1))
		done
		[ $_b = native ] && continue
		_bad=0 _k=0
		while [ $_k -lt $_reps ]; do
			if ! cmp -s "$tmp/sig.native.0" "$tmp/sig.$_b.$_k"; then
				_bad=$((_bad + 1))
				_diff=$(diff "$tmp/sig.native.0" "$tmp/sig.$_b.$_k")
			fi
			_k=$((_k + 1))
		done
		if [ ! -s "$tmp/sig.native.0" ] ||
		   grep -v '^parent: SIGUSR1 handled 0 times$' "$tmp/sig.native.0" |
		   grep -q 'handled 0 times'; then
			bad "signals: $_name [$_b]: the native run got no signal"
			sed 's/^/  /' "$tmp/sig.native.0"
		elif [ $_bad = 0 ]; then
			ok "signals: $_name, once per process [$_b]"
		else
			bad "signals: $_name [$_b]: $_bad of $_reps runs differ from native"
			printf '%s\n' "$_diff" | sed 's/^/  /'
		fi
	done
}

# Wait for the ready file, then run CMD (a sender from outside).
send_when_ready()
{
	_n=0
	while [ ! -e "$tmp/ready" ] && [ $_n -lt 200 ]; do
		sleep 0.05; _n=$((_n + 1))
	done
	"$@"
}

part_signals()
{
	S=$bin/sigcount
	sig_norm=
	sig_case 1 "kill of each pid, tgkill, a tracer's injection" "@RUN@ $S"
	sig_case 3 "kill(0) from the guest" "setsid -w @RUN@ $S group"
	sig_case 3 "kill of the group from the guest" "setsid -w @RUN@ $S pgid"
	# From outside, the group is umvm's and the guest's.
	# (dash's kill takes no "--": kill(1) from procps or util-linux.)
	sig_case 3 "kill -USR1 -- -PGID from outside" \
		"setsid @RUN@ $S wait USR1 @READY@ & p=\$!; . $tmp/ready.sh; send_when_ready env kill -USR1 -- -\$p; wait \$p"
	if unshare -pf --mount-proc true 2>/dev/null; then
		sig_case 1 "kill(-1) from the guest, in a PID namespace" \
			"unshare -pf --mount-proc sh -c '@RUN@ $S all'"
	else
		skip_host "signals: kill(-1)" "no PID namespace here (unshare -p needs root)"
	fi
	if command -v script >/dev/null; then
		sig_case 1 "^C on the terminal (script)" \
			". $tmp/ready.sh; send_when_ready printf '\\003' | { cat; sleep 1; } | script -qec 'exec @RUN@ $S wait INT @READY@' /dev/null"
	else
		missing_pkg "signals: terminal: script(1)" bsdutils
	fi
	# timeout(1) kills its child, then its group: natively the child
	# sees one or two deliveries, depending on when it runs.
	sig_norm='s/^parent: SIGUSR1 handled [12] times*$/parent: SIGUSR1 handled 1 or 2 times/'
	sig_case 2 "timeout -s USR1 around umvm" \
		"timeout -s USR1 0.5 @RUN@ $S wait USR1"
	sig_case 2 "timeout -s USR1 inside the guest" \
		"@RUN@ timeout -s USR1 0.5 $S wait USR1"
}

# One stress run: iteration I of backend B, workload W, whose status may
# be any of WANT ("exit_N", "signal_N"); the rest are lt-run's options.
# Prints a "RUN ..." line for a wrong status and for each process left.
stress_run()
{
	_b=$1 _i=$2 _w=$3 _want=$4
	shift 4
	_out=$("$LT" "$@")
	_st=$(printf '%s\n' "$_out" | head -n 1 | tr ' ' _)
	case " $_want " in
	*" $_st "*) ;;
	*) echo "RUN $_b $_i $_w: want $_want, got $_st" ;;
	esac
	printf '%s\n' "$_out" | sed -n "s/^left /RUN $_b $_i $_w: left /p"
}

# Iteration I of backend B: one run of one of five workloads in turn.
stress_iteration()
{
	b=$1 i=$2
	run="$UMVM run --backend=$b --"
	m=${tag}x${b}x${i}x
	case $(( (i / 5) % 3 )) in 0) sig=15 ;; 1) sig=2 ;; *) sig=1 ;; esac
	case $((i % 5)) in
	0) stress_run $b $i bgexit "exit_0" -t 20000 -m $m -o /dev/null -- \
		$run sh -c '(/bin/true; /bin/true) & exit 0' ;;
	1) stress_run $b $i forkstorm "exit_3" -t 20000 -m $m -o /dev/null -- \
		$run sh -c 'for i in 1 2 3; do (true & true &) & done; exit 3' ;;
	2) stress_run $b $i "bgexit+signal$sig" "exit_0 signal_$sig" -t 20000 \
		-m $m -o /dev/null -s $sig -d 0-30000 -- \
		$run sh -c '(/bin/true; /bin/true) & exit 0' ;;
	3) stress_run $b $i exec_race "exit_0" -t 20000 -m $m -o /dev/null -- \
		$run "$bin/exec_race" 1 ;;
	4) stress_run $b $i "signal$sig" "signal_$sig" -t 20000 -m $m -o /dev/null \
		-s $sig -d 0-60000 -- $run sh -c 'sleep 100 & exec sleep 100' ;;
	esac
}

part_stress()
{
	# The native statuses the workloads are checked against.
	for w in "exit 0|sh -c '(/bin/true; /bin/true) & exit 0'" \
		 "exit 3|sh -c 'for i in 1 2 3; do (true & true &) & done; exit 3'" \
		 "exit 0|$bin/exec_race 1" \
		 "signal 15|-s 15 -d 20000 -- sh -c 'sleep 100 & exec sleep 100'" \
		 "signal 2|-s 2 -d 20000 -- sh -c 'sleep 100 & exec sleep 100'" \
		 "signal 1|-s 1 -d 20000 -- sh -c 'sleep 100 & exec sleep 100'"; do
		want=${w%%|*} cmd=${w#*|}
		case $cmd in -s*) ;; *) cmd="-- $cmd" ;; esac
		got=$(eval "\"$LT\" -t 20000 -o /dev/null $cmd")
		expect "stress: native reference: $cmd" "$want" "$got"
	done
	for b in $backends; do
		t0=$(date +%s)
		w=0
		while [ $w -lt "$jobs" ]; do
			(
				i=$w
				while [ $i -lt "$iterations" ]; do
					stress_iteration $b $i
					i=$((i + jobs))
				done
			) >"$tmp/stress.$b.$w" 2>&1 &
			w=$((w + 1))
		done
		wait
		cat "$tmp"/stress.$b.* >"$tmp/stress.$b"
		secs=$(($(date +%s) - t0))
		hangs=$(grep -c 'got hang$' "$tmp/stress.$b")
		left=$(grep -c ': left ' "$tmp/stress.$b")
		traced=$(grep -c ': left [0-9]* [tT] \|: left [0-9]* [^ ]* [1-9]' "$tmp/stress.$b")
		wrong=$(grep -c '^RUN' "$tmp/stress.$b")
		if [ "$wrong" = 0 ]; then
			ok "stress: $iterations runs in ${secs}s: no hang, nothing left, native statuses [$b]"
		else
			bad "stress [$b]: $wrong problems in $iterations runs: $hangs hung, $left processes left ($traced traced or stopped)"
			head -n 10 "$tmp/stress.$b" | sed 's/^/  /'
		fi
	done
}

# Shared by the sig_case command lines (they run in sh -c).
cat >"$tmp/ready.sh" <<EOF
tmp=$tmp
$(sed -n '/^send_when_ready()$/,/^}$/p' "$here/run.sh")
EOF

for p in $parts; do
	echo "--- $p"
	part_$p
done
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
