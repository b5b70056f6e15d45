/* SPDX-License-Identifier: GPL-2.0 */
/* Die from SIGKILL sent to ourselves. */
#include "tests.h"

int main(void)
{
	t_init();
	printf("raising SIGKILL\n");
	raise(SIGKILL);
	printf("survived SIGKILL\n");
	return 1;
}
