#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Path views (-r, -R, -b, -w): a busybox root filesystem seen through
# umvm must look like the same directory seen through chroot(2) (when we
# are root and can chroot), and no path, link, ".." chain, /proc link or
# directory fd may reach a file outside it.
#
# usage: tests/sandbox/paths.sh [UMVM]   (exit 77 when busybox-static or a
# static libc is missing)

set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/lib.sh
umvm=${1:-$PWD/umvm}
bb=$(command -v busybox || true)
[ -x /bin/busybox ] && bb=/bin/busybox
if [ -z "$bb" ] || ! file -L "$bb" 2>/dev/null | grep -q static &&
   ! ldd "$bb" 2>&1 | grep -q "not a dynamic"; then
	suite_missing busybox-static "a static busybox for the root"
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/umvm-paths.XXXXXX") || exit 2
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
R=$work/root
if ! ${CC:-cc} -static -O2 -o "$work/pathprobe" tests/sandbox/pathprobe.c \
	2>"$work/cc.err"; then
	cat "$work/cc.err"
	suite_missing libc6-dev "cannot link a static test program"
fi

mkdir -p "$R/bin" "$R/etc" "$R/tmp" "$R/home/u" "$R/proc" "$R/mnt" \
	"$work/hostdir"
cp "$bb" "$R/bin/busybox"
for a in sh cat ls ln mkdir rmdir rm mv touch stat readlink pwd chmod \
	 find sort head echo test true; do
	ln -s busybox "$R/bin/$a"
done
cp "$work/pathprobe" "$R/bin/pathprobe"
echo "guest passwd" >"$R/etc/passwd"
echo "host secret" >"$work/secret"
echo "bound file" >"$work/hostdir/file"
ln -s /etc/passwd "$R/home/u/abs"
ln -s ../../../../../../../../etc/passwd "$R/home/u/rel"
ln -s ../../.. "$R/home/u/up"
ln -s ../../etc "$R/home/u/linkdir"
ln -s ../../../secret "$R/home/u/out"
ln -s "$work/secret" "$R/home/u/hostabs"
ln -s loop2 "$R/home/u/loop1"
ln -s loop1 "$R/home/u/loop2"

pass=0 fail=0 skip=0

# expect_file NAME EXPECTED-FILE OUTPUT-FILE
expect_file()
{
	if diff -u "$2" "$3" >"$work/diff"; then ok "$1"; else
		bad "$1"; cat "$work/diff"; fi
}

run()	# run UMVM-OPTIONS... -- PROGRAM...
{
	timeout -s KILL 60 "$umvm" run "$@" 2>&1
}

# 1. The same shell script through chroot and through umvm -r.
script='cd /; cat /etc/passwd; cat ../../../etc/passwd; cat /home/u/abs
cat /home/u/rel; cat /home/u/out 2>&1; readlink /home/u/abs
cd /home/u && pwd; cd linkdir && pwd && pwd -P && ls
cd /home/u/up && pwd -P; cat /home/u/loop1 2>&1
mkdir -p /tmp/d/e && touch /tmp/d/f && mv /tmp/d/f /tmp/d/g
ln /tmp/d/g /tmp/d/h && ln -s g /tmp/d/s && stat -c "%n %h %F" /tmp/d/g /tmp/d/s
rm /tmp/d/h && rmdir /tmp/d/e && chmod 640 /tmp/d/g && stat -c "%a" /tmp/d/g
ls /tmp/d; find / -path /proc -prune -o -name "passwd" -print | sort
stat -L -c "%n %s" /home/u/abs /home/u/rel; readlink /tmp/d/s
test -r /home/u/abs && test ! -e /home/u/out && echo "access ok"
rm -r /tmp/d; echo end'
if [ "$(id -u)" = 0 ] && chroot "$R" /bin/true 2>/dev/null; then
	chroot "$R" /bin/sh -c "$script" >"$work/native" 2>&1
	echo "status $?" >>"$work/native"
	for b in $("$umvm" probe 2>&1 | parse_probe); do
		run --backend="$b" -r "$R" -- /bin/sh -c "$script" >"$work/out"
		echo "status $?" >>"$work/out"
		expect_file "chroot vs -r [$b]" "$work/native" "$work/out"
	done
else
	skip_host "chroot vs -r" "needs root and chroot(2)"
fi

