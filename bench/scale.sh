#!/usr/bin/env bash
# Per-operation cost as the fleet grows: the Native AOT host in plan mode over HTTP, with SQLite
# state and then with the Dapr sidecar double (tests/Kabin.DaprSidecar) as its state store.
#   bench/scale.sh [TIERS] [SAMPLES]     (default "100 1000 10000 10000x10", 50 samples per operation)
# A tier is TENANTS or TENANTSxRECORDS: each tenant gets one live sandbox and RECORDS-1 ended ones
# (requested, then stopped), so 10000x10 holds 100,000 sandbox records. KABIN_SCALE_STATES picks
# the stores ("sqlite dapr" by default). For each tier and store a fresh host (and sidecar) gets
# the tenants and records and one tick (which sets up the reaper's state), then SAMPLES of each
# operation, one at a time on one keep-alive connection (curl -K): tenant create and update,
# sandbox request, GET of one sandbox, stop, a page of 100 tenants, a tick with nothing due; then
# three ticks that each expire 100 one-second sandboxes. Prints medians in ms, the host's RSS and
# the largest stored value; with Dapr also the state calls per operation, Kabin's own and plan
# mode's (keys under plan/) apart. Bounded: about 25 minutes for the default tiers on 2 cores.
source "$(dirname "$0")/lib.sh"
AOT="${KABIN_AOT_BINARY:-$AOT}"
TIERS="${1:-100 1000 10000 10000x10}"
SAMPLES="${2:-50}"
STATES="${KABIN_SCALE_STATES:-sqlite dapr}"
GRPC_PORT="${KABIN_BENCH_DAPR_PORT:-18500}"
COUNTS_PORT=$((GRPC_PORT + 1))
SIDECAR="$WORK/dapr-sidecar/Kabin.DaprSidecar.dll"
need_tools curl sqlite3 jq
ensure_aot
machine
if [[ " $STATES " == *" dapr "* ]]; then
  log "building the Dapr sidecar double"
  dotnet build "$ROOT/tests/Kabin.DaprSidecar" -c Release -o "$WORK/dapr-sidecar" >"$WORK/build-sidecar.log" 2>&1 \
    || { tail -40 "$WORK/build-sidecar.log"; exit 1; }
fi

BASE="http://127.0.0.1:$PORT"
SPEC='{"owners":[{"kind":"User","name":"owner@example.com"}],"runtimeClasses":["kata-qemu"],"registries":["ghcr.io/"]}'
SPEC2='{"owners":[{"kind":"User","name":"owner@example.com"}],"runtimeClasses":["kata-qemu"],"registries":["ghcr.io/","quay.io/"]}'
BOX='"image":"ghcr.io/acme/runner:1","ttlSeconds":3600'

# One curl config entry: entry METHOD PATH [BODY] [CE_TYPE CE_ID]
entry() {
  printf 'url = "%s%s"\nrequest = "%s"\noutput = "/dev/null"\nwrite-out = "%%{http_code} %%{time_total}\\n"\n' "$BASE" "$2" "$1"
  [ -z "${3:-}" ] || printf 'header = "Content-Type: application/json"\ndata = %s\n' "$(printf '%s' "$3" | sed 's/\\/\\\\/g; s/"/\\"/g; s/^/"/; s/$/"/')"
  [ -z "${4:-}" ] || printf 'header = "ce-specversion: 1.0"\nheader = "ce-source: /bench/scale"\nheader = "ce-type: %s"\nheader = "ce-id: %s"\n' "$4" "$5"
  printf 'next\n'
}

# run_config FILE: sends every entry in order on one connection; fails on any non-2xx; prints the times in ms.
run_config() {
  local out; out=$(sed '${/^next$/d}' "$1" | curl -s -K -)
  if grep -qv '^2' <<<"$out"; then
    echo "non-2xx answers in $1:" >&2; grep -v '^2' <<<"$out" | sort | uniq -c | head -5 >&2; exit 1
  fi
  awk '{ printf "%.3f\n", $2 * 1000 }' <<<"$out"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) printf "%.2f", v[(NR + 1) / 2]; else printf "%.2f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# State calls so far ("kabin plan"): Kabin's own and plan mode's; "- -" without the sidecar.
