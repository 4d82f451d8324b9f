#!/usr/bin/env bash
# Cordon's set-up, build, run and test in one script.
#   tools/dev.sh run    install what is missing, build, start cordon-server
#   tools/dev.sh test   install what is missing, build, run every test (ctest)
#   tools/dev.sh build  install what is missing, build
# Extra arguments after `run` go to cordon-server (e.g. --listen=...), after
# `test` to ctest. `test` and `build` also take --sanitize=address,undefined
# (the whole suite under ASan and UBSan, in build-asan/) or --sanitize=thread
# (the tests labelled tsan under TSan, in build-tsan/); docs/reliability.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JOBS="${CORDON_JOBS:-2}"
# Sanitizer builds use clang-14: the whole suite builds with it, and the
# libFuzzer targets (CORDON_FUZZ) need it, so one sanitizer build serves
# both (docs/reliability.md).
SANITIZER_COMPILER=(-DCMAKE_CXX_COMPILER=clang++-14)

# Debian packages the build, the tests and the tools need.
PACKAGES=(
  build-essential cmake ninja-build pkg-config unzip
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler grpc-proto
  librocksdb-dev libabsl-dev libssl-dev nlohmann-json3-dev libcurl4-openssl-dev
  libcpp-httplib-dev libspdlog-dev
  libldap-dev slapd ldap-utils
  libgtest-dev libgmock-dev libbenchmark-dev
  golang-github-gogo-googleapis-dev
  nodejs npm openssl
  python3-aiosmtpd
  prometheus  # promtool checks a scrape of --metrics_listen (tests/process)
  python3-grpcio python3-protobuf python3-pytest python3-setuptools python3-wheel
  python3-pip python3-venv jq
  gnuplot-nox  # tools/bench/edge.sh draws the gRPC edge chart
  systemd  # systemd-analyze verifies the .deb's unit (tests/package)
  clang-14 libclang-rt-14-dev  # --sanitize builds and the fuzz targets
  # the etcd store backend (issue 15): the server for its tests, and the
  # .proto files its C++ stubs are generated from at build time
  etcd-server golang-etcd-server-dev golang-github-gogo-protobuf-dev
  golang-github-grpc-ecosystem-grpc-gateway-dev
)

log() { printf 'dev.sh: %s\n' "$*" >&2; }

install_packages() {
  local missing=()
  for pkg in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  # node and npm may come from outside Debian's packages; their commands
  # are what the tests need.
  if command -v node >/dev/null && command -v npm >/dev/null; then
    local kept=()
    for pkg in "${missing[@]}"; do
      [[ "$pkg" == nodejs || "$pkg" == npm ]] || kept+=("$pkg")
    done
    missing=("${kept[@]}")
  fi
  if ((${#missing[@]} == 0)); then
    return
  fi
  log "installing: ${missing[*]}"
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
    --no-install-recommends "${missing[@]}"
}

# The reflection test uses a real third-party client from npm.
install_node_modules() {
  local dir="$ROOT/tests/reflection"
  if [[ -f "$dir/package.json" && ! -d "$dir/node_modules" ]]; then
    log "installing the reflection test's npm packages"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

build() {
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja "${CMAKE_ARGS[@]}" >/dev/null
  ninja -C "$BUILD_DIR" -j "$JOBS" "${TARGETS[@]}"
}

cmd="${1:-}"
shift || true

# --sanitize=LIST picks the build folder, the compiler and what is built
# and run; the other arguments stay for ctest or cordon-server.
SANITIZE=""
ARGS=()
for arg in "$@"; do
  case "$arg" in
    --sanitize=*) SANITIZE="${arg#--sanitize=}" ;;
    *) ARGS+=("$arg") ;;
  esac
done
set -- "${ARGS[@]}"
CMAKE_ARGS=()
TARGETS=()
CTEST_ARGS=()
case "$SANITIZE" in
  "") BUILD_DIR="${CORDON_BUILD_DIR:-$ROOT/build}" ;;
  address,undefined | undefined,address | address | undefined)
    BUILD_DIR="${CORDON_BUILD_DIR:-$ROOT/build-asan}"
    # The libFuzzer targets build in the same folder (clang) and run as
    # short, seeded ctest entries (label fuzz) with the rest of the suite.
    CMAKE_ARGS=(-DCORDON_SANITIZE="$SANITIZE" "${SANITIZER_COMPILER[@]}"
                -DCORDON_FUZZ=ON)
    ;;
  thread)
    BUILD_DIR="${CORDON_BUILD_DIR:-$ROOT/build-tsan}"
    CMAKE_ARGS=(-DCORDON_SANITIZE=thread "${SANITIZER_COMPILER[@]}")
    TARGETS=(cordon_tsan_tests)
    CTEST_ARGS=(-L tsan)
    ;;
  *)
    echo "dev.sh: --sanitize takes address,undefined or thread" >&2
    exit 2
    ;;
esac
case "$cmd" in
  run)
    [[ -z "$SANITIZE" ]] || { echo "dev.sh: run takes no --sanitize" >&2; exit 2; }
    install_packages
    build
    exec "$BUILD_DIR/server/cordon-server" --data_dir="$ROOT/cordon-data" "$@"
    ;;
  test)
    install_packages
    install_node_modules
    build
    cd "$BUILD_DIR"
    ctest --output-on-failure -j "$JOBS" --timeout 600 \
      "${CTEST_ARGS[@]}" "$@"
    ;;
  build)
    install_packages
    build
    ;;
  *)
    echo "usage: tools/dev.sh run|test|build [--sanitize=address,undefined|thread] [args]" >&2
    exit 2
    ;;
esac
