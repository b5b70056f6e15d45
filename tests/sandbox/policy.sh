#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# --policy FILE and --deny: a table of (rules, call, expected result),
# the precedence of rules (syscall over class over all, first of equals),
# and the one-line errors of malformed files.
#
# usage: tests/sandbox/policy.sh [--umvm PATH] [--backend B]...
. "$(dirname "$0")/lib.sh"

# Every class but time, for the "all" rows.
all_but_time="deny all
allow class file
allow class desc
allow class process
allow class signal
allow class ipc
allow class memory
allow class creds
allow class network
allow class info
allow class sync
allow class other"

# One row: rules (\n-separated, as printf reads them) | sc call | result
table()
{
	cat <<'ROWS'
deny getppid|getppid|getppid = -1 EPERM
deny getppid EIO|getppid|getppid = -1 EIO
errno getppid ENOENT|getppid|getppid = -1 ENOENT
errno getppid 5|getppid|getppid = -1 EIO
allow getppid|getppid|getppid = ok
errno openat ENOENT|openat AT_FDCWD s:/ 0|openat = -1 ENOENT
errno openat ENOENT|open s:/ 0|open = 3
deny class network EACCES|socket 1 1 0|socket = -1 EACCES
deny class network EACCES|socketpair 1 1 0 buf|socketpair = -1 EACCES
deny class network EACCES|getppid|getppid = ok
deny class net|socket 1 1 0|socket = -1 EPERM
deny class network EACCES\nallow socket|socket 1 1 0|socket = 3
allow socket\ndeny class network EACCES|socket 1 1 0|socket = 3
errno socket ENOENT\nerrno socket EIO|socket 1 1 0|socket = -1 ENOENT
deny class network EACCES\ndeny class desc EBADF\nallow write|socket 1 1 0|socket = -1 EACCES
deny class desc EBADF\ndeny class network EACCES\nallow write|socket 1 1 0|socket = -1 EBADF
errno class creds EINVAL|getuid|getuid = -1 EINVAL
# a comment\n\n   errno mkdir EROFS   # trailing comment|mkdir s:x 0755|mkdir = -1 EROFS
ALL|clock_getres 1 buf|clock_getres = -1 EPERM
ALL|getppid|getppid = ok
ALL\nerrno clock_getres EIO|clock_getres 1 buf|clock_getres = -1 EIO
ALL\nallow clock_getres|clock_getres 1 buf|clock_getres = 0
ROWS
}

n=0
table | while IFS='|' read -r rules call want; do
	n=$((n + 1))
	if [ "${rules#ALL}" != "$rules" ]; then
		printf '%s%b\n' "$all_but_time" "${rules#ALL}" >"p$n"
	else
		printf '%b\n' "$rules" >"p$n"
	fi
	for b in $BACKENDS; do
		# shellcheck disable=SC2086
		got=$(um --backend="$b" --policy "p$n" -- "$SC" $call)
		expect "[$b] $(printf '%s' "$rules" | sed 's/\\n/; /g') => $call" "$want" "$got"
	done
done >results
cat results
pass=$((pass + $(grep -c '^ok' results)))
fail=$((fail + $(grep -c '^FAIL' results)))

for b in $BACKENDS; do
	printf 'errno getppid ENOENT\n' >pol
	expect "[$b] --deny beats the policy file" "getppid = -1 EIO" \
		"$(um --backend="$b" --policy pol --deny getppid:EIO -- "$SC" getppid)"
	printf 'errno getppid ENOENT\n' >p1
	printf 'errno getppid EIO\nerrno getpid EIO\n' >p2
	expect "[$b] two files read as one" "getppid = -1 ENOENT|getpid = -1 EIO" \
		"$(um --backend="$b" --policy p1 --policy p2 -- "$SC" getppid , getpid |
			tr '\n' '|' | sed 's/|$//')"
	contains "[$b] denied calls of a real program" "Read-only file system" \
		"$(printf 'errno class file EROFS\nallow execve\nallow access\nallow open\nallow openat\nallow stat\nallow lstat\nallow newfstatat\nallow readlink\n' >ro;
		   um --backend="$b" --policy ro -- mkdir dir)"
done

# Malformed files: file:line, exit 125, before the guest runs.
bad_policy()
{
	printf '%b' "$2" >badpol
	got=$("$UMVM" run --policy badpol -- /bin/sh -c 'echo guest ran' 2>&1)
	st=$?
	expect "malformed: $1" "125 $3" "$st $got"
}
bad_policy "unknown action" 'allow getpid\nblock getpid\n' \
	"umvm: badpol:2: unknown action 'block' (allow, deny or errno)"
bad_policy "unknown syscall" 'deny frobnicate\n' "umvm: badpol:1: unknown syscall 'frobnicate'"
bad_policy "unknown class" '# x\ndeny class gadgets\n' "umvm: badpol:2: unknown syscall class 'gadgets'"
bad_policy "unknown errno" 'errno getpid EWHATEVER\n' "umvm: badpol:1: unknown errno 'EWHATEVER'"
bad_policy "errno without errno" 'errno getpid\n' "umvm: badpol:1: 'errno' needs an errno name"
bad_policy "allow with errno" 'allow getpid EPERM\n' "umvm: badpol:1: 'allow' takes no errno"
bad_policy "no target" 'deny\n' "umvm: badpol:1: 'deny' needs a syscall, 'class CLASS' or 'all'"
bad_policy "too many words" 'deny getpid EPERM extra\n' "umvm: badpol:1: too many words"
got=$("$UMVM" run --policy /nonexistent/policy -- true 2>&1)
expect "missing policy file" "125 umvm: --policy: cannot read '/nonexistent/policy': No such file or directory" "$? $got"

finish