calls_now() {
  if [ "$STATE" = dapr ]; then
    curl -sf "http://127.0.0.1:$COUNTS_PORT/calls" | jq -r '[([to_entries[] | select(.key != "plan") | .value[]] | add // 0), ([(.plan // {})[]] | add // 0)] | @tsv'
  else
    echo "- -"
  fi
}

# per_op BEFORE AFTER COUNT: calls per operation as "kabin/plan".
per_op() {
  read -r k0 p0 <<<"$1"; read -r k1 p1 <<<"$2"
  if [ "$k0" = - ]; then echo -; else awk -v k="$((k1 - k0))" -v p="$((p1 - p0))" -v n="$3" 'BEGIN { printf "%.1f/%.1f", k / n, p / n }'; fi
}

# measure NAME: builds the config with the function named NAME_entries, runs it; prints "median calls".
measure() {
  local file="$WORK/scale-$1.curl" before after median
  "$1_entries" >"$file"
  before=$(calls_now)
  median=$(run_config "$file" | median)
  after=$(calls_now)
  echo "$median $(per_op "$before" "$after" "$SAMPLES")"
}

create_entries() { for i in $(seq 1 "$SAMPLES"); do entry PUT "/tenants/new-$i" "$SPEC"; done; }
update_entries() { for i in $(seq 1 "$SAMPLES"); do entry PUT "/tenants/t-$i" "$SPEC2"; done; }
request_entries() { for i in $(seq 1 "$SAMPLES"); do entry POST "/tenants/t-$i/sandboxes" "{\"name\":\"extra\",$BOX}"; done; }
get_entries() { for i in $(seq 1 "$SAMPLES"); do entry GET "/tenants/t-$i/sandboxes/box"; done; }
stop_entries() { for i in $(seq 1 "$SAMPLES"); do entry DELETE "/tenants/t-$i/sandboxes/extra"; done; }
page_entries() { for i in $(seq 1 "$SAMPLES"); do entry GET "/tenants?limit=100"; done; }
tick_entries() { for i in $(seq 1 "$SAMPLES"); do entry POST / '{}' dev.knative.sources.ping "idle-$TIER-$STATE-$i"; done; }

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

stop_all() { kill -TERM "${pid:-}" "${sidecar:-}" 2>/dev/null || true; }
trap stop_all EXIT

