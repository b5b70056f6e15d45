/* SPDX-License-Identifier: GPL-2.0 */
/* A non-main thread faults while the main thread waits in pthread_join(). */
#include "tests.h"
#include <pthread.h>
#include <sys/resource.h>

static void *worker(void *arg)
{
	volatile int *volatile p = arg;

	t_msleep(20);
	printf("worker: about to fault\n");
	*p = 1;
	printf("worker: survived the fault\n");
	return NULL;
}

int main(void)
{
	struct rlimit rl = { 0, 0 };
	pthread_t th;

	t_init();
	setrlimit(RLIMIT_CORE, &rl);
	if (pthread_create(&th, NULL, worker, NULL))
		return 1;
	pthread_join(th, NULL);
	printf("main: join returned\n");
	return 1;
}
