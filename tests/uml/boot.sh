#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `umvm boot` as a user sees it (tests/uml/check-uml.sh boots each mode):
# --check prints the host's capabilities the UML way, matching `umvm
# probe`; `umvm boot -- COMMAND ARGS` runs the words in the guest and
# returns the status; without a command the guest's shell reads this
# terminal (here a pipe); an installed umvm (make install) finds its
# scripts and the same cached kernel; bad input (a missing kernel, a
# missing, unreadable or foreign root image, a mode the host lacks, a bad
# size) gives one line and status 125 before anything boots.
#
# Reports as tests/lib.sh says; 78 when a package is missing.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
umvm=$root/umvm
. "$root/tests/lib.sh"
pass=0 fail=0 skip=0
[ -x "$umvm" ] || { echo "boot.sh: no umvm at $umvm (run make)"; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/umvm-boot.XXXXXX")
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"

# The kernel (built once and cached; its progress shows here).
kernel=$("$root/scripts/build-uml.sh" | tail -1)
rc=${PIPESTATUS[0]}
[ "$rc" = 78 ] && suite_missing "linux-source-6.1 or a build tool" "build-uml.sh named it above"
[ "$rc" = 0 ] && [ -x "$kernel" ] || { bad "build-uml.sh (status $rc)"; summary; exit 1; }

# --check: the UML way, and the same verdicts as umvm probe.
probe=$("$umvm" probe)
out=$("$umvm" boot --check 2>&1); st=$?
echo "$out" | sed 's/^/#   /'
expect "boot --check exits 0" 0 "$st"
for pair in "PTRACE_VM for syscall emulation:PTRACE_VM" \
	    "syscall emulation patch for ptrace:PTRACE_SYSEMU" \
	    "that ptrace can change system call numbers:syscall skip by number rewrite"; do
	uml=${pair%%:*} ours=${pair#*:}
	want=$(sed -n "s/^Checking $ours\\.\\.\\. \\(OK\\|missing\\).*/\\1/p" <<<"$probe")
	contains "boot --check: $uml as umvm probe ($want)" \
		"Checking $uml...$want" "$out"
done
contains "boot --check: the kernel is built" "Checking the UML kernel...built ($kernel)" "$out"
contains "boot --check: the mode auto takes" "UML mode (auto): " "$out"

# A command as words: quoting survives, the status comes back.
out=$("$umvm" boot --timeout=240 -- uname -a 2>&1); st=$?
expect "boot -- uname -a: status" 0 "$st"
contains "boot -- uname -a: the guest kernel's line" "Linux uml 6.1" "$out"
out=$("$umvm" boot --timeout=240 -- printf '[%s]' 'a b' "it's" '$HOME' 2>/dev/null)
expect "boot -- COMMAND ARGS: words kept" "[a b][it's][\$HOME]" "$out"
"$umvm" boot --timeout=240 -m 96M -a "umvm.test=1" -- sh -c \
	'grep -q umvm.test=1 /proc/cmdline &&
	 awk "/^MemTotal:/ { exit !(\$2 > 50000 && \$2 < 100000) }" /proc/meminfo && exit 7' \
	>/dev/null 2>&1
expect "boot --mem, --append reach the guest; exit status 7 comes back" 7 "$?"

# No command, stdin a terminal (a pty of script(1)): the guest's shell
# prompts there, runs what is typed, and its exit status comes back.
if command -v script >/dev/null; then
	coproc TTY { script -qec "$umvm boot --timeout=240" /dev/null 2>&1; }
	# bash forgets these when the coprocess ends
	tty_pid=$TTY_PID
	exec {tty_in}<&"${TTY[0]}" {tty_out}>&"${TTY[1]}"
	out=
	IFS= read -r -t 120 -d "#" chunk <&"$tty_in" && out="$chunk#"
	printf 'echo hi-$((6 * 7)); exit 5\r' >&"$tty_out"
	while IFS= read -r -t 120 line <&"$tty_in"; do
		out="$out$line"
	done
	wait "$tty_pid"
	st=$?
	exec {tty_in}<&- {tty_out}>&-
	expect "boot with no command, on a terminal: the shell's exit status" 5 "$st"
	contains "boot with no command, on a terminal: a prompt" "~ #" "$out"
	contains "boot with no command, on a terminal: what was typed ran" "hi-42" "$out"
else
	missing_pkg "boot with no command, on a terminal: script(1)" util-linux
fi

# No command, stdin not a terminal: the guest's shell runs it as a script.
out=$(printf 'echo hi-$((6 * 7))\nexit 3\n' | "$umvm" boot --timeout=240 2>&1); st=$?
expect "boot < script: the shell's exit status" 3 "$st"
expect "boot < script: the script's output, nothing else" "hi-42" "$out"

# An installed umvm finds its scripts, and the same cached kernel.
if make -s -C "$root" install DESTDIR="$work/inst" PREFIX=/usr >"$work/install.log" 2>&1; then
	out=$(env -u UMVM_DATADIR "$work/inst/usr/bin/umvm" boot --check 2>&1)
	contains "installed umvm boot --check finds the cached kernel" \
		"Checking the UML kernel...built ($kernel)" "$out"
	[ -f "$work/inst/usr/share/man/man1/umvm.1" ] && ok "make install: the man page" ||
		bad "make install: no man page"
else
	bad "make install DESTDIR=: $(tail -3 "$work/install.log")"
fi

# Bad input: one line on stderr, status 125, nothing booted.
bad_input()	# NAME WANT-TEXT ARGS...
{
	local name=$1 want=$2 out st
	shift 2
	out=$(timeout 60 "$@" 2>&1 </dev/null); st=$?
	if [ "$st" = 125 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] &&
	   grep -q "^umvm: boot: .*$want" <<<"$out"; then
		ok "bad input: $name: $out"
	else
		bad "bad input: $name: status $st (want 125 and one line with '$want'): $out"
	fi
}
printf 'not a file system' >"$work/junk.img"
truncate -s 2M "$work/junk.img"
mke2fs -q -F -t ext2 "$work/secret.img" 2M >/dev/null 2>&1 || missing_pkg "mke2fs" e2fsprogs
chmod 600 "$work/secret.img"
bad_input "missing kernel" "No such file or directory" "$umvm" boot --kernel="$work/none" -- true
bad_input "kernel not executable" "Permission denied" "$umvm" boot --kernel="$work/junk.img" -- true
bad_input "missing root" "No such file or directory" "$umvm" boot --root="$work/none" -- true
bad_input "root neither a directory nor an image" "not a directory or a disk image" \
	"$umvm" boot --root=/dev/null -- true
bad_input "root image not ext2" "not an ext2/3/4 file system image" \
	"$umvm" boot --root="$work/junk.img" -- true
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	bad_input "unreadable root image" "Permission denied" \
		setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$umvm" boot --root="$work/secret.img" -- true
else
	skip_host "unreadable root image" "root can read any file; needs root and setpriv to test as nobody"
fi
if grep -q 'PTRACE_VM... missing' <<<"$probe"; then
	bad_input "ptrace_vm mode on a host without it" "mode 'ptrace_vm' is not available on this host" \
		"$umvm" boot --mode=ptrace_vm -- true
else
	skip_host "ptrace_vm mode on a host without it" "this host has PTRACE_VM"
fi
bad_input "unknown mode" "unknown mode 'fast'" "$umvm" boot --mode=fast -- true
bad_input "bad memory size" "--mem: expected a size" "$umvm" boot --mem=lots -- true
bad_input "bad timeout" "--timeout: expected seconds" "$umvm" boot --timeout=soon -- true
bad_input "missing share" "--share: .*not a directory" "$umvm" boot --share="$work/none" -- true
bad_input "unknown option" "unknown option '--frob'" "$umvm" boot --frob

# A guest that runs too long is killed: status 124.
"$umvm" boot --timeout=3 -- sleep 600 >/dev/null 2>&1
expect "boot --timeout: a guest that runs too long is killed" 124 "$?"

summary
