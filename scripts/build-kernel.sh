#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the host kernel with the PTRACE_VM patch for the QEMU test rig.
#
# Extracts Debian's linux-source-6.1, applies linux/host/*.patch, configures
# "make tinyconfig" + linux/host/config.fragment and builds bzImage.  The
# result is cached under
#   ${UMVM_CACHE:-$HOME/.cache/umvm}/host-kernel-<hash>/bzImage
# where <hash> covers the source package version, the patches, the fragment
# and this script, so a second run with nothing changed returns at once.
# The last line on stdout is the path of bzImage; progress goes to stderr.
#
# Exit status: 0 built (or cached), 77 the kernel source cannot be had,
# anything else a build failure.
#
# Environment: UMVM_CACHE (cache root), UMVM_JOBS (default: nproc, at most
# what the machine has), UMVM_KEEP_BUILD=1 keeps the build tree.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
cache=${UMVM_CACHE:-$HOME/.cache/umvm}
src_pkg=linux-source-6.1
tarball=/usr/src/linux-source-6.1.tar.xz
fragment=$root/linux/host/config.fragment

say() { echo "build-kernel: $*" >&2; }
skip() { say "SKIP: $*"; exit 77; }

# The source package: install it when we can (root with apt), else skip.
version=$(dpkg-query -W -f='${Version}' "$src_pkg" 2>/dev/null || true)
if [ -z "$version" ] || [ ! -f "$tarball" ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null &&
	   [ -z "${UMVM_NO_INSTALL:-}" ]; then
		say "installing $src_pkg and build tools"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			"$src_pkg" build-essential flex bison bc libelf-dev \
			libssl-dev cpio xz-utils >&2 ||
			skip "apt-get install $src_pkg failed"
		version=$(dpkg-query -W -f='${Version}' "$src_pkg")
	fi
	[ -n "$version" ] && [ -f "$tarball" ] ||
		skip "$src_pkg is not installed ($tarball missing)"
fi
for tool in make gcc flex bison bc xz; do
	command -v "$tool" >/dev/null || skip "$tool is not installed"
done

shopt -s nullglob
patches=("$root"/linux/host/*.patch)
shopt -u nullglob

# Everything the kernel depends on goes into the key, in a fixed order.
hash=$( {
	echo "source $src_pkg $version"
	for p in "${patches[@]}"; do
		echo "patch $(basename "$p")"
		cat "$p"
	done
	echo "fragment"
	cat "$fragment"
	echo "recipe"
	cat "${BASH_SOURCE[0]}"
} | sha256sum | cut -c1-16)

out=$cache/host-kernel-$hash
if [ -f "$out/bzImage" ]; then
	say "cached: $out"
	echo "$out/bzImage"
	exit 0
fi

jobs=${UMVM_JOBS:-$(nproc)}
mkdir -p "$cache"
work=$(mktemp -d "$cache/build.XXXXXX")
cleanup() {
	if [ -z "${UMVM_KEEP_BUILD:-}" ]; then
		rm -rf "$work"
	else
		say "build tree kept in $work"
	fi
}
trap cleanup EXIT

say "extracting $tarball ($version)"
tar -C "$work" -xf "$tarball"
ksrc=$work/$src_pkg
for p in "${patches[@]}"; do
	say "applying $(basename "$p")"
	patch -d "$ksrc" -p1 --batch --quiet < "$p"
done

say "configuring: tinyconfig + $(basename "$fragment")"
{
	make -C "$ksrc" tinyconfig &&
	"$ksrc"/scripts/kconfig/merge_config.sh -m -O "$ksrc" \
		"$ksrc/.config" "$fragment" &&
	make -C "$ksrc" olddefconfig
} > "$work/config.log" 2>&1 || {
	tail -20 "$work/config.log" >&2
	say "configuration failed"
	exit 1
}
missing=0
while read -r line; do
	grep -qxF "$line" "$ksrc/.config" || {
		say "config: $line did not stick"
		missing=1
	}
done < <(grep -E '^CONFIG_[A-Z0-9_]+=' "$fragment")
[ "$missing" = 0 ] || { say "config fragment not satisfied"; exit 1; }

say "building bzImage with -j$jobs (log: $work/build.log)"
start=$(date +%s)
if ! make -C "$ksrc" -j"$jobs" bzImage > "$work/build.log" 2>&1; then
	tail -40 "$work/build.log" >&2
	UMVM_KEEP_BUILD=1
	say "build failed"
	exit 1
fi
say "built in $(( $(date +%s) - start ))s"

mkdir -p "$out.tmp"
cp "$ksrc/arch/x86/boot/bzImage" "$ksrc/.config" "$out.tmp/"
echo "$src_pkg $version" > "$out.tmp/source"
rm -rf "$out"
mv "$out.tmp" "$out"
echo "$out/bzImage"
