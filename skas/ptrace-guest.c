// SPDX-License-Identifier: GPL-2.0
/*
 * Guest tracers: a guest process that traces another (a debugger, strace,
 * a test harness) cannot be its host tracer, since umvm is.  Its ptrace,
 * wait4 and waitid calls are emulated here on top of umvm's own tracing.
 *
 * A tracee stop the guest's tracer should see (a signal, a syscall entry
 * or exit it asked for with PTRACE_SYSCALL, an exec, a new child's first
 * stop) is *held*: umvm keeps the thread stopped, notes the wait status,
 * and wakes the tracer if it is held in a wait for it.  The tracer's
 * requests act on the held thread through umvm's host ptrace; its resume
 * request lets umvm carry on from where it held the thread.
 *
 * A tracer blocked in wait is held too (OUT_HOLD) and its call
 * dispatched again when one of its tracees stops; when one of its
 * children exits, or a signal comes for it, the call goes to the host,
 * which reports exits as natively.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <linux/ptrace.h>
#include "dispatch.h"
#include "os.h"
#include "skas.h"
#include "umvm.h"

/* What a held tracee does when its tracer resumes it. */
enum hold {
	H_NONE,
	H_ENTRY,	/* at a syscall entry, not yet dispatched */
	H_EMU_EXIT,	/* an emulated call's exit, shown at its entry stop */
	H_EXIT,		/* at a syscall exit */
	H_SIGNAL,	/* at a signal-delivery stop */
	H_EVENT,	/* at an event stop (exec, a new child's first stop) */
	H_DEAD,		/* gone; the exit status waits for the tracer */
};

/* gthread.vwait */
enum {
	VW_NONE,
	VW_HELD,	/* held at a wait's entry */
	VW_PASS,	/* its wait goes to the host when dispatched again */
	VW_IN_HOST,	/* blocked in the host's wait */
};

struct vtrace {
	pid_t tracer;		/* tgid of the guest's tracer */
	unsigned long opts;	/* PTRACE_O_* the tracer set */
	int syscalls;		/* resumed with PTRACE_SYSCALL */
	int seized;		/* by PTRACE_SEIZE: group-stops are shown */
	int interrupt;		/* PTRACE_INTERRUPT asked for a stop */
	int opts_pending;	/* umvm's host options follow opts */
	int entry_shown;	/* this entry was shown already */
	enum hold held;
	int status;		/* wait status of the held stop */
	int reported;		/* the tracer has waited for it */
};

static int tracing;		/* any vtrace ever made */

static struct vtrace *vt_new(pid_t tracer, unsigned long opts)
{
	struct vtrace *vt = calloc(1, sizeof(*vt));

	if (!vt)
		die(EXIT_SETUP, "out of memory");
	vt->tracer = tracer;
	vt->opts = opts;
	if (!tracing) {
		tracing = 1;
		os_tick_start(100);	/* see vptrace_tick() */
	}
	return vt;
}

/* Wake the tracer's threads held in wait: their calls go round again. */
static void wake_tracer(pid_t tracer, int how)
{
	struct gthread *w, *next;

	for (w = thread_first(); w; w = next) {
		next = w->next;
		if (w->tgid != tracer)
			continue;
		if (w->vwait == VW_HELD) {
			w->vwait = how;
			skas_entry(w);
		} else if (w->vwait == VW_IN_HOST && how != VW_PASS) {
			/*
			 * Blocked in the host's wait, which cannot see this
			 * stop: interrupt it; it restarts, and comes back.
			 */
			w->vwait = VW_NONE;
			os_ptrace_raw(PTRACE_INTERRUPT, w->tid, 0, NULL);
		}
	}
}

static void apply_opts(struct gthread *t)
{
	unsigned long opts = os_trace_options();

	if (t->vt->opts & PTRACE_O_TRACEEXIT)
		opts |= PTRACE_O_TRACEEXIT;
	if (os_ptrace_setoptions(t->tid, opts) == 0)
		t->vt->opts_pending = 0;
}

static void hold(struct gthread *t, enum hold kind, int status)
{
	if (t->vt->opts_pending)
		apply_opts(t);

	t->vt->held = kind;
	t->vt->status = status;
	t->vt->reported = 0;
	/* As natively, the tracer hears of each stop by SIGCHLD too. */
	os_kill(t->vt->tracer, SIGCHLD);
	wake_tracer(t->vt->tracer, VW_NONE);
}

