/* SPDX-License-Identifier: GPL-2.0 */
/* Die from SIGSEGV caused by a real fault (store through NULL). */
#include "tests.h"
#include <sys/resource.h>

int main(void)
{
	volatile int *volatile p = NULL;
	struct rlimit rl = { 0, 0 };

	t_init();
	setrlimit(RLIMIT_CORE, &rl);
	printf("about to fault\n");
	*p = 1;
	printf("survived the fault\n");
	return 1;
}
