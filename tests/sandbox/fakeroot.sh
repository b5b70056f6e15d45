#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The fake root (-0/--root-id, --fake-root, --ownership-db): ids, chown,
# chmod and mknod as root sees them, stat showing the records, records
# kept across runs, and a package built and installed by dpkg as a user.
#
# usage: tests/sandbox/fakeroot.sh [--umvm PATH] [--backend B]...
. "$(dirname "$0")/lib.sh"

# Checks that must run as an ordinary user use $asuser when we are root.
asuser=
if [ "$(id -u)" = 0 ]; then
	asuser="setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME=$tmp"
	chmod 755 "$tmp"
fi
cp "$UMVM" "$SC" "$sbx_here/perms-guest.sh" "$tmp/"
U=$tmp/umvm
S=$tmp/sc

# The credential model and the permission checks are compared with the
# kernel itself: capsprobe and perms-guest.sh run natively as real root,
# then as umvm's fake root.
CAPS=$sbx_here/bin/capsprobe
native_caps= native_perms=
if [ "$(id -u)" = 0 ] && [ -n "$asuser" ] && command -v setpriv >/dev/null; then
	mkdir "$tmp/native" && cd "$tmp/native" || exit 2
	cp "$CAPS" capsprobe && cp "$CAPS" capsprobe-suid && chmod 4755 capsprobe-suid
	native_caps=$(./capsprobe 2>&1)
	mkdir perms && cd perms || exit 2
	native_perms=$(sh "$tmp/perms-guest.sh" 2>&1)
	cd "$tmp" || exit 2
fi
# same NAME NATIVE GOT: like expect, with a diff instead of both texts
same() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		bad "$1"
		printf '%s\n' "$2" >"$tmp/same.want"
		printf '%s\n' "$3" >"$tmp/same.got"
		diff -u -L native -L umvm "$tmp/same.want" "$tmp/same.got" | head -n 40
	fi
}

for b in $BACKENDS; do
	mkdir "$tmp/$b" && cd "$tmp/$b" || exit 2
	[ -n "$asuser" ] && chown nobody:nogroup .
	run() { timeout -s KILL 60 $asuser "$U" run --backend="$b" "$@" 2>&1; }

	expect "[$b] id is root" "uid=0(root) gid=0(root) groups=0(root)" \
		"$(run -0 -- id)"
	expect "[$b] --fake-root is -0" "0 0" "$(run --fake-root -- id -u) $(run --root-id -- id -g)"
	expect "[$b] own files show as root" "0 0" \
		"$(run -0 -- sh -c 'touch mine; stat -c "%u %g" mine')"
	expect "[$b] chown then stat" "12 34 12 34 12 34" \
		"$(run -0 -- sh -c 'touch f; chown 12:34 f && stat -c "%u %g" f;
			stat -L -c "%u %g" f; ls -ln f | cut -d" " -f3-4 |
			tr "\n" " "' | tr '\n' ' ' | sed 's/ *$//')"
	expect "[$b] chown -h of a symlink" "7 0 0 0" \
		"$(run -0 -- sh -c 'touch t; ln -s t l; chown -h 7 l;
			stat -c "%u %g" l; stat -L -c "%u %g" t' | tr '\n' ' ' |
			sed 's/ *$//')"
	expect "[$b] chmod recorded" "4755" \
		"$(run -0 -- sh -c 'touch m; chmod 4755 m; stat -c %a m')"
	expect "[$b] chown clears set-id bits" "755" \
		"$(run -0 -- sh -c 'touch n; chmod 4755 n; chown 1 n; stat -c %a n')"
	expect "[$b] chmod passes to the host too" "-rwx------" \
		"$(run -0 -- sh -c 'touch h; chmod 700 h'; ls -l h | cut -c1-10)"
	expect "[$b] mknod c shows a char device" "character special file 1 3 crw-r-----" \
		"$(run -0 -- sh -c 'umask 027; mknod null c 1 3 &&
			stat -c "%F %t %T %A" null')"
	expect "[$b] the device is an empty file on the host" "regular empty file" \
		"$(stat -c %F null)"
	expect "[$b] mknod b, fifo" "block special file 8 1|fifo" \
		"$(run -0 -- sh -c 'mknod sda b 8 1; mknod p p;
			stat -c "%F %t %T" sda; stat -c %F p' | tr '\n' '|' |
			sed 's/|$//')"
	expect "[$b] statx, newfstatat, fstat agree" "12 34|12 34|12 34" \
		"$(run -0 -- sh -c 'touch x; chown 12:34 x; stat -c "%u %g" x;
			find x -printf "%U %G\n"; stat -c "%u %g" - < x' |
			tr '\n' '|' | sed 's/|$//')"
	expect "[$b] setuid is tracked" \
		"setuid = 0|getuid = 100|geteuid = 100|setuid = -1 EPERM|getuid = 100" \
		"$(run -0 -- "$S" setuid 100 , getuid , geteuid , setuid 0 , getuid |
			tr '\n' '|' | sed 's/|$//')"
	expect "[$b] setgroups, setgid" "setgroups = 0|getgroups = 2|setgid = 0|getgid = 7" \
		"$(run -0 -- "$S" setgroups 2 u32:5,6 , getgroups 0 0 , setgid 7 , getgid |
			tr '\n' '|' | sed 's/|$//')"
	if command -v python3 >/dev/null; then
		expect "[$b] a forked child keeps the ids" "100 100" \
			"$(run -0 -- python3 -c 'import os
