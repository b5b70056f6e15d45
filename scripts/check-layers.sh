#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The layering the tree promises (docs/architecture.md), checked on the
# built objects rather than on what the sources seem to say:
#
#   host boundary  no object outside os-Linux/ (and bench/, which measures
#                  raw mechanisms on purpose) references a host system call
#                  or its libc wrapper: its undefined symbols (nm -u) name
#                  none of the list below.
#   calls down     an os-Linux/ object's undefined symbols are defined in
#                  os-Linux/ objects or in the C library, never in skas/,
#                  arch-um/, main/ or bench/.
#   includes down  include/ headers include only include/ headers (or the
#                  generated syscall tables); os-Linux/ sources include no
#                  header of skas/, arch-um/, main/ or bench/ (read from
#                  the compiler's dependency files, build/ * /*.d).
#   no circles     in the graph "file A uses a symbol file B defines",
#                  every strongly connected set of two or more files is
#                  reported: two files that call each other, directly or
#                  round a longer circle, are one subject split in two.
#   no dead code   every global function or variable is used somewhere.
#   PTRACE_VM      include/ptrace_vm.h is the one source of its numbers
#                  and tags: no other C file defines them, and the kernel
#                  patches (linux/host, linux/uml) define the same values.
#
# usage: scripts/check-layers.sh     (builds umvm first when needed)
set -u
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh
pass=0 fail=0 skip=0
command -v nm >/dev/null || suite_missing binutils "nm"
make -s umvm >/dev/null || { echo "check-layers: make umvm failed"; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/umvm-layers.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

# Host system calls and the libc functions that are thin wrappers of one:
# what only os-Linux/ may call.
host_calls='ptrace wait wait3 wait4 waitpid waitid
process_vm_readv process_vm_writev seccomp prctl kill tkill tgkill raise
open open64 openat openat64 __open_2 __openat_2 creat read __read_chk
write close close_range pread pread64 pwrite pwrite64 readv writev
preadv pwritev lseek lseek64 dup dup2 dup3 pipe pipe2 fcntl ioctl flock
fsync fopen fopen64 fdopen freopen opendir fdopendir nftw
socket socketpair connect bind listen accept accept4 send sendto sendmsg
recv recvfrom recvmsg mmap mmap64 munmap mprotect mremap memfd_create
uname sethostname syscall fork vfork clone clone3 _exit
execve execv execvp execvpe execl execlp execle fexecve execveat
setuid setgid seteuid setegid setreuid setregid setresuid setresgid
setgroups getuid geteuid getgid getegid getresuid getresgid getpid getppid
gettid setsid setpgid getrlimit setrlimit prlimit getrusage setitimer
sigaction sigprocmask pthread_sigmask sigtimedwait sigwaitinfo signalfd
stat stat64 fstat fstat64 lstat lstat64 fstatat fstatat64 statx access
faccessat chdir fchdir chroot chmod fchmod fchmodat chown fchown lchown
fchownat mkdir mkdirat mkdtemp mkfifo mknod mknodat rmdir unlink unlinkat
rename renameat symlink symlinkat link linkat readlink readlinkat
realpath getcwd umask truncate ftruncate mount umount umount2 unshare
setns pivot_root nanosleep usleep'
host_calls=$(echo "$host_calls" | tr ' ' '\n' | grep . | sort -u)
sched_re='^sched_[a-z_]+$'

# The objects umvm is linked from, one "DIR FILE.o" a line.
make -s print-srcs | tr ' ' '\n' | grep . |
	sed 's|^\(.*\)\.c$|build/\1.o|' >"$tmp/objs"
# nm -A: "OBJECT:ADDRESS TYPE SYMBOL", or "OBJECT: U SYMBOL" when undefined.
# shellcheck disable=SC2046 # object paths have no blanks
nm -A $(cat "$tmp/objs") | awk '{
		split($1, f, ":"); o = f[1]
		if ($(NF - 1) == "U") print o, "U", $NF
		else if ($(NF - 1) ~ /^[A-TV-Z]$/) print o, "D", $NF
	}' >"$tmp/syms"
grep ' D ' "$tmp/syms" | awk '{print $3, $1}' | sort -u >"$tmp/defs"
grep ' U ' "$tmp/syms" | awk '{print $1, $3}' | sort -u >"$tmp/uses"