static int trap_status(struct gthread *t)
{
	int sig = SIGTRAP;

	if (t->vt->opts & PTRACE_O_TRACESYSGOOD)
		sig |= 0x80;
	return (sig << 8) | 0x7f;
}

int vptrace_entry(struct gthread *t)
{
	if (!t->vt->syscalls || t->vt->entry_shown) {
		t->vt->entry_shown = 0;
		return 0;
	}
	t->vt->entry_shown = 1;
	hold(t, H_ENTRY, trap_status(t));
	return 1;
}

int vptrace_outcome(struct gthread *t, enum outcome *o)
{
	if (!t->vt->syscalls)
		return 0;
	if (*o == OUT_PASS)
		*o = OUT_PASS_SEE_EXIT;
	if (*o != OUT_EMULATE)
		return 0;
	/* The tracer sees the result at an exit stop before it is final. */
	if (os_poke_reg(t->tid, regs_off_return, t->sc.ret) < 0)
		return 0;
	hold(t, H_EMU_EXIT, trap_status(t));
	return 1;
}

int vptrace_exit(struct gthread *t, int changed)
{
	if (!t->vt->syscalls)
		return 0;
	if (changed && os_poke_reg(t->tid, regs_off_return, t->sc.ret) < 0)
		return 0;
	hold(t, H_EXIT, trap_status(t));
	return 1;
}

int vptrace_signal(struct gthread *t, int sig)
{
	hold(t, H_SIGNAL, (sig << 8) | 0x7f);
	return 1;
}

static int is_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN ||
	       sig == SIGTTOU;
}

int vptrace_event(struct gthread *t, int event, int sig)
{
	struct vtrace *vt = t->vt;

	if (event == PTRACE_EVENT_EXEC && !(vt->opts & PTRACE_O_TRACEEXEC)) {
		/* The SIGTRAP a traced exec gets, after its exit stop. */
		os_kill(t->tid, SIGTRAP);
		return 0;
	}
	if (event != PTRACE_EVENT_STOP && (vt->opts & (1UL << event))) {
		hold(t, H_EVENT, ((SIGTRAP | event << 8) << 8) | 0x7f);
		return 1;
	}
	if (event != PTRACE_EVENT_STOP || vt->held != H_NONE)
		return 0;
	if (vt->status == -1) {
		/* An auto-attached child's first stop. */
		hold(t, H_EVENT, vt->seized ?
		     ((SIGTRAP | PTRACE_EVENT_STOP << 8) << 8) | 0x7f :
		     (SIGSTOP << 8) | 0x7f);
		return 1;
	}
	/* PTRACE_INTERRUPT, and group-stops of a seized tracee. */
	if (vt->interrupt || (vt->seized && is_stop_signal(sig))) {
		vt->interrupt = 0;
		hold(t, H_EVENT, ((sig | PTRACE_EVENT_STOP << 8) << 8) | 0x7f);
		return 1;
	}
	return 0;
}

void vptrace_new_child(struct gthread *child, struct gthread *parent)
{
	struct vtrace *pv = parent->vt;
	unsigned long want = 0;

	if (!pv)
		return;
	switch (parent->sc.nr) {
	case __NR_fork:
		want = PTRACE_O_TRACEFORK;
		break;
	case __NR_vfork:
		want = PTRACE_O_TRACEVFORK;
		break;
	default:
		want = PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |
		       PTRACE_O_TRACECLONE;
	}
	if (!(pv->opts & want))
		return;
	/* Auto-attached: its first stop is shown as a SIGSTOP. */
	child->vt = vt_new(pv->tracer, pv->opts);
	child->vt->seized = pv->seized;
	child->vt->status = -1;
}

/* PTRACE_SYSCALL: every syscall of @t must stop, filtered or not. */
static void set_syscalls(struct gthread *t, int on)
{
	t->vt->syscalls = on;
	if (on)
		t->flags |= GT_ALL_SYSCALLS;
	else
		t->flags &= ~GT_ALL_SYSCALLS;
}

