#!/usr/bin/env bash
# Per-operation cost as the fleet grows: the Native AOT host, plan mode, SQLite state, over HTTP.
#   bench/scale.sh [TIERS] [SAMPLES]     (default "100 1000 10000", 50 samples per operation)
# For each tier a fresh host gets TIERS tenants with one live sandbox each, one tick (which sets up
# the reaper's state), then SAMPLES of each operation, one at a time on one keep-alive connection
# (curl -K): tenant create and update, sandbox request, GET of one sandbox, stop, a page of 100
# tenants, a tick with nothing due; then three ticks that each expire 100 one-second sandboxes.
# Prints medians in ms and the host's RSS, and the state keys' largest value. Bounded: about 6
# minutes for the default tiers on 2 cores.
source "$(dirname "$0")/lib.sh"
AOT="${KABIN_AOT_BINARY:-$AOT}"
TIERS="${1:-100 1000 10000}"
SAMPLES="${2:-50}"
need_tools curl sqlite3
ensure_aot
machine

BASE="http://127.0.0.1:$PORT"
SPEC='{"owners":[{"kind":"User","name":"owner@example.com"}],"runtimeClasses":["kata-qemu"],"registries":["ghcr.io/"]}'
SPEC2='{"owners":[{"kind":"User","name":"owner@example.com"}],"runtimeClasses":["kata-qemu"],"registries":["ghcr.io/","quay.io/"]}'

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

# measure NAME: builds the config with the function named NAME_entries, runs it, prints the median.
measure() {
  local file="$WORK/scale-$1.curl"
  "$1_entries" >"$file"
  run_config "$file" | median
}

create_entries() { for i in $(seq 1 "$SAMPLES"); do entry PUT "/tenants/new-$i" "$SPEC"; done; }
update_entries() { for i in $(seq 1 "$SAMPLES"); do entry PUT "/tenants/t-$i" "$SPEC2"; done; }
request_entries() { for i in $(seq 1 "$SAMPLES"); do entry POST "/tenants/t-$i/sandboxes" '{"name":"extra","image":"ghcr.io/acme/runner:1","ttlSeconds":3600}'; done; }
get_entries() { for i in $(seq 1 "$SAMPLES"); do entry GET "/tenants/t-$i/sandboxes/box"; done; }
stop_entries() { for i in $(seq 1 "$SAMPLES"); do entry DELETE "/tenants/t-$i/sandboxes/extra"; done; }
page_entries() { for i in $(seq 1 "$SAMPLES"); do entry GET "/tenants?limit=100"; done; }
tick_entries() { for i in $(seq 1 "$SAMPLES"); do entry POST / '{}' dev.knative.sources.ping "idle-$TIER-$i"; done; }

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

printf '\n%-7s %8s %8s %8s %8s %8s %8s %8s %10s %8s %10s\n' tenants create update request get stop page100 tick-idle tick-100exp 'RSS MiB' 'max value'
for TIER in $TIERS; do
  dir=$(mktemp -d "$WORK/scale.XXXXXX")
  env -C "$(dirname "$AOT")" PORT="$PORT" Kabin__Cluster__Mode=plan Kabin__State__Sqlite__Path="$dir/state.db" \
    Logging__LogLevel__Default=Warning "$AOT" >"$dir/host.log" 2>&1 &
  pid=$!
  trap 'kill -TERM "$pid" 2>/dev/null || true' EXIT
  for _ in $(seq 1 200); do curl -sf "$BASE/health/readiness" >/dev/null && break; sleep 0.05; done

  { for i in $(seq 1 "$TIER"); do entry PUT "/tenants/t-$i" "$SPEC"; done; } >"$dir/tenants.curl"
  run_config "$dir/tenants.curl" >/dev/null
  { for i in $(seq 1 "$TIER"); do entry POST "/tenants/t-$i/sandboxes" '{"name":"box","image":"ghcr.io/acme/runner:1","ttlSeconds":3600}'; done; } >"$dir/boxes.curl"
  run_config "$dir/boxes.curl" >/dev/null
  { entry POST / '{}' dev.knative.sources.ping "first-$TIER"; } >"$dir/first.curl"
  run_config "$dir/first.curl" >/dev/null

  create=$(measure create); update=$(measure update); request=$(measure request)
  get=$(measure get); stop=$(measure stop); page=$(measure page); idle=$(measure tick)

  expiring=()
  for round in 1 2 3; do
    { for i in $(seq 1 100); do entry POST "/tenants/t-$i/sandboxes" "{\"name\":\"short-$round\",\"image\":\"ghcr.io/acme/runner:1\",\"ttlSeconds\":1}"; done; } >"$dir/short.curl"
    run_config "$dir/short.curl" >/dev/null
    sleep 1.5
    { entry POST / '{}' dev.knative.sources.ping "expire-$TIER-$round"; } >"$dir/expire.curl"
    expiring+=("$(run_config "$dir/expire.curl")")
  done
  expire=$(printf '%s\n' "${expiring[@]}" | median)
  rss=$(( $(rss_kib "$pid") / 1024 ))
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  largest=$(sqlite3 "$dir/state.db" "SELECT key || ' ' || length(value) FROM state ORDER BY length(value) DESC LIMIT 1;")
  printf '%-7s %8s %8s %8s %8s %8s %8s %8s %10s %8s %10s\n' "$TIER" "$create" "$update" "$request" "$get" "$stop" "$page" "$idle" "$expire" "$rss" "${largest##* }"
  echo "largest value at $TIER tenants: $largest" >&2
  rm -rf "$dir"
done
