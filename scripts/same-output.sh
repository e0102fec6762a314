#!/usr/bin/env bash
# Builds the same sources with two smpolicy binaries and compares every output byte for
# byte: the example, the marker fixture and the `init` starter of every kind of body.
# Use it to show that a change to the code (a refactoring) leaves the documents as they were.
#
#   scripts/same-output.sh [--ignore-fingerprint] OLD_BINARY NEW_BINARY
#
# Exit 0 and "identical: N files" when every file is the same; otherwise the differing files
# and exit 1.
#
# --ignore-fingerprint: for a change to the built-in templates (their words moved, not
# changed). The source fingerprint covers the templates, so it changes with them, and with
# it every file that prints it. Then each `sha256:<hash>` and the hash alone are replaced by
# one placeholder, SHA256SUMS are left out (they hash those files), and a PDF is compared by
# its page count and its text (pdftotext, poppler-utils), not byte for byte.
set -euo pipefail
ignore_fp=0
if [ "${1:-}" = "--ignore-fingerprint" ]; then
  ignore_fp=1
  shift
fi
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
if [ "$ignore_fp" = 1 ]; then
  for side in old new; do
    find "$dir/$side" -name SHA256SUMS -delete
    while IFS= read -r -d '' pdf; do
      { pdfinfo "$pdf" | grep '^Pages:'; pdftotext "$pdf" -; } > "$pdf.txt"
      rm "$pdf"
    done < <(find "$dir/$side" -name '*.pdf' -print0)
    find "$dir/$side" -type f -print0 |
      xargs -0 sed -i -E 's/(sha256:)?[0-9a-f]{64}/FINGERPRINT/g'
  done
fi
if diff -r "$dir/old" "$dir/new"; then
  echo "identical: $(find "$dir/old" -type f | wc -l) files ($(find "$dir/old" -name '*.pdf' -o -name '*.pdf.txt' | wc -l) PDFs)"
else
  exit 1
fi
