#!/usr/bin/env bash
# Time from a sandbox request to its running reply, warm (claimed from a pool) and cold (booted),
# one at a time and 20 at once: the Native AOT host in apply mode against the local cluster, whose
# kubelet boots kata-qemu pods after a fixed delay.
#   bench/warm-pool.sh [SAMPLES] [BOOT_DELAY_MS]     (default 20 samples, 700 ms)
# Warm: POST /tenants/bench/sandboxes {"pool":"py"}, whose 201 says Running; curl's own time_total
# of each request, the 20 concurrent ones sent by one curl over 20 connections (-Z), so that no
# process start is counted. Cold: the same request for an image no pool has; its 201 says Requested,
# and the time runs until a GET first shows Running (polled every 10 ms from a shell, 20 shells at
# once for the concurrent case), so a cold figure includes the boot and some shell overhead.
# Prints p50 and p95 in ms per case. Bounded: about 2 minutes on 2 cores.
# KABIN_BENCH_BACKEND=agent-sandbox runs the local cluster's agent-sandbox controllers and the host
# with Kabin__Sandboxes__Backend=agent-sandbox: the pool is a SandboxWarmPool, a claim a SandboxClaim.
source "$(dirname "$0")/lib.sh"
AOT="${KABIN_AOT_BINARY:-$AOT}"
SAMPLES="${1:-20}"
BOOT="${2:-700}"
CLUSTER_PORT="${KABIN_BENCH_CLUSTER_PORT:-16443}"
BACKEND="${KABIN_BENCH_BACKEND:-pods}"
case "$BACKEND" in pods) CLUSTER_FLAGS=() ;; agent-sandbox) CLUSTER_FLAGS=(--agent-sandbox) ;; *) echo "KABIN_BENCH_BACKEND is pods or agent-sandbox" >&2; exit 2 ;; esac
need_tools curl kubectl
ensure_aot
dotnet build "$ROOT/tools/Kabin.LocalCluster" -c Release >"$WORK/build-cluster.log" 2>&1 || { tail -40 "$WORK/build-cluster.log"; exit 1; }
machine

BASE="http://127.0.0.1:$PORT"
dir=$(mktemp -d "$WORK/warm.XXXXXX")
export KUBECONFIG="$dir/kubeconfig"
dotnet "$ROOT/tools/Kabin.LocalCluster/bin/Release/net10.0/Kabin.LocalCluster.dll" --port "$CLUSTER_PORT" --kubeconfig "$KUBECONFIG" \
  --sink "$BASE/" --boot-delay "kata-qemu=${BOOT}ms" "${CLUSTER_FLAGS[@]}" >"$dir/cluster.log" 2>&1 &
cluster=$!
for _ in $(seq 1 200); do
  kill -0 "$cluster" 2>/dev/null || { tail -5 "$dir/cluster.log" >&2; exit 1; }
  [ -s "$KUBECONFIG" ] && kubectl get --raw /readyz >/dev/null 2>&1 && break; sleep 0.05
done
env -C "$(dirname "$AOT")" PORT="$PORT" Kabin__Cluster__Mode=apply Kabin__Cluster__Kubeconfig="$KUBECONFIG" \
  Kabin__Sandboxes__Backend="$BACKEND" Kabin__State__Sqlite__Path="$dir/state.db" Logging__LogLevel__Default=Warning "$AOT" >"$dir/host.log" 2>&1 &
host=$!
trap 'kill -KILL "$host" "$cluster" 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 200); do curl -sf "$BASE/health/readiness" >/dev/null && break; sleep 0.05; done

curl -sf -o /dev/null -X PUT "$BASE/tenants/bench" -H 'content-type: application/json' --data-binary '{
  "runtimeClasses": ["kata-qemu"], "registries": ["ghcr.io/acme/"],
  "quota": {"cpu": "200", "memory": "200Gi", "pods": 200},
  "sandboxes": {"max": 60, "maxCpu": "2", "maxMemory": "2Gi"},
  "warmPools": [{"name": "py", "runtimeClass": "kata-qemu", "cpu": "500m", "memory": "512Mi", "image": "ghcr.io/acme/py:3", "replicas": 20}]}'
tick() {
  curl -sf -o /dev/null "$BASE/" -H 'ce-specversion: 1.0' -H 'ce-source: /bench/warm' -H 'ce-type: dev.knative.sources.ping' \
    -H "ce-id: tick-$RANDOM$RANDOM" -H 'content-type: application/json' -d '{}'
}

# pool_ready: waits until all 20 members are Running (agent-sandbox: its warm pool's readyReplicas) again.
ready_members() {
  if [ "$BACKEND" = agent-sandbox ]; then
    kubectl get sandboxwarmpools sbx-pool-py -n tenant-bench -o jsonpath='{.status.readyReplicas}' 2>/dev/null || echo 0
  else
    kubectl get pods -n tenant-bench -l kabin.dev/pool=py -o jsonpath='{range .items[*]}{.status.phase}{"\n"}{end}' | grep -c '^Running$'
  fi
}
pool_ready() {
  for _ in $(seq 1 600); do
    [ "$(ready_members)" -ge 20 ] 2>/dev/null && return
    sleep 0.05
  done
  echo "the pool did not fill" >&2; exit 1
}

