# SPDX-License-Identifier: GPL-2.0
#
# Turn syscalls.list into the rows of the syscall table (C initializers,
# indexed by number).  Usage: awk -f gen-sysent.awk syscalls.list
/^#/ || NF == 0 { next }
{
	nr = $1 + 0
	cls = ""
	n = split($4, c, ",")
	for (i = 1; i <= n; i++)
		cls = cls (i > 1 ? " | " : "") "SC_" c[i]
	printf "\t[%d] = { \"%s\", %d, %s },\n", nr, $2, $3, cls
}
