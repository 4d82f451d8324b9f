#!/bin/sh
# The long fuzzing run of docs/reliability.md: every target in turn, one
# process at a time, niced, for its share of the executions.
#   tests/fuzz/long_run.sh BUILD_DIR [TARGET:RUNS ...]
# Without TARGET:RUNS, the shares below (10.5 million executions in all; fuzz_scenario
# opens a RocksDB database per execution, so it gets a small count).
# Prints one line per target: executions, wall seconds, result; findings
# are kept in BUILD_DIR/tests/fuzz/long/TARGET/artifacts.
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=$1
shift
if [ $# -eq 0 ]; then
  set -- fuzz_filter:3000000 fuzz_validators:3000000 fuzz_ip:2000000 \
    fuzz_resource_name:1000000 fuzz_page_token:1000000 fuzz_scenario:2000 \
    fuzz_api:500000
fi
status=0
for share in "$@"; do
  target=${share%%:*}
  runs=${share#*:}
  work="$build/tests/fuzz/long/$target"
  mkdir -p "$build/tests/fuzz/long"
  start=$(date +%s)
  nice -n 19 "$here/run_fuzz.sh" "$build/tests/fuzz/$target" "$here" "$work" \
    -runs="$runs" -seed=1 >"$work.log" 2>&1
  rc=$?
  executed=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work.log")
  echo "$target executions=${executed:-?} seconds=$(( $(date +%s) - start )) exit=$rc"
  [ $rc -eq 0 ] || status=1
done
exit $status
