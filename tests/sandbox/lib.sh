# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the sandbox suites (tests/sandbox/*.sh).  Sourced.
# Sets UMVM (absolute path of umvm), SC (the syscall caller), BACKENDS
# (every backend `umvm probe` reports, or those given with --backend),
# and a scratch directory $tmp (removed at exit, the shell's cwd).
# Reporting (ok, bad, skip_host, missing_pkg, finish): tests/lib.sh.

set -u
export LC_ALL=C
sbx_here=$(cd "$(dirname "$0")" && pwd)
. "$sbx_here/../lib.sh"
UMVM=${UMVM:-$sbx_here/../../umvm}
backends=
suite_args "$0" "$@"
BACKENDS=$backends
SC=$sbx_here/bin/sc
[ -x "$SC" ] || { echo "$0: no $SC (run make test-progs)"; exit 2; }
pass=0 fail=0 skip=0
# Without --backend: every backend `umvm probe` reports, and a first case
# checks that those are all the backends expected here (tests/lib.sh).
if [ -z "$BACKENDS" ]; then
	_probe=$("$UMVM" probe 2>&1)
	BACKENDS=$(printf '%s\n' "$_probe" | parse_probe | tr '\n' ' ')
	check_backends "$_probe" "$BACKENDS"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2

# um ARGS...: umvm run with a timeout; stdout and stderr together
um()
{
	timeout -s KILL 60 "$UMVM" run "$@" 2>&1
}

# finish: the summary line; status 1 when a case failed
finish()
{
	summary
}
