# SPDX-License-Identifier: GPL-2.0
# exec chains: the shell replaces itself, repeatedly.
sh -c 'exec sh -c "exec sh -c \"echo end of chain; exit 9\""'
echo "chain status: $?"
sh -c 'exec 3>&1; echo "via fd 3" >&3'
sh -c 'exec >/dev/null; echo hidden'
echo "after hidden: $?"
sh -c 'exec cat' <<'END'
here document through exec cat
END
sh -c 'echo before exec; exec false; echo not reached'
echo "exec false: $?"
sh -c 'exec /nonexistent/cmd' 2>/dev/null
echo "exec missing: $?"
exec sh -c 'echo "final exec"; exit 0'
