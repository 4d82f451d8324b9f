# Sourced by the etcd benchmarks (tools/bench/etcd_*.sh; issue 15): a
# three-member etcd cluster on loopback (Debian's etcd) and cordon-servers,
# every process killed when the script exits. The caller sets `build`,
# `base` (clients on base+1..3, peers on base+11..13) and `work` (a
# temporary directory, removed at exit) before calling start_etcd_cluster.

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Starts the members; sets `endpoints` (host:port,...).
start_etcd_cluster() {
  local members="" i
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
}

# serve NAME PORT [flags...]: starts a cordon-server with its data dir at
# $work/NAME and its log at $work/NAME.log, and returns once it serves;
# sets `served_pid`.
serve() {
  local name=$1 port=$2
  shift 2
  "$build/server/cordon-server" --listen="127.0.0.1:$port" \
    --data_dir="$work/$name" --rate_limit_per_key=0 "$@" \
    >>"$work/$name.log" 2>&1 &
  served_pid=$!
  pids+=($served_pid)
  local lines
  lines=$(grep -c '"event":"serving"' "$work/$name.log" 2>/dev/null || true)
  for _ in $(seq 200); do
    [[ $(grep -c '"event":"serving"' "$work/$name.log") -gt ${lines:-0} ]] &&
      return 0
    sleep 0.1
  done
  echo "$name did not serve:" >&2
  tail -5 "$work/$name.log" >&2
  return 1
}
