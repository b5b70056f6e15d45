// SPDX-License-Identifier: GPL-2.0
/*
 * Guest tracers: their ptrace requests.  Requests on a held tracee act on
 * it through umvm's own host ptrace; resume requests let umvm carry on
 * where it held the thread.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <linux/ptrace.h>
#include <asm/prctl.h>
#include "os.h"
#include "ptrace-guest.h"
#include "scratch.h"
#include "umvm.h"

/* x86's first name of PTRACE_SETOPTIONS, which UML still uses. */
#ifndef PTRACE_OLDSETOPTIONS
#define PTRACE_OLDSETOPTIONS	21
#endif

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

/* Requests that copy one buffer of a fixed size: which way, how much. */
static const struct fixed_buf {
	int req;
	unsigned short size;
	unsigned char in, out;
} fixed_bufs[] = {
	{ PTRACE_GETREGS, sizeof(struct user_regs_struct), 0, 1 },
	{ PTRACE_SETREGS, sizeof(struct user_regs_struct), 1, 0 },
	{ PTRACE_GETFPREGS, sizeof(struct user_fpregs_struct), 0, 1 },
	{ PTRACE_SETFPREGS, sizeof(struct user_fpregs_struct), 1, 0 },
	{ PTRACE_GETSIGINFO, sizeof(siginfo_t), 0, 1 },
	{ PTRACE_SETSIGINFO, sizeof(siginfo_t), 1, 0 },
	{ PTRACE_GETEVENTMSG, sizeof(long), 0, 1 },
};

static long pass_fixed(struct gthread *t, int req, pid_t tid,
		       unsigned long uaddr)
{
	for (size_t i = 0; i < ARRAY_SIZE(fixed_bufs); i++) {
		const struct fixed_buf *b = &fixed_bufs[i];

		if (b->req == req)
			return pass_buf(t, req, tid, 0, uaddr, b->size,
					b->in, b->out);
	}
	return -EIO;
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
	char buf[16384];	/* XSAVE with AVX-512 and AMX: 11 kB */
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
 * PTRACE_ARCH_PRCTL (UML sets its processes' TLS base so): the host reads
 * or writes @addr in the caller's memory, which is the tracer's here.
 */
static long arch_prctl(struct gthread *t, pid_t tid, unsigned long addr,
		       unsigned long code)
{
	unsigned long value;
	long r;

	switch (code) {
	case ARCH_GET_FS:
	case ARCH_GET_GS:
		r = os_ptrace_raw(PTRACE_ARCH_PRCTL, tid,
				  (unsigned long)&value, (void *)code);
		if (r == 0 && os_write_mem(t->tid, addr, &value,
					   sizeof(value)) != sizeof(value))
			return -EFAULT;
		return r;
	case ARCH_SET_FS:
	case ARCH_SET_GS:
		return os_ptrace_raw(PTRACE_ARCH_PRCTL, tid, addr,
				     (void *)code);
	default:
		return -EINVAL;
	}
}

/*
 * PTRACE_O_TRACEEXIT and TRACESECCOMP: umvm asks the host for those stops
 * of @o too, at its next stop for umvm (a listening thread takes no
 * options).
 */
static long host_options(struct gthread *o)
{
	o->vt->opts_pending = 1;
	if (o->vt->held)
		vtrace_apply_opts(o);
	return 0;
}

static long attach(struct gthread *t, int req, pid_t pid, unsigned long data)
{
	struct gthread *o = thread_find(pid);

	if (!o)
		return -ESRCH;
	if (o->tgid == t->tgid || o->vt)
		return -EPERM;
	o->vt = vtrace_new(t->tgid, req == PTRACE_SEIZE ? data : 0);
	o->vt->seized = req == PTRACE_SEIZE;
	if (req == PTRACE_ATTACH)
		os_kill(o->tid, SIGSTOP);
	return data & (PTRACE_O_TRACEEXIT | PTRACE_O_TRACESECCOMP) ?
	       host_options(o) : 0;
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
		t->vt = vtrace_new(t->ptgid, 0);
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
		/* umvm's scratch window is no guest memory (scratch.c). */
		if (scratch_holds(addr, sizeof(long)))
			return -EIO;
		/* fall through */
	case PTRACE_POKEUSER:
		return os_ptrace_raw(req, o->tid, addr, (void *)data);
	case PTRACE_GETREGS:
	case PTRACE_SETREGS:
	case PTRACE_GETFPREGS:
	case PTRACE_SETFPREGS:
	case PTRACE_GETSIGINFO:
	case PTRACE_SETSIGINFO:
	case PTRACE_GETEVENTMSG:
		return pass_fixed(t, req, o->tid, data);
	case PTRACE_GET_SYSCALL_INFO:
		if (o->vt->held == H_EMU_EXIT)
			return emu_exit_info(t, o, addr, data);
		return pass_buf(t, req, o->tid, addr, data, addr, 0, 1);
	case PTRACE_GETREGSET:
	case PTRACE_SETREGSET:
		return regset(t, req, o->tid, addr, data);
	case PTRACE_ARCH_PRCTL:
		return arch_prctl(t, o->tid, addr, data);
	case PTRACE_SETOPTIONS:
	case PTRACE_OLDSETOPTIONS:
		o->vt->opts = data;
		return host_options(o);
	case PTRACE_SYSCALL:
	case PTRACE_CONT:
	case PTRACE_SYSEMU:
	case PTRACE_SYSEMU_SINGLESTEP:
	case PTRACE_SINGLESTEP:
		/* A step from a syscall stop: the call completes unseen. */
		if (data >= _NSIG)
			return -EIO;
		vtrace_set_mode(o, req);
		vtrace_release(o, (int)data);
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
		vtrace_untrace(o, (int)data);
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
	dispatch_hook(__NR_wait4, vtrace_wait4, vtrace_wait_exit);
	dispatch_hook(__NR_waitid, vtrace_waitid, vtrace_wait_exit);
	skas_set_tracer(&guest_tracer);
}
