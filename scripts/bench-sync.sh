#!/usr/bin/env bash
# Benchmark: the full `faralink sync --only fara --from DIR` of DOJ's real 2025-04-11
# Registrants and ForeignPrincipals files (unzip, decode, repair, normalise, insert, index),
# against the reference `sqlite3 db '.import --csv'` of the same two CSVs already converted to
# UTF-8, measured in the same run. Also the no-change re-sync, and peak memory.
#
# Usage: scripts/bench-sync.sh [RUNS]   (needs ../shared/real, sqlite3, iconv, python3)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-21}"
snap=../shared/real/fara/bulk/2025-04-11
[ -f "$snap/FARA_All_Registrants.csv" ] || { echo "skipping: $snap not found" >&2; exit 0; }
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-$PWD/target}/release/faralink
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/mirror/bulk/zip"
for f in FARA_All_Registrants FARA_All_ForeignPrincipals; do
  python3 - "$snap/$f.csv" "$work/mirror/bulk/zip/$f.csv.zip" "$f.csv" <<'PY'
import sys, zipfile
src, dst, name = sys.argv[1:]
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
    z.write(src, name)
PY
  iconv -f WINDOWS-1252 -t UTF-8 "$snap/$f.csv" > "$work/$f.utf8.csv"
done

median() { sort -n | awk '{a[NR]=$1} END {printf "%.3f", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
minimum() { sort -n | head -1 | awk '{printf "%.3f", $1}'; }
now() { date +%s.%N; }

ref=(); full=(); again=()
for i in $(seq "$runs"); do
  rm -f "$work"/ref.db*
  t0=$(now)
  sqlite3 "$work/ref.db" ".import --csv $work/FARA_All_Registrants.utf8.csv registrants" ".import --csv $work/FARA_All_ForeignPrincipals.utf8.csv foreign_principals"
  t1=$(now); ref+=("$(echo "$t1 - $t0" | bc)")

  rm -f "$work"/f.db* "$work"/f.db.lock
  t0=$(now)
  "$bin" -q --db "$work/f.db" sync --only fara --from "$work/mirror" > /dev/null
  t1=$(now); full+=("$(echo "$t1 - $t0" | bc)")

  t0=$(now)
  "$bin" -q --db "$work/f.db" sync --only fara --from "$work/mirror" > /dev/null
  t1=$(now); again+=("$(echo "$t1 - $t0" | bc)")
done
rm -f "$work"/f.db*
rss=$( { /usr/bin/time -f '%M' "$bin" -q --db "$work/f.db" sync --only fara --from "$work/mirror" > /dev/null; } 2>&1 | tail -1)

r=$(printf '%s\n' "${ref[@]}" | median); rmin=$(printf '%s\n' "${ref[@]}" | minimum)
f=$(printf '%s\n' "${full[@]}" | median); fmin=$(printf '%s\n' "${full[@]}" | minimum)
a=$(printf '%s\n' "${again[@]}" | median)
echo "runs: $runs, wall-clock seconds, median (min)"
echo "reference  sqlite3 .import --csv (UTF-8, 2 files):   $r ($rmin)"
echo "faralink   sync --only fara --from (first load):      $f ($fmin)   ratio $(echo "scale=2; $f / $r" | bc) ($(echo "scale=2; $fmin / $rmin" | bc))"
echo "faralink   sync again (unchanged files, no parse):    $a"
echo "faralink   peak RSS, first load:                       $((rss / 1024)) MB"
if [ "${CALLGRIND:-0}" = 1 ] && command -v valgrind > /dev/null; then
  # Instruction counts: repeatable whatever else the machine is doing.
  rm -f "$work"/ref.db* "$work"/f.db*
  ri=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null sqlite3 "$work/ref.db" ".import --csv $work/FARA_All_Registrants.utf8.csv registrants" ".import --csv $work/FARA_All_ForeignPrincipals.utf8.csv foreign_principals" 2>&1 | awk '/Collected/ {print $4}')
  fi_=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" -q --db "$work/f.db" sync --only fara --from "$work/mirror" 2>&1 >/dev/null | awk '/Collected/ {print $4}')
  echo "instructions: reference $ri, faralink $fi_ (all threads), ratio $(echo "scale=2; $fi_ / $ri" | bc)"
fi