# 1b. A guest that drops to nobody, natively through chroot and under
# umvm -r: the root lies in a directory nobody may not search ($work is
# 0700), which nobody's lookups never pass natively; a relative path
# starts at the working directory, even one below a directory nobody
# may not search (entered as root).
mkdir -p "$R/home/locked/sub"
echo "sub file" >"$R/home/locked/sub/file"
cp "$work/pathprobe" "$R/home/locked/sub/prog"
chmod 700 "$R/home/locked"
chmod 1777 "$R/home/locked/sub"
as_nobody='cd:/home/locked/sub as:65534 cat:file cat:/etc/passwd
	stat:/bin/busybox cat:/home/locked/sub/file cwd exec:./prog
	exec:/bin/pathprobe unix:sock'
if [ "$(id -u)" = 0 ] && chroot "$R" /bin/true 2>/dev/null; then
	# shellcheck disable=SC2086
	chroot "$R" /bin/pathprobe $as_nobody >"$work/native" 2>&1
	grep -q "^file: sub file" "$work/native" ||
		bad "as nobody: the native run is not as expected"
	for b in $("$umvm" probe 2>&1 | parse_probe); do
		# shellcheck disable=SC2086
		run --backend="$b" -r "$R" -- /bin/pathprobe $as_nobody \
			>"$work/out"
		expect_file "as nobody: chroot vs -r [$b]" "$work/native" \
			"$work/out"
	done
else
	skip_host "as nobody: chroot vs -r" "needs root and chroot(2)"
fi

# 2. Escapes, /proc links, directory fds and binds.
cat >"$work/want" <<EOT
/etc/passwd: guest passwd
../../../../etc/passwd: guest passwd
/home/u/abs: guest passwd
/home/u/rel: guest passwd
/home/u/out: No such file or directory
/home/u/hostabs: No such file or directory
/home/u/loop1: Too many levels of symbolic links
etc/passwd: guest passwd
etc/passwd: guest passwd
readlink /proc/self/root: /
/proc/self/root/etc/passwd: guest passwd
chdir /home/u: ok
getcwd: /home/u
readlink /proc/self/cwd: /home/u
/proc/self/cwd/../../../../etc/passwd: guest passwd
../../proc/self/root/../etc/passwd: guest passwd
chdir /home/u/linkdir: ok
getcwd: /etc
readlink /proc/self/exe: /bin/pathprobe
/mnt/file: bound file
chdir /mnt: ok
getcwd: /mnt
readlink /proc/self/cwd: /mnt
unix /tmp/sock: connect: ok
unix /tmp/sock: getsockname: /tmp/sock
unix /tmp/sock: getpeername: /tmp/sock
lstat /home/u/abs: link
lstat /mnt: dir
EOT
run -r "$R" -b /proc -b "$work/hostdir:/mnt" -w /home -- /bin/pathprobe \
	cat:/etc/passwd cat:../../../../etc/passwd cat:/home/u/abs \
	cat:/home/u/rel cat:/home/u/out cat:/home/u/hostabs cat:/home/u/loop1 \
	fd:3:etc/passwd at:/home/u/up:etc/passwd \
	rl:/proc/self/root cat:/proc/self/root/etc/passwd \
	cd:/home/u cwd rl:/proc/self/cwd \
	cat:/proc/self/cwd/../../../../etc/passwd \
	cat:../../proc/self/root/../etc/passwd \
	cd:/home/u/linkdir cwd rl:/proc/self/exe \
	cat:/mnt/file cd:/mnt cwd rl:/proc/self/cwd unix:/tmp/sock \
	stat:/home/u/abs stat:/mnt 3</ >"$work/out"
expect_file "escapes, /proc, dirfds, binds" "$work/want" "$work/out"

# 3. A dynamically linked program from the root: its loader and libraries
# come from the root, not from the host.
if ldd /bin/ls >/dev/null 2>&1; then
	D=$work/dyn
	mkdir -p "$D/usr/bin" "$D/etc"
	cp /bin/ls "$D/usr/bin/ls"
	ldd /bin/ls | awk '/=>/ { print $3 } /^[ \t]*\// { print $1 }' |
	while read -r lib; do
		[ -f "$lib" ] || continue
		mkdir -p "$D/lib-copy$(dirname "$lib")"
		cp -L "$lib" "$D/lib-copy$lib"
	done
	# The libraries live in the root at the host's paths.
	(cd "$D/lib-copy" && cp -a . "$D/") && rm -rf "$D/lib-copy"
	mkdir -p "$D/only-in-root"
	run -r "$D" -- /usr/bin/ls / >"$work/out"
	if grep -qx only-in-root "$work/out" && ! grep -qx home "$work/out"
	then ok "dynamic program from the root"
	else bad "dynamic program from the root"; cat "$work/out"; fi
	# The host's loader is not used: the root's copy is.
	run -r "$D" -- /usr/bin/ls /proc/self/exe >/dev/null 2>&1
	mv "$D/lib64" "$D/lib64.away" 2>/dev/null
	if run -r "$D" -- /usr/bin/ls / >"$work/out" 2>&1; then
		bad "loader missing from the root"; cat "$work/out"
	else ok "loader missing from the root fails"; fi
