#!/usr/bin/env bash
# Times `smpolicy check` on a generated organisation with many accounts, each of which gets
# a warning (`single-manager`), in human and JSON format. Human diagnostics must stay linear
# in the number of diagnostics: 15,000 accounts check in well under 2 s with a release build.
#
#   cargo build --release && benches/diagnostics.sh [ACCOUNTS]
#
# Not a test: it prints figures and fails on nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-15000}"
bin="${SMPOLICY:-target/release/smpolicy}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
org="$dir/ente"
mkdir -p "$org"
cp policy-src/comune-di-valdoria/*.yaml "$org/"
# The example's accounts are replaced by N generated ones.
awk '/^accounts:/{exit} {print}' policy-src/comune-di-valdoria/accounts.yaml > "$org/accounts.yaml"
{
  echo "accounts:"
  for ((i = 0; i < n; i++)); do
    printf "  - {id: a%d, platform: x, name: A, handle: a%d, url: https://x.com/a%d, scope: institutional, managed_by: [social-media-manager]}\n" "$i" "$i" "$i"
  done
} >> "$org/accounts.yaml"
echo "$n accounts, $(wc -c < "$org/accounts.yaml") bytes"
for format in human json; do
  start=$(date +%s.%N)
  "$bin" check "$org" --format "$format" > "$dir/$format.out" 2>&1 || true
  end=$(date +%s.%N)
  printf '%-6s %6.2f s  %s diagnostic line(s)\n' "$format" "$(echo "$end - $start" | bc)" "$(wc -l < "$dir/$format.out")"
done
