# SPDX-License-Identifier: GPL-2.0
#
# What the scripts' command lines share: messages that start with the
# script's name ($prog, set before this is sourced) and the usage text
# kept in the script's header comment.  Sourced by bash.

# say MESSAGE: on stderr, after the script's name
say() { echo "$prog: $*" >&2; }

# die MESSAGE: say it and exit 2, the status of a usage error
die() { say "$*"; exit 2; }

# usage_from FIRST,LAST: lines FIRST to LAST of the running script's
# header comment, without their "# ", on stderr; exit 2.
usage_from()
{
	sed -n "$1s/^# \{0,1\}//p" "$0" >&2
	exit 2
}
