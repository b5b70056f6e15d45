/* SPDX-License-Identifier: GPL-2.0 */
/* Die from SIGTERM sent with kill(getpid()), after blocking and unblocking it. */
#include "tests.h"

int main(void)
{
	sigset_t set;

	t_init();
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	kill(getpid(), SIGTERM);
	printf("SIGTERM pending while blocked\n");
	printf("unblocking SIGTERM\n");
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	printf("survived SIGTERM\n");
	return 1;
}
