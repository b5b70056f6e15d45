// SPDX-License-Identifier: GPL-2.0
/*
 * Not an escape: the interpreter outside the view that fexec's script
 * names.  If it runs, something got out.
 */
#include "escape.h"

int main(void)
{
	escaped("fexecve ran an interpreter outside the view");
}