os.setuid(100)
if os.fork() == 0:
	print(os.getuid(), os.geteuid())
	os._exit(0)
os.wait()')"
	else
		missing_pkg "[$b] a forked child keeps the ids" python3
	fi

	# capabilities, securebits, no_new_privs, set-id programs, as root does
	if [ -n "$native_caps" ]; then
		mkdir caps && cp "$CAPS" caps/capsprobe && cp "$CAPS" caps/capsprobe-suid &&
			chown -R nobody caps && chmod 4755 caps/capsprobe-suid
		same "[$b] capsprobe: credentials as the kernel keeps them" \
			"$native_caps" "$(cd caps && run -0 -- ./capsprobe)"
		mkdir perms && chown nobody perms
		same "[$b] permission checks of fake users as natively" \
			"$native_perms" "$(cd perms && run -0 -- sh "$tmp/perms-guest.sh")"
		# inside a path view, where umvm hands the host pinned names
		mkdir perms-r && chown nobody perms-r
		same "[$b] permission checks in a path view (-r /) as natively" \
			"$native_perms" "$(cd perms-r && run -0 -r / -- sh "$tmp/perms-guest.sh")"
	else
		skip_host "[$b] capsprobe, perms-guest.sh" "the native side needs root and setpriv"
	fi
	expect "[$b] setpriv --reuid --regid --clear-groups" "1000 1000" \
		"$(run -0 -- setpriv --reuid=1000 --regid=1000 --clear-groups sh -c 'echo $(id -u) $(id -g)')"
	expect "[$b] a user cannot read root's 0600 file" \
		"cat: secret: Permission denied|1" \
		"$(run -0 -- sh -c 'echo s >secret; chmod 600 secret
			setpriv --reuid=1000 --regid=1000 --clear-groups cat secret
			echo "|$?"' | tr -d '\n')"

	# Records across runs
	db=$tmp/$b/records.db
	run -0 --ownership-db "$db" -- sh -c 'touch a; chown 5:6 a; mkdir d;
		chown 7:8 d; mknod dev c 4 5; chmod 2750 d' >/dev/null
	expect "[$b] second run sees the records" "5 6 -rw-r--r--|7 8 drwxr-s---|0 0 crw-r--r-- 4 5" \
		"$(run -0 --ownership-db "$db" -- stat -c "%u %g %A" a d |
			tr '\n' '|'; run -0 --ownership-db "$db" -- stat -c "%u %g %A %t %T" dev)"
	expect "[$b] the db is text, one line per inode" "4" "$(wc -l < "$db" | tr -d ' ')"
	contains "[$b] the db names the path" "$tmp/$b/a" "$(cat "$db")"
	run -0 --ownership-db "$db" -- sh -c 'rm dev; mv a b' >/dev/null
	expect "[$b] rm drops the record, mv keeps it" "3 5 6" \
		"$(wc -l < "$db" | tr -d ' ') $(run -0 --ownership-db "$db" -- stat -c "%u %g" b)"
	contains "[$b] mv updates the path" "$tmp/$b/b" "$(cat "$db")"
	expect "[$b] without the db the records are gone" "0 0" \
		"$(run -0 -- stat -c "%u %g" b)"
	# Records by path (dev and ino 0): relative to the root, or here
	mkdir -p tree/etc tree/opt tree/usr && touch tree/etc/shadow tree/opt/su &&
		ln -s usr/bin tree/bin && ln -s usr/lib tree/lib && ln -s usr/lib64 tree/lib64
	printf '0 0 0 42 640 0 etc/shadow\n0 0 0 0 4755 0 opt/su\n0 0 1 1 644 0 missing\n' >bypath.db
	expect "[$b] records by path, inside the root" \
		"0 42 -rw-r----- /etc/shadow|0 0 -rwsr-xr-x /opt/su" \
		"$(cp bypath.db r.db; run -0 -r tree -b /usr --ownership-db r.db -- \
			/bin/sh -c 'stat -c "%u %g %A %n" /etc/shadow /opt/su' 2>&1 |
			tr '\n' '|' | sed 's/|$//'; true)"
	expect "[$b] records by path, written back as records" "2" \
		"$(grep -c '^[1-9]' r.db)"
	expect "[$b] records by path, relative to the current directory" \
		"0 42 -rw-r-----" \
		"$(cp bypath.db c.db; cd tree && run -0 --ownership-db ../c.db -- stat -c "%u %g %A" etc/shadow)"
	cd "$tmp" || exit 2
