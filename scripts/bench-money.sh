#!/usr/bin/env bash
# `money` totals over 100,000 generated receipts on DOJ's full registry (../shared/real), in
# process, with the bare SQL view as the reference in the same run. Figures go in BENCHMARKS.md.
#
# Usage: scripts/bench-money.sh [ROUNDS]   (MONEY_BENCH_KEEP=PATH keeps the database with the
# receipts, for timing whole commands on it)
set -euo pipefail
cd "$(dirname "$0")/.."
real=../shared/real/fara/bulk/2025-04-11
[ -f "$real/FARA_All_Registrants.csv" ] || { echo "bench-money: $real is absent"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/mirror/bulk/zip"
for f in FARA_All_Registrants.csv FARA_All_ForeignPrincipals.csv; do
    (cd "$real" && zip -q -j "$work/mirror/bulk/zip/$f.zip" "$f")
done
cargo build --release --quiet
target/release/faralink --db "$work/real.db" -q sync --only fara --from "$work/mirror"
cargo bench --quiet --bench money -- "$work/real.db" "${1:-50}"
