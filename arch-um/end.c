// SPDX-License-Identifier: GPL-2.0
/*
 * The end of a run: what the personality must keep or report.
 */
#include <string.h>
#include "dispatch.h"
#include "umvm.h"

void personality_end(void)
{
	int r = ownerdb_save();

	if (r < 0)
		warnmsg("--ownership-db: cannot write '%s': %s",
			pers.ownership_db, strerror(-r));
	if (pers.unhandled)
		unhandled_report(stderr);
}
