# SPDX-License-Identifier: GPL-2.0
#
# umvm: one plain Makefile.  `make` builds ./umvm; `make check` installs
# the Debian packages the tests need (scripts/deps.sh: as root with apt,
# else it stops and prints the command) and runs every suite
# (tests/check.sh); `make check-quick` is the edit loop (build, compare
# and cli suites on the default backend); `make bench` prints the
# benchmark.  Local settings may go in config.mak.

CC ?= gcc
CFLAGS ?= -O2 -g
WARN = -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes \
       -Wstrict-prototypes -Wformat=2 -Wno-format-nonliteral
CPPFLAGS += -Iinclude -Ibuild
PREFIX ?= /usr/local
-include config.mak

SRCS = $(wildcard main/*.c skas/*.c arch-um/*.c os-Linux/*.c bench/*.c)
OBJS = $(SRCS:%.c=build/%.o)
TEST_SRCS = $(wildcard tests/progs/*.c)
TEST_BINS = $(TEST_SRCS:tests/progs/%.c=tests/progs/bin/%)
SANDBOX_SRCS = $(wildcard tests/sandbox/*.c)
SANDBOX_BINS = $(SANDBOX_SRCS:tests/sandbox/%.c=tests/sandbox/bin/%)
ESCAPE_SRCS = $(wildcard tests/sandbox/escapes/*.c)
ESCAPE_BINS = $(ESCAPE_SRCS:tests/sandbox/escapes/%.c=tests/sandbox/escapes/bin/%) \
	      tests/sandbox/escapes/bin/prog32

all: umvm umvm-oci

umvm: $(OBJS)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) -pthread -lm

# The OCI runtime under the plain name engines want (umvm oci).
umvm-oci: umvm
	@ln -sf umvm $@

build/sysent-table.h: arch-um/syscalls.list arch-um/gen-sysent.awk
	@mkdir -p build
	awk -f arch-um/gen-sysent.awk $< > $@.tmp && mv $@.tmp $@

build/sysent-%.h: arch-um/syscalls-%.list arch-um/gen-sysent.awk
	@mkdir -p build
	awk -f arch-um/gen-sysent.awk $< > $@.tmp && mv $@.tmp $@

build/arch-um/sysent.o: build/sysent-table.h build/sysent-i386.h \
			build/sysent-x32.h

# -MMD -MP: the compiler writes each object's header list (build/X.d,
# included below), so touching a header rebuilds exactly what includes it;
# a change of the Makefile (its flags) rebuilds everything.
build/%.o: %.c Makefile
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -MMD -MP -c -o $@ $<

-include $(OBJS:.o=.d)

tests/progs/bin/%: tests/progs/%.c
	@mkdir -p tests/progs/bin
	@echo "  CC      $<"
	@$(CC) -O2 -Wall -Wextra -pthread $(TEST_CFLAGS) -o $@ $< -lrt

tests/sandbox/bin/%: tests/sandbox/%.c
	@mkdir -p tests/sandbox/bin
	@echo "  CC      $<"
	@$(CC) -O2 -Wall -Wextra -static -pthread -o $@ $<

tests/sandbox/escapes/bin/%: tests/sandbox/escapes/%.c tests/sandbox/escapes/escape.h
	@mkdir -p tests/sandbox/escapes/bin
	@echo "  CC      $<"
	@$(CC) -O2 -Wall -Wextra -D_GNU_SOURCE -static -pthread -o $@ $<

# A 32-bit program with no C library: only binutils' i386 support is needed.
tests/sandbox/escapes/bin/prog32: tests/sandbox/escapes/prog32.S
	@mkdir -p tests/sandbox/escapes/bin
	@echo "  AS      $<"
	@$(CC) -m32 -nostdlib -static -o $@ $<

test-progs: $(TEST_BINS) $(SANDBOX_BINS) $(ESCAPE_BINS)

# The test programs' shared headers (each program is one .c file).
$(TEST_BINS): $(wildcard tests/progs/*.h)
tests/sandbox/bin/race: tests/sandbox/escapes/escape.h
tests/ptrace_vm/ptrace_vm_test: tests/progs/seccomp_filter.h

BENCHCHECK_OBJS = build/bench/stats.o build/bench/report.o \
		  build/bench/report-markdown.o \
		  build/bench/svg.o build/os-Linux/util.o
tests/bench/benchcheck: tests/bench/benchcheck.c $(BENCHCHECK_OBJS) bench/bench.h
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -o $@ $< $(BENCHCHECK_OBJS) -lm

tests/ptrace_vm/ptrace_vm_test: tests/ptrace_vm/*.c tests/ptrace_vm/*.h \
				include/ptrace_vm.h
	@$(MAKE) -s -C tests/ptrace_vm

CHECK_BINS = umvm test-progs tests/bench/benchcheck tests/ptrace_vm/ptrace_vm_test

deps:
	@scripts/deps.sh

# deps first, on its own: with missing packages make check stops at once.
check:
	@scripts/deps.sh
	@$(MAKE) --no-print-directory $(CHECK_BINS)
	@tests/check.sh

check-quick:
	@scripts/deps.sh
	@$(MAKE) --no-print-directory $(CHECK_BINS)
	@tests/check.sh --quick

# The lifetime suite's stress part, long: 2000 runs per backend.
stress: umvm test-progs
	tests/lifetime/run.sh --iterations 2000 --jobs 3 stress

# Real programs natively and under every backend: the README's matrix.
compat: umvm
	scripts/compat.sh --markdown build/compat.md

check-vm: umvm test-progs
	scripts/check-vm.sh

# For tests/clang.sh: the flags and sources gcc gets.
print-flags:
	@echo $(CPPFLAGS) $(WARN)
print-srcs:
	@echo $(SRCS)

# The full report: every mechanism and workload on this host, written to
# build/bench/bench.{md,json,svg}; rows of scripts/bench-uml.sh (if present)
# are added.  bench-vm: the same inside the QEMU PTRACE_VM host.
bench: umvm
	scripts/bench.sh

bench-vm: umvm
	scripts/bench-vm.sh

# UML in each syscall mode, in QEMU and on this host (slow; see the script).
bench-uml:
	scripts/bench-uml.sh

# umvm boot finds its scripts in PREFIX/share/umvm (beside PREFIX/bin).
BOOT_SCRIPTS = scripts/umvm-boot.sh scripts/build-uml.sh scripts/lib-kbuild.sh \
	       scripts/lib-cli.sh
BOOT_DATA = $(wildcard linux/uml/*.patch) linux/uml/config.fragment
DATADIR = $(DESTDIR)$(PREFIX)/share/umvm

install: umvm
	install -D -m 755 umvm $(DESTDIR)$(PREFIX)/bin/umvm
	ln -sf umvm $(DESTDIR)$(PREFIX)/bin/umvm-oci
	install -D -m 644 docs/umvm.1 $(DESTDIR)$(PREFIX)/share/man/man1/umvm.1
	install -d $(DATADIR)/scripts $(DATADIR)/linux/uml
	install -m 755 $(BOOT_SCRIPTS) $(DATADIR)/scripts/
	install -m 644 $(BOOT_DATA) $(DATADIR)/linux/uml/

clean:
	rm -rf build umvm umvm-oci tests/progs/bin tests/sandbox/bin \
		tests/sandbox/escapes/bin tests/bench/benchcheck
	$(MAKE) -s -C tests/ptrace_vm clean

.PHONY: all deps check check-quick check-vm stress compat bench bench-vm \
	bench-uml install clean test-progs print-flags print-srcs
