#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Permission checks of non-root users against files root made, run by
# root in an empty directory: natively as real root, and as the fake root
# of `umvm run -0`.  Prints one line per step; fakeroot.sh compares.
#
# usage: perms-guest.sh   (in the directory to work in; needs setpriv)
umask 022
as() {
	_u=$1
	shift
	setpriv --reuid="$_u" --regid="$_u" --clear-groups -- "$@"
}
# step LABEL CMD...: run CMD, print its output and its status
step() {
	_l=$1
	shift
	_o=$("$@" 2>&1)
	echo "$_l: $? $_o"
}

mkdir pub priv sticky grp
chmod 755 pub
chmod 700 priv
chmod 1777 sticky
chmod 750 grp
chown 0:1000 grp
echo secret >secret
chmod 600 secret
echo text >pub/f
echo hidden >priv/f
chmod 644 priv/f
printf '#!/bin/sh\necho ran\n' >pub/x700
chmod 700 pub/x700
cp pub/x700 pub/x755
chmod 755 pub/x755
cp pub/f pub/nox
touch sticky/roots sticky/theirs grp/f
chown 1001:1001 sticky/theirs
chmod 666 sticky/roots sticky/theirs
echo zero >zero
chmod 000 zero

step "root reads a 000 file" cat zero
step "root cannot run a file without x" sh -c ./pub/nox
step "root writes a 000 file" sh -c 'echo more >>zero'
step "read 600 root file" as 1000 cat secret
step "read 644 file" as 1000 cat pub/f
step "list a 700 dir" as 1000 ls priv
step "read through a 700 dir" as 1000 cat priv/f
step "stat through a 700 dir" as 1000 stat -c %s priv/f
step "reopen through /proc/self/fd" sh -c 'exec 3<priv/f
	setpriv --reuid=1000 --regid=1000 --clear-groups cat /proc/self/fd/3'
step "read /dev/stdin of a 700 dir's file" sh -c 'exec <priv/f
	setpriv --reuid=1000 --regid=1000 --clear-groups cat /dev/stdin'
step "access R_OK of a 600 file" as 1000 test -r secret
step "access W_OK of a 644 file" as 1000 test -w pub/f
step "access X_OK of a 700 script" as 1000 test -x pub/x700
step "access X_OK of a 755 script" as 1000 test -x pub/x755
step "run a 700 script" as 1000 ./pub/x700
step "run a 755 script" as 1000 ./pub/x755
step "create in a 755 root dir" as 1000 sh -c 'echo x >pub/new'
step "mkdir in a 755 root dir" as 1000 mkdir pub/d
step "truncate a 644 root file" as 1000 truncate -s 0 pub/f
step "create in a sticky dir" as 1000 sh -c 'echo x >sticky/mine'
step "append to own file" as 1000 sh -c 'echo y >>sticky/mine && cat sticky/mine'
step "own file's owner" as 1000 stat -c '%u %g %a' sticky/mine
step "chmod own file" as 1000 chmod 600 sticky/mine
step "mkdir in a sticky dir" as 1000 mkdir sticky/dir
step "own dir's owner" as 1000 stat -c '%u %g %a' sticky/dir
step "file in own dir" as 1000 sh -c 'echo z >sticky/dir/z && stat -c "%u %g" sticky/dir/z'
step "write another's 666 file" as 1000 sh -c 'echo w >sticky/theirs'
step "rm root's file in a sticky dir" as 1000 rm -f sticky/roots
step "rm another's file in a sticky dir" as 1000 rm -f sticky/theirs
step "mv root's file in a sticky dir" as 1000 mv sticky/roots sticky/moved
step "rm own file in a sticky dir" as 1000 rm sticky/mine
step "rm in a 755 root dir" as 1000 rm -f pub/f
step "chmod a root file" as 1000 chmod 666 pub/f
step "chown a root file" as 1000 chown 1000 pub/f
step "chgrp a root file" as 1000 chgrp 1000 pub/f
step "chown own dir to another" as 1000 chown 1001 sticky/dir
step "group member reads a 750 dir" setpriv --reuid=1002 --regid=1002 --groups=1000 ls grp
step "non-member reads a 750 dir" as 1002 ls grp
sleep 60 &
rootpid=$!
step "a user signals root's process" as 1000 sh -c "kill -TERM $rootpid 2>/dev/null"
step "a user's signal 0 to root's process" as 1000 sh -c "kill -0 $rootpid 2>/dev/null"
step "a user's SIGCONT to root's process, same session" as 1000 kill -CONT $rootpid
step "a user signals its own process" as 1000 sh -c 'sleep 60 & kill $!'
step "a kept effective root signals root's process" \
	setpriv --ruid=1000 --clear-groups sh -c "kill -0 $rootpid"
kill $rootpid
step "after all: root sees" stat -c '%n %u %g %a' pub/f sticky/roots sticky/theirs
