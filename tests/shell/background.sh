# SPDX-License-Identifier: GPL-2.0
# Background jobs and wait.
(exit 7) &
p1=$!
(sleep 1; exit 3) &
p2=$!
(echo "job output"; exit 0) &
p3=$!
wait $p3; echo "wait p3: $?"
wait $p1; echo "wait p1: $?"
wait $p2; echo "wait p2: $?"
for i in 1 2 3 4 5; do (exit $i) & done
wait
echo "all waited: $?"
sh -c 'kill -KILL $$' &
wait $!; echo "killed job: $?"
seq 1 3 > "${TMPDIR:-/tmp}/umvm-bg.$$" &
wait
cat "${TMPDIR:-/tmp}/umvm-bg.$$"
rm -f "${TMPDIR:-/tmp}/umvm-bg.$$"
