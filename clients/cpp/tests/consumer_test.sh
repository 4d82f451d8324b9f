#!/usr/bin/env bash
# The SDK as another project sees it: `cmake --install --component sdk`
# into a scratch prefix, then configure, build and run tests/consumer with
# find_package(CordonClient) against that prefix only.
# usage: consumer_test.sh BUILD_DIR CONSUMER_SOURCE_DIR
set -euo pipefail
BUILD="$1"
SOURCE="$2"
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$BUILD" --prefix "$SCRATCH/prefix" --component sdk \
  >"$SCRATCH/install.log" 2>&1 || { cat "$SCRATCH/install.log" >&2; fail "install"; }
[[ -f "$SCRATCH/prefix/include/cordon/client/client.h" ]] || fail "no SDK headers"
[[ -f "$SCRATCH/prefix/include/cordon-proto/cordon/v1/identity.grpc.pb.h" ]] ||
  fail "no generated headers"
! find "$SCRATCH/prefix" -name '*.pb.h' -path '*store*' | grep -q . ||
  fail "the server's record protos were installed"
[[ ! -e "$SCRATCH/prefix/bin" ]] || fail "the sdk component installed programs"

launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -S "$SOURCE" -B "$SCRATCH/build" -G Ninja "${launcher[@]}" \
  -DCMAKE_PREFIX_PATH="$SCRATCH/prefix" >"$SCRATCH/configure.log" 2>&1 ||
  { cat "$SCRATCH/configure.log" >&2; fail "configure"; }
cmake --build "$SCRATCH/build" -j2 >"$SCRATCH/build.log" 2>&1 ||
  { cat "$SCRATCH/build.log" >&2; fail "build"; }
output=$("$SCRATCH/build/consumer") || fail "consumer: $output"
[[ "$output" == "accounts/7/organizations/3/identities/12 "* ]] ||
  fail "unexpected output: $output"
echo "ok: $output"
