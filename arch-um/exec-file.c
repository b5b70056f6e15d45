// SPDX-License-Identifier: GPL-2.0
/*
 * What a program file asks of exec (exec.c): the host kernel reads a
 * script's "#!" line and an ELF program's interpreter on its own, so
 * inside a view umvm reads them first, from the view's file.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "view.h"
#include "os.h"

/* 1 when @host is an ELF file of 32-bit code (i386 or x32). */
int exec_elf_is_32bit(const char *host)
{
	unsigned char id[EI_NIDENT];

	return os_read_head(host, id, sizeof(id)) == (ssize_t)sizeof(id) &&
	       !memcmp(id, ELFMAG, SELFMAG) && id[EI_CLASS] == ELFCLASS32;
}

/* The PT_INTERP of ELF file @host into @out; 0 when it has none. */
int exec_elf_interp(const char *host, char *out, size_t len)
{
	union {
		unsigned char id[EI_NIDENT];
		Elf64_Ehdr e64;
		Elf32_Ehdr e32;
	} h;
	ssize_t n = os_read_head(host, &h, sizeof(h));
	int is64, phnum;
	off_t phoff;
	size_t phsz;

	if (n < (ssize_t)sizeof(h.e32) || memcmp(h.id, ELFMAG, SELFMAG))
		return 0;
	is64 = h.id[EI_CLASS] == ELFCLASS64;
	if (is64 && n < (ssize_t)sizeof(h.e64))
		return 0;
	phoff = is64 ? (off_t)h.e64.e_phoff : (off_t)h.e32.e_phoff;
	phnum = is64 ? h.e64.e_phnum : h.e32.e_phnum;
	phsz = is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
	for (int i = 0; i < phnum && i < 128; i++) {
		union { Elf64_Phdr p64; Elf32_Phdr p32; } ph;
		off_t off;
		size_t sz;

		if (os_read_at(host, &ph, phsz, phoff + i * phsz) != (ssize_t)phsz)
			return 0;
		if ((is64 ? ph.p64.p_type : ph.p32.p_type) != PT_INTERP)
			continue;
		off = is64 ? (off_t)ph.p64.p_offset : (off_t)ph.p32.p_offset;
		sz = is64 ? ph.p64.p_filesz : ph.p32.p_filesz;
		if (sz == 0 || sz >= len)
			return -ENOEXEC;
		if (os_read_at(host, out, sz, off) != (ssize_t)sz)
			return -ENOEXEC;
		out[sz - 1] = 0;
		return 1;
	}
	return 0;
}

/* Does the loader at @host understand --argv0 (glibc 2.33 and later)? */
int exec_loader_has_argv0(const char *host)
{
	static char known[PATH_MAX];
	static int answer;
	char buf[65536 + 8];
	off_t off = 0;
	ssize_t n;

	if (!strcmp(known, host))
		return answer;
	answer = 0;
	while ((n = os_read_at(host, buf, sizeof(buf), off)) > 8) {
		if (memmem(buf, n, "--argv0", 7)) {
			answer = 1;
			break;
		}
		off += n - 8;
	}
	snprintf(known, sizeof(known), "%s", host);
	return answer;
}

/* Parse "#!interp [arg]" from the head of a script. */
int exec_shebang(const char *host, char *interp, size_t ilen, char *arg,
		 size_t alen, int *has_arg)
{
	char buf[256 + 1], *p, *e, *nl;
	ssize_t n = os_read_head(host, buf, sizeof(buf) - 1);

	if (n < 2 || buf[0] != '#' || buf[1] != '!')
		return 0;
	buf[n] = 0;
	nl = strchr(buf, '\n');
	if (nl)
		*nl = 0;
	p = buf + 2;
	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p)
		return -ENOEXEC;
	e = p + strcspn(p, " \t");
	if ((size_t)(e - p) >= ilen)
		return -ENAMETOOLONG;
	memcpy(interp, p, e - p);
	interp[e - p] = 0;
	while (*e == ' ' || *e == '\t')
		e++;
	/* The rest of the line is one argument, trailing blanks cut. */
	*has_arg = 0;
	if (*e) {
		char *end = e + strlen(e);

		while (end > e && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = 0;
		if ((size_t)(end - e) >= alen)
			return -ENAMETOOLONG;
		strcpy(arg, e);
		*has_arg = 1;
	}
	return 1;
}
