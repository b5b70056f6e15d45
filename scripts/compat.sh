#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The compatibility matrix: real programs from Debian packages, each run
# natively and under umvm with every backend, their outputs (normalized
# where they print pids, addresses or times) and exit statuses compared;
# the slowdown is the wall time of the program under umvm over the native
# one (a workload's set-up, such as compiling its test program, is not
# timed).
#
# usage: scripts/compat.sh [--umvm PATH] [--backend B]... [--no-install]
#                          [--timeout SECS] [--repeat N] [--markdown FILE]
#                          [WORKLOAD...]
#
# As root it first installs what it needs with apt-get
# (--no-install-recommends; --no-install skips that); a workload whose
# program is missing is "skip".  Prints one line per run, then the
# Markdown table (workload x backend: ok or FAIL and the ratio), also
# written to FILE with --markdown.  Each run is repeated N times (default
# 3): every output must match, and the shortest wall time counts (this
# machine is shared; the minimum is the least disturbed).  Exits 1 if any
# run failed.

set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tests/lib.sh"
UMVM=$here/../umvm
backends=
install=1
timeout_s=900
repeat=3
markdown=
only=
while [ $# -gt 0 ]; do
	suite_option "$@" || case $1 in
	--no-install) install=0 ;;
	--timeout) timeout_s=$2; opt_shift=2 ;;
	--timeout=*) timeout_s=${1#*=} ;;
	--repeat) repeat=$2; opt_shift=2 ;;
	--repeat=*) repeat=${1#*=} ;;
	--markdown) markdown=$2; opt_shift=2 ;;
	--markdown=*) markdown=${1#*=} ;;
	-h|--help) sed -n '4,21s/^# \{0,1\}//p' "$0"; exit 0 ;;
	-*) echo "compat: unknown option $1" >&2; exit 2 ;;
	*) only="$only $1" ;;
	esac
	shift "$opt_shift"
done
UMVM=$(cd "$(dirname "$UMVM")" && pwd)/$(basename "$UMVM")
[ -x "$UMVM" ] || { echo "compat: no umvm at $UMVM (run make)" >&2; exit 2; }
if [ -z "$backends" ]; then
	backends=$("$UMVM" probe 2>&1 | sed -n \
		-e 's/^Checking PTRACE_VM\.\.\. OK.*/vm/p' \
		-e 's/^Checking seccomp SECCOMP_RET_TRACE\.\.\. OK.*/seccomp/p' \
		-e 's/^Checking PTRACE_SYSEMU\.\.\. OK.*/sysemu/p' \
		-e 's/^Checking syscall skip by number rewrite\.\.\. OK.*/syscall/p' |
		tr '\n' ' ')
fi

