#!/usr/bin/env bash
# `cmake --install` into a scratch prefix: the binaries (which run from
# there) and their --help texts; the systemd unit and /etc/cordon are the
# .deb's alone (component systemd, not in a plain install).
# usage: install_test.sh BUILD_DIR
set -euo pipefail
BUILD="$1"
PREFIX=$(mktemp -d)
trap 'rm -rf "$PREFIX"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$BUILD" --prefix "$PREFIX" >"$PREFIX/install.log" 2>&1 ||
  { cat "$PREFIX/install.log" >&2; fail "cmake --install"; }
for program in cordon-server cordon-sim cordon-agent cordonctl; do
  "$PREFIX/bin/$program" --version | grep -q "^$program " ||
    fail "$program is not installed or does not run"
  grep -q -- "--" "$PREFIX/share/doc/cordon/help/$program.txt" ||
    fail "$program's --help text lists no flags"
done
grep -q -- "--data_dir" "$PREFIX/share/doc/cordon/help/cordon-server.txt" ||
  fail "cordon-server's --help text lacks --data_dir"
[[ -f "$PREFIX/share/doc/cordon-server/copyright" ]] || fail "no licence"
grep -q "complete" "$PREFIX/share/bash-completion/completions/cordonctl" ||
  fail "cordonctl's bash completion is not installed"
[[ -f "$PREFIX/lib/cmake/CordonClient/CordonClientConfig.cmake" ]] ||
  fail "the C++ SDK's CMake package is not installed"
! grep -qE '(/etc/cordon|systemd)' "$PREFIX/install.log" ||
  fail "a plain install wrote the .deb's files: $(grep -E 'etc|systemd' "$PREFIX/install.log")"
echo "ok: cmake --install"
