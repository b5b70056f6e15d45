#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The Debian packages umvm's build and tests need: the one list, used by
# `make check` and by .ci/run, so the two cannot drift.  To add one, add a
# line to the list below (package, then what needs it).
#
# usage: scripts/deps.sh [--check | --list | --install]
#
#   (no option)  nothing missing: exit 0; root with apt-get: install what
#                is missing; otherwise print the exact command to run and
#                exit 1 (what `make check` does first)
#   --check      print the missing packages, one a line; exit 1 if any
#   --list       print the whole list
#   --install    install what is missing (root with apt-get), else exit 1
#
# Installs with --no-install-recommends and DEBIAN_FRONTEND=noninteractive;
# runs apt-get update first, and only when something is missing.  Tests
# never install anything themselves: a test that lacks a package fails and
# names it (tests/lib.sh).
set -eu

# The list: one package a line, "#" starts a comment.
packages()
{
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' -e 's/[[:space:]]//g' <<'EOF'
gcc			# build: umvm, test programs
make
libc6-dev		# static test programs (tests/progs, tests/sandbox)
procps			# ps, pgrep in tests
util-linux		# setpriv: tests as the user nobody
file			# tests/sandbox/paths.sh
python3			# real programs in the sandbox suites
e2fsprogs		# mke2fs -d: a UML root image through ubd
busybox-static		# path views, QEMU initramfs, UML root
cpio			# QEMU initramfs
xz-utils		# kernel builds (linux-source-6.1 is a .tar.xz)
bc			# kernel builds
flex
bison
patch
libelf-dev
libssl-dev
dwarves
linux-source-6.1	# the PTRACE_VM host kernel and the UML kernel
qemu-system-x86		# the QEMU PTRACE_VM host (TCG)
strace			# tests/shell/strace.sh: strace as a guest
gdb			# tests/shell/gdb.sh: gdb as a guest
proot			# the benchmark's peers (tests/bench.sh)
runsc
user-mode-linux		# tests/uml/uml-in-umvm.sh: Debian's UML as a guest
podman			# tests/oci: podman with umvm as its runtime
containerd		# tests/oci: ctr run --runc-binary umvm-oci
golang-go		# tests/oci: builds runtime-tools' validation tests
golang-github-opencontainers-runtime-tools-dev	# tests/oci: conformance
tmux			# tests/oci: podman run -it through a terminal
debootstrap		# the Debian root of tests/sandbox/acceptance.sh
clang			# tests/clang.sh: the sources pass clang -Werror
groff-base		# tests/help.sh: the man page renders
EOF
}

# Packages of the list that dpkg does not show as installed.
missing()
{
	# shellcheck disable=SC2046 # one word per package
	dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' $(packages) \
		2>/dev/null | awk '$1 == "ii" { print $2 }' >"$tmp"
	packages | grep -vxF -f "$tmp" || true
}

can_install()
{
	[ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1
}

install()
{
	export DEBIAN_FRONTEND=noninteractive
	echo "deps: installing: $*" >&2
	apt-get update -qq >&2
	apt-get install -y -qq --no-install-recommends "$@" >&2
}

command -v dpkg-query >/dev/null 2>&1 || {
	echo "deps: no dpkg-query: umvm's tests expect Debian 12 (or a derivative)" >&2
	exit 1
}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

case ${1:-} in
--list)
	packages
	exit 0
	;;
--check)
	need=$(missing)
	[ -z "$need" ] && exit 0
	echo "$need"
	exit 1
	;;
--install|'')
	need=$(missing)
	[ -z "$need" ] && exit 0
	# shellcheck disable=SC2086
	if can_install; then
		install $need
		need=$(missing)
		[ -z "$need" ] && exit 0
		echo "deps: still missing after apt-get install:" $need >&2
		exit 1
	fi
	echo "deps: missing Debian packages:" $need >&2
	echo "deps: install them (then run make check again):" >&2
	echo "    sudo apt-get update && sudo apt-get install -y --no-install-recommends" $need >&2
	exit 1
	;;
-h|--help)
	sed -n '4,19s/^# \{0,1\}//p' "$0"
	exit 0
	;;
*)
	echo "deps: unknown option '$1' (try --help)" >&2
	exit 2
	;;
esac