src() { echo "$1" | sed 's|^build/||; s|\.o$|.c|'; }
dir_of() { echo "$1" | sed 's|^build/||; s|/.*||'; }

# --- host boundary, and calls down: per object, the host calls it makes
# outside os-Linux/ (and bench/), and for an os-Linux/ object what it
# uses from the layers above.
echo "$host_calls" >"$tmp/host_calls"
awk -v re="$sched_re" '
	FILENAME == ARGV[1] { host[$1] = 1; next }
	FILENAME == ARGV[2] { def[$1] = $2; next }
	FILENAME == ARGV[3] { objs[++n] = $1; next }
	(host[$2] || $2 ~ re) && !seen[$1, $2]++ { calls[$1] = calls[$1] $2 " " }
	$1 ~ /^build\/os-Linux\// && ($2 in def) && def[$2] !~ /^build\/os-Linux\// {
		d = def[$2]; sub(/^build\//, "", d)
		up[$1] = up[$1] $2 " (" d ") "
	}
	END {
		for (i = 1; i <= n; i++) {
			o = objs[i]; c = o
			sub(/^build\//, "", c); sub(/\.o$/, ".c", c)
			if (c ~ /^os-Linux\//)
				verdict(up[o], "calls-down " c, "calls into a higher layer")
			else if (c !~ /^bench\//)
				verdict(calls[o], "boundary " c, "host calls outside os-Linux/")
		}
	}
	function verdict(what, name, why) {
		print (what == "" ? "ok " name : "FAIL " name ": " why ": " what)
	}' "$tmp/host_calls" "$tmp/defs" "$tmp/objs" "$tmp/uses" >"$tmp/v"
while read -r v rest; do
	case $v in
	ok) ok "$rest" ;;
	*) bad "$rest" ;;
	esac
done <"$tmp/v"

# --- includes down
for h in include/*.h; do
	wrong=$(sed -n 's/^#[ \t]*include[ \t]*"\([^"]*\)".*/\1/p' "$h" |
		while read -r i; do
			[ -f "include/$i" ] && continue
			case $i in sysent-*.h) continue ;; esac
			printf '%s ' "$i"
		done)
	if [ -z "$wrong" ]; then
		ok "includes $h"
	else
		bad "includes $h: includes from outside include/: $wrong"
	fi
done
for o in $(grep '^build/os-Linux/' "$tmp/objs"); do
	dep=${o%.o}.d
	if [ ! -f "$dep" ]; then
		bad "includes $(src "$o"): no $dep (make builds with -MMD)"
		continue
	fi
	wrong=$(tr ' \\' '\n\n' <"$dep" | sed 's|[^/]*/\.\./||g; s|:$||' |
		grep -E '^(skas|arch-um|main|bench)/' |
		sort -u | tr '\n' ' ')
	if [ -z "$wrong" ]; then
		ok "includes $(src "$o")"
	else
		bad "includes $(src "$o"): headers of a higher layer: $wrong"
	fi
done

# --- no circles: file -> file edges, then the strongly connected sets
awk '{ print $2, $1 }' "$tmp/uses" | sort >"$tmp/uses.bysym"
join "$tmp/uses.bysym" "$tmp/defs" | awk '$2 != $3 { print $2, $3, $1 }' |
	sed 's|build/||g; s|\.o |.c |g' | sort -u >"$tmp/symedges"
awk '{ print $1, $2 }' "$tmp/symedges" | sort -u >"$tmp/edges"
awk '
	{ n[$1] = 1; n[$2] = 1; out[$1] = out[$1] " " $2 }
	END {
		# reach[a, b]: b can be reached from a (a breadth-first walk
		# from every file; a few hundred files, a few thousand edges)
		for (a in n) {
			qh = qt = 0; q[qt++] = a; seen[a, a] = 1
			while (qh < qt) {
				x = q[qh++]
				k = split(out[x], nb, " ")
				for (i = 1; i <= k; i++)
					if (!((a, nb[i]) in seen)) {
						seen[a, nb[i]] = 1; q[qt++] = nb[i]
					}
			}
		}
		for (a in n) {
			if (a in done)
				continue
			set = a; cnt = 1
			for (b in n)
				if (b != a && ((a, b) in seen) && ((b, a) in seen)) {
					set = set " " b; cnt++; done[b] = 1
				}
			if (cnt > 1)
				print set
		}
	}' "$tmp/edges" | while read -r set; do
	echo "$set" | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//'
	echo
