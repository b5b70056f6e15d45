# SPDX-License-Identifier: GPL-2.0
# Pipelines of coreutils/busybox commands.
seq 1 1000 | sort -r | head -3
seq 1 100000 | wc -l | tr -d ' '
seq 1 5000 | grep 7 | sort -n | tail -2
echo "b a c" | tr ' ' '\n' | sort | tr '\n' ' '; echo
# the producer dies of SIGPIPE; the pipeline's status is the last command's
yes umvm | head -n 3
echo "status of yes|head: $?"
seq 1 200000 | cat | cat | cat | tail -1
printf 'x\ny\nz\n' | while read -r l; do echo "read: $l"; done
false | true; echo "false|true: $?"
true | false; echo "true|false: $?"
