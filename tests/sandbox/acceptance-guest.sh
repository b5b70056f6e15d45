#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# What root does in a fresh Debian root: change users (su, runuser,
# setpriv), be refused another user's file, add a user, install a local
# package whose maintainer scripts add a user and work as it, install a
# package with apt-get.  Run as root inside the root filesystem, natively
# (chroot) and under `umvm run -0 -R`; acceptance.sh compares the output
# case by case ("== NAME" starts a case).
#
# usage: acceptance-guest.sh [--apt]   (--apt: also apt-get, needs the
#        mirror; the package umvm-test.deb is expected in /root; the
#        root's true owners and modes are expected to be in force, as
#        build-rootfs.sh lists them)
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export LC_ALL=C
umask 022
cd /

echo "== su"
su -c id
echo "== su to a user"
su -s /bin/sh nobody -c id
echo "== su to a nologin user"
su nobody -c id
echo "status $?"
echo "== runuser"
runuser -u nobody -- id
echo "== setpriv"
setpriv --reuid=1000 --regid=1000 --clear-groups id
setpriv --reuid=1000 --regid=1000 --clear-groups --inh-caps=-all \
	--bounding-set=-all setpriv -d | grep -v -e '^Parent death' -e '^Securebits'
echo "== a user reads root's 0600 file"
echo secret >/root/secret
chmod 600 /root/secret
su -s /bin/sh nobody -c 'cat /root/secret'
echo "status $?"
runuser -u nobody -- cat /root/secret
echo "status $?"
cat /root/secret
echo "== useradd"
useradd -m -s /bin/sh alice
echo "status $?"
id alice
stat -c '%U %G %a %n' /home/alice
su alice -c 'id -un; echo hi >~/f && cat ~/f; stat -c "%U %G %a %n" ~/f;
	touch /etc/x; echo ok >/tmp/alice-$$ && rm /tmp/alice-$$ && echo tmp ok'
echo "status $?"
echo "== passwd, chpasswd, groups"
echo 'alice:secret' | chpasswd
echo "status $?"
grep -c '^alice:\$' /etc/shadow
groupadd team && usermod -aG team alice && id -nG alice
su alice -c 'id -nG; cat /root/secret'
echo "== true owners: shadow, set-id programs, su as a user"
stat -c '%U %G %a %n' /etc/shadow /usr/bin/su /usr/bin/chage /root
su -s /bin/sh nobody -c 'cat /etc/shadow'
echo "status $?"
su -s /bin/sh nobody -c 'ls /root'
echo "status $?"
su -s /bin/sh nobody -c 'chage -l nobody | head -n 2'
su -s /bin/sh nobody -c 'su -c id </dev/null'
echo "status $?"
su -s /bin/sh nobody -c 'echo secret | su alice -c id'
echo "status $?"
su -s /bin/sh nobody -c 'echo wrong | su alice -c id'
echo "status $?"
su alice -c 'passwd -S'
echo "== dpkg -i with maintainer scripts"
dpkg -i /root/umvm-test.deb >/dev/null
echo "status $?"
dpkg-query -W -f '${Status} ${Version}\n' umvm-test
id umvmtest
stat -c '%U %G %a %n' /var/lib/umvm-test /var/lib/umvm-test/state \
	/usr/share/umvm-test/README
runuser -u umvmtest -- cat /var/lib/umvm-test/state
runuser -u nobody -- cat /var/lib/umvm-test/state
dpkg --purge umvm-test >/dev/null
echo "status $?"
id umvmtest 2>&1
ls /var/lib/umvm-test 2>&1
if [ "${1:-}" = --apt ]; then
	echo "== apt-get install from the mirror"
	apt-get update -qq >/root/apt.log 2>&1
	echo "update status $?"
	apt-get install -y -qq hello >>/root/apt.log 2>&1
	echo "install status $?"
	grep -i -e warn -e '^E:' /root/apt.log
	rm -f /root/apt.log
	hello
	dpkg-query -W -f '${Status} ${Version}\n' hello
	stat -c '%U %G %a %n' /usr/bin/hello /var/cache/apt/archives/partial \
		/var/lib/apt/lists/partial
	ls /var/cache/apt/archives/hello*
fi
