#!/usr/bin/env bash
# cordon-server on etcd against cordon-server on RocksDB, in one run
# (docs/benchmarks.md, "The etcd store at the edge"; issue 15): starts a
# three-member etcd cluster on loopback (Debian's etcd), one cordon-server
# on its own RocksDB and three replicas on the cluster, then runs
# `cordon-bench grpc` against RocksDB, against one replica, and against
# all three (its channels spread over them), in turn, ROUNDS times, so
# each meets the machine in the same state. Prints cordon-bench's table
# lines prefixed by the target.
#
#   tools/bench/etcd_edge.sh [cordon-bench grpc flags...]
#
# Defaults: --workloads=get_identity,create_identity --in_flight=40
# --duration=4s. BUILD_DIR (default build), ROUNDS (default 2) and
# PORT_BASE (default 23790: etcd clients PORT_BASE+1..3, peers +11..13,
# the RocksDB server +21, the replicas +22..24, all on 127.0.0.1) may be
# set.
set -euo pipefail

build=${BUILD_DIR:-build}
rounds=${ROUNDS:-2}
base=${PORT_BASE:-23790}
flags=("$@")
[[ ${#flags[@]} -gt 0 ]] ||
  flags=(--workloads=get_identity,create_identity --in_flight=40 --duration=4s)
ninja -C "$build" cordon-bench cordon-server >/dev/null
work=$(mktemp -d)
source "$(dirname "$0")/etcd_cluster.sh"
start_etcd_cluster
serve rocksdb $((base + 21))
replicas=""
for i in 1 2 3; do
  serve "etcd$i" $((base + 21 + i)) --store=etcd --etcd_endpoints="$endpoints" \
    --secrets_key_file="$work/secrets.key"
  replicas="$replicas${replicas:+,}127.0.0.1:$((base + 21 + i))"
done

for round in $(seq "$rounds"); do
  for target in rocksdb=127.0.0.1:$((base + 21)) \
    etcd_one_replica=127.0.0.1:$((base + 22)) \
    etcd_three_replicas=$replicas; do
    name=${target%%=*}
    key=rocksdb
    [[ $name == rocksdb ]] || key=etcd1 # the first replica made the key
    "$build/tools/bench/cordon-bench" grpc --cordon="${target#*=}" \
      --key_file="$work/$key/bootstrap.key" --identities=200 "${flags[@]}" \
      2>>"$work/bench.err" |
      grep -E '^cordon +[a-z_]+ +[0-9]' | sed "s/^/round $round $name /"
  done
done
