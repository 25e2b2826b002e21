#!/usr/bin/env bash
# Cold start: from exec of the process to its first 2xx reply to a real
# dev.kabin.policy.check.requested event (a typical pod, tenant 'acme'), for the Native AOT host,
# the JIT build of the same host and the faas-js-runtime peer, started alternately.
#   bench/coldstart.sh [STARTS]      (default 15 starts each)
# Prints every start, the medians and the ratios to the peer. Raw values: artifacts/bench/coldstart.tsv.
source "$(dirname "$0")/lib.sh"
STARTS="${1:-15}"
CONTENDERS=(${KABIN_BENCH_CONTENDERS:-aot jit peer})
build_all
machine

out="$WORK/coldstart.tsv"
: >"$out"
for i in $(seq 1 "$STARTS"); do
  for name in "${CONTENDERS[@]}"; do
    state=$(fresh_state)
    mapfile -t command < <(contender_command "$name" "$state")
    ms=$("$FIRSTREPLY" "$PORT" "$WORK/check.http" 20000 -- "${command[@]}")
    printf '%s\t%s\t%s\n' "$i" "$name" "$ms" >>"$out"
    printf 'start %2d  %-4s %8.1f ms\n' "$i" "$name" "$ms"
    rm -rf "$(dirname "$state")"
  done
done

echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A med
for name in "${CONTENDERS[@]}"; do
  med[$name]=$(awk -v n="$name" '$2 == n { print $3 }' "$out" | median)
  printf 'median %-4s %8.1f ms  (n=%s)\n' "$name" "${med[$name]}" "$STARTS"
done
if [ -n "${med[peer]:-}" ]; then
  for name in "${CONTENDERS[@]}"; do
    [ "$name" = peer ] || awk -v a="${med[$name]}" -v p="${med[peer]}" -v n="$name" \
      'BEGIN { printf "ratio peer/%s  %.1fx faster\n", n, p / a }'
  done
fi
