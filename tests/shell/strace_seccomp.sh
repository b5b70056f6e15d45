# SPDX-License-Identifier: GPL-2.0
# strace --seccomp-bpf: strace installs its own seccomp filter in the
# traced program, whose TRACE results stop the program with
# PTRACE_EVENT_SECCOMP; only the calls it traces stop.  With -f, children
# and exec'd programs are traced too.
command -v strace >/dev/null 2>&1 || { echo "needs strace" >&2; exit 77; }
out=$(mktemp "${TMPDIR:-/tmp}/umvm-strace-bpf.XXXXXX") || exit 1
trap 'rm -f "$out"' EXIT
strace --seccomp-bpf -f -qq -o "$out" -e trace=execve,write,exit_group \
	-e signal=none sh -c 'echo one; /bin/echo two; (echo three); exit 3'
echo "strace --seccomp-bpf status: $?"
sed -E 's/^[0-9]+ +//; s/0x[0-9a-f]+/ADDR/g; s/ \/\* [0-9]+ vars \*\///' \
	"$out" | sort
strace --seccomp-bpf -f -qq -o "$out" -e trace=getppid \
	-e inject=getppid:retval=4242 \
	sh -c 'echo "getppid under injection: $PPID"'
echo "strace --seccomp-bpf inject status: $?"
sed -E 's/^[0-9]+ +//' "$out"
