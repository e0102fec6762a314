#!/usr/bin/env bash
# The PDF corpus check (examples/pdf_corpus.rs): generated policies and the examples of the
# CommonMark and GFM specs through the PDF path, validated with page_validation for
# PDF/A-2a, PDF/A-2b and PDF/UA-1, then the default PDFs checked again by a second,
# independent PDF/UA checker (outloud, pikepdf-based, from PyPI; conformance rules, errors
# fail). Any failure fails the script.
#
#   scripts/pdf-corpus.sh --keep-every 25      # the full run: 1,000 policies, every example
#   scripts/pdf-corpus.sh --policies 60 --examples 30   # the sample CI runs
#
# The specs come from their packages: CommonMark's spec.txt from the npm package
# commonmark-spec, GFM's from the sdist of the PyPI package marko (tests/spec/gfm.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
work=target/pdf-corpus
mkdir -p "$work"
if [ ! -f "$work/commonmark.txt" ]; then
  (cd "$work" && npm pack commonmark-spec@0.31.2 --silent >/dev/null \
    && tar xzf commonmark-spec-0.31.2.tgz package/spec.txt && mv package/spec.txt commonmark.txt)
fi
if [ ! -f "$work/gfm.txt" ]; then
  python3 -m pip download -q --no-deps --no-binary :all: marko==2.2.4 -d "$work"
  tar xzf "$work/marko-2.2.4.tar.gz" -C "$work" marko-2.2.4/tests/spec/gfm.txt
  mv "$work/marko-2.2.4/tests/spec/gfm.txt" "$work/gfm.txt"
fi
rm -rf "$work/pdfs"
cargo run --locked --release -q --example pdf_corpus -- "$@" --keep "$work/pdfs" \
  "$work/commonmark.txt" "$work/gfm.txt"

if ! command -v outloud >/dev/null 2>&1; then
  python3 -m pip install -q outloud==0.2.1
fi
count=$(find "$work/pdfs" -name '*.pdf' | wc -l)
echo "outloud (PDF/UA-1 conformance rules) over $count PDFs"
find "$work/pdfs" -name '*.pdf' -print0 | sort -z \
  | xargs -0 -n 50 outloud --layer conformance --fail-on error -q > "$work/outloud.txt" \
  || { grep -v '^PASS' "$work/outloud.txt"; echo "outloud found errors"; exit 1; }
echo "outloud: $(grep -c '^PASS\|^REVIEW' "$work/outloud.txt") file(s) without errors"