printf '\n%-6s %-9s %8s %8s %8s %8s %8s %8s %9s %11s %8s %10s\n' state tier create update request get stop page100 tick-idle tick-100exp 'RSS MiB' 'max value'
calls_table=()
for STATE in $STATES; do
  for TIER in $TIERS; do
    tenants="${TIER%x*}"; records=1; [ "$TIER" = "$tenants" ] || records="${TIER#*x}"
    dir=$(mktemp -d "$WORK/scale.XXXXXX")
    state_env=("Kabin__State__Sqlite__Path=$dir/state.db")
    if [ "$STATE" = dapr ]; then
      dotnet "$SIDECAR" "$GRPC_PORT" "$COUNTS_PORT" kabin-state >"$dir/sidecar.log" 2>&1 &
      sidecar=$!
      for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$COUNTS_PORT/calls" >/dev/null && break; sleep 0.05; done
      state_env=("Kabin__State__Dapr__StoreName=kabin-state" "Kabin__State__Dapr__GrpcEndpoint=http://127.0.0.1:$GRPC_PORT")
    fi
    env -C "$(dirname "$AOT")" PORT="$PORT" Kabin__Cluster__Mode=plan "${state_env[@]}" \
      Logging__LogLevel__Default=Warning "$AOT" >"$dir/host.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 200); do curl -sf "$BASE/health/readiness" >/dev/null && break; sleep 0.05; done

    { for i in $(seq 1 "$tenants"); do entry PUT "/tenants/t-$i" "$SPEC"; done; } >"$dir/tenants.curl"
    run_config "$dir/tenants.curl" >/dev/null
    { for i in $(seq 1 "$tenants"); do entry POST "/tenants/t-$i/sandboxes" "{\"name\":\"box\",$BOX}"; done; } >"$dir/boxes.curl"
    run_config "$dir/boxes.curl" >/dev/null
    for r in $(seq 2 "$records"); do
      { for i in $(seq 1 "$tenants"); do
          entry POST "/tenants/t-$i/sandboxes" "{\"name\":\"old-$r\",$BOX}"
          entry DELETE "/tenants/t-$i/sandboxes/old-$r"
        done; } >"$dir/ended.curl"
      run_config "$dir/ended.curl" >/dev/null
    done
    { entry POST / '{}' dev.knative.sources.ping "first-$TIER-$STATE"; } >"$dir/first.curl"
    run_config "$dir/first.curl" >/dev/null

    read -r create c_create <<<"$(measure create)"; read -r update c_update <<<"$(measure update)"
    read -r request c_request <<<"$(measure request)"; read -r get c_get <<<"$(measure get)"
    read -r stop c_stop <<<"$(measure stop)"; read -r page c_page <<<"$(measure page)"
    read -r idle c_idle <<<"$(measure tick)"

    expiring=(); before_ticks=0; after_ticks=0; tick_calls=()
    for round in 1 2 3; do
      { for i in $(seq 1 100); do entry POST "/tenants/t-$i/sandboxes" "{\"name\":\"short-$round\",\"image\":\"ghcr.io/acme/runner:1\",\"ttlSeconds\":1}"; done; } >"$dir/short.curl"
      run_config "$dir/short.curl" >/dev/null
      sleep 1.5
      { entry POST / '{}' dev.knative.sources.ping "expire-$TIER-$STATE-$round"; } >"$dir/expire.curl"
      before=$(calls_now)
      expiring+=("$(run_config "$dir/expire.curl")")
      tick_calls+=("$(per_op "$before" "$(calls_now)" 1)")
    done
    expire=$(printf '%s\n' "${expiring[@]}" | median)
    rss=$(( $(rss_kib "$pid") / 1024 ))
    if [ "$STATE" = dapr ]; then
      largest=$(curl -sf "http://127.0.0.1:$COUNTS_PORT/largest" | jq -r '"\(.key) \(.bytes)"')
    fi
    kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
    if [ "$STATE" = dapr ]; then
      kill -TERM "$sidecar"; wait "$sidecar" 2>/dev/null || true
    else
      largest=$(sqlite3 "$dir/state.db" "SELECT key || ' ' || length(value) FROM state ORDER BY length(value) DESC LIMIT 1;")
    fi
    printf '%-6s %-9s %8s %8s %8s %8s %8s %8s %9s %11s %8s %10s\n' "$STATE" "$TIER" "$create" "$update" "$request" "$get" "$stop" "$page" "$idle" "$expire" "$rss" "${largest##* }"
    echo "largest value ($STATE, $TIER): $largest" >&2
    [ "$STATE" = sqlite ] || calls_table+=("$(printf '%-9s %9s %9s %9s %9s %9s %9s %9s %11s' "$TIER" "$c_create" "$c_update" "$c_request" "$c_get" "$c_stop" "$c_page" "$c_idle" "${tick_calls[*]}")")
    rm -rf "$dir"
  done
done

if [ ${#calls_table[@]} -gt 0 ]; then
  printf '\nDapr state calls per operation, Kabin/plan mode (bulk reads count once):\n'
  printf '%-9s %9s %9s %9s %9s %9s %9s %9s %11s\n' tier create update request get stop page100 tick-idle tick-100exp
  printf '%s\n' "${calls_table[@]}"
fi