fi

# 4. A rename race: a guest thread swaps /d for a symlink to "/" while
# another opens /d/PATH, PATH naming a host file outside the view.  umvm
# hands the host paths through directories it holds open, so the host
# never follows the swapped link.  (As a user umvm runs as: as root, as
# "nobody" too, where guests cannot change user.)
if ${CC:-cc} -static -O2 -pthread -o "$R/race" tests/sandbox/race.c \
	2>"$work/cc.err"; then
	mkdir -p "$R/d$work"
	echo guest >"$R/d$work/hostfile"
	echo HOST >"$work/hostfile"
	chmod -R a+rwX "$R"
	chmod a+rx "$work"
	users="$(id -un)"
	[ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && users="$users nobody"
	for u in $users; do
		if [ "$u" = "$(id -un)" ]; then as=""; else
			as="setpriv --reuid=$u --regid=$(id -gn "$u") --clear-groups"; fi
		$as timeout -s KILL 60 "$umvm" run -r "$R" -- /race \
			"$work/hostfile" 3 >"$work/out" 2>&1
		if grep -q '^escapes: 0 opens: [1-9]' "$work/out"; then
			ok "rename race stays inside the view (as $u)"
		else bad "rename race stays inside the view (as $u)"
			cat "$work/out"; fi
	done
else
	bad "rename race: cannot link a static threaded program"; cat "$work/cc.err"
fi

# 5. Listing the host's /proc shows the guest's processes only (sh, ls
# and grep); other directories are listed as they are.
procs=$(run -r / -- /bin/sh -c 'cd /proc && ls | grep -c "^[0-9]"')
native_procs=$(ls /proc | grep -c '^[0-9]')
if [ "$procs" -ge 1 ] && [ "$procs" -le 4 ] && [ "$native_procs" -gt 4 ]
then ok "ls /proc under -r / lists the guest's processes ($procs)"
else bad "ls /proc under -r /: $procs entries (natively $native_procs)"; fi
n=$(run -r / -- /bin/sh -c 'ls / | grep -c "^proc$"')
if [ "$n" = 1 ]; then ok "ls / under -r / is not filtered"
else bad "ls / under -r /: proc listed $n times"; fi

# 5b. umvm makes stat calls itself only for threads with its own
# credentials.  An LSM label can change unseen when a guest writes
# /proc/<pid>/attr/: after such an open (made, or merely tried) umvm
# makes none, and the host answers every one.
statx_row() { awk '$1 == "statx" { print $2 "/" $3 }' "$work/stats"; }
stats_run() { timeout -s KILL 60 "$umvm" run -r / --stats -- /bin/sh -c "$1" \
	>/dev/null 2>"$work/stats"; }
stats_run 'for i in 1 2 3; do stat /tmp; done'
expect "stat under -r /: statx calls/made by umvm" "3/3" "$(statx_row)"
stats_run 'stat /tmp; { : >/proc/self/attr/current; } 2>/dev/null
	stat /tmp; stat /tmp'
expect "after an attr/ open to write, the host answers stat" "3/1" \
	"$(statx_row)"

# 6. Bad input: one line, status 125, before the guest starts.
for args in "-r $work/none" "-r $work/secret" "-b $work/none:/x" \
	    "-r $R -w /none" "-r $R -b $work/hostdir:rel"; do
	# shellcheck disable=SC2086
	timeout 10 "$umvm" run $args -- /bin/true >"$work/out" 2>&1
	st=$?
	if [ $st = 125 ] && [ "$(wc -l <"$work/out")" = 1 ] &&
	   grep -q '^umvm: ' "$work/out"; then ok "bad input: $args"
	else bad "bad input: $args (status $st)"; cat "$work/out"; fi
done

summary
