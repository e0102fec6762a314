#!/usr/bin/env bash
# Builds the same sources with two smpolicy binaries and compares every output byte for
# byte: the example, the marker fixture and the `init` starter of every kind of body.
# Use it to show that a change to the code (a refactoring) leaves the documents as they were.
#
#   scripts/same-output.sh OLD_BINARY NEW_BINARY
#
# Exit 0 and "identical: N files" when every file is the same; otherwise the differing files
# and exit 1.
set -euo pipefail
old="$(realpath "$1")"
new="$(realpath "$2")"
cd "$(dirname "$0")/.."
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/src"
cp -r policy-src/* "$dir/src/"
cp -r tests/fixtures/markers/ente-marcato "$dir/src/"
for kind in comune provincia citta-metropolitana regione agenzia universita; do
  "$old" init --kind "$kind" "$dir/src/starter-$kind" > /dev/null 2>&1
done
rm -f "$dir/src/"*.json
(cd "$dir" && "$old" build src --out old 2> old.log > /dev/null && "$new" build src --out new 2> new.log > /dev/null)
if diff -r "$dir/old" "$dir/new"; then
  echo "identical: $(find "$dir/old" -type f | wc -l) files ($(find "$dir/old" -name '*.pdf' | wc -l) PDFs)"
else
  exit 1
fi