done | sort >"$tmp/circles"
if [ -s "$tmp/circles" ]; then
	while read -r set; do
		bad "circle: files that call each other: $set"
		# What each file of the circle uses from the others: the
		# calls to move (at most 40 lines).
		echo "$set" | awk 'NR == FNR { for (i = 1; i <= NF; i++) in_set[$i] = 1; next }
			in_set[$1] && in_set[$2] {
				k = $1 " -> " $2; if (!(k in u)) order[++n] = k
				u[k] = u[k] " " $3
			}
			END {
				for (i = 1; i <= n && i <= 40; i++)
					print "    " order[i] ":" u[order[i]]
				if (n > 40)
					print "    ... and " n - 40 " more"
			}' - "$tmp/symedges"
	done <"$tmp/circles"
else
	ok "circles: none among $(wc -l <"$tmp/objs") files"
fi

# --- no dead code: a global no other object uses and its own file names
# only where it defines it is called by nobody (main() excepted).
awk '{ print $2 }' "$tmp/uses" | sort -u >"$tmp/used"
dead=$(awk '{ print $1, $2 }' "$tmp/defs" | join -v1 - "$tmp/used" |
	while read -r sym o; do
		[ "$sym" = main ] && continue
		[ "$(grep -cw "$sym" "$(src "$o")")" -le 1 ] &&
			printf '%s (%s) ' "$sym" "$(src "$o")"
	done)
if [ -z "$dead" ]; then
	ok "dead code: every global is used"
else
	bad "dead code: defined, never used: $dead"
fi

# --- PTRACE_VM: one header, and the kernel patches agree with it
# defines FILE: "NAME VALUE" for each #define of FILE (a patch's added
# lines too), comments dropped and blanks squeezed.
defines()
{
	sed -n 's/^+\{0,1\}#[ \t]*define[ \t]\{1,\}\([A-Z_][A-Z0-9_]*\)[ \t]\{1,\}\(.*\)$/\1 \2/p' "$1" |
		sed 's|/\*.*\*/||; s/[ \t][ \t]*/ /g; s/ $//'
}
defines include/ptrace_vm.h | grep -v '^_UAPI' >"$tmp/abi"
names=$(awk '{ print $1 }' "$tmp/abi")
others=$(grep -rlE "^#[[:blank:]]*define[[:blank:]]+($(echo $names | tr ' ' '|'))[[:blank:]]" \
	--include='*.c' --include='*.h' . | grep -v '^\./include/ptrace_vm\.h$' |
	sed 's|^\./||' | tr '\n' ' ')
if [ -z "$others" ]; then
	ok "ptrace_vm.h: the only C definition of PTRACE_VM's numbers and tags"
else
	bad "ptrace_vm.h: defined again in $others(include include/ptrace_vm.h)"
fi
for p in linux/host/*.patch linux/uml/*.patch; do
	defines "$p" >"$tmp/patch"
	[ -s "$tmp/patch" ] || continue
	wrong= seen=0
	while read -r name value; do
		got=$(awk -v n="$name" '$1 == n { $1 = ""; sub(/^ /, ""); print }' \
			"$tmp/patch" | sort -u)
		[ -z "$got" ] && continue
		seen=$((seen + 1))
		[ "$got" = "$value" ] || wrong="$wrong $name=$got (want $value);"
	done <"$tmp/abi"
	case $p in linux/host/*) [ "$seen" -eq "$(wc -l <"$tmp/abi")" ] ||
		wrong="$wrong defines $seen of the $(wc -l <"$tmp/abi") names;" ;;
	esac
	[ "$seen" -eq 0 ] && [ -z "$wrong" ] && continue
	if [ -z "$wrong" ]; then
		ok "ptrace_vm.h = $p ($seen names)"
	else
		bad "ptrace_vm.h = $p:$wrong"
	fi
done
# Kernel-side names (not in the header) defined by several patches agree.
for p in linux/host/*.patch linux/uml/*.patch; do
	defines "$p" | grep '^PTRACE_VM\|^VM_'
done | sort -u | awk '{ print $1 }' | uniq -d >"$tmp/clash"
clash=$(tr '\n' ' ' <"$tmp/clash")
if [ -z "$clash" ]; then
	ok "kernel patches: their PTRACE_VM definitions agree with each other"
else
	bad "kernel patches: different values for $clash"
fi
summary
