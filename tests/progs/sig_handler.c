/* SPDX-License-Identifier: GPL-2.0 */
/* sigaction(): SA_SIGINFO contents, SA_RESETHAND, SA_NODEFER, sa_mask, SIG_IGN. */
#include "tests.h"
#include <sys/wait.h>

static volatile sig_atomic_t count;
static volatile int last_signo, last_code, last_pid_self, last_uid_ok;
static volatile pid_t last_pid;
static volatile int blocked_in_handler, mask_in_handler;

static void info_handler(int sig, siginfo_t *si, void *uc)
{
	sigset_t cur;

	(void)uc;
	count++;
	last_signo = si->si_signo;
	last_code = si->si_code;
	last_pid = si->si_pid;
	last_pid_self = si->si_pid == getpid();
	last_uid_ok = si->si_uid == getuid();
	sigprocmask(SIG_BLOCK, NULL, &cur);
	blocked_in_handler = sigismember(&cur, sig);
	mask_in_handler = sigismember(&cur, SIGUSR2);
}

static const char *code_name(int code)
{
	switch (code) {
	case SI_USER: return "SI_USER";
	case SI_TKILL: return "SI_TKILL";
	case SI_QUEUE: return "SI_QUEUE";
	case SI_KERNEL: return "SI_KERNEL";
	}
	return "other";
}

static void plain_handler(int sig)
{
	char msg[] = "plain handler: write() from a handler\n";

	(void)sig;
	count++;
	if (write(1, msg, sizeof(msg) - 1) < 0)
		count += 100;
}

int main(void)
{
	struct sigaction sa, old;
	pid_t pid;
	int st;

	t_init();

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = info_handler;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	check(sigaction(SIGUSR1, &sa, NULL) == 0, "sigaction SIGUSR1");

	count = 0;
	raise(SIGUSR1);
	check(count == 1, "raise: handler ran once");
	printf("raise: signo %s code %s pid==self %s uid ok %s\n",
	       t_signame(last_signo), code_name(last_code),
	       last_pid_self ? "yes" : "no", last_uid_ok ? "yes" : "no");
	check(blocked_in_handler, "signal blocked inside its handler");
	check(mask_in_handler, "sa_mask applied inside the handler");

	kill(getpid(), SIGUSR1);
	printf("kill: signo %s code %s pid==self %s\n", t_signame(last_signo),
	       code_name(last_code), last_pid_self ? "yes" : "no");

	{
		union sigval v = { .sival_int = 5 };

		sigqueue(getpid(), SIGUSR1, v);
		printf("sigqueue: signo %s code %s\n", t_signame(last_signo),
		       code_name(last_code));
	}

	/* From a child process. */
	count = 0;
	pid = fork();
	if (pid == 0) {
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	while (count == 0)
		;
	check(count == 1, "signal from a child process handled");
	printf("from child: code %s, si_pid==child %s\n", code_name(last_code),
	       last_pid == pid ? "yes" : "no");

	/* Query the installed action. */
	check(sigaction(SIGUSR1, NULL, &old) == 0 && old.sa_sigaction == info_handler &&
	      (old.sa_flags & SA_SIGINFO), "sigaction query returns the handler");

	/* SA_NODEFER */
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	check(!blocked_in_handler, "SA_NODEFER: signal not blocked in its handler");

	/* SA_RESETHAND */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = plain_handler;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGWINCH, &sa, NULL);
	count = 0;
	raise(SIGWINCH);
	check(count == 1, "SA_RESETHAND: handler ran");
	sigaction(SIGWINCH, NULL, &old);
	check(old.sa_handler == SIG_DFL, "SA_RESETHAND: back to SIG_DFL");
	raise(SIGWINCH);	/* default action: ignore */
	check(count == 1, "SIGWINCH with SIG_DFL ignored");

	/* SIG_IGN */
	signal(SIGUSR2, SIG_IGN);
	raise(SIGUSR2);
	check(1, "ignored SIGUSR2 did not kill us");
	check(signal(SIGUSR2, SIG_DFL) == SIG_IGN, "signal() returns the old SIG_IGN");

	/* SIG_IGN survives execve-less fork; handlers are inherited. */
	signal(SIGUSR2, SIG_IGN);
	pid = fork();
	if (pid == 0) {
		raise(SIGUSR2);
		_exit(sigaction(SIGWINCH, NULL, &old) == 0 ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	printf("child raising ignored SIGUSR2: %s\n", t_wstatus(st));

	/* Invalid requests. */
	errno = 0;
	check(sigaction(SIGKILL, &sa, NULL) == -1 && errno == EINVAL,
	      "sigaction(SIGKILL): EINVAL");
	errno = 0;
	check(sigaction(SIGSTOP, &sa, NULL) == -1 && errno == EINVAL,
	      "sigaction(SIGSTOP): EINVAL");
	errno = 0;
	check(kill(getpid(), 1000) == -1 && errno == EINVAL, "kill with bad signal: EINVAL");
	check(kill(getpid(), 0) == 0, "kill(self, 0) succeeds");
	return t_done();
}
