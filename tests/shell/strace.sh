# SPDX-License-Identifier: GPL-2.0
# A tracer as a guest: strace, with and without -f, sees the same calls
# and exits as it does natively (pids and addresses left out).
command -v strace >/dev/null 2>&1 || { echo strace >&2; exit 78; }	# missing package
out=${TMPDIR:-/tmp}/umvm-strace.$$
strace -o "$out" -e trace=execve,write,exit_group echo traced
echo "strace status: $?"
sed -E 's/0x[0-9a-f]+/ADDR/g; s/ \/\* [0-9]+ vars \*\///' "$out"
strace -f -q -o "$out" -e trace=execve,exit_group -e signal=none \
	sh -c '/bin/true; (exit 4); sh -c "exit 5"; exit 3'
echo "strace -f status: $?"
grep -oE 'execve\("[^"]+"|exit_group\([0-9]+|exited with [0-9]+' "$out" |
	sort
strace -o "$out" -e inject=getppid:retval=4242 \
	sh -c 'echo "getppid under injection: $PPID"'
echo "strace inject status: $?"
rm -f "$out"
