#!/usr/bin/env bash
# Scale benchmark: `smpolicy check` and `smpolicy build` on generated corpora of N
# organisations (every kind of body, 1-20 accounts and 3-30 rules each, seeded: see
# benches/corpus/mod.rs), with wall time, user time and peak resident memory from
# /usr/bin/time -v, and the machine's load before and after.
#
#   benches/scale.sh [N ...]          (default: 1 100 1000; the README's figures add 7896)
#
# SMPOLICY names the binary (default target/release/smpolicy, built if missing), CORPUS the
# generator (default target/release/examples/corpus, built if missing); SEED the
# corpus seed (default 1); RUNS the runs per figure (default 1; the fastest is shown).
# Prints one Markdown table row per N. Not a test: it fails on nothing but a failed run.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${SMPOLICY:-$PWD/target/release/smpolicy}
CORPUS=${CORPUS:-$PWD/target/release/examples/corpus}
SEED=${SEED:-1}
RUNS=${RUNS:-1}
[ -x "$BIN" ] || cargo build --release --locked -q
[ -x "$CORPUS" ] || cargo build --release --locked -q --example corpus
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package time)" >&2; exit 2; }
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1 100 1000)

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

# measure LABEL CMD...: runs CMD RUNS times under /usr/bin/time -v and prints
# "wall user peak_MB" of the fastest run.
measure() {
  local best="" r
  for ((r = 0; r < RUNS; r++)); do
    rm -rf "$root/out"
    /usr/bin/time -v -o "$root/time" "$@" >/dev/null 2>"$root/stderr" || {
      cat "$root/stderr" >&2
      exit 1
    }
    local wall user rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$root/time")
    user=$(awk -F': ' '/User time/ { print $2 }' "$root/time")
    rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$root/time")
    if [ -z "$best" ] || awk -v a="$wall" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then
      best="$wall $user $rss"
    fi
  done
  echo "$best"
}

echo "binary: $BIN ($("$BIN" --version)), seed $SEED, $(nproc) cores"
echo "load before: $(uptime)"
echo
echo "| N organisations | build wall | build user | build peak RSS | check wall | check user | check peak RSS |"
echo "|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  rm -rf "$root/src"
  "$CORPUS" "$n" "$root/src" "$SEED" 2>/dev/null
  read -r cw cu cr < <(measure "$BIN" check "$root/src")
  read -r bw bu br < <(measure "$BIN" build "$root/src" --out "$root/out")
  printf '| %s | %.2f s | %.2f s | %s MB | %.2f s | %.2f s | %s MB |\n' "$n" "$bw" "$bu" "$br" "$cw" "$cu" "$cr"
done
echo
echo "load after: $(uptime)"
