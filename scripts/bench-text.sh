#!/usr/bin/env bash
# Benchmark: text extraction from the fixture PDFs, documents per second, as the sync does it
# (one `faralink __extract-text FILE` child process per document, so process start is included)
# against poppler's `pdftotext -layout FILE -` on the same files in the same run.
#
# Usage: scripts/bench-text.sh [ROUNDS]   (pdftotext optional: the reference is skipped without it)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-20}"
cargo build --release --quiet
bin=$PWD/target/release/faralink
files=(fixtures/mirror/docs/*.pdf fixtures/pdf/*.pdf)
n=$(( ${#files[@]} * rounds ))
rate() { # start end
  echo "scale=1; $n / ($2 - $1)" | bc
}
t0=$(date +%s.%N)
for _ in $(seq "$rounds"); do for f in "${files[@]}"; do "$bin" __extract-text "$f" > /dev/null 2>&1 || true; done; done
t1=$(date +%s.%N)
echo "files: ${#files[@]} fixture PDFs x $rounds rounds = $n extractions, one process each"
echo "faralink __extract-text (pdf-extract, isolated): $(rate "$t0" "$t1") documents/s"
if command -v pdftotext > /dev/null; then
  t0=$(date +%s.%N)
  for _ in $(seq "$rounds"); do for f in "${files[@]}"; do pdftotext -layout "$f" - > /dev/null 2>&1 || true; done; done
  t1=$(date +%s.%N)
  echo "reference pdftotext -layout:                    $(rate "$t0" "$t1") documents/s"
else
  echo "reference pdftotext: not installed, skipped"
fi
