/* SPDX-License-Identifier: GPL-2.0 */
/* Die from SIGABRT via abort(). */
#include "tests.h"
#include <sys/resource.h>

int main(void)
{
	struct rlimit rl = { 0, 0 };

	t_init();
	setrlimit(RLIMIT_CORE, &rl);
	printf("calling abort\n");
	fprintf(stderr, "stderr before abort\n");
	abort();
}
