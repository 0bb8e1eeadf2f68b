#!/usr/bin/env bash
# Benchmark: search on DOJ's full real 2025-04-11 registry (Registrants and ForeignPrincipals
# synced with `faralink sync --only fara`) plus 100,000 generated document texts (made up here:
# sentences of filing boilerplate and words drawn from the registry's own names, ~150 words
# each, indexed in documents_fts like fetched filings).
#  1. in-process latency of `faralink::search::search` over a query set (typos, legal forms,
#     aliases, principals, document words): median, p90, max (benches/search.rs);
#  2. the whole `faralink search QUERY --json` command against a bare
#     `sqlite3 DB "SELECT ... FROM registrants_fts WHERE registrants_fts MATCH ... ORDER BY rank LIMIT 20"`
#     on the same database, interleaved in the same run, medians and their ratio.
#
# Usage: scripts/bench-search.sh [RUNS]   (needs ../shared/real, sqlite3, python3)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-31}"
snap=../shared/real/fara/bulk/2025-04-11
[ -f "$snap/FARA_All_Registrants.csv" ] || { echo "skipping: $snap not found" >&2; exit 0; }
target="${CARGO_TARGET_DIR:-target}"
cargo build --release --quiet
bin=$target/release/faralink
# BENCH_WORK=DIR keeps the generated database there and reuses it on the next run.
if [ -n "${BENCH_WORK:-}" ]; then work=$BENCH_WORK; mkdir -p "$work"; else
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; fi
db=$work/f.db
if [ ! -f "$work/ready" ]; then
rm -f "$db"*
mkdir -p "$work/mirror/bulk/zip"
for f in FARA_All_Registrants FARA_All_ForeignPrincipals; do
  python3 - "$snap/$f.csv" "$work/mirror/bulk/zip/$f.csv.zip" "$f.csv" <<'PY'
import sys, zipfile
src, dst, name = sys.argv[1:]
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
    z.write(src, name)
PY
done
"$bin" -q --db "$db" sync --only fara --from "$work/mirror" > /dev/null
# The match stage relates the registrations of one firm (registrant_relations), which search
# reads: a database synced by a plain `faralink sync` has them.
"$bin" -q --db "$db" sync --only match > /dev/null

echo "generating 100,000 document texts..." >&2
python3 - "$db" <<'PY'
import random, re, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rng = random.Random(6766)
names = [r[0] for r in db.execute("SELECT name FROM registrants UNION ALL SELECT name FROM foreign_principals")]
regs = [r for r in db.execute("SELECT registration_number, name FROM registrants")]
words = sorted({w.lower() for n in names for w in re.findall(r"[A-Za-z]{3,}", n)})
boiler = ("the registrant will provide strategic communications counsel and public relations services "
          "to the foreign principal including media outreach government relations and research "
          "pursuant to the agreement dated for a fee of per month plus expenses term of months "
          "exhibit registration statement supplemental statement amendment informational materials").split()
types = ["Exhibit AB", "Supplemental Statement", "Amendment", "Informational Materials", "Registration Statement"]
now = "2025-04-11T00:00:00Z"
rows = []
for i in range(100_000):
    reg, rname = rng.choice(regs)
    text = []
    for _ in range(150):
        text.append(rng.choice(boiler) if rng.random() < 0.6 else rng.choice(words))
    if rng.random() < 0.3:
        text.insert(rng.randrange(len(text)), rng.choice(names))
    y = rng.randrange(1990, 2025)
    rows.append((f"https://efile.fara.gov/docs/bench-{i}.pdf", reg, rname, rng.choice(types),
                 f"{y}-{rng.randrange(1,13):02d}-{rng.randrange(1,29):02d}", "fetched", " ".join(text), now, now, i))
db.executemany("INSERT INTO documents (url, registration_number, registrant_name, document_type, date_stamped, status, text, first_seen_at, changed_at, row_hash) VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
db.execute("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")
db.commit()
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
PY
touch "$work/ready"
fi

cat > "$work/queries.txt" <<'Q'
CLS Strategies
CLS Stratgies
cls strategies llc
Chlopak Leonard
Plurinational Bolivia
weber shandwick
Mercury Public Afairs
Squire Patton Boggs
Brownstien Hyatt Farber Schreck
Hogan Lovels
Burson Marsteller
Fleishmann Hilliard
Holland and Knight
Japan External Trade Organization
Kingdom of Saudi Arabia
Petróleos de Venezuela
Government of Peru
Ministry of Foreign Affairs
embassy
strategic communications counsel
Q
echo >&2
echo "## in-process (cargo bench --bench search -- DB queries.txt 20)"
cargo bench --quiet --bench search -- "$db" "$work/queries.txt" 20

echo
echo "## whole command vs bare sqlite3, $runs interleaved runs each"
python3 - "$bin" "$db" "$runs" <<'PY'
import statistics, subprocess, sys, time
bin, db, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
ref = ["sqlite3", db, "SELECT rowid, name FROM registrants_fts WHERE registrants_fts MATCH '\"cls\" \"strategies\"' ORDER BY rank LIMIT 20"]
cases = {
    "faralink search 'CLS Strategies' --json": [bin, "-q", "--db", db, "search", "CLS Strategies", "--json"],
    "faralink search 'CLS Stratgies' --json (typo)": [bin, "-q", "--db", db, "search", "CLS Stratgies", "--json"],
}
def once(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - t) * 1000
times = {"sqlite3 (reference)": []} | {k: [] for k in cases}
for _ in range(runs):
    times["sqlite3 (reference)"].append(once(ref))
    for k, c in cases.items():
        times[k].append(once(c))
r = statistics.median(times["sqlite3 (reference)"])
for k, t in times.items():
    m = statistics.median(t)
    print(f"  {k:<48} median {m:7.2f} ms  ({m / r:.2f}x the reference)")
PY
