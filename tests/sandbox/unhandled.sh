#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# --unhandled: the report at exit of syscalls outside the table, of other
# ABIs, and of classes an active feature needs that have no handler.
#
# usage: tests/sandbox/unhandled.sh [--umvm PATH] [--backend B]...
. "$(dirname "$0")/lib.sh"

for b in $BACKENDS; do
	r=$(um --backend="$b" --unhandled -- "$SC" getppid , 1000 , 1000 , x32:39)
	contains "[$b] outside the table" "umvm:   syscall 1000: 2 calls (not in the syscall table)" "$r"
	contains "[$b] x32" "umvm:   x32 syscall 39: 1 call (other ABI, passed untouched)" "$r"
	contains "[$b] the guest's output is there" "1000 = -1 ENOSYS" "$r"
	case $r in *"umvm:   getppid"*) bad "[$b] getppid reported" ;; *) ok "[$b] plain calls not reported" ;; esac
	if "$SC" i386:20 >/dev/null 2>&1; then
		contains "[$b] i386" "umvm:   i386 syscall 20: 1 call" \
			"$(um --backend="$b" --unhandled -- "$SC" i386:20)"
	else
		skip_host "[$b] i386" "int 0x80 does not work on this host (no IA32 emulation)"
	fi
	r=$(um --backend="$b" --unhandled --deny-net -- "$SC" socket 1 1 0 , connect 3 0 0)
	contains "[$b] --deny-net needs NET: connect" "umvm:   connect: 1 call (needed by --deny-net, no handler)" "$r"
	case $r in *"socket:"*) bad "[$b] socket has a handler" ;; *) ok "[$b] socket not reported" ;; esac
	r=$(um --backend="$b" --unhandled -0 -- "$SC" getuid , capget 0 0)
	contains "[$b] -0 needs CREDS: capget" "umvm:   capget: 1 call (needed by -0/--root-id, no handler)" "$r"
	r=$(um --backend="$b" --unhandled -- "$SC" capget 0 0 , getppid)
	expect "[$b] nothing to report" "capget = -1 EFAULT
getppid = ok
umvm: --unhandled: every syscall the guest made was handled" "$r"
done

finish
