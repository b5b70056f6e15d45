/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tracer side of the PTRACE_VM conformance suite: waiting for a
 * tracee's stops, resuming it, and playing a script of steps, each a
 * resume request and the stop it must reach.  Most tests are one script
 * (cases.c); the others call the same helpers step by step.
 */
#ifndef PTRACE_VM_TRACER_H
#define PTRACE_VM_TRACER_H

#include <stdbool.h>
#include <sys/types.h>

enum stop_kind {
	S_NONE, S_EXITED, S_KILLED, S_ENTRY, S_EXIT, S_SIGNAL, S_EVENT,
};

struct stop {
	enum stop_kind kind;
	int sig;	/* stop signal, exit code or killing signal */
	int event;	/* PTRACE_EVENT_* for S_EVENT */
	long nr;	/* orig_rax at any stop */
	long ret;	/* rax at any stop */
	unsigned long long ip;
};

/* Pseudo-requests a step may give instead of a ptrace request */
#define TO_ENTRY	(-1L)	/* PTRACE_VM until the entry stop of .nr */
#define TO_SIGNAL	(-2L)	/* the same until the signal stop of .sig */
#define EVERY_VM	(-3L)	/* every PTRACE_VM request fails .err */
#define AT_STOP		(-4L)	/* no resume: checks the current stop */

/* What a step checks of rax at the stop it reaches */
enum ret_check { RET_ANY, RET_IS, RET_TRACEE_PID, RET_TRACER_PID };

/*
 * One step of a script: resume with .req (.tags as its addr, .deliver as
 * its signal) and check the stop it reaches.  A zero .req ends a script.
 */
struct vm_step {
	long req;
	unsigned long tags;
	long deliver;
	long set_ret;	/* non-zero: rax written before resuming */
	bool feed;	/* write "x" to tpipe before resuming */
	int err;	/* the request fails with this errno, nothing resumed */
	/* After resuming, wait until the tracee sleeps; then send .interrupt */
	bool asleep;
	int interrupt;	/* (a signal) and wait for the stop */

	/* The stop it must reach; S_NONE checks none */
	enum stop_kind kind;
	long nr;	/* syscall of an entry or exit stop (event: if set) */
	int sig;	/* signal of a signal stop, code of an exit */
	int event;	/* PTRACE_EVENT_* of an event stop */
	enum ret_check check;
	long ret;	/* with RET_IS */
	bool same_ip;	/* at the ip of the stop before */
	bool refuse;	/* each tagged PTRACE_VM request fails EINVAL */
	bool group_stop; /* PTRACE_GETSIGINFO fails EINVAL there */
};

#define ENTRY(n)	.kind = S_ENTRY, .nr = (n)
#define EXIT(n)		.kind = S_EXIT, .nr = (n)
#define SIGNAL(s)	.kind = S_SIGNAL, .sig = (s)
#define EVENT(e)	.kind = S_EVENT, .event = (e)
#define EXITED(c)	.kind = S_EXITED, .sig = (c)
#define RET(v)		.check = RET_IS, .ret = (v)
#define RET_PID		.check = RET_TRACEE_PID
#define RET_PPID	.check = RET_TRACER_PID

/* A pipe shared with the tracees through fork() */
extern int tpipe[2];

int resume(pid_t pid, long req, unsigned long addr, long sig);
void wait_stop(pid_t pid, struct stop *st);
void step(pid_t pid, long req, unsigned long addr, long sig, struct stop *st);
void expect_stop(const struct stop *st, enum stop_kind kind, long nr);
void expect_signal(const struct stop *st, int sig);
void run_to_entry(pid_t pid, long nr, struct stop *st);
void run_to_signal(pid_t pid, int sig, struct stop *st);
int finish(pid_t pid);
void assert_still_stopped(pid_t pid);
void assert_tags_refused(pid_t pid);
void set_ret(pid_t pid, long val);
void wait_sleeping(pid_t pid);
void every_vm_request_fails(pid_t pid, unsigned long tags, long sig, int err);
pid_t fork_pauser(void);
void kill_tracee(pid_t pid);

/* Play @steps on the stopped tracee @pid; the kind of the last stop. */
enum stop_kind play(pid_t pid, const struct vm_step *steps);

#define EXPECT_ENTRY(st, nr)	expect_stop(st, S_ENTRY, nr)
#define EXPECT_EXIT(st, nr)	expect_stop(st, S_EXIT, nr)

#endif /* PTRACE_VM_TRACER_H */
