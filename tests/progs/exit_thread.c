/* SPDX-License-Identifier: GPL-2.0 */
/* A non-main thread calls exit(42) while the main thread sleeps in pause(). */
#include "tests.h"
#include <pthread.h>

static void *worker(void *arg)
{
	(void)arg;
	t_msleep(20);
	printf("worker: calling exit(42)\n");
	exit(42);
}

int main(void)
{
	t_init();
	printf("main: starting worker\n");
	t_thread(worker);
	for (;;)
		pause();
}
