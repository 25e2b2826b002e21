# Shared by bench/*.sh: builds the three contenders once and knows how to start each.
#   aot   the Native AOT host        artifacts/aot/kabin
#   jit   the same host on the JIT   dotnet artifacts/jit/kabin.dll
#   peer  Knative's Node.js function runtime (faas-js-runtime + cloudevents) in bench/peer
# Every contender serves on 127.0.0.1; the hosts run the policy function in plan mode against a
# copy of a state file in which the tenant 'acme' was provisioned by a real tenant.created event.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
WORK="${KABIN_BENCH_WORK:-$ROOT/artifacts/bench}"
AOT="$ROOT/artifacts/aot/kabin"
JIT="$ROOT/artifacts/jit/kabin.dll"
PEER_DIR="$BENCH_DIR/peer"
FIRSTREPLY="$WORK/firstreply"
PORT="${KABIN_BENCH_PORT:-18080}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mkdir -p "$WORK"

log() { printf '== %s\n' "$*" >&2; }

need_tools() {
  local missing=()
  for tool in "$@"; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} with apt-get"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# Publishes the Native AOT host to $AOT unless it is there (KABIN_BENCH_REBUILD=1 publishes again).
ensure_aot() {
  if [ ! -x "$AOT" ] || [ "${KABIN_BENCH_REBUILD:-0}" = 1 ]; then
    log "publishing the Native AOT host to artifacts/aot"
    dotnet publish "$ROOT/functions/Kabin.Host" -c Release -r linux-x64 -o "$ROOT/artifacts/aot" >"$WORK/publish-aot.log" 2>&1 \
      || { tail -40 "$WORK/publish-aot.log"; exit 1; }
  fi
}

# Publishes what is missing; KABIN_BENCH_REBUILD=1 publishes again.
build_all() {
  need_tools cc curl node npm
  if [ ! -x "$AOT" ] || [ "${KABIN_BENCH_REBUILD:-0}" = 1 ]; then
    log "publishing the Native AOT host to artifacts/aot"
    dotnet publish "$ROOT/functions/Kabin.Host" -c Release -r linux-x64 -o "$ROOT/artifacts/aot" >"$WORK/publish-aot.log" 2>&1 \
      || { tail -40 "$WORK/publish-aot.log"; exit 1; }
  fi
  if [ ! -f "$JIT" ] || [ "${KABIN_BENCH_REBUILD:-0}" = 1 ]; then
    log "publishing the JIT host to artifacts/jit"
    dotnet publish "$ROOT/functions/Kabin.Host" -c Release -p:PublishAot=false -o "$ROOT/artifacts/jit" >"$WORK/publish-jit.log" 2>&1 \
      || { tail -40 "$WORK/publish-jit.log"; exit 1; }
  fi
  if [ ! -d "$PEER_DIR/node_modules/faas-js-runtime" ]; then
    log "installing the peer's npm packages"
    (cd "$PEER_DIR" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
  fi
  cc -O2 -o "$FIRSTREPLY" "$BENCH_DIR/tools/firstreply.c"
  make_requests
  seed_state
}

# A raw HTTP/1.1 binary-mode CloudEvent request for firstreply: request_file TYPE BODY_FILE OUT [PATH]
request_file() {
  local type="$1" body="$2" out="$3" path="${4:-/}"
  local length; length=$(wc -c <"$body")
  {
    printf 'POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nce-specversion: 1.0\r\nce-id: bench-1\r\n' "$path"
    printf 'ce-source: /bench\r\nce-type: %s\r\nContent-Type: application/json\r\n' "$type"
    printf 'Content-Length: %s\r\nConnection: close\r\n\r\n' "$length"
    cat "$body"
  } >"$out"
}

make_requests() {
  request_file dev.kabin.tenant.created "$BENCH_DIR/testdata/tenant.json" "$WORK/tenant.http"
  request_file dev.kabin.policy.check.requested "$BENCH_DIR/testdata/check.json" "$WORK/check.http"
}

# Host environment: the policy function alone, as its Knative Service runs it, in plan mode.
host_env() {
  local state="$1"
  echo "PORT=$PORT KABIN_FUNCTIONS=${KABIN_BENCH_FUNCTIONS:-policy} Kabin__Cluster__Mode=plan Kabin__State__Sqlite__Path=$state"
}

# The command that starts a contender, one word per line: contender_command SPEC STATE_FILE
# SPEC is aot, jit or peer, or aot-VARIANT (the binary in artifacts/aot-VARIANT), optionally
# followed by :NAME=VALUE,NAME=VALUE to add environment variables (aot:DOTNET_gcServer=0).
contender_command() {
  local spec="$1" base extra=()
  base="${spec%%:*}"
  [ "$base" = "$spec" ] || IFS=, read -r -a extra <<<"${spec#*:}"
  # Each starts in its own folder, as in a container (WORKDIR /app): the host's content root is
  # the working directory, and a large one costs start time (docs/performance.md).
  local dir
  case "$base" in
    aot) dir="$(dirname "$AOT")" ;;
    aot-*) dir="$ROOT/artifacts/$base" ;;
    jit) dir="$(dirname "$JIT")" ;;
    peer) dir="$PEER_DIR" ;;
  esac
  echo env
  echo "--chdir=${KABIN_BENCH_CWD:-$dir}"
  [ ${#extra[@]} -eq 0 ] || printf '%s\n' "${extra[@]}"
  case "$base" in
    aot) host_env "$2" | tr ' ' '\n'; echo "$AOT" ;;
    aot-*) host_env "$2" | tr ' ' '\n'; echo "$ROOT/artifacts/$base/kabin" ;;
    jit) host_env "$2" | tr ' ' '\n'; echo dotnet; echo "$JIT" ;;
    peer) printf '%s\n' "FUNC_PORT=$PORT" FUNC_LOG_LEVEL=warn node "$PEER_DIR/node_modules/faas-js-runtime/bin/cli.js" "$PEER_DIR/index.js" ;;
    *) echo "unknown contender $1" >&2; return 1 ;;
  esac
}

