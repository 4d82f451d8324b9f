#!/usr/bin/env bash
# cordon-server on etcd against cordon-server on RocksDB, in one run
# (docs/benchmarks.md, "The etcd store at the edge"; issue 15): starts a
# three-member etcd cluster on loopback (Debian's etcd), one cordon-server
# on its own RocksDB and one on the cluster, then runs `cordon-bench grpc`
# against each in turn, ROUNDS times, so both meet the machine in the same
# state. Prints cordon-bench's table lines prefixed by the store.
#
#   tools/bench/etcd_edge.sh [cordon-bench grpc flags...]
#
# Defaults: --workloads=get_identity,create_identity --in_flight=40
# --duration=4s. BUILD_DIR (default build), ROUNDS (default 2) and
# PORT_BASE (default 23790: etcd clients PORT_BASE+1..3, peers +11..13,
# the servers +21 and +22, all on 127.0.0.1) may be set.
set -euo pipefail

build=${BUILD_DIR:-build}
rounds=${ROUNDS:-2}
base=${PORT_BASE:-23790}
flags=("$@")
[[ ${#flags[@]} -gt 0 ]] ||
  flags=(--workloads=get_identity,create_identity --in_flight=40 --duration=4s)
ninja -C "$build" cordon-bench cordon-server >/dev/null
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

members=""
for i in 1 2 3; do
  members="$members${members:+,}m$i=http://127.0.0.1:$((base + 10 + i))"
done
endpoints=""
for i in 1 2 3; do
  endpoints="$endpoints${endpoints:+,}127.0.0.1:$((base + i))"
  etcd --name "m$i" --data-dir "$work/m$i" \
    --listen-client-urls "http://127.0.0.1:$((base + i))" \
    --advertise-client-urls "http://127.0.0.1:$((base + i))" \
    --listen-peer-urls "http://127.0.0.1:$((base + 10 + i))" \
    --initial-advertise-peer-urls "http://127.0.0.1:$((base + 10 + i))" \
    --initial-cluster "$members" --initial-cluster-state new \
    --max-txn-ops 10000 --logger zap --log-level error \
    >"$work/etcd$i.log" 2>&1 &
  pids+=($!)
done

serve() {  # serve NAME PORT [flags...]: a cordon-server, once it serves
  local name=$1 port=$2
  shift 2
  "$build/server/cordon-server" --listen="127.0.0.1:$port" \
    --data_dir="$work/$name" --rate_limit_per_key=0 "$@" \
    >"$work/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    grep -q '"event":"serving"' "$work/$name.log" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "$name did not serve:" >&2
  tail -5 "$work/$name.log" >&2
  return 1
}
serve rocksdb $((base + 21))
serve etcd $((base + 22)) --store=etcd --etcd_endpoints="$endpoints" \
  --secrets_key_file="$work/secrets.key"

for round in $(seq "$rounds"); do
  for target in rocksdb:$((base + 21)) etcd:$((base + 22)); do
    name=${target%%:*}
    "$build/tools/bench/cordon-bench" grpc --cordon="127.0.0.1:${target##*:}" \
      --key_file="$work/$name/bootstrap.key" --identities=200 "${flags[@]}" \
      2>>"$work/bench.err" |
      grep -E '^cordon +[a-z_]+ +[0-9]' | sed "s/^/round $round $name /"
  done
done
