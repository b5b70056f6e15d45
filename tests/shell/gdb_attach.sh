# SPDX-License-Identifier: GPL-2.0
# A debugger that attaches (gdb -p) to a guest process that is not its
# child: the backtrace of the process blocked in read, a breakpoint it
# then runs into, and a detach that leaves it running to its normal end.
command -v gdb >/dev/null 2>&1 || { echo "needs gdb" >&2; exit 77; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/umvm-gdbp.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
mkfifo "$dir/in"
sh -c 'read x; echo "after gdb: $x"; exit 5' < "$dir/in" > "$dir/out" &
pid=$!
exec 3> "$dir/in"
# Frame numbers and function names only: addresses, arguments and
# source lines differ from run to run.
gdb -q -batch -nx -p $pid -ex 'info threads' -ex bt -ex 'p 6 * 7' \
	-ex 'break write' -ex 'shell echo go >&3' -ex continue \
	-ex 'p (int)$rdi' -ex 'p (int)$rdx' -ex detach 2>&1 | sed -nE \
	-e 's/^\* 1 +Thread 0x[0-9a-f]+ \(LWP [0-9]+\) .*/thread 1/p' \
	-e 's/^#([0-9]+) +(0x[0-9a-f]+ in )?([A-Za-z_0-9?]+) .*/#\1 \3/p' \
	-e 's/^\$([0-9]+) = (.*)/print \1: \2/p' \
	-e 's/^(Breakpoint 1), ([A-Za-z_0-9]+) .*/\1 in \2/p' \
	-e "s/^\\[Inferior 1 \\(process $pid\\) detached\\]/detached from PID/p"
echo "gdb status: $?"
exec 3>&-
wait $pid
echo "tracee status: $?"
cat "$dir/out"
