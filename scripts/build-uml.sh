#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the User-Mode Linux guest kernel with the PTRACE_VM skas patch, and
# the default busybox root filesystem for it.
#
# usage: build-uml.sh [--rootfs-only | --status]
#
# Extracts Debian's linux-source-6.1, applies linux/uml/*.patch, configures
# "make ARCH=um defconfig" + linux/uml/config.fragment and builds the
# "linux" executable.  The result is cached under
#   ${UMVM_CACHE:-$HOME/.cache/umvm}/uml-<key>/linux
# where <key> covers the source package version, the patches, the fragment
# and the recipe (scripts/lib-kbuild.sh), so a second run with nothing
# changed returns at once.  The root filesystem is a directory (booted
# through hostfs) made of busybox-static, cached under uml-rootfs-<key>/
# the same way.
#
# The last line on stdout is the path of the kernel (with --rootfs-only: of
# the root directory); progress goes to stderr (a line a minute while make
# runs).  --status prints the kernel's path and exits 0 when it is built,
# 1 when not.
#
# Exit status: 0 built (or cached), 78 a package is missing (named; this
# script installs nothing: scripts/deps.sh does), anything else a build
# failure.
#
# Environment: UMVM_CACHE (cache root), UMVM_JOBS (default: nproc),
# UMVM_KEEP_BUILD=1 keeps the build tree.
set -euo pipefail

prog=build-uml
. "$(dirname "${BASH_SOURCE[0]}")/lib-kbuild.sh"
kbuild_sources uml

mode=
case ${1:-} in
--rootfs-only|--status) mode=$1 ;;
'') ;;
*) say "usage: build-uml.sh [--rootfs-only | --status]"; exit 2 ;;
esac

# The root filesystem: busybox-static and its applet links, an /init that
# runs the command umvm-boot.sh hands over, or a shell on the console.
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
	busybox=$(static_busybox) ||
		missing busybox-static "a static busybox for the UML root"
	hash=$( {
		sha256sum < "$busybox"
		sed -n '/^build_rootfs()/,/^}/p' "${BASH_SOURCE[0]}"
	} | sha256sum | cut -c1-16)
	out=$cache/uml-rootfs-$hash
	[ -x "$out/init" ] || kbuild_lock "$out" 8
	if [ -x "$out/init" ]; then
		note "cached rootfs: $out"
		echo "$out"
		return 0
	fi
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
	# holds "cmd" (none: a shell on the console) and gets "status".
	# umvm.share= is mounted on /share.
	cat > "$tmp/init" <<'INIT'
#!/bin/sh
export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/root TERM=${TERM:-dumb}
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /root
hostname uml
arg() { sed -n "s/.*[ ]$1=\([^ ]*\).*/\1/p" /proc/cmdline; }
run=$(arg umvm.run)
share=$(arg umvm.share)
[ -n "$share" ] && mount -t hostfs hostfs /share -o "$share"
status=125
if [ -n "$run" ] && mount -t hostfs hostfs /umvm -o "$run"; then
	cd /root
	if [ -f /umvm/cmd ]; then
		echo "UMVM-START"
		sh -c "$(cat /umvm/cmd)" </dev/null
		status=$?
		# On a line of its own even after output with no newline.
		printf '\nUMVM-EXIT=%s\n' "$status"
	else
		# The console is the user's terminal (or pipe): a shell
		# with job control there; its exit powers the guest off.
		setsid cttyhack sh -i
		status=$?
	fi
	echo "$status" > /umvm/status
else
	echo "umvm-init: no run directory (umvm.run=)"
	echo "UMVM-EXIT=$status"
fi
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

if [ "$mode" = --rootfs-only ]; then
	build_rootfs
	exit 0
fi

kbuild_need_tools
out=$cache/uml-$(kbuild_key um defconfig linux)
if [ "$mode" = --status ]; then
	kbuild_status "$out" linux
fi
build_rootfs >/dev/null
kbuild_cached "$out" linux note
say "no cached UML kernel for these patches: building it once (10 to 25 minutes on 2 CPUs)"
kbuild_build "$out" um defconfig linux linux
