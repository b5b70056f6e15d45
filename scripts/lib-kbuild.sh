# SPDX-License-Identifier: GPL-2.0
#
# What scripts/build-kernel.sh (the QEMU PTRACE_VM host) and
# scripts/build-uml.sh (the UML guest) share: Debian's linux-source-6.1,
# a cache key, and one recipe (extract, patch, configure, build) that
# prints progress while make runs.  Sourced by bash; set $prog first.
#
# Exit status of the scripts: 78 when a package is missing (the line
# names it; tests/lib.sh counts that as a failure, scripts/deps.sh
# installs it), never an apt-get of their own.

src_pkg=linux-source-6.1
tarball=/usr/src/linux-source-6.1.tar.xz
cache=${UMVM_CACHE:-$HOME/.cache/umvm}

. "$(dirname "${BASH_SOURCE[0]}")/lib-cli.sh"
# note: what is only news to someone watching (UMVM_BUILD_QUIET=1: silent)
note() { [ -n "${UMVM_BUILD_QUIET:-}" ] || say "$@"; }

# missing PACKAGE WHAT: stop, naming the package to install.
missing()
{
	say "missing package $1 ($2): sudo apt-get install --no-install-recommends $1 (or scripts/deps.sh)"
	exit 78
}

# kbuild_sources DIR: what linux/DIR of this repository holds for a
# kernel: its config $fragment and its $patches.
kbuild_sources()
{
	local linux
	linux=$(cd "$(dirname "${BASH_SOURCE[0]}")/../linux/$1" && pwd)
	fragment=$linux/config.fragment
	shopt -s nullglob
	patches=("$linux"/*.patch)
	shopt -u nullglob
}

# kbuild_need_tools [HEADER:PACKAGE...]: the source package and the tools
# of a kernel build.  Sets $version.
kbuild_need_tools()
{
	local t p spec
	version=$(dpkg-query -W -f='${Version}' "$src_pkg" 2>/dev/null || true)
	[ -n "$version" ] && [ -f "$tarball" ] || missing "$src_pkg" "$tarball"
	for t in make:make gcc:gcc flex:flex bison:bison bc:bc xz:xz-utils \
		 patch:patch; do
		command -v "${t%%:*}" >/dev/null || missing "${t#*:}" "${t%%:*}"
	done
	for spec in "$@"; do
		p=${spec#*:}
		[ -f "/usr/include/${spec%%:*}" ] || missing "$p" "${spec%%:*}"
	done
}

# kbuild_key WORDS...: the cache key over everything that shapes the
# result: the source version, the patches, the fragment (file contents),
# the recipe below (its code, not its comments) and WORDS.  Editing a
# comment or these scripts' other parts does not rebuild a kernel.
kbuild_key()
{
	local p
	{
		echo "source $src_pkg $version"
		for p in "${patches[@]}"; do
			echo "patch $(basename "$p")"
			cat "$p"
		done
		echo "fragment"
		cat "$fragment"
		echo "recipe"
		declare -f kbuild_tree
		echo "$*"
	} | sha256sum | cut -c1-16
}

# kbuild_status OUT FILE: for --status: print OUT/FILE's path; the status
# is 0 when it is built, 1 when not.
kbuild_status()
{
	echo "$1/$2"
	[ -e "$1/$2" ] && exit 0
	exit 1
}

# kbuild_cached OUT FILE say|note: when OUT/FILE is built, tell it (say:
# always; note: unless quiet), print its path and exit 0.  Otherwise hold
# OUT's lock until exit, waiting while another process builds it, and
# look again.
kbuild_cached()
{
	[ -e "$1/$2" ] || kbuild_lock "$1"
	if [ -e "$1/$2" ]; then
		"$3" "cached: $1"
		echo "$1/$2"
		exit 0
	fi
}

# kbuild_build OUT ARCH BASECONFIG TARGET FILE: build the kernel (see
# kbuild_tree) in a scratch folder, keep FILE (its path in the tree) and
# the .config in OUT and print the path of OUT's copy of FILE.
kbuild_build()
{
	local out=$1 ksrc
	jobs=${UMVM_JOBS:-$(nproc)}
	kbuild_workdir
	kbuild_tree "$work" "$2" "$3" "$4" || { UMVM_KEEP_BUILD=1; exit 1; }
	ksrc=$work/$src_pkg
	mkdir -p "$out.tmp"
	cp "$ksrc/$5" "$ksrc/.config" "$out.tmp/"
	echo "$src_pkg $version" > "$out.tmp/source"
	rm -rf "$out"
	mv "$out.tmp" "$out"
	echo "$out/$(basename "$5")"
}

# kbuild_progress LOG PID: a line every minute while make runs, so that a
# first build (10 to 25 minutes on 2 CPUs) does not look hung.
kbuild_progress()
{
	local log=$1 pid=$2 t0 n=0
	t0=$(date +%s)
	while kill -0 "$pid" 2>/dev/null; do
		sleep 1
		n=$((n + 1))
		[ $((n % 60)) = 0 ] || continue
		say "building: $(grep -cE '^  (CC|AS|AR|LD)' "$log" 2>/dev/null) files done, $(( ($(date +%s) - t0) / 60 )) min"
	done
}

# kbuild_tree WORK ARCH BASECONFIG TARGET: extract, patch, configure
# (BASECONFIG, then the fragment, which must stick), build TARGET with
# $jobs jobs in WORK/$src_pkg.  Progress on stderr, logs in WORK.
kbuild_tree()
{
	local work=$1 arch=$2 base=$3 target=$4 ksrc=$1/$src_pkg p line
	local unmet=0 pid rc start
	say "extracting $tarball ($version)"
	tar -C "$work" -xf "$tarball" || return 1
	for p in "${patches[@]}"; do
		say "applying $(basename "$p")"
		patch -d "$ksrc" -p1 --batch --quiet < "$p" || return 1
	done
	say "configuring: $base + $(basename "$fragment")"
	{
		make -C "$ksrc" ARCH="$arch" "$base" &&
		ARCH="$arch" "$ksrc"/scripts/kconfig/merge_config.sh -m \
			-O "$ksrc" "$ksrc/.config" "$fragment" &&
		make -C "$ksrc" ARCH="$arch" olddefconfig
	} > "$work/config.log" 2>&1 || {
		tail -20 "$work/config.log" >&2
		say "configuration failed"
		return 1
	}
	while read -r line; do
		grep -qxF "$line" "$ksrc/.config" || {
			say "config: $line did not stick"
			unmet=1
		}
	done < <(grep -E '^CONFIG_[A-Z0-9_]+=' "$fragment")
	[ "$unmet" = 0 ] || { say "config fragment not satisfied"; return 1; }

	say "building $target (ARCH=$arch) with -j$jobs (log: $work/build.log)"
	start=$(date +%s)
	make -C "$ksrc" ARCH="$arch" -j"$jobs" "$target" > "$work/build.log" 2>&1 &
	pid=$!
	kbuild_progress "$work/build.log" "$pid"
	wait "$pid"
	rc=$?
	if [ "$rc" != 0 ]; then
		grep -E 'error|Error' "$work/build.log" | head -20 >&2 || true
		tail -20 "$work/build.log" >&2
		say "build failed"
		return 1
	fi
	say "built in $(( $(date +%s) - start ))s"
}

# kbuild_lock OUT [FD]: hold OUT.lock (on fd FD, default 9) until exit,
# waiting while another process (another suite of make check) builds OUT.
kbuild_lock()
{
	local fd=${2:-9}
	mkdir -p "$cache"
	eval "exec $fd>\"\$1.lock\""
	if ! flock -n "$fd"; then
		say "waiting for another build of $(basename "$1")"
		flock "$fd"
	fi
}

# kbuild_workdir: a build directory in the cache, removed at exit unless
# UMVM_KEEP_BUILD=1 or the build failed.  Sets $work.
kbuild_workdir()
{
	mkdir -p "$cache"
	work=$(mktemp -d "$cache/build.XXXXXX")
	trap 'kbuild_cleanup' EXIT
}

kbuild_cleanup()
{
	if [ -z "${UMVM_KEEP_BUILD:-}" ]; then
		rm -rf "$work"
	else
		say "build tree kept in $work"
	fi
}
