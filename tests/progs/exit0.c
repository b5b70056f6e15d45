/* SPDX-License-Identifier: GPL-2.0 */
/* Exit with status 0 after writing to stdout and stderr. */
#include "tests.h"

int main(void)
{
	t_init();
	printf("stdout before exit(0)\n");
	fprintf(stderr, "stderr before exit(0)\n");
	return 0;
}