static void release(struct gthread *t, int sig)
{
	enum hold kind = t->vt->held;
	unsigned long ret;

	t->vt->held = H_NONE;
	t->vt->status = 0;
	switch (kind) {
	case H_ENTRY:
		skas_entry(t);
		break;
	case H_EMU_EXIT:
		/* The tracer may have changed the result. */
		if (os_peek_reg(t->tid, regs_off_return, &ret) == 0)
			t->sc.ret = (long)ret;
		skas_emulate(t);
		break;
	case H_EXIT:
		skas_exit_resume(t, 0);
		break;
	case H_SIGNAL:
		skas_resume(t, sig);
		break;
	case H_EVENT:
		if (sig)
			skas_resume(t, sig);
		else
			skas_resume_event(t);
		break;
	case H_NONE:
	case H_DEAD:
		break;
	}
}

static void untrace(struct gthread *t, int sig)
{
	struct vtrace *vt = t->vt;

	set_syscalls(t, 0);
	if (vt->held)
		release(t, sig);
	t->vt = NULL;
	free(vt);
}

/* Exits of tracees that are not the tracer's children: reported here. */
struct dead {
	pid_t tid, tracer;
	int status;
	struct dead *next;
};
static struct dead *dead;

void vptrace_gone(struct gthread *t, int status)
{
	struct gthread *o, *next;

	if (t->vt) {
		if (t->vt->tracer != t->ptgid || !(t->flags & GT_LEADER)) {
			struct dead *d = malloc(sizeof(*d));

			if (d) {
				d->tid = t->tid;
				d->tracer = t->vt->tracer;
				d->status = status;
				d->next = dead;
				dead = d;
				wake_tracer(d->tracer, VW_NONE);
			}
		}
		free(t->vt);
		t->vt = NULL;
	}
	if (!tracing)
		return;
	if (!(t->flags & GT_LEADER))
		return;
	/* Its parent may wait for it: the host reports the exit. */
	if (t->ptgid)
		wake_tracer(t->ptgid, VW_PASS);
	/* A tracer that goes leaves its tracees, or kills them. */
	for (o = thread_first(); o; o = next) {
		next = o->next;
		if (o == t || !o->vt || o->vt->tracer != t->tgid)
			continue;
		if (o->vt->opts & PTRACE_O_EXITKILL)
			os_kill(o->tid, SIGKILL);
		untrace(o, 0);
	}
}

/* A signal for a tracer held in wait makes its call go to the host. */
void vptrace_tick(void)
{
	struct gthread *w, *next;

	if (!tracing)
		return;
	for (w = thread_first(); w; w = next) {
		next = w->next;
		if (w->vwait == VW_HELD && os_signal_pending(w->tid) == 1) {
			w->vwait = VW_PASS;
			skas_entry(w);
		}
	}
}

/* --- the tracer's calls --- */

static int has_tracees(pid_t tracer)
{
	for (struct gthread *o = thread_first(); o; o = o->next)
		if (o->vt && o->vt->tracer == tracer)
			return 1;
	return 0;
}

static int selects(const struct gthread *o, int idtype, long id)
{
	switch (idtype) {
	case P_PID:
		return o->tid == id || o->tgid == id;
	case P_ALL:
		return 1;
	default:	/* process groups: not tracked; any tracee */
		return 1;
	}
}

/* A held, unreported tracee stop for tracer @t, or NULL. */
static struct gthread *find_stop(struct gthread *t, int idtype, long id)
{
	for (struct gthread *o = thread_first(); o; o = o->next)
		if (o->vt && o->vt->tracer == t->tgid && o->vt->held &&
		    !o->vt->reported && selects(o, idtype, id))
			return o;
	return NULL;
}

/* The exit of a traced non-child of @t, taken off the list. */
static struct dead *find_dead(struct gthread *t, int idtype, long id,
			      int take)
{
	for (struct dead **p = &dead; *p; p = &(*p)->next) {
		struct dead *d = *p;

		if (d->tracer != t->tgid ||
		    (idtype == P_PID && d->tid != id))
			continue;
		if (take)
			*p = d->next;
		return d;
	}
	return NULL;
}

static int has_dead(pid_t tracer)
{
	for (struct dead *d = dead; d; d = d->next)
		if (d->tracer == tracer)
			return 1;
	return 0;
}

