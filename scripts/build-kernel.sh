#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the host kernel with the PTRACE_VM patch for the QEMU test rig.
#
# usage: build-kernel.sh [--status]
#
# Extracts Debian's linux-source-6.1, applies linux/host/*.patch, configures
# "make tinyconfig" + linux/host/config.fragment and builds bzImage.  The
# result is cached under
#   ${UMVM_CACHE:-$HOME/.cache/umvm}/host-kernel-<key>/bzImage
# where <key> covers the source package version, the patches, the fragment
# and the recipe (scripts/lib-kbuild.sh), so a second run with nothing
# changed returns at once.  The last line on stdout is the path of
# bzImage; progress goes to stderr (a line a minute while make runs).
# --status prints that path and exits 0 when it is built, 1 when not.
#
# Exit status: 0 built (or cached), 78 a package is missing (named; this
# script installs nothing: scripts/deps.sh does), anything else a build
# failure.
#
# Environment: UMVM_CACHE (cache root), UMVM_JOBS (default: nproc),
# UMVM_KEEP_BUILD=1 keeps the build tree.
set -euo pipefail

prog=build-kernel
. "$(dirname "${BASH_SOURCE[0]}")/lib-kbuild.sh"
kbuild_sources host

kbuild_need_tools libelf.h:libelf-dev openssl/ssl.h:libssl-dev
out=$cache/host-kernel-$(kbuild_key x86 tinyconfig bzImage)
if [ "${1:-}" = --status ]; then
	kbuild_status "$out" bzImage
fi
kbuild_cached "$out" bzImage say
say "no cached host kernel for these patches: building it once (5 to 15 minutes on 2 CPUs)"
kbuild_build "$out" x86 tinyconfig bzImage arch/x86/boot/bzImage
