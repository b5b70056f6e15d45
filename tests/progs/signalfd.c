/* SPDX-License-Identifier: GPL-2.0 */
/* signalfd: read blocked signals as records, values, SIGCHLD, poll, mask update. */
#include "tests.h"
#include <poll.h>
#include <sys/signalfd.h>
#include <sys/wait.h>

int main(void)
{
	struct signalfd_siginfo ssi[4];
	struct pollfd pfd;
	sigset_t set;
	union sigval v;
	pid_t pid;
	ssize_t n;
	int fd, st;

	t_init();
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGRTMIN);
	sigprocmask(SIG_BLOCK, &set, NULL);

	fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	check(fd >= 0, "signalfd");
	errno = 0;
	check(read(fd, ssi, sizeof(ssi)) == -1 && errno == EAGAIN, "nothing pending: EAGAIN");

	raise(SIGUSR1);
	pfd.fd = fd;
	pfd.events = POLLIN;
	check(poll(&pfd, 1, 1000) == 1 && (pfd.revents & POLLIN), "poll: readable");
	n = read(fd, ssi, sizeof(ssi));
	check(n == sizeof(ssi[0]), "one record");
	printf("record: %s pid==self %s\n", t_signame(ssi[0].ssi_signo),
	       ssi[0].ssi_pid == (uint32_t)getpid() ? "yes" : "no");

	v.sival_int = 1;
	sigqueue(getpid(), SIGRTMIN, v);
	v.sival_int = 2;
	sigqueue(getpid(), SIGRTMIN, v);
	n = read(fd, ssi, sizeof(ssi));
	printf("queued: %zd records, values %d %d, code %s\n", n / (ssize_t)sizeof(ssi[0]),
	       ssi[0].ssi_int, n >= 2 * (ssize_t)sizeof(ssi[0]) ? ssi[1].ssi_int : -1,
	       ssi[0].ssi_code == SI_QUEUE ? "SI_QUEUE" : "other");

	pid = fork();
	if (pid == 0)
		_exit(6);
	pfd.revents = 0;
	poll(&pfd, 1, 5000);
	n = read(fd, ssi, sizeof(ssi));
	printf("SIGCHLD record: %s code %s status %d pid==child %s\n",
	       t_signame(ssi[0].ssi_signo),
	       ssi[0].ssi_code == CLD_EXITED ? "CLD_EXITED" : "other",
	       ssi[0].ssi_status, ssi[0].ssi_pid == (uint32_t)pid ? "yes" : "no");
	waitpid(pid, &st, 0);

	/* Change the mask: SIGUSR1 no longer reported through the fd. */
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	check(signalfd(fd, &set, 0) == fd, "signalfd mask update");
	raise(SIGUSR1);
	errno = 0;
	check(read(fd, ssi, sizeof(ssi)) == -1 && errno == EAGAIN,
	      "SIGUSR1 not reported after mask update");
	sigemptyset(&set);
	check(sigpending(&set) == 0 && sigismember(&set, SIGUSR1), "SIGUSR1 still pending");
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	check(sigwaitinfo(&set, NULL) == SIGUSR1, "taken with sigwaitinfo");

	/* blocking read */
	close(fd);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	fd = signalfd(-1, &set, 0);
	pid = fork();
	if (pid == 0) {
		t_msleep(30);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	n = read(fd, ssi, sizeof(ssi));
	check(n == sizeof(ssi[0]) && ssi[0].ssi_signo == SIGUSR1 &&
	      ssi[0].ssi_pid == (uint32_t)pid, "blocking read woken by a child's kill");
	waitpid(pid, &st, 0);
	close(fd);
	return t_done();
}
