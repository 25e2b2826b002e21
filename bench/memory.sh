#!/usr/bin/env bash
# Memory: resident set size (VmRSS from /proc/PID/status) of each contender right after its first
# reply to a policy-check event, and after 10,000 more such events (hey, 8 connections), with the
# peak (VmHWM). Same three contenders and the same event as coldstart.sh.
#   bench/memory.sh [EVENTS]      (default 10000)
source "$(dirname "$0")/lib.sh"
EVENTS="${1:-10000}"
CONTENDERS=(${KABIN_BENCH_CONTENDERS:-aot jit peer})
need_tools hey
build_all
machine

kib() { awk -v k="$1" '$1 == k":" { print $2 }' "/proc/$2/status"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

declare -A after
printf '%-5s %14s %18s %14s\n' contender 'RSS start MiB' "RSS after $EVENTS MiB" 'peak MiB'
for name in "${CONTENDERS[@]}"; do
  pid=$(start_contender "$name")
  start_rss=$(kib VmRSS "$pid")
  hey -n "$EVENTS" -c 8 -m POST -T application/json -D "$BENCH_DIR/testdata/check.json" \
    -H 'ce-specversion: 1.0' -H 'ce-id: bench-1' -H 'ce-source: /bench' -H 'ce-type: dev.kabin.policy.check.requested' \
    "http://127.0.0.1:$PORT/" >"$WORK/memory-$name.hey.txt"
  grep -q '\[200\]' "$WORK/memory-$name.hey.txt" || { echo "$name answered no 200:"; cat "$WORK/memory-$name.hey.txt"; exit 1; }
  sleep 1
  after[$name]=$(kib VmRSS "$pid")
  peak=$(kib VmHWM "$pid")
  stop_contender "$pid"
  printf '%-5s %14s %18s %14s\n' "$name" "$(mib "$start_rss")" "$(mib "${after[$name]}")" "$(mib "$peak")"
done
if [ -n "${after[peer]:-}" ]; then
  for name in "${CONTENDERS[@]}"; do
    [ "$name" = peer ] || awk -v a="${after[$name]}" -v p="${after[peer]}" -v n="$name" \
      'BEGIN { printf "ratio %s/peer after events: %.2f\n", n, a / p }'
  done
fi