# Debian 12 packages, one list: PATH-or-command:package.  Only those
# whose program is missing are installed (busybox may come from
# busybox-static, which the busybox package would replace).
PACKAGES="python3:python3
/usr/lib/python3.11/test/test_select.py:libpython3.11-testsuite
perl:perl bash:bash git:git make:make gcc:gcc /usr/include/stdio.h:libc6-dev
tar:tar gzip:gzip sqlite3:sqlite3 openssl:openssl curl:curl node:nodejs
javac:default-jdk-headless valgrind:valgrind gdb:gdb strace:strace
busybox:busybox od:coreutils timeout:coreutils"
if [ "$install" = 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	missing=
	for e in $PACKAGES; do
		what=${e%%:*} pkg=${e#*:}
		case $what in
		/*) [ -e "$what" ] && continue ;;
		*) command -v "$what" >/dev/null && continue ;;
		esac
		case " $missing " in *" $pkg "*) ;; *) missing="$missing $pkg" ;; esac
	done
	if [ -n "$missing" ]; then
		echo "compat: apt-get install --no-install-recommends$missing"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends $missing >/dev/null 2>&1 ||
		{ apt-get update -q >/dev/null 2>&1 &&
		  DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends $missing >/dev/null 2>&1; } ||
		echo "compat: apt-get failed; workloads missing a program are skipped"
	fi
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/umvm-compat.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
export LC_ALL=C TZ=UTC HOME=$work/home
mkdir -p "$HOME"
PY=/usr/bin/python3

# ---- the workloads: w_NAME runs in an empty directory; $RUN is the
# ---- prefix (umvm run --backend=B --, or nothing natively).  need_NAME
# ---- lists its programs; norm_NAME (optional) filters its output.

need_python3_tests="$PY"
w_python3_tests()
{
	[ -e /usr/lib/python3.11/test/test_select.py ] || return 77
	$RUN $PY -m test test_select test_fcntl test_pipes test_thread \
		test_threading_local test_os 2>&1
}
norm_python3_tests()
{
	grep -E '^(Tests result|All [0-9]+ tests OK|[0-9]+ tests? (failed|skipped))' |
		sed 's/ in [0-9.:]* *[a-z]*$//'
}

need_python3_script="$PY"
w_python3_script()
{
	cat >t.py <<'EOF'
import os, select, signal, subprocess, sys, threading, time
got = []
signal.signal(signal.SIGUSR1, lambda s, f: got.append(s))
os.kill(os.getpid(), signal.SIGUSR1)
print("signal handled", len(got))
r, w = os.pipe()
def writer():
    time.sleep(0.05)
    os.write(w, b"x" * 10)
t = threading.Thread(target=writer); t.start()
print("select ready", select.select([r], [], [], 5)[0] == [r])
print("read", os.read(r, 100))
t.join()
out = subprocess.run(["sh", "-c", "echo from child; exit 3"], capture_output=True)
print("subprocess", out.returncode, out.stdout)
p = subprocess.Popen(["sleep", "10"]); p.send_signal(signal.SIGTERM)
print("killed child", p.wait())
res = []
def work(i):
    res.append(sum(range(i * 10000)))
ts = [threading.Thread(target=work, args=(i,)) for i in range(8)]
[x.start() for x in ts]; [x.join() for x in ts]
print("threads", sorted(res)[-1])
pid = os.fork()
if pid == 0:
    os._exit(7)
print("fork", os.waitpid(pid, 0)[1] >> 8)
EOF
	$RUN $PY t.py 2>&1
}

need_perl=perl
w_perl()
{
	cat >t.pl <<'EOF'
use strict; use warnings;
my %h; $h{$_ % 7} += $_ for 1..10000;
print join(",", map { "$_=$h{$_}" } sort keys %h), "\n";
my $s = join "", map { chr(65 + $_ % 26) } 1..1000;
my @m = ($s =~ /(A[B-D]+)/g); print scalar(@m), " matches\n";
printf "%.5f %s %08x\n", atan2(1,1)*4, scalar reverse("perl"), 48879;
pipe(my $r, my $w) or die;
my $pid = fork(); die unless defined $pid;
if (!$pid) { close $r; print $w "child $$ says hi\n" x 3; exit 5 }
close $w; my @l = <$r>; waitpid($pid, 0);
print scalar(@l), " lines, status ", $? >> 8, "\n";
local $SIG{ALRM} = sub { print "alarm\n" }; alarm 1; sleep 2;
my $got = 0; local $SIG{USR1} = sub { $got++ }; kill 'USR1', $$; sleep 0;
print "usr1 $got\n";
open(my $fh, '-|', 'echo', 'from', 'echo') or die; print <$fh>; close $fh;
print "sorted: @{[sort { $a <=> $b } (5, 3, 11, 1)]}\n";
EOF
	$RUN perl t.pl 2>&1
}

need_bash_jobs=bash
w_bash_jobs()
{
	cat >t.sh <<'EOF'
set -m
sleep 5 &
sleep 0.2; jobs
kill -STOP %1; sleep 0.3; jobs
kill -CONT %1; sleep 0.3; jobs
kill %1; sleep 0.3; jobs
wait; echo "status $?"
(exit 3) & wait $!; echo "status $?"
{ sleep 0.1; echo bg done; } & wait
trap 'echo got USR1' USR1
kill -USR1 $$
echo "$(echo subst) $((6 * 7))"
for i in 1 2 3; do echo $i; done | while read x; do printf '%s-' "$x"; done; echo
EOF
	$RUN bash t.sh 2>&1
}

need_git=git
w_git()
{
	export GIT_AUTHOR_NAME=u GIT_AUTHOR_EMAIL=u@x GIT_COMMITTER_NAME=u \
	       GIT_COMMITTER_EMAIL=u@x GIT_AUTHOR_DATE='2024-01-01T00:00:00Z' \
	       GIT_COMMITTER_DATE='2024-01-01T00:00:00Z'
	$RUN sh -c '
		git init -q -b main r && cd r &&
		for i in 1 2 3; do echo "line $i" >> f; git add f;
			git commit -q -m "commit $i"; done &&
		git log --format="%H %s" && echo change >> f && git status --short &&
		git diff --stat && git stash -q && git status --short &&
		git checkout -q -b topic HEAD~1 && git log --oneline | wc -l &&
		git gc -q && git fsck --no-progress 2>&1 && git rev-parse main' 2>&1
}

need_make_gcc="make gcc"
w_make_gcc()
{
	mkdir p
	cat >p/a.c <<'EOF'
int add(int a, int b) { return a + b; }
EOF
	cat >p/b.c <<'EOF'
int mul(int a, int b) { int r = 0; for (int i = 0; i < b; i++) r = r + a; return r; }
EOF
	cat >p/main.c <<'EOF'
#include <stdio.h>
int add(int, int); int mul(int, int);
int main(void) { printf("%d %d\n", add(40, 2), mul(6, 7)); return 0; }
EOF
	printf 'prog: main.o a.o b.o\n\t$(CC) -o $@ $^\n%%.o: %%.c\n\t$(CC) -O2 -c -o $@ $<\n' \
		>p/Makefile
	$RUN sh -c 'make -s -j2 -C p && ./p/prog && make -s -C p && echo up to date' 2>&1
}

need_tar_gzip="tar gzip"
w_tar_gzip()
{
	mkdir -p d/sub
	awk 'BEGIN { for (i = 1; i <= 200; i++) { f = "d/f" i
		for (j = 1; j <= i; j++) print j > f; close(f) } }'
	ln -s f1 d/link
	head -c 1048576 /dev/urandom >d/sub/bin
	$RUN sh -c 'tar czf a.tgz d && tar tzf a.tgz | sort | md5sum &&
		mkdir x && tar xzf a.tgz -C x && diff -r d x/d && echo same &&
		gzip -9 -c d/sub/bin | gzip -d | cmp - d/sub/bin && echo gzip ok' 2>&1
}

need_sqlite3=sqlite3
w_sqlite3()
{
	$RUN sqlite3 db.sqlite '
		CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT, n INT);
		WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000)
		INSERT INTO t(v, n) SELECT hex(x * 7919), x % 97 FROM c;
		CREATE INDEX tn ON t(n);
		SELECT count(*), sum(n), max(v) FROM t;
		SELECT n, count(*) FROM t WHERE n < 3 GROUP BY n;
		BEGIN; DELETE FROM t WHERE n = 5; ROLLBACK;
		SELECT count(*) FROM t; PRAGMA integrity_check;' 2>&1
}

need_openssl=openssl
w_openssl()
{
	head -c 1000000 /dev/urandom > plain
	$RUN sh -c 'openssl speed -seconds 1 -bytes 1024 sha256 2>&1 |
			grep -c "^sha256" &&
		openssl enc -aes-256-cbc -pbkdf2 -pass pass:secret -in plain -out enc &&
		openssl enc -d -aes-256-cbc -pbkdf2 -pass pass:secret -in enc | cmp - plain &&
		echo round trip ok &&
		openssl req -x509 -newkey rsa:2048 -nodes -keyout k.pem -out c.pem \
			-subj /CN=umvm -days 1 2>/dev/null &&
		openssl x509 -in c.pem -noout -subject' 2>&1
}

need_curl="curl $PY"
w_curl()
{
	mkdir srv
	seq 1 100000 > srv/data
	$RUN sh -c '
		port=$(('"$(od -An -N2 -tu2 /dev/urandom)"' % 20000 + 30000))
		'"$PY"' -m http.server --bind 127.0.0.1 --directory srv $port \
			>server.log 2>&1 &
		srv=$!
		n=0; until curl -s -o /dev/null http://127.0.0.1:$port/; do
			sleep 0.2; n=$((n + 1)); [ $n -lt 50 ] || break; done
		curl -s http://127.0.0.1:$port/data | md5sum
		curl -s -o /dev/null -w "%{http_code}\n" http://127.0.0.1:$port/missing
		kill $srv; wait $srv 2>/dev/null; echo server stopped' 2>&1
}

need_node=node
w_node()
{
	cat >t.js <<'EOF'
const fs = require('fs'), cp = require('child_process'), crypto = require('crypto');
const { Worker } = require('worker_threads');
fs.writeFileSync('n.txt', 'x'.repeat(100000));
console.log('sha', crypto.createHash('sha256').update(fs.readFileSync('n.txt')).digest('hex').slice(0, 16));
const r = cp.spawnSync('sh', ['-c', 'echo child; exit 4']);
console.log('spawn', r.status, r.stdout.toString().trim());
const w = new Worker('const { parentPort } = require("worker_threads"); let s = 0; for (let i = 0; i < 1e6; i++) s += i; parentPort.postMessage(s);', { eval: true });
w.on('message', (m) => { console.log('worker', m); });
w.on('exit', () => {
  setTimeout(() => { process.kill(process.pid, 'SIGUSR2'); }, 10);
});
process.on('SIGUSR2', () => { console.log('signal'); process.exit(0); });
EOF
	$RUN node t.js 2>&1
}

need_java="java javac"
w_java()
{
	cat >Hello.java <<'EOF'
import java.util.concurrent.*;
public class Hello {
    public static void main(String[] a) throws Exception {
        ExecutorService p = Executors.newFixedThreadPool(4);
        long sum = 0;
        java.util.List<Future<Long>> fs = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) { final int k = i; fs.add(p.submit(() -> { long s = 0; for (int j = 0; j < 1000000 * (k + 1); j++) s += j % 7; return s; })); }
        for (Future<Long> f : fs) sum += f.get();
        p.shutdown();
        Process pr = new ProcessBuilder("sh", "-c", "echo from child; exit 2").start();
        String out = new String(pr.getInputStream().readAllBytes()).trim();
        System.out.println("sum " + sum + " child " + out + " " + pr.waitFor());
    }
}
EOF
	$RUN sh -c 'javac Hello.java && java -Xshare:off Hello' 2>&1
}

need_valgrind="valgrind gcc"
w_valgrind()
{
	cat >leak.c <<'EOF'
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
int main(void) { char *p = malloc(100); strcpy(p, "leaked"); p = malloc(50); free(p); printf("done\n"); return 0; }
EOF
	gcc -g -O0 -o leak leak.c
	$RUN valgrind --leak-check=full --error-exitcode=9 ./leak 2>&1
}
norm_valgrind()
{
	sed -e 's/^==[0-9]*==/==PID==/' -e 's/0x[0-9A-Fa-f]*/0xADDR/g' \
	    -e '/Command:\|Copyright\|Using Valgrind\|rerun with\|Memcheck, a memory/d'
}

need_gdb="gdb gcc"
w_gdb()
{
	cat >g.c <<'EOF'
#include <stdio.h>
int add(int a, int b) { return a + b; }
int main(void) { int x = add(40, 2); printf("x=%d\n", x); return x == 42 ? 0 : 1; }
EOF
	gcc -g -O0 -o g g.c
	$RUN gdb -q -nx -batch -ex 'break add' -ex run -ex 'print a + b' \
		-ex bt -ex finish -ex continue ./g 2>&1
}
norm_gdb()
{
	sed -e 's/0x[0-9a-f]*/0xADDR/g' -e 's/process [0-9]*/process PID/'
}

need_strace=strace
w_strace()
{
	$RUN strace -f -qq -e trace=execve,exit_group,wait4 -e signal=none \
		-o log sh -c 'true; (echo sub; exit 2); echo $?' 2>&1
	sed -e 's/^[0-9]* */PID /' -e 's/wait4([0-9-]*/wait4(W/' \
	    -e 's/= [0-9][0-9]*$/= N/' -e 's/0x[0-9a-f]* \/\* [0-9]* vars \*\//ENV/' \
	    -e 's/0x[0-9a-f]*/0xADDR/g' log
}

need_busybox=busybox
w_busybox()
{
	$RUN busybox sh -c '
		for i in 3 1 2 3 1; do echo $i; done | busybox sort | busybox uniq -c
		echo "a b c" | busybox awk "{ print \$3, NF }"
		echo hello | busybox sed s/l/L/g
		busybox seq 1 1000 | busybox md5sum
		mkdir -p t/u && echo x > t/u/f && busybox find t | busybox sort
		busybox tar czf t.tgz t && busybox tar tzf t.tgz | busybox sort
		busybox wc -l < t/u/f; busybox expr 6 \* 7
		busybox sleep 0.1 & wait; echo waited $?' 2>&1
}

ALL="python3_tests python3_script perl bash_jobs git make_gcc tar_gzip sqlite3
openssl curl node java valgrind gdb strace busybox"

# ---- the harness

# run_once W DIR RUNPREFIX: runs workload W in DIR; leaves DIR.out,
# DIR.status and DIR.ms
run_once()
{
	local _w=$1 _d=$2 _s
	shift 2
	rm -rf "$_d" "$_d.times"; mkdir -p "$_d"
	(
		cd "$_d" || exit 2
		export COMPAT_TIMES=$_d.times
		exec timeout -s KILL "$timeout_s" bash -c "$(declare -f w_$_w); PY=$PY; RUN='$timed $*'; w_$_w" </dev/null
	) >"$_d.raw" 2>&1
	echo $? >"$_d.status"
	# Only the program's own time counts, not the workload's set-up.
	awk '{ s += $1 } END { print s + 0 }' "$_d.times" >"$_d.ms" 2>/dev/null
	if declare -F "norm_$_w" >/dev/null; then
		"norm_$_w" <"$_d.raw" >"$_d.out"
	else
		cp "$_d.raw" "$_d.out"
	fi
}

# run_one W DIR RUNPREFIX: run_once $repeat times; DIR.ms is the least
# time, DIR.out and DIR.status those of the first run unless a later one
# differs (then that one, so that a flaky difference shows).
run_one()
{
	local _w=$1 _d=$2 _best _n _ms
	shift 2
	run_once "$_w" "$_d" "$@"
	_best=$(cat "$_d.ms")
	_n=1
	while [ $_n -lt "$repeat" ]; do
		run_once "$_w" "$_d.again" "$@"
		_ms=$(cat "$_d.again.ms")
		[ "$_ms" -lt "$_best" ] && _best=$_ms
		if ! cmp -s "$_d.out" "$_d.again.out" ||
		   ! cmp -s "$_d.status" "$_d.again.status"; then
			cp "$_d.again.out" "$_d.out"
			cp "$_d.again.status" "$_d.status"
		fi
		_n=$((_n + 1))
	done
	echo "$_best" >"$_d.ms"
}

# $RUN starts with this: it adds the wall time of what it runs to
# $COMPAT_TIMES, so that a workload's set-up (compiling its test program,
# making its files) is not timed.
timed=$work/timed
cat >"$timed" <<'EOF'
#!/bin/bash
s=$(date +%s%N)
"$@"
st=$?
echo $((($(date +%s%N) - s) / 1000000)) >>"$COMPAT_TIMES"
exit $st
EOF
chmod +x "$timed"

declare -A cell
results=
fails=0
for w in ${only:-$ALL}; do
	need=need_$w
	if ! declare -F "w_$w" >/dev/null; then
		echo "compat: unknown workload $w" >&2; exit 2
	fi
	missing=
	for p in ${!need}; do
		command -v "$p" >/dev/null || missing="$missing $p"
	done
	if [ -n "$missing" ]; then
		echo "skip $w: missing$missing"
		cell[$w.native]="skip"
		results="$results $w"
		continue
	fi
	run_one "$w" "$work/$w.native"
	st=$(cat "$work/$w.native.status")
	nms=$(cat "$work/$w.native.ms")
	if [ "$st" = 77 ]; then
		echo "skip $w: not available here"
		cell[$w.native]="skip"
		results="$results $w"
		continue
	fi
	cell[$w.native]="status $st, $(awk "BEGIN { printf \"%.1f s\", $nms / 1000 }")"
	echo "native $w: status $st in ${nms} ms"
	for b in $backends; do
		run_one "$w" "$work/$w.$b" "$UMVM" run --backend="$b" --
		bst=$(cat "$work/$w.$b.status")
		bms=$(cat "$work/$w.$b.ms")
		ratio=$(awk "BEGIN { printf \"%.1f\", $bms / ($nms > 0 ? $nms : 1) }")
		if [ "$bst" = "$st" ] && cmp -s "$work/$w.native.out" "$work/$w.$b.out"; then
			cell[$w.$b]="ok ${ratio}x"
			echo "ok $w [$b]: ${ratio}x"
		else
			cell[$w.$b]="FAIL ${ratio}x"
			fails=$((fails + 1))
			echo "FAIL $w [$b]: status $bst (native $st), ${ratio}x"
			diff -u -L native -L "$b" "$work/$w.native.out" "$work/$w.$b.out" |
				head -n 30 | sed 's/^/  /'
		fi
	done
	results="$results $w"
done

table()
{
	printf '| workload | native |'
	for b in $backends; do printf ' %s |' "$b"; done
	printf '\n| --- | --- |'
	for b in $backends; do printf ' --- |'; done
	printf '\n'
	for w in $results; do
		printf '| %s | %s |' "$(echo $w | tr _ ' ')" "${cell[$w.native]}"
		for b in $backends; do printf ' %s |' "${cell[$w.$b]:-}"; done
		printf '\n'
	done
}
echo
table
[ -n "$markdown" ] && table >"$markdown"
[ $fails -eq 0 ]
