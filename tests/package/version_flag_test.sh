#!/usr/bin/env bash
# `--version` on every binary prints one line, "<program> <version>", with
# the version this build generated (build/generated/version.txt), and exits
# 0 without starting anything. cordon-agent adds the agent version it
# reports to Cordon (ISO-9).
# usage: version_flag_test.sh BUILD_DIR
set -euo pipefail
BUILD="$1"
version=$(cat "$BUILD/generated/version.txt")
[[ -n "$version" ]] || { echo "FAIL: empty version.txt" >&2; exit 1; }

check() {  # check BINARY WANTED_LINE
  local out rc=0
  out=$(cd / && "$1" --version) || rc=$?
  [[ $rc -eq 0 ]] || { echo "FAIL: $1 --version exited $rc" >&2; exit 1; }
  [[ "$out" == "$2" ]] || { echo "FAIL: $1 --version: '$out', want '$2'" >&2; exit 1; }
  echo "ok: $out"
}
check "$BUILD/server/cordon-server" "cordon-server $version"
check "$BUILD/tools/cordon-sim/cordon-sim" "cordon-sim $version"
check "$BUILD/tools/cordon-agent/cordon-agent" \
  "cordon-agent $version (reports agent version 0.15.0)"
