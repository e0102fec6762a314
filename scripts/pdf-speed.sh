#!/usr/bin/env bash
# The PDF stage against an earlier commit (issue #13: within 1.5 times of 3fe6afd):
# builds `cargo bench --bench pdf` at BASE (default 3fe6afd) and at the work tree, runs the
# two benches one after the other ROUNDS times (default 8), and prints, for the tagged
# writer (a-2a,ua-1), the best time of each per document and their ratio, with the
# machine's load before and after.
#
#   scripts/pdf-speed.sh [BASE [ROUNDS]]
#
# Each bench times the documents as its own commit writes them (the fixture, and the
# example's external and internal policy from its own out/). BASE is built once, from
# `git archive BASE`, in PDF_SPEED_CACHE (default ~/.cache/smpolicy-pdf-speed; a release
# build, some 15 minutes on 2 cores the first time). Not a test: it fails only when a
# bench does not run. Run it on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-3fe6afd}
rounds=${2:-8}
sha=$(git rev-parse "$base^{commit}")
cache="${PDF_SPEED_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/smpolicy-pdf-speed}"
src="$cache/src-$sha"
target="$cache/target-$sha"
if [ ! -d "$src" ]; then
  mkdir -p "$src.tmp"
  git archive "$sha" | tar -x -C "$src.tmp"
  mv "$src.tmp" "$src"
fi

# bench DIR TARGET: builds the pdf bench of the crate in DIR and prints its executable.
bench() {
  (cd "$1" && CARGO_TARGET_DIR="$2" cargo bench --bench pdf --no-run --locked \
    --message-format=json 2> /dev/null) |
    grep '"kind":\["bench"\]' | grep '"name":"pdf"' |
    sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -n 1
}
old=$(bench "$src" "$target")
new=$(bench "$PWD" "${CARGO_TARGET_DIR:-$PWD/target}")
if [ ! -x "$old" ] || [ ! -x "$new" ]; then
  echo "pdf-speed: a bench did not build" >&2
  exit 1
fi

# times DIR EXE: the tagged writer's milliseconds per document, one line per input.
times() {
  (cd "$1" && "$2") | awk '/render tagged \(a-2a,ua-1\)/ { print $5 }'
}
echo "load before: $(uptime)"
old_best=() new_best=()
for ((r = 0; r < rounds; r++)); do
  mapfile -t o < <(times "$src" "$old")
  mapfile -t n < <(times "$PWD" "$new")
  for i in "${!o[@]}"; do
    old_best[i]=$(awk -v a="${old_best[i]:-}" -v b="${o[i]}" 'BEGIN { print (a == "" || b < a) ? b : a }')
    new_best[i]=$(awk -v a="${new_best[i]:-}" -v b="${n[i]}" 'BEGIN { print (a == "" || b < a) ? b : a }')
  done
done
echo "load after:  $(uptime)"
names=(fixture "example external" "example internal")
printf '%-18s %10s %10s %7s\n' "tagged a-2a,ua-1" "${base:0:7}" "now" "ratio"
for i in "${!old_best[@]}"; do
  printf '%-18s %7s ms %7s ms %6.2fx\n' "${names[i]:-input $i}" "${old_best[i]}" "${new_best[i]}" \
    "$(awk -v a="${old_best[i]}" -v b="${new_best[i]}" 'BEGIN { print b / a }')"
done
