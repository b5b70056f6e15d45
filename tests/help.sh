#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# umvm's help and its man page say the same: `umvm --help` lists every
# subcommand, `umvm COMMAND --help` works for each, and every option a
# subcommand's --help lists is in docs/umvm.1 (and, for run and boot,
# every option the man page gives them is in --help), so the two cannot
# drift.  The man page renders without warnings.
#
# usage: tests/help.sh [--umvm PATH]
set -u
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh
UMVM=./umvm
[ "${1:-}" = --umvm ] && UMVM=$2
[ -x "$UMVM" ] || { echo "help.sh: no umvm at $UMVM (run make)"; exit 2; }
pass=0 fail=0 skip=0
man=${UMVM_MAN:-docs/umvm.1}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/umvm-help.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

# The man page as plain words: roff's \- is a dash.
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' "$man" >"$tmp/man"

# options FILE: every option named in a --help text or man section, one a
# line ("--name" or "-x"), from the lines that describe options.
options()
{
	grep -E '^ +-|^\.(TP|BR|BI|B) |^-' "$1" |
		grep -oE '(^|[ ,[(])--?[A-Za-z0-9][A-Za-z0-9-]*' |
		sed 's/^[ ,[(]//' | grep -vxE -- '-|--' | sort -u
}

# man_section TITLE: the man page's lines from ".SH TITLE" to the next .SH
man_section()
{
	sed -n "/^\\.SH $1\$/,/^\\.SH /p" "$tmp/man" | sed '$d'
}

out=$("$UMVM" --help); st=$?
expect "umvm --help exits 0" 0 "$st"
cmds=$(printf '%s\n' "$out" | sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p')
expect "umvm --help lists the commands" "run boot probe oci bench" "$(echo $cmds)"
for c in $cmds; do
	if grep -qx "\\.B umvm $c" "$man"; then
		ok "$c: in the SYNOPSIS"
	else
		bad "$c: not in the man page's SYNOPSIS"
	fi
	"$UMVM" "$c" --help >"$tmp/$c.help" 2>&1; st=$?
	expect "umvm $c --help exits 0" 0 "$st"
	upper=$(echo "$c" | tr a-z A-Z)
	man_section "$upper OPTIONS" >"$tmp/$c.man"
	n=0 lack=
	for o in $(options "$tmp/$c.help"); do
		n=$((n + 1))
		grep -qE -- "(^|[^A-Za-z0-9-])$o([^A-Za-z0-9-]|\$)" "$tmp/$c.man" ||
			lack="$lack $o"
	done
	if [ -n "$lack" ]; then
		bad "umvm $c: options of --help missing from the man page's $upper OPTIONS:$lack"
	elif [ "$c" = probe ]; then
		expect "probe: no options" 0 "$n"
	elif [ "$n" -gt 3 ]; then
		ok "$c: all $n options of --help are in the man page"
	else
		bad "$c: only $n options found in --help"
	fi
	case $c in run|boot)
		for o in $(options "$tmp/$c.man"); do
			[ "$o" = -h ] || [ "$o" = --help ] && continue
			grep -qE -- "(^|[^A-Za-z0-9-])$o([^A-Za-z0-9-]|\$)" "$tmp/$c.help" ||
				bad "umvm $c: option $o of the man page is not in --help"
		done
	esac
done

# It renders, and without warnings.
if command -v groff >/dev/null; then
	w=$(LC_ALL=C groff -man -ww -z "$man" 2>&1)
	expect "the man page renders without warnings" "" "$w"
else
	missing_pkg "the man page renders" groff-base
fi

summary
