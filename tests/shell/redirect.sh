# SPDX-License-Identifier: GPL-2.0
# Redirections, here-documents, files in a temp dir.
d=$(mktemp -d "${TMPDIR:-/tmp}/umvm-sh.XXXXXX") || exit 1
cd "$d" || exit 1
echo one > f
echo two >> f
cat < f
{ echo out; echo err >&2; } > both 2>&1
sort both
exec 4> fd4
echo "through fd 4" >&4
exec 4>&-
cat fd4
cat <<EOT
heredoc with expansion: $((2 + 3))
EOT
cat <<'EOT'
quoted heredoc: $HOME stays
EOT
ls | sort | tr '\n' ' '; echo
wc -c < f | tr -d ' '
cd / && rm -r "$d"
echo "cleaned: $(test -d "$d" && echo no || echo yes)"
