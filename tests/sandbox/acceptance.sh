#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Real-world acceptance: a Debian 12 minbase root filesystem run by an
# ordinary user with `umvm run -0 -r ROOTFS`: id says root, / is
# root-owned, dpkg -i installs a small local package whose owners a
# second run sees, apt-cache policy works offline, a shell script and a
# dynamically linked program from the root filesystem run.  Then, with
# -R, compared case by case with real root in a chroot: su, runuser,
# setpriv, a user refused root's 0600 file, useradd, chpasswd, groups,
# dpkg -i of a package whose maintainer scripts add a user and work as
# it, and apt-get install of a package from the mirror.
#
# usage: tests/sandbox/acceptance.sh [--umvm PATH] [--backend B]...
#
# The root filesystem comes from scripts/build-rootfs.sh (cached; built
# with debootstrap when run as root).  Each run works on a fresh copy
# owned by the test user: nobody (through setpriv) when run as root, else
# the current user.  Exit 77 with a reason when -r is missing, or the
# root filesystem cannot be had.
here=$(cd "$(dirname "$0")" && pwd)
umvm_arg=
for a; do
	case $a in --umvm=*) umvm_arg=${a#*=} ;; esac
done
UMVM=${umvm_arg:-${UMVM:-$here/../../umvm}}
if ! "$UMVM" run --help 2>/dev/null | grep -q -e '--root'; then
	echo "SKIP: umvm run has no -r/--root (path views) yet"
	exit 77
fi
. "$here/../lib.sh"
rootfs=$("$here/../../scripts/build-rootfs.sh" | tail -n 1)
st=$?
if [ $st -ne 0 ] || [ ! -d "$rootfs" ]; then
	command -v debootstrap >/dev/null ||
		suite_missing debootstrap "builds the Debian root"
	[ "$(id -u)" = 0 ] ||
		suite_skip_host "no cached Debian root, and building one needs root"
	echo "FAIL: no root filesystem (scripts/build-rootfs.sh: status $st)"
	exit 1
fi

. "$here/lib.sh"

asuser=
if [ "$(id -u)" = 0 ]; then
	command -v setpriv >/dev/null || suite_missing util-linux "setpriv"
	asuser="setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME=$tmp"
	chmod 755 "$tmp"
fi
cp "$UMVM" "$tmp/umvm"
U=$tmp/umvm
R=$tmp/root
db=$tmp/work/owners.db
mkdir "$tmp/work"
echo "copying $rootfs"
cp -a "$rootfs" "$R" || exit 2
if [ -n "$asuser" ]; then
	chown -R nobody:nogroup "$R" "$tmp/work"
fi

# The package: a directory in the root's /tmp, built and installed inside.
P=$R/tmp/pkg
mkdir -p "$P/DEBIAN" "$P/usr/share/umvm-hello" "$P/var/lib/umvm-hello"
cat >"$P/DEBIAN/control" <<'EOF'
Package: umvm-hello
Version: 1.0
Architecture: all
Maintainer: umvm tests <umvm@localhost>
Description: umvm acceptance test package
 Files of several owners, and a maintainer script that changes one.
EOF
printf '#!/bin/sh\nset -e\nchown daemon:daemon /var/lib/umvm-hello/state\nchmod 640 /var/lib/umvm-hello/state\n' >"$P/DEBIAN/postinst"
chmod 755 "$P/DEBIAN/postinst"
echo hello >"$P/usr/share/umvm-hello/README"
printf '#!/bin/sh\necho "hello from $0"\n' >"$P/usr/share/umvm-hello/hello.sh"
chmod 755 "$P/usr/share/umvm-hello/hello.sh"
echo state >"$P/var/lib/umvm-hello/state"
[ -n "$asuser" ] && chown -R nobody:nogroup "$P"

for b in $BACKENDS; do
	g() { timeout -s KILL 300 $asuser "$U" run --backend="$b" -0 -r "$R" "$@" 2>&1; }

	expect "[$b] id is root" "uid=0(root) gid=0(root) groups=0(root)" "$(g -- id)"
	expect "[$b] whoami" "root" "$(g -- whoami)"
	expect "[$b] ls -l / is root-owned" "" \
		"$(g -- /bin/sh -c 'ls -ln / | awk "NR > 1 && (\$3 != 0 || \$4 != 0)"')"
	contains "[$b] ls -l / shows names" " root root " "$(g -- ls -l /)"
	r=$(g --deny-net -- apt-cache policy dpkg)
	contains "[$b] apt-cache policy offline: installed" "Installed: $(sed -n '/^Package: dpkg$/,/^$/s/^Version: //p' "$R/var/lib/dpkg/status")" "$r"
	contains "[$b] apt-cache policy offline: the mirror's list" "500 http" "$r"
	printf '#!/bin/sh\necho "script: $(id -un) in $(pwd)"\n' >"$R/tmp/s.sh"
	chmod 755 "$R/tmp/s.sh"
	[ -n "$asuser" ] && chown nobody:nogroup "$R/tmp/s.sh"
	expect "[$b] a shell script" "script: root in /tmp" "$(g -w /tmp -- /tmp/s.sh)"
	expect "[$b] the root's own script (which)" "/usr/bin/dpkg" "$(g -- which dpkg)"
	expect "[$b] a dynamically linked program" \
		"$(sed -n '/^Package: dpkg$/,/^$/s/^Version: //p' "$R/var/lib/dpkg/status")" \
		"$(g -- dpkg-query -W -f '${Version}' dpkg)"
done

# dpkg -i, once (the first backend), then every backend sees the owners.
set -- $BACKENDS
b=$1
r=$(timeout -s KILL 300 $asuser "$U" run --backend="$b" -0 -r "$R" \
	--ownership-db "$db" -w /tmp -- /bin/sh -c '
	chown -R root:root pkg && chown 1:1 pkg/var/lib/umvm-hello &&
	chmod 750 pkg/var/lib/umvm-hello &&
	dpkg-deb --build pkg umvm-hello.deb >/dev/null &&
	dpkg -i umvm-hello.deb >/dev/null && echo installed' 2>&1)
expect "[$b] dpkg-deb --build and dpkg -i" "installed" "$r"
for b in $BACKENDS; do
	g() { timeout -s KILL 300 $asuser "$U" run --backend="$b" -0 -r "$R" "$@" 2>&1; }
	expect "[$b] second run: owners recorded by dpkg" \
		"root root -rw-r--r-- /usr/share/umvm-hello/README|root root -rwxr-xr-x /usr/share/umvm-hello/hello.sh|daemon daemon drwxr-x--- /var/lib/umvm-hello|daemon daemon -rw-r----- /var/lib/umvm-hello/state" \
		"$(g --ownership-db "$db" -- stat -c '%U %G %A %n' /usr/share/umvm-hello/README \
			/usr/share/umvm-hello/hello.sh /var/lib/umvm-hello \
			/var/lib/umvm-hello/state | tr '\n' '|' | sed 's/|$//')"
	expect "[$b] second run: dpkg knows the package" "install ok installed 1.0" \
		"$(g --ownership-db "$db" -- dpkg-query -W -f '${Status} ${Version}' umvm-hello)"
	expect "[$b] the installed script runs" "hello from /usr/share/umvm-hello/hello.sh" \
		"$(g -- /usr/share/umvm-hello/hello.sh)"
done
r=$(timeout -s KILL 300 $asuser "$U" run -0 -r "$R" -- stat -c '%U %G' /var/lib/umvm-hello/state 2>&1)
expect "without the db, a run shows the real user's files as root" "root root" "$r"

rm -rf "$R"

# Users and packages, compared with the kernel: acceptance-guest.sh runs
# as real root in a chroot of a fresh copy (with /proc and /dev), then
# as the fake root of `umvm run -0 -R` in another fresh copy per backend,
# and each case's output must be the same.  The mirror is reached as the
# host reaches it (its /etc/hosts); without it the apt case is skipped.
M=$tmp/m
mkdir -p "$M/DEBIAN" "$M/usr/share/umvm-test"
cat >"$M/DEBIAN/control" <<'EOF'
Package: umvm-test
Version: 2.0
Architecture: all
Maintainer: umvm tests <umvm@localhost>
Description: umvm acceptance test package with maintainer scripts
 Its preinst adds a system user, its postinst works as that user.
EOF
cat >"$M/DEBIAN/preinst" <<'EOF'
#!/bin/sh
set -e
id umvmtest >/dev/null 2>&1 ||
	useradd --system --home-dir /var/lib/umvm-test --shell /usr/sbin/nologin umvmtest
EOF
cat >"$M/DEBIAN/postinst" <<'EOF'
#!/bin/sh
set -e
mkdir -p /var/lib/umvm-test
chown umvmtest:umvmtest /var/lib/umvm-test
chmod 750 /var/lib/umvm-test
runuser -u umvmtest -- sh -c 'umask 077; echo "state of $(id -un)" >/var/lib/umvm-test/state'
EOF
cat >"$M/DEBIAN/postrm" <<'EOF'
#!/bin/sh
set -e
if [ "$1" = purge ]; then
	rm -rf /var/lib/umvm-test
	userdel umvmtest
fi
EOF
chmod 755 "$M/DEBIAN/preinst" "$M/DEBIAN/postinst" "$M/DEBIAN/postrm"
echo "hello" >"$M/usr/share/umvm-test/README"
if ! command -v dpkg-deb >/dev/null ||
   ! dpkg-deb --root-owner-group --build "$M" "$tmp/umvm-test.deb" >/dev/null; then
	skip_host "users and packages" "no dpkg-deb --root-owner-group to build the package"
	finish
	exit $?
fi

# fresh DIR: a copy of the root filesystem with the package and the script
fresh() {
	rm -rf "$1"
	cp -a "$rootfs" "$1" &&
	cp "$tmp/umvm-test.deb" "$here/acceptance-guest.sh" "$1/root/" &&
	touch "$1/etc/hosts"
}
# The true owners and modes (build-rootfs.sh's list): set for real in
# the native copy, given to umvm as its ownership records.
owners=$rootfs.owners
[ -f "$owners" ] || owners=
true_owners() {
	[ -n "$owners" ] || return 0
	grep -v '^#' "$owners" | while read -r dev ino uid gid mode rdev path; do
		chown -h "$uid:$gid" "$1/$path" && chmod "$mode" "$1/$path" || return 1
	done
}
# cases FILE DIR: split FILE at its "== NAME" lines into DIR/1, DIR/2...
cases() {
	mkdir -p "$2"
	awk -v d="$2" '/^== /{ n++; print > (d "/names") } { print > (d "/" n) }' "$1"
}

apt=--apt
if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null; then
	skip_host "users and packages" "the native run needs root (chroot, mounts)"
	finish
	exit $?
fi
N=$tmp/native
fresh "$N" && true_owners "$N" || exit 2
unshare -m sh -c "mount --bind /proc '$N/proc' && mount --rbind /dev '$N/dev' &&
	mount --bind /etc/hosts '$N/etc/hosts' &&
	timeout -s KILL 600 chroot '$N' sh /root/acceptance-guest.sh --apt" \
	>"$tmp/native.out" 2>&1
if ! grep -q '^update status 0$' "$tmp/native.out"; then
	skip_host "apt-get install from the mirror" "natively apt-get update failed: $(grep -m1 -e '^E:' -e '^W:' "$tmp/native.out" || echo 'no mirror')"
	apt=
	sed -i '/^== apt-get/,$d' "$tmp/native.out"
fi
rm -rf "$N"
cases "$tmp/native.out" "$tmp/native.cases"

for b in $BACKENDS; do
	G=$tmp/guest-$b
	fresh "$G" || exit 2
	[ -n "$asuser" ] && chown -R nobody:nogroup "$G"
	gdb=$tmp/work/owners-$b.db
	: >"$gdb"
	[ -n "$owners" ] && cp "$owners" "$gdb"
	[ -n "$asuser" ] && chown nobody:nogroup "$gdb"
	start=$(date +%s)
	timeout -s KILL 900 $asuser "$U" run --backend="$b" -0 -R "$G" -b /etc/hosts \
		--ownership-db "$gdb" -- sh /root/acceptance-guest.sh $apt >"$tmp/$b.out" 2>&1
	echo "[$b] users and packages: $(($(date +%s) - start)) s"
	cases "$tmp/$b.out" "$tmp/$b.cases"
	n=0
	while IFS= read -r name; do
		n=$((n + 1))
		expect "[$b] ${name#== } as natively" "$(cat "$tmp/native.cases/$n")" \
			"$(cat "$tmp/$b.cases/$n" 2>/dev/null)"
	done <"$tmp/native.cases/names"
	rm -rf "$G"
done

finish
