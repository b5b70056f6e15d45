#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build a Debian root filesystem (a directory) for `umvm run -r`.
#
# usage: build-rootfs.sh [--suite SUITE] [--variant VARIANT]
#
# Runs debootstrap (default: bookworm, variant minbase) against the mirror
# apt uses on this host (the first deb.debian.org-style URI found in
# /etc/apt/sources.list and /etc/apt/sources.list.d/*), and caches the
# result under
#   ${UMVM_CACHE:-$HOME/.cache/umvm}/rootfs-<hash>
# (complete when rootfs-<hash>.complete exists)
# where <hash> covers this script's text, the suite and the variant.  A
# second run with nothing changed returns at once.
#
# The tree is made readable by everyone (directories searchable, files
# readable, executables executable) so that an unprivileged user can run
# it with `umvm run -0 -r DIR`; the fake root presents root ownership.
# What that changed (owners other than root, set-id bits, modes not open
# to all) is listed first in DIR.owners, as records by path for
# --ownership-db: a copy run with a copy of that file shows the true
# owners and modes (/etc/shadow root:shadow 0640, su set-user-ID root).
# Needs root to build (debootstrap); a non-root user gets exit 77 unless
# the cache is already there.
#
# The last line on stdout is the path of the root directory; progress goes
# to stderr.  Exit status: 0 built (or cached), 77 debootstrap or the
# mirror cannot be had, anything else a build failure.
#
# Environment: UMVM_CACHE (cache root), UMVM_NO_INSTALL=1 never runs
# apt-get, UMVM_MIRROR overrides the mirror.
set -euo pipefail

cache=${UMVM_CACHE:-$HOME/.cache/umvm}
suite=bookworm
variant=minbase

say() { echo "build-rootfs: $*" >&2; }
skip() { say "SKIP: $*"; exit 77; }

while [ $# -gt 0 ]; do
	case $1 in
	--suite) suite=${2:?}; shift ;;
	--suite=*) suite=${1#*=} ;;
	--variant) variant=${2:?}; shift ;;
	--variant=*) variant=${1#*=} ;;
	*) say "usage: build-rootfs.sh [--suite SUITE] [--variant VARIANT]"
	   exit 2 ;;
	esac
	shift
done

hash=$( {
	cat "${BASH_SOURCE[0]}"
	echo "$suite $variant"
} | sha256sum | cut -c1-16)
out=$cache/rootfs-$hash

if [ -f "$out.complete" ]; then
	say "cached: $out"
	echo "$out"
	exit 0
fi

[ "$(id -u)" = 0 ] || skip "building needs root (debootstrap); not cached at $out"

if ! command -v debootstrap >/dev/null; then
	if [ -z "${UMVM_NO_INSTALL:-}" ] && command -v apt-get >/dev/null; then
		say "installing debootstrap"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			-o DPkg::Lock::Timeout=300 \
			debootstrap >&2 || skip "apt-get install debootstrap failed"
	fi
	command -v debootstrap >/dev/null || skip "debootstrap not installed"
fi

# The mirror apt uses here: a URI of the main archive (not -security).
mirror=${UMVM_MIRROR:-}
if [ -z "$mirror" ]; then
	mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		     /etc/apt/sources.list.d/*.sources 2>/dev/null |
		 sed -n -e 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) .*/\2/p' \
			-e 's/^URIs: *//p' |
		 tr ' ' '\n' | grep -v -e security -e '^$' | head -n 1) || true
fi
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
say "debootstrap --variant=$variant $suite from $mirror"

mkdir -p "$cache"
tmp=$(mktemp -d "$cache/rootfs-tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
if ! debootstrap --variant="$variant" "$suite" "$tmp/root" "$mirror" >&2; then
	tail -n 20 "$tmp/root/debootstrap/debootstrap.log" >&2 2>/dev/null || true
	skip "debootstrap failed (no network or mirror?)"
fi

# apt-cache inside the root works offline from the lists debootstrap left;
# make sure they are there (debootstrap keeps them in /var/lib/apt/lists).
ls "$tmp/root/var/lib/apt/lists/" | grep -q Packages ||
	say "warning: no package lists in the root; apt-cache policy will be empty"

# Readable and traversable by everyone; device nodes are of no use to an
# unprivileged user (and umvm -0 records mknod instead of creating them).
find "$tmp/root/dev" -mindepth 1 \( -type c -o -type b \) -delete
# The true owners and modes of what the next steps change, by path
# (records with dev and ino 0 of umvm's --ownership-db).
{
	echo "# umvm ownership records: dev ino uid gid mode rdev path"
	echo "# (dev and ino 0: by path inside the root; $suite $variant)"
	(cd "$tmp/root" && find . -xdev -mindepth 1 \( -type f -o -type d \) \
		\( ! -user 0 -o ! -group 0 -o -perm /7000 -o ! -perm -444 -o \
		   \( -perm /111 ! -perm -111 \) \) -printf '0 0 %U %G %m 0 %P\n')
} >"$tmp/owners"
chmod -R a+rX "$tmp/root"
# Setuid bits mean nothing without the real root; drop them so that the
# tree holds no setuid-root programs in a world-readable cache.
find "$tmp/root" -perm /6000 -type f -exec chmod ug-s {} +
rm -rf "$out"
mv "$tmp/root" "$out"
mv "$tmp/owners" "$out.owners"
touch "$out.complete"
say "built: $out"
echo "$out"
