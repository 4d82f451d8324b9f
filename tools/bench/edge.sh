#!/usr/bin/env bash
# The gRPC edge in one run (docs/benchmarks.md, "The gRPC edge"):
# cordon-bench grpc spawns cordon-server, cordon-sim and the bare baseline
# server on loopback, sweeps the requests in flight over every workload
# (interleaved, so both servers meet the machine in the same state), writes
# the JSON, and draws throughput and p99 against requests in flight with
# gnuplot.
#
#   tools/bench/edge.sh [OUT_DIR] [cordon-bench grpc flags...]
#
# OUT_DIR (default docs/benchmarks) receives edge.json and edge.png. Extra
# flags go to cordon-bench grpc, e.g. --duration=2s --workloads=... .
# BUILD_DIR (default build) is the build tree to use; it must be configured.
set -euo pipefail

out=${1:-docs/benchmarks}
shift || true
build=${BUILD_DIR:-build}
mkdir -p "$out"
ninja -C "$build" cordon-bench cordon-bench-baseline cordon-server cordon-sim >/dev/null
# Exit status 1 means some requests failed: they are in the JSON (each
# result's "errors"), and the chart is still drawn; the script then fails.
status=0
"$build/tools/bench/cordon-bench" grpc --json --in_flight=1,4,16,40,64 "$@" \
  >"$out/edge.json" || status=$?
if ! jq -e '.results | length > 0' "$out/edge.json" >/dev/null 2>&1; then
  echo "cordon-bench grpc failed (status $status)" >&2
  exit 1
fi

# One data file per target and workload: in_flight, requests/s, p99 ms.
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
plots_tput=()
plots_p99=()
for key in $(jq -r '.results[] | "\(.target).\(.workload)"' "$out/edge.json" | sort -u); do
  jq -r --arg key "$key" \
    '.results[] | select("\(.target).\(.workload)" == $key)
     | "\(.in_flight) \(.throughput_per_s) \(.latency_ms.p99)"' \
    "$out/edge.json" >"$data/$key.dat"
  style=lp
  [[ $key == baseline.* ]] && style='lp dt 2'
  plots_tput+=("'$data/$key.dat' using 1:2 with $style title '${key#*.}'")
  plots_p99+=("'$data/$key.dat' using 1:3 with $style title '${key#*.}'")
done
join() { local IFS=,; echo "$*"; }

gnuplot <<GNUPLOT
set terminal pngcairo noenhanced size 1100,480 font ",9"
set output "$out/edge.png"
set multiplot layout 1,2 title "cordon-server and the bare gRPC + RocksDB baseline (dashed), one run: $(jq -r .time "$out/edge.json")"
set logscale x 2
set xlabel "requests in flight"
set grid
set key outside bottom center horizontal maxrows 3 font ",8"
set logscale y
set ylabel "requests/s"
plot $(join "${plots_tput[@]}")
set ylabel "p99 latency (ms)"
plot $(join "${plots_p99[@]}")
unset multiplot
GNUPLOT
echo "wrote $out/edge.json and $out/edge.png"
if ((status != 0)); then
  echo "some requests failed: see \"errors\" in $out/edge.json" >&2
fi
exit "$status"
