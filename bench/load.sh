#!/usr/bin/env bash
# Load test of the published AOT binary: 32 concurrent senders (4 x hey -c 8) for DURATION seconds
# of mixed events -- policy checks, admission reviews, tenant updates, sandbox requests -- while
# sampling the host's RSS every SAMPLE seconds. Not part of the test command.
#   dotnet publish functions/Kabin.Host -c Release -r linux-x64 -o artifacts/aot
#   bench/load.sh [path/to/kabin-binary]
# Needs hey (apt-get install -y hey). Prints errors, p99 per mix and RSS at start and end.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
binary="${1:-$here/../artifacts/aot/kabin}"
duration="${DURATION:-60}"
sample="${SAMPLE:-5}"
port="${PORT:-18080}"
work="$(mktemp -d)"
trap 'kill "${sampler:-}" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

PORT="$port" Kabin__State__Sqlite__Path="$work/state.db" Kabin__Cluster__Mode=plan Logging__LogLevel__Default=Warning \
  "$binary" >"$work/host.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/health/readiness" >/dev/null && break; sleep 0.1; done

post() { # type file
  curl -fs -o /dev/null -X POST "http://127.0.0.1:$port/" -H "ce-specversion: 1.0" -H "ce-id: setup-$RANDOM" \
    -H "ce-source: /load" -H "ce-type: $1" -H "content-type: application/json" --data-binary "@$2"
}
post dev.kabin.tenant.created "$here/load/tenant.json"

rss() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }
echo "rss_start_kib $(rss)"
( while kill -0 "$pid" 2>/dev/null; do echo "rss_kib $(date +%s) $(rss)"; sleep "$sample"; done ) >"$work/rss.log" &
sampler=$!

run() { # name type-or-path file
  local name="$1" target="$2" file="$3"
  if [[ "$target" == /* ]]; then
    hey -z "${duration}s" -c 8 -m POST -T application/json -D "$file" "http://127.0.0.1:$port$target" >"$work/$name.txt"
  else
    hey -z "${duration}s" -c 8 -m POST -T application/json -D "$file" -H "ce-specversion: 1.0" -H "ce-id: load" \
      -H "ce-source: /load" -H "ce-type: $target" "http://127.0.0.1:$port/" >"$work/$name.txt"
  fi
}
senders=()
run policy dev.kabin.policy.check.requested "$here/load/check.json" & senders+=($!)
run admission /admission/validate "$here/load/review.json" & senders+=($!)
run tenant dev.kabin.tenant.updated "$here/load/tenant.json" & senders+=($!)
run sandbox dev.kabin.sandbox.requested "$here/load/sandbox.json" & senders+=($!)
wait "${senders[@]}"
kill "$sampler" 2>/dev/null || true

for name in policy admission tenant sandbox; do
  total=$(awk '/Requests\/sec/ {print $2}' "$work/$name.txt")
  p99=$(awk '/99% in/ {print $3}' "$work/$name.txt")
  codes=$(sed -n '/Status code distribution/,/^$/p' "$work/$name.txt" | tr -s ' ' | tail -n +2 | tr '\n' ' ')
  errors=$(sed -n '/Error distribution/,$p' "$work/$name.txt" | tail -n +2 | tr -s ' ' | tr '\n' ' ')
  echo "$name rps=$total p99_s=$p99 status: $codes errors: ${errors:-none}"
done
echo "rss_end_kib $(rss)"
echo "rss_samples_kib $(awk '{print $3}' "$work/rss.log" | tr '\n' ' ')"
kill -0 "$pid" && echo "host still up"
