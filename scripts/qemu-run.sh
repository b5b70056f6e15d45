#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a kernel under QEMU (TCG) with a busybox initramfs, run one shell
# command in it as root and exit with that command's exit status.
#
# usage: qemu-run.sh --kernel BZIMAGE [--add HOSTPATH[:GUESTPATH]]...
#                    [--timeout SECONDS] [--verbose] -- 'shell command'
#
#   --add       copy a file or directory into the guest; GUESTPATH defaults
#               to /<basename of HOSTPATH>.  Dynamically linked ELF files
#               bring their loader and the libraries ldd lists.
#   --timeout   seconds before QEMU is killed (default $UMVM_QEMU_TIMEOUT
#               or 600)
#   --verbose   show the kernel's boot messages
#   UMVM_QEMU_ARGS (environment): extra QEMU arguments, split on spaces
#
# The guest runs the command under busybox sh in /root with /proc, /sys,
# /dev and /tmp mounted, then prints "UMVM-EXIT=<status>" and reboots,
# which ends QEMU (-no-reboot).  Guest output is streamed to stdout.
#
# Exit status: the guest command's, 77 when QEMU or busybox-static is
# missing (skip), 124 on timeout, 125 when the guest never reported.
set -euo pipefail

prog=qemu-run
. "$(dirname "${BASH_SOURCE[0]}")/lib-cli.sh"
skip() { say "SKIP: $*"; exit 77; }
usage() { usage_from 5,16; }

kernel=
adds=()
timeout=${UMVM_QEMU_TIMEOUT:-600}
verbose=
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=$2; shift 2 ;;
	--add) adds+=("$2"); shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--verbose) verbose=1; shift ;;
	--) shift; break ;;
	-h|--help) usage ;;
	*) say "unknown argument: $1"; usage ;;
	esac
done
[ $# -eq 1 ] || { say "need exactly one guest command after --"; usage; }
cmd=$1
[ -n "$kernel" ] || { say "--kernel is required"; usage; }
[ -f "$kernel" ] || { say "no kernel image: $kernel"; exit 2; }

qemu=$(command -v qemu-system-x86_64 || true)
[ -n "$qemu" ] || skip "qemu-system-x86_64 not found (apt-get install qemu-system-x86)"
busybox=
for b in /bin/busybox /usr/bin/busybox; do
	# busybox-static's binary has no program interpreter.
	if [ -x "$b" ] && ! LC_ALL=C ldd "$b" >/dev/null 2>&1; then
		busybox=$b
		break
	fi
done
[ -n "$busybox" ] || skip "static busybox not found (apt-get install busybox-static)"
command -v cpio >/dev/null || skip "cpio not found (apt-get install cpio)"

work=$(mktemp -d "${TMPDIR:-/tmp}/umvm-qemu.XXXXXX")
trap 'rm -rf "$work"' EXIT
rootfs=$work/root
mkdir -p "$rootfs"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,root,etc}
cp "$busybox" "$rootfs/bin/busybox"

# Copy one file, keeping its mode; ELF executables bring their libraries.
is_dynamic_elf() {
	[ "$(head -c 4 "$1" 2>/dev/null | od -An -c | tr -d ' ')" = \
	  '177ELF' ] && LC_ALL=C ldd "$1" >/dev/null 2>&1
}
copy_libs() {
	local lib
	for lib in $(LC_ALL=C ldd "$1" 2>/dev/null |
		     sed -n 's/.*=> \(\/[^ ]*\) .*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) (.*/\1/p'); do
		[ -e "$rootfs$lib" ] && continue
		mkdir -p "$rootfs$(dirname "$lib")"
		cp -L "$lib" "$rootfs$lib"
	done
}
add_one() {
	local host=$1 guest=$2 f
	[ -e "$host" ] || { say "no such file: $host"; exit 2; }
	mkdir -p "$rootfs$(dirname "$guest")"
	if [ -d "$host" ]; then
		# Merge into what is there already.
		mkdir -p "$rootfs$guest"
		cp -a "$host/." "$rootfs$guest/"
	else
		cp -a "$host" "$rootfs$guest"
	fi
	if [ -d "$host" ]; then
		while IFS= read -r -d '' f; do
			is_dynamic_elf "$f" && copy_libs "$f"
		done < <(find "$host" -type f -perm -u+x -print0)
	elif is_dynamic_elf "$host"; then
		copy_libs "$host"
	fi
	return 0
}
for spec in "${adds[@]}"; do
	host=${spec%%:*}
	if [ "$host" != "$spec" ]; then
		guest=${spec#*:}
	else
		guest=/$(basename "$host")
	fi
	case $guest in /*) ;; *) guest=/$guest ;; esac
	add_one "$host" "$guest"
done

printf '%s\n' "$cmd" > "$rootfs/umvm-cmd"
cat > "$rootfs/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox mount -t proc proc /proc
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/root TERM=dumb
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
mount -t sysfs sysfs /sys
mount -t tmpfs tmpfs /tmp
ip link set lo up 2>/dev/null
cd /root
echo "UMVM-GUEST: $(uname -r), $(nproc) cpus"
sh /umvm-cmd
echo "UMVM-EXIT=$?"
sync
reboot -f
EOF
chmod +x "$rootfs/init"
(cd "$rootfs" && find . -print0 |
	cpio --null -o -H newc -R 0:0 --quiet | gzip -1) > "$work/initrd.gz"

append="console=ttyS0 rdinit=/init panic=-1 oops=panic"
[ -n "$verbose" ] || append="$append quiet loglevel=1"
log=$work/console.log
say "booting $(basename "$kernel") (timeout ${timeout}s)"
start=$(date +%s)
set +e
timeout -k 10 "$timeout" "$qemu" -accel tcg -smp 2 -m 512M \
	-nographic -no-reboot -nic none \
	-kernel "$kernel" -initrd "$work/initrd.gz" -append "$append" \
	${UMVM_QEMU_ARGS:-} \
	< /dev/null 2>&1 | tr -d '\r' | tee "$log"
status=("${PIPESTATUS[@]}")
set -e
say "QEMU ran $(( $(date +%s) - start ))s"
if [ "${status[0]}" = 124 ] || [ "${status[0]}" = 137 ]; then
	say "FAIL: timeout after ${timeout}s"
	exit 124
fi
rc=$(sed -n 's/^UMVM-EXIT=\([0-9][0-9]*\)$/\1/p' "$log" | tail -1)
if [ -z "$rc" ]; then
	say "FAIL: the guest never printed UMVM-EXIT (boot failure or crash; QEMU status ${status[0]})"
	exit 125
fi
exit "$rc"