# claim NAME BODY: prints ms from the request to the running answer (warm: the 201; cold: the first GET showing Running).
claim() {
  local start end state polls=0
  start=$(date +%s%N)
  # The record's own state comes first; its history repeats the word.
  state=$(curl -s "$BASE/tenants/bench/sandboxes" -H 'content-type: application/json' --data-binary "$2" | grep -o '"state":"[A-Za-z]*"' | head -1)
  while [ "$state" != '"state":"Running"' ]; do
    polls=$((polls + 1))
    [ "$polls" -lt 3000 ] || { echo "sandbox $1 never reached Running ($state)" >&2; exit 1; }
    sleep 0.01
    state=$(curl -s "$BASE/tenants/bench/sandboxes/$1" | grep -o '"state":"[A-Za-z]*"' | head -1)
  done
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}
export -f claim
export BASE

# warm N PREFIX: N claims from the pool at once, one curl, N connections; prints each one's ms and
# fails unless every answer was a 201 whose sandbox is Running.
warm() {
  local config="$dir/warm-$2.curl" i
  for i in $(seq 1 "$1"); do
    printf 'url = "%s/tenants/bench/sandboxes"\nheader = "Content-Type: application/json"\ndata = "{\\"name\\":\\"%s-%s\\",\\"pool\\":\\"py\\"}"\noutput = "/dev/null"\nwrite-out = "%%{http_code} %%{time_total}\\n"\nnext\n' "$BASE" "$2" "$i"
  done | sed '${/^next$/d}' >"$config"
  local out; out=$(curl -s --no-progress-meter -Z --parallel-immediate --parallel-max "$1" -K "$config" 2>/dev/null)
  if grep -qv '^201 ' <<<"$out"; then echo "a warm claim did not answer 201: $out" >&2; exit 1; fi
  for i in $(seq 1 "$1"); do
    curl -s "$BASE/tenants/bench/sandboxes/$2-$i" | grep -o '"state":"[A-Za-z]*"' | head -1 | grep -q Running \
      || { echo "warm claim $2-$i is not Running" >&2; exit 1; }
  done
  awk '{ printf "%d\n", $2 * 1000 + 0.5 }' <<<"$out"
}

# stop_all: stops every sandbox and waits until their pods are gone, so that the next case is not
# measured while 20 pods terminate and their events reach the host.
stop_all() {
  for name in $(curl -s "$BASE/tenants/bench/sandboxes?limit=200" | grep -o '"name":"[a-z0-9-]*"' | cut -d'"' -f4 | sort -u); do
    curl -s -o /dev/null -X DELETE "$BASE/tenants/bench/sandboxes/$name"
  done
  for _ in $(seq 1 600); do
    if [ "$BACKEND" = agent-sandbox ]; then
      # Claims and Sandboxes go at once; their pods by garbage collection: only the pool's 20 remain.
      [ "$(kubectl get pods -n tenant-bench --no-headers 2>/dev/null | wc -l)" -le 20 ] && return
    else
      [ "$(kubectl get pods -n tenant-bench -l kabin.dev/sandbox --no-headers 2>/dev/null | wc -l)" -eq 0 ] && return
    fi
    sleep 0.1
  done
  echo "stopped sandboxes' pods did not go" >&2; exit 1
}

pct() { sort -n | awk -v p="$1" '{ v[NR] = $1 } END { i = int((NR * p + 99) / 100); if (i < 1) i = 1; print v[i] }'; }
report() { local f="$1"; printf '%-28s %8s %8s\n' "$2" "$(pct 50 <"$f")" "$(pct 95 <"$f")"; }

tick; pool_ready
for i in $(seq 1 "$SAMPLES"); do warm 1 "w1-$i"; pool_ready; done >"$dir/warm1"
stop_all; pool_ready
warm 20 w20 >"$dir/warm20"
stop_all; pool_ready
for i in $(seq 1 "$SAMPLES"); do claim "c1-$i" "{\"name\":\"c1-$i\",\"image\":\"ghcr.io/acme/cold:1\",\"cpu\":\"500m\",\"memory\":\"512Mi\"}"; done >"$dir/cold1"
stop_all
seq 1 20 | xargs -P 20 -I{} bash -c 'claim c20-{} "{\"name\":\"c20-{}\",\"image\":\"ghcr.io/acme/cold:1\",\"cpu\":\"500m\",\"memory\":\"512Mi\"}"' >"$dir/cold20"

printf '\nbackend %s, boot delay %s ms; ms from request to running\n%-28s %8s %8s\n' "$BACKEND" "$BOOT" case p50 p95
report "$dir/warm1" "warm, 1 at a time"
report "$dir/warm20" "warm, 20 concurrent"
report "$dir/cold1" "cold, 1 at a time"
report "$dir/cold20" "cold, 20 concurrent"