/* After the tracer was held: pass to the host, or look again. */
static int wait_prologue(struct gthread *t)
{
	int how = t->vwait;

	t->vwait = VW_NONE;
	return how == VW_PASS ||
	       (!has_tracees(t->tgid) && !has_dead(t->tgid));
}

/*
 * The host does the wait.  A blocking one is watched until it returns,
 * so that a stop for this process's tracing, coming while it blocks,
 * can interrupt it (wake_tracer()).
 */
static enum outcome to_host(struct gthread *t, int options)
{
	if (options & WNOHANG)
		return OUT_PASS;
	t->vwait = VW_IN_HOST;
	return OUT_PASS_SEE_EXIT;
}

static int wait_exit(struct gthread *t, struct gsyscall *sc)
{
	(void)sc;
	if (t->vwait == VW_IN_HOST)
		t->vwait = VW_NONE;
	return 0;
}

static enum outcome sys_wait4(struct gthread *t, struct gsyscall *sc)
{
	long pid = (int)sc->args[0];
	int options = (int)sc->args[2], status;
	struct gthread *o;
	struct dead *d;

	if (wait_prologue(t))
		return to_host(t, options);
	d = find_dead(t, pid > 0 ? P_PID : P_ALL, pid, 1);
	o = d ? NULL : find_stop(t, pid > 0 ? P_PID : P_ALL, pid);
	if (!o && !d) {
		if (options & WNOHANG)
			return OUT_PASS;
		t->vwait = VW_HELD;
		return OUT_HOLD;
	}
	status = d ? d->status : o->vt->status;
	sc->ret = d ? d->tid : o->tid;
	free(d);
	if (sc->args[1] && os_write_mem(t->tid, sc->args[1], &status,
					sizeof(int)) != sizeof(int)) {
		sc->ret = -EFAULT;
		return OUT_EMULATE;
	}
	if (sc->args[3]) {
		static const char zero[144];	/* struct rusage */

		os_write_mem(t->tid, sc->args[3], zero, sizeof(zero));
	}
	if (o)
		o->vt->reported = 1;
	return OUT_EMULATE;
}

static enum outcome sys_waitid(struct gthread *t, struct gsyscall *sc)
{
	int idtype = (int)sc->args[0], options = (int)sc->args[3];
	struct gthread *o;
	struct dead *d;
	siginfo_t si;

	if (wait_prologue(t))
		return to_host(t, options);
	d = find_dead(t, idtype, (long)sc->args[1], !(options & WNOWAIT));
	o = d ? NULL : find_stop(t, idtype, (long)sc->args[1]);
	if (!o && !d) {
		if (options & WNOHANG)
			return OUT_PASS;
		t->vwait = VW_HELD;
		return OUT_HOLD;
	}
	memset(&si, 0, sizeof(si));
	si.si_signo = SIGCHLD;
	si.si_uid = getuid();
	if (d) {
		si.si_pid = d->tid;
		si.si_code = WIFEXITED(d->status) ? CLD_EXITED :
			     WCOREDUMP(d->status) ? CLD_DUMPED : CLD_KILLED;
		si.si_status = WIFEXITED(d->status) ? WEXITSTATUS(d->status) :
			       WTERMSIG(d->status);
		if (!(options & WNOWAIT))
			free(d);
	} else {
		si.si_pid = o->tid;
		si.si_code = CLD_TRAPPED;
		si.si_status = (o->vt->status >> 8) & 0xff;
	}
	if (sc->args[2] && os_write_mem(t->tid, sc->args[2], &si,
					sizeof(si)) != sizeof(si)) {
		sc->ret = -EFAULT;
		return OUT_EMULATE;
	}
	if (o && !(options & WNOWAIT))
		o->vt->reported = 1;
	sc->ret = 0;
	return OUT_EMULATE;
}

