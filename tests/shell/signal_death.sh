# SPDX-License-Identifier: GPL-2.0
# Children dying from signals, then the script kills itself with SIGTERM.
sh -c 'kill -TERM $$'; echo "TERM: $?"
sh -c 'kill -KILL $$'; echo "KILL: $?"
sh -c 'kill -SEGV $$'; echo "SEGV: $?"
sh -c 'kill -INT $$'; echo "INT: $?"
sh -c 'kill -USR1 $$'; echo "USR1: $?"
sh -c 'trap "echo caught TERM; exit 4" TERM; kill -TERM $$; sleep 5'; echo "trapped: $?"
sh -c 'trap "" TERM; kill -TERM $$; echo ignored TERM'; echo "ignored: $?"
echo "now killing myself"
kill -TERM $$
echo "not reached"
