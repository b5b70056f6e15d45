#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# umvm inside our UML kernel, which is a PTRACE_VM host for its own
# processes (linux/uml/0002): boot UML on this host with a static umvm and
# static test programs shared through hostfs, check that `umvm probe` there
# picks vm, and run each program natively and under `umvm run
# --backend=vm` inside the guest: outputs and exit statuses must match.
# Also runs the PTRACE_VM conformance suite there: UML offers PTRACE_VM
# through linux/uml/0002 and PTRACE_GET_SYSCALL_INFO, which the suite and
# umvm use, through 0003.  Every case must pass but those that need what
# UML does not offer its processes (PTRACE_SYSEMU, block stepping), which
# skip.  Last, the syscall backend's trace must start with the guest's
# execve inside UML.
#
# Prints "ok"/"FAIL" lines and "N passed, N failed, N skipped"; exits 77
# with a reason when a requirement is missing.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2
progs="exit42 fork vfork_exec threads pipes poll sig_handler sa_restart sigmask timers futex mmap wait"

make -s umvm || exit 2
share=$(mktemp -d "${TMPDIR:-/tmp}/umvm-in-uml.XXXXXX")
trap 'rm -rf "$share"' EXIT
printf 'int main(void) { return 0; }\n' >"$share/t.c"
if ! gcc -static -o "$share/t" "$share/t.c" 2>"$share/cc.log"; then
	echo "SKIP (missing package libc6-dev: no static libc: $(head -1 "$share/cc.log"))"
	exit 78
fi
# Our own code must link: a failure here is a failure, not a skip.  The
# objects of ./umvm, linked statically (compiling them again took 35 s).
objs=$(make -s print-srcs | tr ' ' '\n' | sed -n 's|^\(.*\)\.c$|build/\1.o|p')
# shellcheck disable=SC2086 # one word per object
if ! gcc -static -o "$share/umvm" $objs -pthread -lm 2>"$share/cc.log"; then
	echo "check-umvm-in-uml: FAIL: cannot link umvm statically:"
	head -5 "$share/cc.log"
	exit 1
fi
make -s -C tests/ptrace_vm >"$share/cc.log" 2>&1 || {
	cat "$share/cc.log"
	exit 2
}
cp tests/ptrace_vm/ptrace_vm_test "$share/"
for p in $progs; do
	gcc -static -O2 -pthread -o "$share/$p" "tests/progs/$p.c" -lrt ||
		exit 2
done

script='cd /share; mkdir -p /tmp/t; export TMPDIR=/tmp/t
./umvm probe > /tmp/probe.txt 2>&1
if grep -q "auto backend: vm" /tmp/probe.txt; then echo "ok probe picks vm inside UML"; else echo "FAIL probe picks vm inside UML"; cat /tmp/probe.txt; fi
for p in '"$progs"'; do
	./$p > /tmp/n.txt 2>&1; n=$?
	./umvm run --backend=vm -- ./$p > /tmp/v.txt 2>&1; v=$?
	if [ $n = $v ] && cmp -s /tmp/n.txt /tmp/v.txt; then echo "ok $p in UML [vm]"
	else echo "FAIL $p in UML [vm]: status $n vs $v"; diff /tmp/n.txt /tmp/v.txt | head -10; fi
done
./ptrace_vm_test > /tmp/tap.txt 2>&1
totals=$(grep "^# Totals" /tmp/tap.txt)
n=$(sed -n "s/^1\.\.//p" /tmp/tap.txt)
pass=$(echo "$totals" | sed -n "s/.* pass:\([0-9]*\) .*/\1/p")
skips=$(grep -c "(host: " /tmp/tap.txt)
known=$(grep "(host: " /tmp/tap.txt | grep -c -e "PTRACE_SYSEMU is not offered" -e "no block stepping" -e "PTRACE_VM present")
grep "(host: " /tmp/tap.txt | sed "s/^\(ok [0-9]* \)\{0,1\}\(.*\)# SKIP /skip ptrace_vm_test in UML \2/"
case $totals in
*" fail:0 "*) ok=$([ $((pass + known)) = "$n" ] && [ "$skips" = "$known" ] && echo 1) ;;
*) ok= ;;
esac
case $ok in
1) echo "ok PTRACE_VM conformance suite inside UML: $pass of $n passed, $known host skips (UML offers no SYSEMU or block stepping; the stock-kernel case)" ;;
*) echo "FAIL PTRACE_VM conformance suite inside UML: ${totals:-no totals}"
   grep -E "^not ok|SKIP|^# " /tmp/tap.txt | head -20 | sed "s/^/  /" ;;
esac
./umvm run --backend=syscall --trace=/tmp/trace.txt -- ./exit42 > /dev/null 2>&1
first=$(head -1 /tmp/trace.txt)
case $first in *"execve("*") = 0 (passed)") echo "ok syscall backend inside UML: trace starts with the execve" ;;
*) echo "FAIL syscall backend inside UML: first trace line: $first" ;; esac
got=$(./umvm run --backend=vm --hostname=uml-guest --deny mkdir -- sh -c "uname -n; mkdir /tmp/q" 2>&1)
case $got in *uml-guest*"Operation not permitted"*) echo "ok emulation inside UML" ;; *) echo "FAIL emulation inside UML: $got" ;; esac'

out=$(scripts/umvm-boot.sh --share "$share" -- "$script" 2>&1)
st=$?
case $st in 77|78) echo "$out" | tail -3; exit $st ;; esac
echo "$out" | grep -E '^(ok|FAIL|skip) |^[-+@ ]'
pass=$(echo "$out" | grep -c '^ok ')
fail=$(echo "$out" | grep -c '^FAIL ')
skipped=$(echo "$out" | grep -c '^skip ')
want=$(($(echo $progs | wc -w) + 4))
if [ $((pass + fail)) -ne $want ]; then
	echo "FAIL guest ran $((pass + fail)) of $want checks (boot status $st)"
	echo "$out" | tail -20
	fail=$((fail + 1))
fi
echo "$pass passed, $fail failed, $skipped skipped"
[ $fail -eq 0 ]
