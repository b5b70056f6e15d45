#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# OCI conformance: tests/oci/conformance/*.go built with Go against
# runtime-tools as Debian packages it (golang-go,
# golang-github-opencontainers-runtime-tools-dev), run on umvm-oci.
# Prints the table of cases (pass, FAIL, n.a. with the reason).
#
# usage: tests/oci/conformance.sh [--umvm PATH]
. "$(dirname "$0")/lib.sh"

command -v go >/dev/null || suite_missing golang-go "Go"
src=/usr/share/gocode/src/github.com/opencontainers/runtime-tools/generate
[ -d "$src" ] || suite_missing golang-github-opencontainers-runtime-tools-dev "runtime-tools"

mkdir -p gopath/src/umvm-conformance
cp "$oci_here"/conformance/*.go gopath/src/umvm-conformance/
(
	cd gopath/src/umvm-conformance &&
	GO111MODULE=off GOPATH="$tmp/gopath:/usr/share/gocode" \
		GOCACHE=${GOCACHE:-$HOME/.cache/go-build} GOFLAGS= \
		go build -o "$tmp/conformance" .
) >build.log 2>&1 || { cat build.log; echo "conformance: build failed"; exit 1; }
mkdir -p work
"$tmp/conformance" -runtime "$OCI" -rootfs "$ROOTFS" -work "$tmp/work"
