# SPDX-License-Identifier: GPL-2.0
# Subshells: status, isolation of variables and cwd, nesting.
(exit 3); echo "(exit 3): $?"
x=outer
(x=inner; echo "in subshell: $x")
echo "after subshell: $x"
(cd / && pwd)
( (echo nested; exit 4); echo "inner status $?"; exit 5 ); echo "outer status $?"
(exit 6) &
wait $!; echo "background subshell: $?"
trap 'echo trapped USR1' USR1
(kill -USR1 $$)
sleep 0 2>/dev/null
echo "end"
