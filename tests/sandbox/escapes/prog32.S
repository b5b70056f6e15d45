/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Not an escape by itself: a 32-bit program with no C library, run by
 * exec32.  It opens argv[1] (i386 open, 5), copies up to 64 bytes of it to
 * stdout and exits 0, or exits 3 when it could not.
 */
	.text
	.globl	_start
_start:
	movl	8(%esp), %ebx		/* argv[1] */
	movl	$5, %eax		/* open(path, O_RDONLY) */
	xorl	%ecx, %ecx
	int	$0x80
	testl	%eax, %eax
	js	fail
	movl	%eax, %ebx		/* read(fd, buf, 64) */
	movl	$3, %eax
	movl	$buf, %ecx
	movl	$64, %edx
	int	$0x80
	testl	%eax, %eax
	jle	fail
	movl	%eax, %edx		/* write(1, buf, n) */
	movl	$4, %eax
	movl	$1, %ebx
	movl	$buf, %ecx
	int	$0x80
	movl	$1, %eax		/* exit(0) */
	xorl	%ebx, %ebx
	int	$0x80
fail:
	movl	$1, %eax		/* exit(3) */
	movl	$3, %ebx
	int	$0x80

	.bss
buf:	.skip	64
	.section .note.GNU-stack,"",@progbits
