/* SPDX-License-Identifier: GPL-2.0 */
/* Exit with status 42 after writing to stdout and stderr. */
#include "tests.h"

int main(void)
{
	t_init();
	printf("stdout before exit(42)\n");
	fprintf(stderr, "stderr before exit(42)\n");
	return 42;
}