/* Copy @len bytes between the tracer's memory and a host request. */
static long pass_buf(struct gthread *t, int req, pid_t tid,
		     unsigned long addr, unsigned long uaddr, size_t len,
		     int in, int out)
{
	char buf[4096];
	long r;

	if (len > sizeof(buf))
		return -EIO;
	memset(buf, 0, len);
	if (in && os_read_mem(t->tid, uaddr, buf, len) != (ssize_t)len)
		return -EFAULT;
	r = os_ptrace_raw(req, tid, addr, buf);
	if (r >= 0 && out) {
		size_t n = req == PTRACE_GET_SYSCALL_INFO &&
			   (size_t)r < len ? (size_t)r : len;

		if (os_write_mem(t->tid, uaddr, buf, n) != (ssize_t)n)
			return -EFAULT;
	}
	return r;
}

/*
 * The host would call the thread's stop an entry (it is one, for umvm):
 * the tracer is shown the exit of the emulated call it stands for.
 */
static long emu_exit_info(struct gthread *t, struct gthread *o,
			  unsigned long size, unsigned long uaddr)
{
	struct ptrace_syscall_info info;
	long r = os_ptrace_raw(PTRACE_GET_SYSCALL_INFO, o->tid, sizeof(info),
			       &info);
	size_t n;

	if (r < 0)
		return r;
	info.op = PTRACE_SYSCALL_INFO_EXIT;
	info.exit.rval = o->sc.ret;
	info.exit.is_error = o->sc.ret < 0 && o->sc.ret >= -4095;
	r = offsetof(struct ptrace_syscall_info, exit) + sizeof(info.exit);
	n = size < (size_t)r ? size : (size_t)r;
	if (os_write_mem(t->tid, uaddr, &info, n) != (ssize_t)n)
		return -EFAULT;
	return r;
}

static long regset(struct gthread *t, int req, pid_t tid, unsigned long type,
		   unsigned long uiov)
{
	struct iovec iov;
	char buf[4096];
	long r;

	if (os_read_mem(t->tid, uiov, &iov, sizeof(iov)) != sizeof(iov))
		return -EFAULT;
	if (iov.iov_len > sizeof(buf))
		iov.iov_len = sizeof(buf);
	if (req == PTRACE_SETREGSET &&
	    os_read_mem(t->tid, (uintptr_t)iov.iov_base, buf, iov.iov_len) !=
	    (ssize_t)iov.iov_len)
		return -EFAULT;
	{
		struct iovec local = { buf, iov.iov_len };

		r = os_ptrace_raw(req, tid, type, &local);
		if (r < 0)
			return r;
		if (req == PTRACE_GETREGSET) {
			if (os_write_mem(t->tid, (uintptr_t)iov.iov_base, buf,
					 local.iov_len) != (ssize_t)local.iov_len)
				return -EFAULT;
			iov.iov_len = local.iov_len;
			os_write_mem(t->tid, uiov, &iov, sizeof(iov));
		}
	}
	return 0;
}

/*
 * PTRACE_O_TRACEEXIT: umvm asks the host for exit events of @o too, at
 * its next stop for umvm (a listening thread takes no options).
 */
static long exit_events(struct gthread *o)
{
	o->vt->opts_pending = 1;
	if (o->vt->held)
		apply_opts(o);
	return 0;
}

static long attach(struct gthread *t, int req, pid_t pid, unsigned long data)
{
	struct gthread *o = thread_find(pid);

	if (!o)
		return -ESRCH;
	if (o->tgid == t->tgid || o->vt)
		return -EPERM;
	o->vt = vt_new(t->tgid, req == PTRACE_SEIZE ? data : 0);
	o->vt->seized = req == PTRACE_SEIZE;
	if (req == PTRACE_ATTACH)
		os_kill(o->tid, SIGSTOP);
	return data & PTRACE_O_TRACEEXIT ? exit_events(o) : 0;
}

