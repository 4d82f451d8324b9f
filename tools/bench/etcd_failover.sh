#!/usr/bin/env bash
# Leader failover among three cordon-server replicas on a three-member etcd
# cluster, all on loopback (docs/benchmarks.md, "Leader failover"; issue
# 15). KILLS times: SIGKILL the replica that runs the outbox worker, and
# time from the kill to the line `leader_elected` another replica logs;
# then start the killed one again, so three run at every kill. Prints each
# takeover in ms and then the median, min and max.
#
# A crash comes at any point of the leader's renewal period (a third of
# the TTL), so each kill waits a third of the TTL after the leader is found
# and then a seeded random part of another third. KILL_AT=election kills
# as soon as the leader is found instead, mostly just after it was elected
# and so just after its lease was renewed: the worst case.
#
#   tools/bench/etcd_failover.sh
#
# KILLS (default 20), TTL (--leader_lease_ttl in seconds, default 5, the
# server's default), KILL_AT (random or election, default random), SEED
# (default 1), BUILD_DIR (default build) and PORT_BASE (default
# 24790: etcd clients PORT_BASE+1..3, peers +11..13, replicas +21..23) may
# be set.
set -euo pipefail

build=${BUILD_DIR:-build}
kills=${KILLS:-20}
[[ $kills -ge 1 ]] || { echo "KILLS must be at least 1" >&2; exit 2; }
ttl=${TTL:-5}
kill_at=${KILL_AT:-random}
[[ $kill_at == random || $kill_at == election ]] ||
  { echo "KILL_AT must be random or election" >&2; exit 2; }
RANDOM=${SEED:-1}
base=${PORT_BASE:-24790}
ninja -C "$build" cordon-server >/dev/null
work=$(mktemp -d)
source "$(dirname "$0")/etcd_cluster.sh"
start_etcd_cluster

declare -A replica_pid
start_replica() {  # start_replica N
  serve "r$1" $((base + 20 + $1)) --store=etcd --etcd_endpoints="$endpoints" \
    --secrets_key_file="$work/secrets.key" --leader_lease_ttl="$ttl"
  replica_pid[$1]=$served_pid
}
elections() {  # elections N: how many times replica N was elected so far
  grep -c '"event":"leader_elected"' "$work/r$1.log" || true
}
leader() {  # the replica whose last term event is an election
  local r
  for r in 1 2 3; do
    if grep -E '"event":"leader_(elected|deposed)"' "$work/r$r.log" |
      tail -1 | grep -q leader_elected; then
      echo "$r"
      return
    fi
  done
}
epoch_ms() {  # epoch_ms LOG_LINE: its "time" in ms since the epoch
  date -d "$(sed -E 's/.*"time":"([^"]+)".*/\1/' <<<"$1")" +%s%3N
}

for r in 1 2 3; do start_replica "$r"; done
takeovers=()
for kill in $(seq "$kills"); do
  for _ in $(seq 300); do
    led=$(leader)
    [[ -n $led ]] && break
    sleep 0.1
  done
  [[ -n $led ]] || { echo "no replica leads" >&2; exit 1; }
  if [[ $kill_at == random ]]; then
    period_ms=$((ttl * 1000 / 3))
    delay_ms=$((period_ms + RANDOM % period_ms))
    sleep "$((delay_ms / 1000)).$(printf '%03d' $((delay_ms % 1000)))"
  fi
  declare -A before
  for r in 1 2 3; do before[$r]=$(elections "$r"); done
  killed_at=$(date +%s%3N)
  kill -9 "${replica_pid[$led]}"
  wait "${replica_pid[$led]}" 2>/dev/null || true
  echo '{"event":"leader_deposed","message":"killed by the benchmark"}' \
    >>"$work/r$led.log"
  line=""
  for _ in $(seq 1200); do
    for r in 1 2 3; do
      [[ $r == "$led" ]] && continue
      if [[ $(elections "$r") -gt ${before[$r]} ]]; then
        line=$(grep '"event":"leader_elected"' "$work/r$r.log" | tail -1)
      fi
    done
    [[ -n $line ]] && break
    sleep 0.05
  done
  [[ -n $line ]] || { echo "kill $kill: nobody took over" >&2; exit 1; }
  took=$(($(epoch_ms "$line") - killed_at))
  takeovers+=("$took")
  echo "kill $kill: replica $led killed, takeover $took ms"
  start_replica "$led"
done
sorted=($(printf '%s\n' "${takeovers[@]}" | sort -n))
count=${#sorted[@]}
echo "takeover with --leader_lease_ttl=$ttl, KILL_AT=$kill_at, over $count kills:" \
  "median $(((sorted[(count - 1) / 2] + sorted[count / 2]) / 2)) ms," \
  "min ${sorted[0]} ms, max ${sorted[count - 1]} ms"
