# SPDX-License-Identifier: GPL-2.0
# A debugger as a guest: gdb sets a breakpoint, stops there, reads
# registers, single-steps, continues, and sees the program's exit.
command -v gdb >/dev/null 2>&1 || { echo gdb >&2; exit 78; }	# missing package
gdb -q -batch -nx -ex 'set startup-with-shell off' \
	-ex 'set breakpoint pending on' -ex 'break write' \
	-ex run -ex 'p (int)$rdi' -ex 'p (int)$rdx' -ex stepi -ex stepi \
	-ex 'p $pc == $pc' -ex continue --args /bin/echo hello 2>&1 |
	sed -E 's/process [0-9]+/process PID/' | grep -E '^\$|^hello|exited'
echo "gdb status: $?"
