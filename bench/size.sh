#!/usr/bin/env bash
# Where the Native AOT binary's bytes go: publishes the host with ILC's map file and sums the
# compiled nodes (code, type structures, data) by the assembly whose name prefixes each symbol.
# Generic instantiations count under the generic's assembly (List<T> under CoreLib), so a library
# that roots many instantiations shows up in the second table, which counts every node naming it.
#   bench/size.sh [LIBRARY ...]      (default: KubernetesClient Dapr Google_Protobuf Grpc YamlDotNet)
source "$(dirname "$0")/lib.sh"
[ $# -gt 0 ] || set -- KubernetesClient Dapr_ Google_Protobuf Grpc_ YamlDotNet
out="$ROOT/artifacts/aot-map"
log "publishing the Native AOT host with a map file to $out"
dotnet publish "$ROOT/functions/Kabin.Host" -c Release -r linux-x64 -o "$out" -p:IlcGenerateMapFile=true >"$WORK/publish-map.log" 2>&1 \
  || { tail -40 "$WORK/publish-map.log"; exit 1; }
native="$ROOT/functions/Kabin.Host/obj/Release/net10.0/linux-x64/native"
printf 'binary: %s bytes\n\n' "$(stat -c %s "$out/kabin")"

# Assembly names as symbol prefixes (dots become underscores; CoreLib is S_P_CoreLib), longest first.
grep -o '[A-Za-z0-9_.]*\.dll' "$native/kabin.ilc.rsp" | sed 's/\.dll$//; s/\./_/g; s/^System_Private_CoreLib$/S_P_CoreLib/' \
  | sort -u | awk '{ print length, $0 }' | sort -rn | cut -d' ' -f2 >"$WORK/prefixes.txt"

echo "MB by assembly (own symbols)"
awk 'NR == FNR { prefix[++n] = $0 "_"; next }
  match($0, /Name="[^"]*" Length="[0-9]+"/) {
    split(substr($0, RSTART, RLENGTH), part, "\"")
    name = part[2]; sub(/^(_ZTV[0-9]*|unbox_|Boxed_|__GCStaticBase_|__NonGCStaticBase_)/, "", name)
    owner = "(runtime data, frozen objects, other)"
    for (i = 1; i <= n; i++) if (index(name, prefix[i]) == 1) { owner = substr(prefix[i], 1, length(prefix[i]) - 1); break }
    bytes[owner] += part[4]
  }
  END { for (o in bytes) printf "%8.2f  %s\n", bytes[o] / 1e6, o }' "$WORK/prefixes.txt" "$native/kabin.map.xml" | sort -rn | head -25

echo
echo "MB of every node naming a library (its own code, and instantiations over its types)"
for library in "$@"; do
  awk -v k="$library" 'index($0, k) && match($0, /Length="[0-9]+"/) { s += substr($0, RSTART + 8, RLENGTH - 9) }
    END { printf "%8.2f  %s\n", s / 1e6, k }' "$native/kabin.map.xml"
done

echo
echo "MB by kind of node (code, type structures, compressed data, metadata, …)"
awk 'match($0, /^  <[A-Za-z]+ Name="[^"]*" Length="[0-9]+"/) {
    kind = substr($0, 4, index(substr($0, 4), " ") - 1)
    if (match($0, /Length="[0-9]+"/)) bytes[kind] += substr($0, RSTART + 8, RLENGTH - 9)
  }
  END { for (k in bytes) printf "%8.2f  %s\n", bytes[k] / 1e6, k }' "$native/kabin.map.xml" | sort -rn | head -10
