#!/usr/bin/env bash
# Where the Native AOT host's start goes: perf samples (cpu-clock at 20 kHz, with call graphs) over
# STARTS starts, each timed to its first reply as in coldstart.sh, with the native symbols
# (kabin.dbg) beside the binary. Prints the hottest frames of the main thread, callees included.
#   bench/profile-start.sh [STARTS]      (default 20)
source "$(dirname "$0")/lib.sh"
STARTS="${1:-20}"
command -v perf >/dev/null 2>&1 || need_tools linux-perf
build_all
native="$ROOT/functions/Kabin.Host/bin/Release/net10.0/linux-x64/native"
# The last AOT publish's binary and its symbols, a matched pair (artifacts/aot holds the binary only).
[ -f "$native/kabin.dbg" ] || { echo "no $native/kabin.dbg: publish the AOT host first" >&2; exit 1; }
dir="$WORK/profile"
rm -rf "$dir" && mkdir -p "$dir"
cp "$native/kabin" "$native/kabin.dbg" "$(dirname "$AOT")/libe_sqlite3.so" "$dir/"

cat >"$dir/starts.sh" <<SCRIPT
for i in \$(seq 1 $STARTS); do
  state=\$(mktemp -d) && cp "$WORK/seed/"* "\$state/"
  env --chdir="$dir" PORT=$PORT KABIN_FUNCTIONS=policy Kabin__Cluster__Mode=plan Kabin__State__Sqlite__Path="\$state/state.db" \
    "$FIRSTREPLY" $PORT "$WORK/check.http" 20000 -- "$dir/kabin" >/dev/null
  rm -rf "\$state"
done
SCRIPT
perf record -q -e cpu-clock -F 20000 -g -o "$dir/perf.data" -- bash "$dir/starts.sh" 2>/dev/null
perf report -i "$dir/perf.data" --comm kabin --children --sort sym -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -"${KABIN_PROFILE_ROWS:-60}" | cut -c1-180