done

# The host refuses: chmod and chown of a file we do not own succeed and
# stay in the run; the host file is unchanged.
if [ -n "$asuser" ] || [ "$(id -u)" != 0 ]; then
	cd "$tmp" || exit 2
	echo x > theirs
	chmod 644 theirs
	[ -n "$asuser" ] && chown root:root theirs
	if [ -n "$asuser" ] || [ "$(stat -c %u theirs)" != "$(id -u)" ]; then
		expect "host refuses: chmod, chown recorded" "600 3 3" \
			"$(timeout 60 $asuser "$U" run -0 -- sh -c 'chmod 600 theirs &&
				chown 3:3 theirs && stat -c "%a %u %g" theirs' 2>&1)"
		expect "host refuses: host file unchanged" "644" "$(stat -c %a theirs)"
	fi
fi

# dpkg: a package built as a user with files of other owners, installed
# by dpkg (its own database), then seen with those owners in a later run.
if command -v dpkg-deb >/dev/null && command -v dpkg >/dev/null; then
	cd "$tmp" || exit 2
	mkdir -p pkg/DEBIAN pkg/usr/share/hello pkg/var/lib/hello admin/info \
		admin/updates admin/triggers inst
	touch admin/status admin/available
	printf 'Package: hello-umvm\nVersion: 1.0\nArchitecture: all\nMaintainer: umvm <umvm@localhost>\nDescription: umvm test package\n' >pkg/DEBIAN/control
	echo hello >pkg/usr/share/hello/README
	echo state >pkg/var/lib/hello/state
	[ -n "$asuser" ] && chown -R nobody:nogroup "$tmp"
	db=$tmp/dpkg.db
	out=$(timeout 120 $asuser "$U" run -0 --ownership-db "$db" -- sh -c '
		chown -R 0:0 pkg && chown 1:1 pkg/var/lib/hello pkg/var/lib/hello/state &&
		chmod 750 pkg/var/lib/hello &&
		dpkg-deb --build pkg hello.deb >/dev/null &&
		dpkg-deb -c hello.deb | grep -q "daemon/daemon.*state" &&
		PATH=/usr/sbin:/usr/bin:/sbin:/bin dpkg --admindir=admin --instdir=inst \
			--force-script-chrootless --force-not-root --log=/dev/null \
			-i hello.deb >/dev/null && echo installed' 2>&1)
	expect "dpkg-deb and dpkg -i under -0" "installed" "$out"
	expect "a later run sees dpkg's owners" "0 0 rw-r--r--|1 1 drwxr-x---|1 1 rw-r--r--" \
		"$(timeout 60 $asuser "$U" run -0 --ownership-db "$db" -- sh -c '
			stat -c "%u %g %A" inst/usr/share/hello/README | sed "s/ -/ /";
			stat -c "%u %g %A" inst/var/lib/hello;
			stat -c "%u %g %A" inst/var/lib/hello/state | sed "s/ -/ /"' 2>&1 |
			tr '\n' '|' | sed 's/|$//')"
else
	missing_pkg "dpkg: dpkg-deb or dpkg" dpkg
fi

# Bad input: one line, exit 125, before the guest runs.
cd "$tmp" || exit 2
printf '# umvm ownership records\n1 2 3 4 100644 0 /x\n1 2 three\n' >bad.db
got=$("$UMVM" run -0 --ownership-db bad.db -- /bin/sh -c 'echo guest ran' 2>&1)
expect "malformed db: file:line" "125 umvm: bad.db:3: malformed record (want: dev ino uid gid mode rdev path)" "$? $got"
got=$("$UMVM" run --ownership-db x.db -- true 2>&1)
expect "--ownership-db without -0" "125 umvm: --ownership-db: needs -0/--root-id" "$? $got"
got=$("$UMVM" run -0 --ownership-db /nonexistent/x.db -- true 2>&1)
expect "db in a missing directory" "125 umvm: --ownership-db: cannot write '/nonexistent/x.db': No such file or directory" "$? $got"

finish
