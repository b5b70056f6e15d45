# SPDX-License-Identifier: GPL-2.0
# A script's own exit status, after some work and an EXIT trap.
trap 'echo "EXIT trap, status $?"' EXIT
sh -c 'exit 255'; echo "exit 255: $?"
sh -c 'exit 256'; echo "exit 256: $?"
f() { return 11; }
f; echo "function return: $?"
echo "leaving with 3" >&2
exit 3
