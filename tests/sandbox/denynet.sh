#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# --deny-net: AF_INET and AF_INET6 sockets fail with EACCES, AF_UNIX and
# other families work.
#
# usage: tests/sandbox/denynet.sh [--umvm PATH] [--backend B]...
. "$(dirname "$0")/lib.sh"

for b in $BACKENDS; do
	r=$(um --backend="$b" --deny-net -- "$SC" socket 2 1 0 , socket 10 2 0 , \
		socket 2 2 0 , socketpair 2 1 0 buf , socketpair 10 1 0 buf)
	expect "[$b] AF_INET/AF_INET6 socket and socketpair: EACCES" \
		"socket = -1 EACCES|socket = -1 EACCES|socket = -1 EACCES|socketpair = -1 EACCES|socketpair = -1 EACCES" \
		"$(echo "$r" | tr '\n' '|' | sed 's/|$//')"
	# What works must work as natively (the kernel may lack a family).
	calls="socket 1 1 0 , socketpair 1 1 0 buf , socket 16 3 0"
	# shellcheck disable=SC2086
	expect "[$b] AF_UNIX and AF_NETLINK work as natively" "$("$SC" $calls)" \
		"$(um --backend="$b" --deny-net -- "$SC" $calls)"
	expect "[$b] without --deny-net AF_INET works as natively" \
		"$("$SC" socket 2 1 0)" "$(um --backend="$b" -- "$SC" socket 2 1 0)"
	if command -v python3 >/dev/null; then
		expect "[$b] a real program sees EACCES" "PermissionError 13|unix ok" \
			"$(um --backend="$b" --deny-net -- python3 -c '
import socket
try:
	socket.create_connection(("127.0.0.1", 9))
except OSError as e:
	print(type(e).__name__, e.errno)
a, b = socket.socketpair()
a.send(b"x"); print("unix", "ok" if b.recv(1) == b"x" else "bad")' |
				tr '\n' '|' | sed 's/|$//')"
	else
		missing_pkg "[$b] a real program sees EACCES" python3
	fi
done

finish
