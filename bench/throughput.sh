#!/usr/bin/env bash
# Throughput and latency over HTTP at 32 connections (wrk, 2 threads, DURATION seconds each):
#   - policy-check CloudEvents/s of the AOT and JIT hosts and the faas-js-runtime peer's echo
#   - AdmissionReviews/s (POST /admission/validate) of the AOT and JIT hosts
#   - plan-mode dev.kabin.tenant.created/s of the AOT host, a new tenant per event
#   bench/throughput.sh [DURATION]      (default 10)
# Client and server share the machine's cores, as they do for every contender.
source "$(dirname "$0")/lib.sh"
DURATION="${1:-10}"
CONNECTIONS="${KABIN_BENCH_CONNECTIONS:-32}"
need_tools wrk
build_all
machine

# run_wrk NAME WHAT PATH BODY CE_TYPE [UNIQUE]: one load run against the contender listening on $PORT.
run_wrk() {
  local name="$1" what="$2" path="$3" body="$4" ce_type="$5" unique="${6:-}"
  local result
  result=$(BODY="$body" CE_TYPE="$ce_type" UNIQUE_NAME="$unique" \
    wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s "$BENCH_DIR/tools/post.lua" "http://127.0.0.1:$PORT$path" | awk '/^RESULT/ { $1 = ""; print }')
  read -r rps p50 p99 non2xx errors <<<"$result"
  printf '%-5s %-22s %9s %9s %9s %8s %7s\n' "$name" "$what" "$rps" "$p50" "$p99" "$non2xx" "$errors"
  echo "$name $what $rps" >>"$WORK/throughput.txt"
}

: >"$WORK/throughput.txt"
printf '%-5s %-22s %9s %9s %9s %8s %7s\n' contender workload 'req/s' 'p50 ms' 'p99 ms' 'non-2xx' 'errors'
for name in ${KABIN_BENCH_CONTENDERS:-aot jit peer}; do
  pid=$(start_contender "$name")
  run_wrk "$name" policy-check-event / "$BENCH_DIR/testdata/check.json" dev.kabin.policy.check.requested
  if [ "$name" != peer ]; then
    status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
      --data-binary "@$BENCH_DIR/testdata/admission-review.json" "http://127.0.0.1:$PORT/admission/validate")
    if [ "$status" = 200 ]; then
      run_wrk "$name" admission-review /admission/validate "$BENCH_DIR/testdata/admission-review.json" ""
    else
      printf '%-5s %-22s not served (HTTP %s): the host does not map /admission/validate\n' "$name" admission-review "$status"
    fi
  fi
  stop_contender "$pid"
done

# Plan-mode tenant.created: the tenant function alone on an empty state file.
state_dir=$(mktemp -d "$WORK/state.XXXXXX")
mapfile -t command < <(KABIN_BENCH_FUNCTIONS=tenant contender_command aot "$state_dir/state.db")
read -r _ pid < <(KEEP=1 "$FIRSTREPLY" "$PORT" "$WORK/tenant.http" 20000 -- "${command[@]}")
run_wrk aot tenant-created-plan / "$BENCH_DIR/testdata/tenant.json" dev.kabin.tenant.created unique
stop_contender "$pid"
rm -rf "$state_dir"

echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk '$2 == "policy-check-event" { r[$1] = $3 } END { for (n in r) if (n != "peer" && r["peer"] > 0) printf "ratio %s/peer policy-check events/s: %.2fx\n", n, r[n] / r["peer"] }' "$WORK/throughput.txt"
