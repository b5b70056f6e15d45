/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Things every part of umvm uses: fatal errors and small helpers.
 */
#ifndef UMVM_H
#define UMVM_H

#include <stddef.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)

/* "umvm: <message>" on stderr, then exit(status).  Never returns. */
__attribute__((noreturn, format(printf, 2, 3)))
void die(int status, const char *fmt, ...);

/* "umvm: <message>" on stderr. */
__attribute__((format(printf, 1, 2)))
void warnmsg(const char *fmt, ...);

/* Exit status for usage and setup errors (before the guest runs). */
#define EXIT_SETUP	125
/* Exit status when the program cannot be executed (as env(1) uses). */
#define EXIT_NOEXEC	126
#define EXIT_NOTFOUND	127

#endif /* UMVM_H */
