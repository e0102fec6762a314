#!/usr/bin/env bash
# Times `smpolicy check` on a generated organisation with many accounts, each of which gets
# a warning (`single-manager`), in human and JSON format. Human diagnostics must stay linear
# in the number of diagnostics: 15,000 accounts check in well under 2 s with a release build.
#
#   cargo build --release && benches/diagnostics.sh [ACCOUNTS]
#
# Not a test: it prints figures, and fails only when the generated organisation does not
# give the N warnings it is meant to time.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-15000}"
bin="${SMPOLICY:-target/release/smpolicy}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
org="$dir/ente"
mkdir -p "$org"
cp policy-src/comune-di-valdoria/*.yaml "$org/"
# The example's accounts are replaced by N generated ones, each managed by one role: a
# `single-manager` warning each. The first two keep the ids policy.yaml names (topic pages),
# and the team has one member, so that no error stops the lints and no team covers a role.
awk '/^accounts:/{exit} {print}' policy-src/comune-di-valdoria/accounts.yaml > "$org/accounts.yaml"
sed -i 's/^    members: \[.*\]$/    members: [social-media-manager]/' "$org/internal.yaml"
grep -q '^    members: \[social-media-manager\]$' "$org/internal.yaml" || {
  echo "internal.yaml has no team members line to replace" >&2
  exit 1
}
{
  echo "accounts:"
  for ((i = 0; i < n; i++)); do
    case $i in
      0) id=fb-biblioteca ;;
      1) id=ig-festival ;;
      *) id="a$i" ;;
    esac
    printf "  - {id: %s, platform: x, name: A, handle: a%d, url: https://x.com/a%d, scope: institutional, managed_by: [social-media-manager]}\n" "$id" "$i" "$i"
  done
} >> "$org/accounts.yaml"
echo "$n accounts, $(wc -c < "$org/accounts.yaml") bytes"
for format in human json; do
  start=$(date +%s.%N)
  "$bin" check "$org" --format "$format" > "$dir/$format.out" 2> "$dir/$format.err" || true
  end=$(date +%s.%N)
  cat "$dir/$format.err" >> "$dir/$format.out"
  printf '%-6s %6.2f s  %s diagnostic line(s)\n' "$format" "$(echo "$end - $start" | bc)" "$(wc -l < "$dir/$format.out")"
done
# What was timed is what this script says: N warnings, no error.
count() { grep -c "$1" "$dir/json.out" || true; }
warnings=$(count '"code": "single-manager"')
errors=$(count '"severity": "error"')
echo "json: $warnings single-manager warning(s), $errors error(s)"
if [ "$warnings" -ne "$n" ] || [ "$errors" -ne 0 ]; then
  echo "the generated organisation does not give one warning per account: fix this script" >&2
  exit 1
fi
