# SPDX-License-Identifier: GPL-2.0
# Tracers that attach (strace -p): to a guest process that is not their
# child, blocked in a read; the calls it makes once woken, its exit
# reported to the tracer, and a detach that leaves it running.
command -v strace >/dev/null 2>&1 || { echo "needs strace" >&2; exit 77; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/umvm-attach.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
mkfifo "$dir/in"

# attached PID LOG: wait (up to 20 s) until strace says it attached.
attached()
{
	i=0
	while ! grep -q "Process $1 attached" "$2" 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 200 ] || { echo "strace never attached"; return 1; }
		sleep 0.1
	done
}

# ready FILE: wait (up to 20 s) until the tracee wrote FILE.  It runs
# its program only once the FIFO is open for writing too: attached any
# earlier, strace would see its exec ("Stray PTRACE_EVENT_EXEC").
ready()
{
	i=0
	while [ ! -s "$1" ]; do
		i=$((i + 1))
		[ $i -lt 200 ] || { echo "tracee never ready"; return 1; }
		sleep 0.1
	done
}

# 1: attach to a sibling blocked in read; it then writes and exits 7.
sh -c 'echo > "$0"; read x; echo "read $x" > /dev/null; exit 7' \
	"$dir/ready1" < "$dir/in" &
pid=$!
exec 3> "$dir/in"
ready "$dir/ready1"
strace -p $pid -e trace=read,write,exit_group -e signal=none \
	-o "$dir/trace" 2> "$dir/log" &
tracer=$!
attached $pid "$dir/log"
echo hello >&3
exec 3>&-
wait $tracer
echo "strace -p status: $?"
wait $pid
echo "tracee status: $?"
sed "s/$pid/PID/g" "$dir/log"
cat "$dir/trace"

# 2: attach, then detach (strace killed by SIGINT): the tracee goes on.
sh -c 'echo > "$0"; read x; echo "after detach: $x"' "$dir/ready2" \
	< "$dir/in" &
pid=$!
exec 3> "$dir/in"
ready "$dir/ready2"
strace -p $pid -e trace=none -o /dev/null 2> "$dir/log" &
tracer=$!
attached $pid "$dir/log"
kill -INT $tracer
wait $tracer
echo "strace -p status after SIGINT: $?"
echo world >&3
exec 3>&-
wait $pid
echo "detached tracee status: $?"
sed "s/$pid/PID/g" "$dir/log"

# 3: attach to a stopped process: strace shows the group-stop, then the
# SIGCONT that ends it and what the process does next.
sh -c 'kill -STOP $$; echo resumed' > "$dir/out" &
pid=$!
i=0
# The state follows the name in parentheses (which -r views change).
while ! sed 's/.*) //' /proc/$pid/stat 2>/dev/null | grep -q '^[Tt]'; do
	i=$((i + 1))
	[ $i -lt 200 ] || { echo "never stopped"; break; }
	sleep 0.1
done
strace -p $pid -e trace=write -e signal=all -o "$dir/trace" 2> "$dir/log" &
tracer=$!
attached $pid "$dir/log"
kill -CONT $pid
wait $tracer
echo "strace -p of a stopped process: status $?"
wait $pid
echo "tracee status: $?"
cat "$dir/out"
sed -E "s/$pid/PID/g; s/si_pid=[0-9]+/si_pid=N/" "$dir/log" "$dir/trace"
