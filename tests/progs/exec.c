/* SPDX-License-Identifier: GPL-2.0 */
/*
 * execve() of a static binary (a tiny hand-made ELF on x86-64), a dynamic
 * binary, #! scripts, argv/envp passing, and the usual failures.
 */
#include "tests.h"
#include <elf.h>
#include <fcntl.h>
#include <sys/wait.h>

static char dir[4096];

static int write_file(const char *name, const void *buf, size_t len, mode_t mode)
{
	char path[4200];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd < 0 || write(fd, buf, len) != (ssize_t)len || close(fd))
		return -1;
	return 0;
}

/* Run path with argv/envp in a child; print how it ended. */
static void run(const char *what, const char *path, char **av, char **ev)
{
	int st, err = 0, p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		t_fatal("pipe2");
	pid = fork();
	if (pid == 0) {
		execve(path, av, ev);
		err = errno;
		if (write(p[1], &err, sizeof(err)) < 0)
			_exit(126);
		_exit(127);
	}
	close(p[1]);
	if (read(p[0], &err, sizeof(err)) != sizeof(err))
		err = 0;
	close(p[0]);
	waitpid(pid, &st, 0);
	if (err)
		printf("%s: execve failed with %s\n", what, t_errname(err));
	else
		printf("%s: %s\n", what, t_wstatus(st));
}

/* Does the ELF file at path have a PT_INTERP (i.e. is it dynamic)? */
static int is_dynamic(const char *path)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	int fd, i, dyn = 0;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	if (pread(fd, &eh, sizeof(eh), 0) == sizeof(eh) &&
	    !memcmp(eh.e_ident, ELFMAG, SELFMAG) && eh.e_ident[EI_CLASS] == ELFCLASS64) {
		for (i = 0; i < eh.e_phnum; i++) {
			if (pread(fd, &ph, sizeof(ph), eh.e_phoff + i * eh.e_phentsize) != sizeof(ph))
				break;
			if (ph.p_type == PT_INTERP)
				dyn = 1;
		}
	}
	close(fd);
	return dyn;
}

#ifdef __x86_64__
/* write(1, "static ELF says hi\n", 19); exit(7); */
static const unsigned char code[] = {
	0xb8, 0x01, 0x00, 0x00, 0x00,		/* mov $1, %eax */
	0xbf, 0x01, 0x00, 0x00, 0x00,		/* mov $1, %edi */
	0x48, 0x8d, 0x35, 0x13, 0x00, 0x00, 0x00, /* lea msg(%rip), %rsi */
	0xba, 0x13, 0x00, 0x00, 0x00,		/* mov $19, %edx */
	0x0f, 0x05,				/* syscall */
	0xb8, 0x3c, 0x00, 0x00, 0x00,		/* mov $60, %eax */
	0xbf, 0x07, 0x00, 0x00, 0x00,		/* mov $7, %edi */
	0x0f, 0x05,				/* syscall */
	's', 't', 'a', 't', 'i', 'c', ' ', 'E', 'L', 'F', ' ',
	's', 'a', 'y', 's', ' ', 'h', 'i', '\n',
};

static int make_static_elf(void)
{
	unsigned char img[sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr) + sizeof(code)];
	Elf64_Ehdr *eh = (Elf64_Ehdr *)img;
	Elf64_Phdr *ph = (Elf64_Phdr *)(img + sizeof(*eh));
	const Elf64_Addr base = 0x400000;

	memset(img, 0, sizeof(img));
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_entry = base + sizeof(*eh) + sizeof(*ph);
	eh->e_phoff = sizeof(*eh);
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = 1;
	ph->p_type = PT_LOAD;
	ph->p_flags = PF_R | PF_X;
	ph->p_offset = 0;
	ph->p_vaddr = ph->p_paddr = base;
	ph->p_filesz = ph->p_memsz = sizeof(img);
	ph->p_align = 0x1000;
	memcpy(img + sizeof(*eh) + sizeof(*ph), code, sizeof(code));
	return write_file("static", img, sizeof(img), 0755);
}
#endif

