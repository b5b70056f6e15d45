/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One delivery per signal per process, whoever sends it.  A parent and
 * two children count the deliveries of one signal in a handler; after
 * the first one they wait a while for a duplicate, then report.
 *
 * usage: sigcount                 pid, tgkill and tracer, in turn
 *        sigcount MODE            one of them, or:
 *          group   kill(0, SIGUSR1)        (run it in a session of its own)
 *          pgid    kill(-pgrp, SIGUSR1)    (likewise)
 *          all     kill(-1, SIGUSR1)       (only in a PID namespace!)
 *        sigcount wait SIG [FILE] nothing sent: wait for SIG from outside
 *                                 (FILE is created once all handlers are in)
 */
#include "tests.h"
#include <pthread.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

static volatile sig_atomic_t count[NSIG];

static void on_signal(int sig)
{
	count[sig]++;
}

static void catch(int sig)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(sig, &sa, NULL);
}

/* Wait for @sig (up to 10 s), then for a duplicate; the count. */
static int collect(int sig, int expect)
{
	for (int i = 0; expect && i < 1000 && !count[sig]; i++)
		t_msleep(10);
	t_msleep(250);
	return count[sig];
}

static void report(const char *who, int sig, int n)
{
	printf("%s: %s handled %d time%s\n", who, t_signame(sig), n,
	       n == 1 ? "" : "s");
}

/* Two children that count @sig and exit with the count. */
static void spawn(pid_t kid[2], int sig, int ready[2])
{
	for (int i = 0; i < 2; i++) {
		kid[i] = fork();
		if (kid[i] < 0)
			t_fatal("fork");
		if (kid[i] == 0) {
			catch(sig);
			close(ready[0]);
			close(ready[1]);
			_exit(collect(sig, 1));
		}
	}
}

static void reap(pid_t kid[2], int sig)
{
	for (int i = 0; i < 2; i++) {
		int st;
		char who[16];

		snprintf(who, sizeof(who), "child%d", i);
		if (waitpid(kid[i], &st, 0) != kid[i])
			t_fatal("waitpid");
		if (WIFEXITED(st))
			report(who, sig, WEXITSTATUS(st));
		else
			printf("%s: %s\n", who, t_wstatus(st));
	}
}

/* The children have their handler once they closed their pipe ends. */
static void wait_ready(int ready[2])
{
	char c;

	close(ready[1]);
	if (read(ready[0], &c, 1) != 0)
		t_fatal("ready pipe");
	close(ready[0]);
}

static int family(const char *mode, int sig, const char *file)
{
	int ready[2];
	pid_t kid[2];

	catch(sig);
	if (pipe(ready) < 0)
		t_fatal("pipe");
	spawn(kid, sig, ready);
	wait_ready(ready);
	printf("%s:\n", mode);
	if (!strcmp(mode, "pid")) {
		kill(kid[0], sig);
		kill(kid[1], sig);
		kill(getpid(), sig);
	} else if (!strcmp(mode, "group")) {
		kill(0, sig);
	} else if (!strcmp(mode, "pgid")) {
		kill(-getpgrp(), sig);
	} else if (!strcmp(mode, "all")) {
		kill(-1, sig);
	} else if (file) {
		int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd < 0)
			t_fatal("ready file");
		close(fd);
	}
	/* kill(-1) spares the sender. */
	report("parent", sig, collect(sig, strcmp(mode, "all")));
	reap(kid, sig);
	return 0;
}

static pid_t thread_tid;
static volatile int thread_count;

static void *counter(void *arg)
{
	(void)arg;
	thread_tid = t_gettid();
	thread_count = collect(SIGUSR2, 1);
	return NULL;
}

/* tgkill() of one thread: its handler runs once. */
static int tgkill_mode(void)
{
	pthread_t th;

	catch(SIGUSR2);
	printf("tgkill:\n");
	pthread_create(&th, NULL, counter, NULL);
	while (!__atomic_load_n(&thread_tid, __ATOMIC_SEQ_CST))
		t_msleep(1);
	syscall(SYS_tgkill, getpid(), thread_tid, SIGUSR2);
	pthread_join(th, NULL);
	report("thread", SIGUSR2, thread_count);
	return 0;
}

/*
 * A tracer injects a signal at its tracee's SIGSTOP stop, and passes on
 * one the tracee raised: each is handled once.
 */
static int tracer_mode(void)
{
	pid_t pid;
	int st;

	printf("tracer:\n");
	pid = fork();
	if (pid < 0)
		t_fatal("fork");
	if (pid == 0) {
		count[SIGUSR1] = count[SIGUSR2] = 0;
		catch(SIGUSR1);
		catch(SIGUSR2);
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0)
			_exit(100);
		raise(SIGSTOP);
		raise(SIGUSR2);
		t_msleep(300);
		_exit(count[SIGUSR1] * 10 + count[SIGUSR2]);
	}
	for (;;) {
		int sig = 0;

		if (waitpid(pid, &st, 0) != pid)
			t_fatal("waitpid");
		if (!WIFSTOPPED(st))
			break;
		if (WSTOPSIG(st) == SIGSTOP)
			sig = SIGUSR1;		/* injected */
		else
			sig = WSTOPSIG(st);	/* passed on */
		if (ptrace(PTRACE_CONT, pid, NULL, (void *)(long)sig) < 0)
			t_fatal("PTRACE_CONT");
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st) == 100) {
		printf("tracee: %s\n", WIFEXITED(st) ? "no PTRACE_TRACEME" :
		       t_wstatus(st));
		return 1;
	}
	report("tracee", SIGUSR1, WEXITSTATUS(st) / 10);
	report("tracee", SIGUSR2, WEXITSTATUS(st) % 10);
	return 0;
}

static int sig_by_name(const char *s)
{
	static const int sigs[] = {
		SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGTERM, SIGALRM,
	};

	if (!strncmp(s, "SIG", 3))
		s += 3;
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (!strcmp(t_signame(sigs[i]) + 3, s))
			return sigs[i];
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : NULL;

	t_init();
	if (!mode) {
		family("pid", SIGUSR1, NULL);
		tgkill_mode();
		return tracer_mode();
	}
	if (!strcmp(mode, "tgkill"))
		return tgkill_mode();
	if (!strcmp(mode, "tracer"))
		return tracer_mode();
	if (!strcmp(mode, "wait")) {
		int sig = argc > 2 ? sig_by_name(argv[2]) : 0;

		if (!sig) {
			fprintf(stderr, "sigcount: wait needs a signal name\n");
			return 2;
		}
		return family("wait", sig, argc > 3 ? argv[3] : NULL);
	}
	if (strcmp(mode, "pid") && strcmp(mode, "group") &&
	    strcmp(mode, "pgid") && strcmp(mode, "all")) {
		fprintf(stderr, "sigcount: unknown mode '%s'\n", mode);
		return 2;
	}
	return family(mode, SIGUSR1, NULL);
}
