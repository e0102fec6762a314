#!/usr/bin/env bash
# Kill soak of `smpolicy build`: is every organisation folder in out/ entirely the previous
# build or entirely the new one after `kill -9` at a random moment, and does the next build
# leave no leftovers?
#
#   scripts/soak-kill.sh [ORGS] [KILLS]      (default 200 organisations, 30 kills)
#
# Generates ORGS copies of the example organisation in two versions (A and B: other names
# and version numbers), builds each once as the reference, then KILLS times: switches the
# source to the other version, starts a build into the soak's out/, kills it with SIGKILL
# and checks every organisation folder
# (identical to reference A or to reference B, and `sha256sum -c` passes in public/ and
# internal/). Then it runs the build to its end and checks that out/ equals the reference
# and holds no leftover. Odd kills land at a random moment of the expected run time; even
# kills aim at the short last phase, where folders are swapped: they wait until the first
# organisation folder has been swapped in (out/ente-001 is another folder: its inode
# changed), then kill after a random 0-300 ms. Exit 0 when every check held. SMPOLICY names the binary (default:
# target/release/smpolicy, built if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

ORGS=${1:-200}
KILLS=${2:-30}
BIN=${SMPOLICY:-$PWD/target/release/smpolicy}
[ -x "$BIN" ] || cargo build --release --locked -q
EXAMPLE=$PWD/policy-src/comune-di-valdoria

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

# generate DIR VARIANT: ORGS organisations, names and versions depending on VARIANT.
generate() {
  local dir=$1 variant=$2 i
  rm -rf "$dir"
  for i in $(seq -w 1 "$ORGS"); do
    mkdir -p "$dir/ente-$i"
    cp "$EXAMPLE"/*.yaml "$dir/ente-$i/"
    sed -i -e "s/^  name: Comune di Valdoria\$/  name: Comune di Valdoria $variant$i/" \
      -e "s/^  version: \"2.0\"\$/  version: \"$variant.$i\"/" "$dir/ente-$i/policy.yaml"
  done
}

# digest DIR: one line per organisation folder: name and a hash of every file in it.
digest() {
  local dir=$1 org
  for org in "$dir"/ente-*; do
    printf '%s %s\n' "$(basename "$org")" \
      "$(cd "$org" && find . -type f ! -name .smpolicy-manifest -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-64)"
  done
}

echo "soak: $ORGS organisations, $KILLS kills, binary $BIN"
generate "$root/src-1" 1
generate "$root/src-2" 2
start=$(date +%s.%N)
"$BIN" build "$root/src-1" --out "$root/ref-1" 2>/dev/null
end=$(date +%s.%N)
"$BIN" build "$root/src-2" --out "$root/ref-2" 2>/dev/null
digest "$root/ref-1" >"$root/digest-1"
digest "$root/ref-2" >"$root/digest-2"
duration=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
echo "reference build: ${duration}s"

# The soak's own out/, built from version 1 first.
"$BIN" build "$root/src-1" --out "$root/out" 2>/dev/null
current=1
failures=0
mixed=0
leftover_kills=0
total_old=0
total_new=0
for k in $(seq 1 "$KILLS"); do
  next=$((3 - current))
  rm -rf "$root/src"
  cp -r "$root/src-$next" "$root/src"
  first=$(stat -c %i "$root/out/ente-$(seq -w 1 "$ORGS" | head -1)")
  "$BIN" build "$root/src" --out "$root/out" 2>/dev/null &
  pid=$!
  if [ $((k % 2)) -eq 1 ]; then
    # A random moment between 0 and 110% of the reference build time.
    mode=random
    delay=$(awk -v d="$duration" -v r="$RANDOM" 'BEGIN { printf "%.3f", d * 1.1 * r / 32767 }')
    sleep "$delay"
  else
    # The swap phase: wait for the first swap, then a random 0-300 ms.
    mode=swaps
    waited=0
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 60000 ]; do
      now=$(stat -c %i "$root/out/ente-$(seq -w 1 "$ORGS" | head -1)" 2>/dev/null || echo gone)
      [ "$now" != "$first" ] && break
      sleep 0.005
      waited=$((waited + 1))
    done
    delay=$(awk -v r="$RANDOM" 'BEGIN { printf "%.3f", 0.3 * r / 32767 }')
    sleep "$delay"
  fi
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  digest "$root/out" >"$root/digest-now"
  old=0 new=0 bad=0
  while read -r org hash; do
    if grep -qx "$org $hash" "$root/digest-$current"; then
      old=$((old + 1))
    elif grep -qx "$org $hash" "$root/digest-$next"; then
      new=$((new + 1))
    else
      bad=$((bad + 1))
      echo "  kill $k: $org is neither the previous build nor the new one"
    fi
  done <"$root/digest-now"
  count=$(wc -l <"$root/digest-now")
  if [ "$count" -ne "$ORGS" ]; then
    bad=$((bad + ORGS - count))
    echo "  kill $k: $count organisation folders instead of $ORGS"
  fi
  sums_bad=0
  for org in "$root"/out/ente-*; do
    for part in public internal; do
      (cd "$org/$part" && sha256sum --quiet -c SHA256SUMS >/dev/null 2>&1) || {
        sums_bad=$((sums_bad + 1))
        echo "  kill $k: sha256sum -c fails in $(basename "$org")/$part"
      }
    done
  done
  left=$(find "$root/out" -name '.smpolicy-work' -o -name '*.tmp-smpolicy-*' | wc -l)
  [ "$left" -gt 0 ] && leftover_kills=$((leftover_kills + 1))
  [ "$old" -gt 0 ] && [ "$new" -gt 0 ] && mixed=$((mixed + 1))
  total_old=$((total_old + old))
  total_new=$((total_new + new))
  # The next build, to its end: out/ is then exactly the new reference, with no leftover.
  "$BIN" build "$root/src" --out "$root/out" 2>/dev/null
  digest "$root/out" >"$root/digest-after"
  after_ok=yes
  cmp -s "$root/digest-after" "$root/digest-$next" || after_ok=no
  after_left=$(find "$root/out" -name '.smpolicy-work' -o -name '*.tmp-smpolicy-*' | wc -l)
  printf 'kill %2d (%-6s %5.2fs): %3d old, %3d new, %d neither, %d failing sha256sum -c, leftovers %s; next build: equal to reference %s, leftovers %d\n' \
    "$k" "$mode" "$delay" "$old" "$new" "$bad" "$sums_bad" "$left" "$after_ok" "$after_left"
  if [ "$bad" -ne 0 ] || [ "$sums_bad" -ne 0 ] || [ "$after_ok" != yes ] || [ "$after_left" -ne 0 ]; then
    failures=$((failures + 1))
  fi
  current=$next
done
echo "summary: $KILLS kills, $mixed left some organisations old and others new (as allowed), $leftover_kills left a staging folder that the next build removed; organisation folders seen old $total_old, new $total_new; failed kills: $failures"
[ "$failures" -eq 0 ]
