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
	contains "[$b] outside the table" "umvm:   syscall 1000: 2 calls (not in the syscall table, passed untouched)" "$r"
	contains "[$b] x32" "umvm:   x32 getpid (syscall 39): 1 call (other ABI, passed untouched)" "$r"
	contains "[$b] the guest's output is there" "1000 = -1 ENOSYS" "$r"
	case $r in *"umvm:   getppid"*) bad "[$b] getppid reported" ;; *) ok "[$b] plain calls not reported" ;; esac
	if "$SC" i386:20 >/dev/null 2>&1; then
		contains "[$b] i386" "umvm:   i386 getpid (syscall 20): 1 call" \
			"$(um --backend="$b" --unhandled -- "$SC" i386:20)"
	else
		skip_host "[$b] i386" "int 0x80 does not work on this host (no IA32 emulation)"
	fi
	r=$(um --backend="$b" --unhandled --deny-net -- "$SC" socket 1 1 0 , connect 3 0 0 , 425 1 0)
	contains "[$b] --deny-net refuses what it does not handle: io_uring" "umvm:   io_uring_setup: 1 call (needed by --deny-net, no handler, refused with ENOSYS)" "$r"
	contains "[$b] --deny-net: io_uring_setup fails with ENOSYS" "425 = -1 ENOSYS" "$r"
	case $r in *"socket:"*|*"connect:"*) bad "[$b] socket and connect reported" ;; *) ok "[$b] socket and connect (on a socket) not reported" ;; esac
	r=$(um --backend="$b" --unhandled -r / -- "$SC" 1000 , x32:39)
	contains "[$b] a view refuses numbers outside the table" "umvm:   syscall 1000: 1 call (not in the syscall table, refused with ENOSYS)" "$r"
	contains "[$b] a view refuses x32" "umvm:   x32 getpid (syscall 39): 1 call (other ABI, refused with ENOSYS)" "$r"
	contains "[$b] x32 getpid fails with ENOSYS under a view" "x32:39 = -1 ENOSYS" "$r"
	r=$(um --backend="$b" --unhandled -0 -- "$SC" getuid , capget 0 0 , capset 0 0)
	contains "[$b] -0 handles every CREDS call (capget, capset)" "umvm: --unhandled: every syscall the guest made was handled" "$r"
	r=$(um --backend="$b" --unhandled -- "$SC" capget 0 0 , getppid)
	expect "[$b] nothing to report" "capget = -1 EFAULT
getppid = ok
umvm: --unhandled: every syscall the guest made was handled" "$r"
done

finish