static long request(struct gthread *t, int req, pid_t pid, unsigned long addr,
		    unsigned long data)
{
	struct gthread *o;
	unsigned long word;
	long r;

	if (req == PTRACE_TRACEME) {
		if (t->vt || !t->ptgid)
			return -EPERM;
		t->vt = vt_new(t->ptgid, 0);
		return 0;
	}
	if (req == PTRACE_ATTACH || req == PTRACE_SEIZE)
		return attach(t, req, pid, data);
	o = thread_find(pid);
	if (!o || !o->vt || o->vt->tracer != t->tgid)
		return -ESRCH;
	if (req == PTRACE_KILL) {
		os_kill(o->tid, SIGKILL);
		return 0;
	}
	if (req == PTRACE_INTERRUPT) {
		if (!o->vt->seized)
			return -EIO;
		if (o->vt->held)
			return 0;
		o->vt->interrupt = 1;
		return os_ptrace_raw(PTRACE_INTERRUPT, o->tid, 0, NULL);
	}
	if (!o->vt->held)
		return -ESRCH;	/* not stopped, as natively */

	switch (req) {
	case PTRACE_PEEKTEXT:
	case PTRACE_PEEKDATA:
	case PTRACE_PEEKUSER:
		r = os_peek_word(o->tid, req, addr, &word);
		if (r < 0)
			return r;
		if (os_write_mem(t->tid, data, &word, sizeof(word)) !=
		    sizeof(word))
			return -EFAULT;
		return 0;
	case PTRACE_POKETEXT:
	case PTRACE_POKEDATA:
	case PTRACE_POKEUSER:
		return os_ptrace_raw(req, o->tid, addr, (void *)data);
	case PTRACE_GETREGS:
		return pass_buf(t, req, o->tid, 0, data,
				sizeof(struct user_regs_struct), 0, 1);
	case PTRACE_SETREGS:
		return pass_buf(t, req, o->tid, 0, data,
				sizeof(struct user_regs_struct), 1, 0);
	case PTRACE_GETFPREGS:
		return pass_buf(t, req, o->tid, 0, data,
				sizeof(struct user_fpregs_struct), 0, 1);
	case PTRACE_SETFPREGS:
		return pass_buf(t, req, o->tid, 0, data,
				sizeof(struct user_fpregs_struct), 1, 0);
	case PTRACE_GETSIGINFO:
		return pass_buf(t, req, o->tid, 0, data, sizeof(siginfo_t),
				0, 1);
	case PTRACE_SETSIGINFO:
		return pass_buf(t, req, o->tid, 0, data, sizeof(siginfo_t),
				1, 0);
	case PTRACE_GETEVENTMSG:
		return pass_buf(t, req, o->tid, 0, data, sizeof(long), 0, 1);
	case PTRACE_GET_SYSCALL_INFO:
		if (o->vt->held == H_EMU_EXIT)
			return emu_exit_info(t, o, addr, data);
		return pass_buf(t, req, o->tid, addr, data, addr, 0, 1);
	case PTRACE_GETREGSET:
	case PTRACE_SETREGSET:
		return regset(t, req, o->tid, addr, data);
	case PTRACE_SETOPTIONS:
		o->vt->opts = data;
		return exit_events(o);
	case PTRACE_SYSCALL:
	case PTRACE_CONT:
		if (data >= _NSIG)
			return -EIO;
		set_syscalls(o, req == PTRACE_SYSCALL);
		release(o, (int)data);
		return 0;
	case PTRACE_SINGLESTEP:
		if (data >= _NSIG)
			return -EIO;
		set_syscalls(o, 0);
		if (o->vt->held == H_SIGNAL || o->vt->held == H_EVENT) {
			o->vt->held = H_NONE;
			skas_step(o, (int)data);
		} else {
			/* In a syscall: it completes; no step is shown. */
			release(o, (int)data);
		}
		return 0;
	case PTRACE_LISTEN:
		if (!o->vt->seized || o->vt->held != H_EVENT)
			return -EIO;
		/* Stays stopped until SIGCONT, then stops again for us. */
		o->vt->held = H_NONE;
		o->vt->interrupt = 1;
		return os_listen(o->tid);
	case PTRACE_DETACH:
		if (data >= _NSIG)
			return -EIO;
		untrace(o, (int)data);
		return 0;
	default:
		return -EIO;
	}
}

static enum outcome sys_ptrace(struct gthread *t, struct gsyscall *sc)
{
	sc->ret = request(t, (int)sc->args[0], (pid_t)sc->args[1],
			  sc->args[2], sc->args[3]);
	return OUT_EMULATE;
}

void vptrace_init(void)
{
	dispatch_hook(__NR_ptrace, sys_ptrace, NULL);
	dispatch_hook(__NR_wait4, sys_wait4, wait_exit);
	dispatch_hook(__NR_waitid, sys_waitid, wait_exit);
}
