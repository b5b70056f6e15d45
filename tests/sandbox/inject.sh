#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# --inject SYSCALL:error=ERRNO[:when=EXPR]: exactly the chosen calls fail,
# counted across the guest from 1; bad specifications are one-line errors.
#
# usage: tests/sandbox/inject.sh [--umvm PATH] [--backend B]...
. "$(dirname "$0")/lib.sh"

calls() # N: N getppid calls for sc
{
	_i=1
	printf 'getppid'
	while [ $_i -lt "$1" ]; do printf ' , getppid'; _i=$((_i + 1)); done
}

# run_inject SPEC...: results of 6 getppid calls as a string of . and E
run_inject()
{
	_args=
	for _s; do _args="$_args --inject $_s"; done
	# shellcheck disable=SC2046,SC2086
	um --backend="$b" $_args -- "$SC" $(calls 6) |
		sed -e 's/.* = ok$/./' -e 's/.* = -1 \(E[A-Z]*\)$/\1 /' | tr -d '\n'
}

for b in $BACKENDS; do
	mkdir "$tmp/$b" && cd "$tmp/$b" || exit 2
	expect "[$b] when=2..3" ".ENOENT ENOENT ..." "$(run_inject getppid:error=ENOENT:when=2..3)"
	expect "[$b] when=4" "...EIO .." "$(run_inject getppid:error=EIO:when=4)"
	expect "[$b] when=5+" "....EPERM EPERM " "$(run_inject getppid:error=EPERM:when=5+)"
	expect "[$b] when=1+2" "EIO .EIO .EIO ." "$(run_inject getppid:error=EIO:when=1+2)"
	expect "[$b] no when: every call" "EIO EIO EIO EIO EIO EIO " "$(run_inject getppid:error=EIO)"
	expect "[$b] two specs, first match wins" "EIO ENOENT ENOENT ..." \
		"$(run_inject getppid:error=EIO:when=1 getppid:error=ENOENT:when=1..3)"
	expect "[$b] other syscalls untouched" "getpid = ok|getppid = -1 EBADF|getpid = ok" \
		"$(um --backend="$b" --inject getppid:error=EBADF -- "$SC" getpid , getppid , getpid |
			tr '\n' '|' | sed 's/|$//')"
	expect "[$b] retval=" "getuid = 42" \
		"$(um --backend="$b" --inject getuid:retval=42 -- "$SC" getuid)"
	expect "[$b] counts across processes" "ok|failed|ok|" \
		"$(um --backend="$b" --inject mkdir:error=ENOSPC:when=2 -- sh -c \
			'mkdir a && echo ok; mkdir b 2>/dev/null || echo failed;
			 mkdir c && echo ok' | tr '\n' '|'; rmdir a c; ls)"
	contains "[$b] a real program shows the errno" "No space left on device" \
		"$(um --backend="$b" --inject mkdir:error=ENOSPC -- mkdir d)"
done

bad_inject()
{
	got=$("$UMVM" run --inject "$2" -- /bin/sh -c 'echo guest ran' 2>&1)
	expect "bad: $1" "125 $3" "$? $got"
}
bad_inject "unknown syscall" "frob:error=EIO" "umvm: --inject: unknown syscall 'frob'"
bad_inject "unknown errno" "getpid:error=EFOO" "umvm: --inject: unknown errno 'EFOO'"
bad_inject "no action" "getpid:when=3" "umvm: --inject: 'getpid:when=3' needs error=ERRNO"
bad_inject "bad when" "getpid:error=EIO:when=3..1" \
	"umvm: --inject: bad when= in 'getpid:error=EIO:when=3..1' (FIRST, FIRST..LAST, FIRST+ or FIRST+STEP; counts start at 1)"
bad_inject "when=0" "getpid:error=EIO:when=0" \
	"umvm: --inject: bad when= in 'getpid:error=EIO:when=0' (FIRST, FIRST..LAST, FIRST+ or FIRST+STEP; counts start at 1)"
bad_inject "unknown field" "getpid:error=EIO:sometimes" \
	"umvm: --inject: unknown field 'sometimes' in 'getpid:error=EIO:sometimes' (error=, retval=, when=)"

finish
