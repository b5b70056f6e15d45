// SPDX-License-Identifier: GPL-2.0
/*
 * execve inside a path view.
 *
 * The host kernel reads two more paths on its own when it starts a
 * program: the "#!" interpreter of a script and the ELF interpreter (the
 * dynamic loader) of a program.  Inside a view both must come from the
 * view, so umvm reads them first:
 * - a script becomes its interpreter, with the arguments the host would
 *   have built (interpreter, optional argument, script path, arguments);
 * - a program whose loader lies elsewhere in the view than on the host
 *   is started as that loader with the program as its argument, and
 *   /proc/<pid>/exe then reports the program.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "dispatch.h"
#include "personality.h"
#include "scratch.h"
#include "view.h"
#include "os.h"
#include "umvm.h"

#define MAX_INTERP_DEPTH	4	/* scripts run by scripts, as the host */
#define MAX_ARGS		(128 * 1024)

/* The new argv being built: guest addresses of strings. */
struct args {
	unsigned long *v;
	int n, cap;
};

static int args_push(struct args *a, unsigned long p)
{
	if (a->n == a->cap) {
		int cap = a->cap ? a->cap * 2 : 64;
		unsigned long *v = realloc(a->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		a->v = v;
		a->cap = cap;
	}
	a->v[a->n++] = p;
	return 0;
}

/*
 * The new level @n, its first arguments pushed (@r: how that went),
 * takes the place of @pre with @pre's arguments but its first after
 * them: what the previous level put first is dropped.  On an error @n
 * is freed and @pre kept.
 */
static int args_next_level(struct args *pre, struct args *n, int r)
{
	for (int i = 1; !r && i < pre->n; i++)
		r = args_push(n, pre->v[i]);
	if (r < 0) {
		free(n->v);
		return r;
	}
	free(pre->v);
	*pre = *n;
	return 0;
}

static uintptr_t put_str(struct gthread *t, const char *s)
{
	return scratch_put(t, s, strlen(s) + 1);
}

/* What the exit stop must fix when the new program runs. */
struct exec_note {
	char comm[16];		/* the name the host gives it natively */
	char *exe;		/* /proc/<pid>/exe, when started by a loader */
};

/* The name a native exec of @path gives the process (/proc/pid/comm). */
static void set_comm(struct exec_note *note, const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strcspn(base, " ");	/* "memfd:x (deleted)" */
	if (n >= sizeof(note->comm))
		n = sizeof(note->comm) - 1;
	memcpy(note->comm, base, n);
	note->comm[n] = 0;
}

static int exec_rewrite(struct gthread *t, struct gsyscall *sc, int b,
			char *guest_prog, struct exec_note *note)
{
	char path[PATH_MAX], host[PATH_MAX], interp[PATH_MAX], iarg[256];
	char ihost[PATH_MAX];
	struct args pre = { 0 };
	unsigned long argv = sc->args[b + 1], p0 = 0, prog_ptr;
	int dirfd = b ? (int)sc->args[0] : AT_FDCWD;
	int flags = b ? (int)sc->args[4] : 0;
	int r, depth, has_arg, rest_from = 1, changed = 0, nargs;
	uintptr_t at;
	unsigned long *orig = NULL;

	r = (int)os_read_string(t->tid, sc->args[b], path, sizeof(path));
	if (r < 0)
		return r;
	prog_ptr = sc->args[b];
	if (!path[0] && (flags & AT_EMPTY_PATH)) {
		/*
		 * fexecve: the program is an open file.  The host would read
		 * its "#!" or ELF interpreter outside the view, so it goes
		 * the way of any other exec, as /proc/self/fd/N (a script's
		 * interpreter gets /dev/fd/N, as natively).
		 */
		snprintf(path, sizeof(path), "/proc/self/fd/%d", dirfd);
		snprintf(iarg, sizeof(iarg), "/dev/fd/%d", dirfd);
		prog_ptr = scratch_put(t, iarg, strlen(iarg) + 1);
		if (!prog_ptr)
			return -ENOMEM;
		dirfd = AT_FDCWD;
	} else if (!path[0]) {
		return -ENOENT;
	}
	t->sc.path_start = path[0] == '/' ? PATH_ABSOLUTE : dirfd;
	r = view_resolve(t, dirfd, path,
			 flags & AT_SYMLINK_NOFOLLOW ? 0 : VR_FOLLOW, host,
			 sizeof(host));
	if (r < 0)
		return r;
	/* execveat(AT_SYMLINK_NOFOLLOW) of a link: ELOOP, as the host says. */
	if ((flags & AT_SYMLINK_NOFOLLOW) && os_file_kind(host, 0) == S_IFLNK)
		return -ELOOP;
	r = view_to_guest(host, guest_prog, PATH_MAX);
	if (r < 0)
		return r;
	if (!strncmp(path, "/proc/self/fd/", 14) && prog_ptr != sc->args[b]) {
		char target[PATH_MAX];

		set_comm(note, os_readlink(host, target, sizeof(target)) > 0 ?
			 target : path);
	} else {
		set_comm(note, path);
	}
	/* What the host would check before reading "#!". */
	r = os_check_exec(host);
	if (r < 0)
		return r;

	/* Scripts: the interpreter, its argument, then the script. */
	for (depth = 0; ; depth++) {
		r = exec_shebang(host, interp, sizeof(interp), iarg, sizeof(iarg),
			    &has_arg);
		if (r < 0)
			goto out;
		if (r == 0)
			break;
		if (depth == MAX_INTERP_DEPTH) {
			r = -ELOOP;
			goto out;
		}
		r = view_resolve(t, AT_FDCWD, interp, VR_FOLLOW, ihost,
				 sizeof(ihost));
		if (r < 0)
			goto out;
		/* argv: interp [arg] script args..., innermost first */
		{
			struct args n = { 0 };
			unsigned long ip = put_str(t, interp), ap = 0;

			if (!ip || (has_arg && !(ap = put_str(t, iarg)))) {
				r = -ENOMEM;
				goto out;
			}
			r = args_push(&n, ip);
			if (!r && has_arg)
				r = args_push(&n, ap);
			if (!r)
				r = args_push(&n, prog_ptr);
			if (!pre.n)
				rest_from = 1;
			r = args_next_level(&pre, &n, r);
			if (r < 0)
				goto out;
			prog_ptr = ip;
		}
		strcpy(host, ihost);
		r = view_to_guest(host, guest_prog, PATH_MAX);
		if (r < 0)
			goto out;
		changed = 1;
	}

	/*
	 * A 32-bit program makes only i386 or x32 calls, which a view
	 * refuses (deny.c): it cannot run, so it does not start, as on a
	 * host without IA32 emulation.
	 */
	if (exec_elf_is_32bit(host)) {
		r = -ENOEXEC;
		goto out;
	}
	/* Programs: their loader, from the view. */
	r = exec_elf_interp(host, interp, sizeof(interp));
	if (r < 0)
		goto out;
	if (r > 0) {
		r = view_resolve(t, AT_FDCWD, interp, VR_FOLLOW, ihost,
				 sizeof(ihost));
		if (r < 0)
			goto out;
		/* The host would load the same file: nothing to do. */
		if (strcmp(ihost, interp) && !os_same_file(ihost, interp)) {
			struct args n = { 0 };
			unsigned long lp = put_str(t, interp), a0 = prog_ptr;
			unsigned long gp = put_str(t, guest_prog);

			if (pre.n) {
				a0 = pre.v[0];
			} else if (argv && os_read_mem(t->tid, argv, &p0,
					 sizeof(p0)) == sizeof(p0) && p0) {
				a0 = p0;
			}
			r = !lp || !gp ? -ENOMEM : args_push(&n, lp);
			if (!r && exec_loader_has_argv0(ihost)) {
				unsigned long o = put_str(t, "--argv0");

				r = o ? args_push(&n, o) : -ENOMEM;
				if (!r)
					r = args_push(&n, a0);
			}
			if (!r)
				r = args_push(&n, gp);
			r = args_next_level(&pre, &n, r);
			if (r < 0)
				goto out;
			strcpy(host, ihost);
			sc->hook_state = 1;	/* /proc/pid/exe to fix */
			changed = 1;
		}
	}

	if (changed) {
		/* The rest of the guest's argv, after its argv[0]. */
		for (nargs = 0; argv && nargs < MAX_ARGS; nargs++) {
			unsigned long p;

			if (os_read_mem(t->tid, argv + nargs * 8, &p, 8) != 8) {
				r = -EFAULT;
				goto out;
			}
			if (!p)
				break;
		}
		if (nargs == MAX_ARGS) {
			r = -E2BIG;
			goto out;
		}
		orig = calloc(nargs + 1, sizeof(*orig));
		if (!orig) {
			r = -ENOMEM;
			goto out;
		}
		if (nargs && os_read_mem(t->tid, argv, orig, nargs * 8) !=
		    nargs * 8) {
			r = -EFAULT;
			goto out;
		}
		for (int i = rest_from; i < nargs && !r; i++)
			r = args_push(&pre, orig[i]);
		if (!r)
			r = args_push(&pre, 0);
		if (r < 0)
			goto out;
		/*
		 * The array the host copies argv from: in the window if it
		 * fits, else on the guest's stack.  Its strings are the
		 * program's arguments, not what umvm checked.
		 */
		at = scratch_put(t, pre.v, pre.n * sizeof(*pre.v));
		if (!at)
			at = scratch_stack_put(t, pre.v, pre.n * sizeof(*pre.v));
		if (!at) {
			r = -E2BIG;
			goto out;
		}
		regs_set_arg(&t->regs, b + 1, at);
	}
	r = view_pin(t, host, sizeof(host), PIN_OBJECT);
	if (r < 0) {
		if (r == -EAGAIN)
			r = -ELOOP;
		goto out;
	}
	at = put_str(t, host);
	if (!at) {
		r = -ENOMEM;
		goto out;
	}
	regs_set_arg(&t->regs, b, at);
	if (b)
		regs_set_arg(&t->regs, 0, (unsigned long)AT_FDCWD);
	t->flags |= GT_REGS_DIRTY;
	r = 0;
out:
	free(orig);
	free(pre.v);
	return r;
}

static enum outcome exec_entry(struct gthread *t, struct gsyscall *sc)
{
	int b = sc->nr == __NR_execveat;
	struct exec_note *note = calloc(1, sizeof(*note));
	char *guest = malloc(PATH_MAX);
	int r;

	sc->hook_state = 0;
	if (!guest || !note) {
		free(guest);
		free(note);
		sc->ret = -ENOMEM;
		return OUT_EMULATE;
	}
	scratch_stack_reset(t);
	r = exec_rewrite(t, sc, b, guest, note);
	if (r < 0) {
		free(guest);
		free(note);
		t->flags &= ~GT_REGS_DIRTY;
		sc->ret = r;
		return OUT_EMULATE;
	}
	/* The exit stop records /proc/pid/exe: keep the program's path. */
	if (sc->hook_state)
		note->exe = guest;
	else
		free(guest);
	sc->hook_state = (unsigned long)note;
	return OUT_PASS_SEE_EXIT;
}

static int exec_exit(struct gthread *t, struct gsyscall *sc)
{
	struct exec_note *note = (struct exec_note *)sc->hook_state;

	if (!note)
		return 0;
	if (sc->ret == 0) {
		/* The host named it after the path umvm handed over. */
		scratch_set_name(t, note->comm);
		view_exe_set(t->tgid, note->exe);
	}
	free(note->exe);
	free(note);
	sc->hook_state = 0;
	return 0;
}

static void exec_init(void)
{
	scratch_want(__NR_execve);
	scratch_want(__NR_execveat);
}

/* Programs found, loaded and named in the view. */
const struct personality exec_personality = {
	VIEW_PART("exec"),
	.init = exec_init,
	HOOKS(
		{ .nrs = NRS(__NR_execve, __NR_execveat),
		  .entry = exec_entry, .exit = exec_exit }),
	.new_thread = view_exe_inherit,
};