# A fresh copy of the seeded state for one start; prints its path.
fresh_state() {
  local dir; dir=$(mktemp -d "$WORK/state.XXXXXX")
  cp "$WORK/seed/"* "$dir/"
  echo "$dir/state.db"
}

# Provisions tenant 'acme' once with a real dev.kabin.tenant.created event, and checks that the
# typical pod is then allowed, so every measured start checks against a real tenant record.
seed_state() {
  rm -rf "$WORK/seed" && mkdir -p "$WORK/seed"
  local command pid
  mapfile -t command < <(KABIN_BENCH_FUNCTIONS=tenant,policy contender_command aot "$WORK/seed/state.db")
  read -r _ pid < <(KEEP=1 "$FIRSTREPLY" "$PORT" "$WORK/tenant.http" 20000 -- "${command[@]}")
  local verdict
  verdict=$(curl -s -X POST "http://127.0.0.1:$PORT/" -H 'ce-specversion: 1.0' -H 'ce-id: seed' -H 'ce-source: /bench' \
    -H 'ce-type: dev.kabin.policy.check.requested' -H 'Content-Type: application/json' --data-binary "@$BENCH_DIR/testdata/check.json")
  kill -TERM "$pid"; wait_gone "$pid"
  case "$verdict" in
    *'"allowed":true'*) ;;
    *) echo "the seeded host did not allow the typical pod: $verdict" >&2; exit 1 ;;
  esac
}

wait_gone() {
  local pid="$1"
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.01; done
  kill -KILL "$pid" 2>/dev/null || true
}

# Starts a contender in the background, waits for its first 2xx to the check event; prints its pid.
start_contender() {
  local name="$1" state pid
  state=$(fresh_state)
  local command; mapfile -t command < <(contender_command "$name" "$state")
  read -r _ pid < <(KEEP=1 "$FIRSTREPLY" "$PORT" "$WORK/check.http" 20000 -- "${command[@]}")
  echo "$pid"
}

stop_contender() { kill -TERM "$1" 2>/dev/null || true; wait_gone "$1"; }

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

machine() {
  printf 'machine: %s cores, %s, %s MiB RAM, load %s\n' "$(nproc)" \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" \
    "$(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo)" "$(cut -d' ' -f1-3 /proc/loadavg)"
}