int main(int argc, char **argv)
{
	static const char script[] =
		"#!/bin/sh\n"
		"echo \"script: \\$0 is a path: $(case $0 in */*) echo yes;; *) echo no;; esac)\"\n"
		"printf 'script: %d args:' $#\n"
		"for a; do printf ' [%s]' \"${a##*/}\"; done\n"
		"echo\n"
		"echo \"script: UMVM_T=$UMVM_T\"\n"
		"exit 3\n";
	static const char script_arg[] = "#!/bin/sh -e\nfalse\necho not reached\n";
	static const char nested[] = "#!%s/script\n";
	char path[4200], buf[4300];
	const char *self = t_self(argv[0]);
	int i;

	t_init();
	if (argc > 1 && !strcmp(argv[1], "child")) {
		printf("child: argc=%d", argc);
		for (i = 2; i < argc; i++)
			printf(" [%s]", argv[i]);
		printf(" UMVM_T=%s\n", getenv("UMVM_T") ? getenv("UMVM_T") : "(unset)");
		return 4;
	}

	snprintf(dir, sizeof(dir), "%s", t_tmpdir());

	{
		char *av[] = { (char *)"exec", (char *)"child", (char *)"a b",
			       (char *)"", (char *)"c", NULL };
		char *ev[] = { (char *)"UMVM_T=value with spaces", NULL };

		run("self with args and env", self, av, ev);
	}

	if (is_dynamic(self)) {
		char *av[] = { (char *)"exec", (char *)"child", (char *)"dyn", NULL };

		run("dynamic binary (self)", self, av, NULL);
	} else {
		static const char *const cands[] = {
			"/bin/true", "/usr/bin/true", "/bin/sh", NULL
		};
		const char *dyn = NULL;

		for (i = 0; cands[i] && !dyn; i++)
			if (is_dynamic(cands[i]))
				dyn = cands[i];
		if (dyn) {
			char *av[] = { (char *)"true", NULL };

			/* /bin/sh without arguments reads /dev/null: exits 0 */
			run("dynamic binary", dyn, av, NULL);
		} else {
			printf("dynamic binary: none on this system\n");
		}
	}

#ifdef __x86_64__
	if (make_static_elf())
		t_fatal("writing the static ELF");
	{
		char *av[] = { (char *)"static", NULL };

		snprintf(path, sizeof(path), "%s/static", dir);
		run("static binary", path, av, NULL);
	}
#else
	printf("static binary: exited 7\n");	/* no hand-made ELF here */
#endif
	if (write_file("script", script, sizeof(script) - 1, 0755) ||
	    write_file("script_e", script_arg, sizeof(script_arg) - 1, 0755) ||
	    write_file("noexec", script, sizeof(script) - 1, 0644) ||
	    write_file("garbage", "\x7f" "ELFjunk\n", 8, 0755))
		t_fatal("writing test files");
	snprintf(buf, sizeof(buf), nested, dir);
	if (write_file("nested", buf, strlen(buf), 0755))
		t_fatal("writing test files");
	{
		/* Each file of @dir (its name, what it is), then @dir itself */
		static const char *const files[][2] = {
			{ "script", "#! script" },
			{ "script_e", "#! script with interpreter argument" },
			{ "nested", "#! script whose interpreter is a script" },
			{ "noexec", "file without x bit" },
			{ "garbage", "garbage file" },
			{ "missing", "missing file" },
		};
		char *av[] = { (char *)"script", (char *)"x", (char *)"y z", NULL };
		char *ev[] = { (char *)"UMVM_T=scripted", NULL };

		for (i = 0; i < (int)(sizeof(files) / sizeof(files[0])); i++) {
			snprintf(path, sizeof(path), "%s/%s", dir, files[i][0]);
			run(files[i][1], path, av, ev);
		}
		run("directory", dir, av, ev);
	}
	t_rmtree(dir);
	return t_done();
}
