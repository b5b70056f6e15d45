#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the User-Mode Linux guest kernel with the PTRACE_VM skas patch, and
# the default busybox root filesystem for it.
#
# usage: build-uml.sh [--rootfs-only]
#
# Extracts Debian's linux-source-6.1, applies linux/uml/*.patch, configures
# "make ARCH=um defconfig" + linux/uml/config.fragment and builds the
# "linux" executable.  The result is cached under
#   ${UMVM_CACHE:-$HOME/.cache/umvm}/uml-<hash>/linux
# where <hash> covers the source package version, the patches, the
# fragment and this script, so a second run with nothing changed returns at
# once.  The root filesystem is a directory (booted through hostfs) made
# of busybox-static, cached under uml-rootfs-<hash>/ the same way.
#
# The last line on stdout is the path of the kernel (with --rootfs-only: of
# the root directory); progress goes to stderr.
#
# Exit status: 0 built (or cached), 77 the kernel source or busybox-static
# cannot be had, anything else a build failure.
#
# Environment: UMVM_CACHE (cache root), UMVM_JOBS (default: nproc),
# UMVM_KEEP_BUILD=1 keeps the build tree, UMVM_NO_INSTALL=1 never runs
# apt-get.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
cache=${UMVM_CACHE:-$HOME/.cache/umvm}
src_pkg=linux-source-6.1
tarball=/usr/src/linux-source-6.1.tar.xz
fragment=$root/linux/uml/config.fragment

say() { echo "build-uml: $*" >&2; }
skip() { say "SKIP: $*"; exit 77; }

rootfs_only=
case ${1:-} in
--rootfs-only) rootfs_only=1 ;;
'') ;;
*) say "usage: build-uml.sh [--rootfs-only]"; exit 2 ;;
esac

apt_install() {
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null &&
	   [ -z "${UMVM_NO_INSTALL:-}" ]; then
		say "installing $*"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
	else
		return 1
	fi
}

# The root filesystem: busybox-static and its applet links, an /init that
# runs the command umvm-boot.sh hands over (see there), nothing else.
static_busybox() {
	local b
	for b in /bin/busybox /usr/bin/busybox; do
		# busybox-static's binary has no program interpreter.
		if [ -x "$b" ] && ! LC_ALL=C ldd "$b" >/dev/null 2>&1; then
			echo "$b"
			return 0
		fi
	done
	return 1
}

build_rootfs() {
	local busybox hash out tmp applet
	busybox=$(static_busybox) || {
		apt_install busybox-static || true
		busybox=$(static_busybox)
	} || skip "static busybox not found (apt-get install busybox-static)"
	hash=$( {
		sha256sum < "$busybox"
		sed -n '/^build_rootfs()/,/^}/p' "${BASH_SOURCE[0]}"
	} | sha256sum | cut -c1-16)
	out=$cache/uml-rootfs-$hash
	if [ -x "$out/init" ]; then
		say "cached rootfs: $out"
		echo "$out"
		return 0
	fi
	mkdir -p "$cache"
	tmp=$(mktemp -d "$cache/rootfs.XXXXXX")
	mkdir -p "$tmp"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,root,etc} \
		"$tmp"/{umvm,share,mnt}
	cp "$busybox" "$tmp/bin/busybox"
	for applet in $("$busybox" --list-full); do
		[ -e "$tmp/$applet" ] || ln -s /bin/busybox "$tmp/$applet"
	done
	echo 'root:x:0:0:root:/root:/bin/sh' > "$tmp/etc/passwd"
	echo 'root:x:0:' > "$tmp/etc/group"
	# PID 1.  The root is hostfs and read-only; the per-run directory
	# named by umvm.run= on the command line is mounted on /umvm: it
	# holds "cmd" and gets "status".  umvm.share= is mounted on /share.
	cat > "$tmp/init" <<'INIT'
#!/bin/sh
export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/root TERM=dumb
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /root
arg() { sed -n "s/.*[ ]$1=\([^ ]*\).*/\1/p" /proc/cmdline; }
run=$(arg umvm.run)
share=$(arg umvm.share)
[ -n "$share" ] && mount -t hostfs hostfs /share -o "$share"
status=125
if [ -n "$run" ] && mount -t hostfs hostfs /umvm -o "$run"; then
	cd /root
	echo "UMVM-START"
	sh -c "$(cat /umvm/cmd)" </dev/null
	status=$?
	echo "$status" > /umvm/status
else
	echo "umvm-init: no run directory (umvm.run=)"
fi
echo "UMVM-EXIT=$status"
cd /
umount /umvm /share 2>/dev/null
sync
poweroff -f
INIT
	chmod 755 "$tmp/init"
	rm -rf "$out"
	mv "$tmp" "$out"
	say "rootfs: $out"
	echo "$out"
}

if [ -n "$rootfs_only" ]; then
	build_rootfs
	exit 0
fi
build_rootfs >/dev/null

# The source package: install it when we can (root with apt), else skip.
version=$(dpkg-query -W -f='${Version}' "$src_pkg" 2>/dev/null || true)
if [ -z "$version" ] || [ ! -f "$tarball" ]; then
	apt_install "$src_pkg" build-essential flex bison bc xz-utils ||
		skip "$src_pkg is not installed ($tarball missing)"
	version=$(dpkg-query -W -f='${Version}' "$src_pkg")
	[ -f "$tarball" ] || skip "$tarball missing"
fi
for tool in make gcc flex bison bc xz patch; do
	command -v "$tool" >/dev/null || skip "$tool is not installed"
done

shopt -s nullglob
patches=("$root"/linux/uml/*.patch)
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

out=$cache/uml-$hash
if [ -x "$out/linux" ]; then
	say "cached: $out"
	echo "$out/linux"
	exit 0
fi

jobs=${UMVM_JOBS:-$(nproc)}
mkdir -p "$cache"
work=$(mktemp -d "$cache/build-uml.XXXXXX")
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

say "configuring: defconfig + $(basename "$fragment")"
{
	make -C "$ksrc" ARCH=um defconfig &&
	ARCH=um "$ksrc"/scripts/kconfig/merge_config.sh -m -O "$ksrc" \
		"$ksrc/.config" "$fragment" &&
	make -C "$ksrc" ARCH=um olddefconfig
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

say "building linux (ARCH=um) with -j$jobs (log: $work/build.log)"
start=$(date +%s)
if ! make -C "$ksrc" ARCH=um -j"$jobs" linux > "$work/build.log" 2>&1; then
	grep -E 'error|Error' "$work/build.log" | head -20 >&2 || true
	tail -20 "$work/build.log" >&2
	UMVM_KEEP_BUILD=1
	say "build failed"
	exit 1
fi
say "built in $(( $(date +%s) - start ))s"

mkdir -p "$out.tmp"
cp "$ksrc/linux" "$ksrc/.config" "$out.tmp/"
echo "$src_pkg $version" > "$out.tmp/source"
rm -rf "$out"
mv "$out.tmp" "$out"
echo "$out/linux"
