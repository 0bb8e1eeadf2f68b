#!/usr/bin/env bash
# Benchmark: a full re-match of the real FARA registry (DOJ bulk files of 2025-04-11 from
# ../shared/real: 6,929 registrants, 17,358 principals) against N takedowns: the 98 curated ones
# plus generated ones (attributed to a mix of real registrant names, real principal names and
# made-up firm names, 1-4 random countries, dates 2017-2024; fixed seed).
#
# For each N it times `faralink sync --only match` twice: the first match (every link inserted)
# and a re-match (every link unchanged: the steady state under cron). Reference, in the same run:
# `sqlite3` reading the matcher's input columns of the same database (the floor any matcher pays).
#
# Usage: scripts/bench-match.sh [ROUNDS] [N...]   (default: 5 rounds, N = 1000 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-5}"; shift || true
sizes=("${@:-1000 10000}"); sizes=(${sizes[@]})
real=../shared/real/fara/bulk/2025-04-11
[ -f "$real/FARA_All_Registrants.csv" ] || { echo "skipping: $real not found"; exit 0; }
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-$PWD/target}/release/faralink
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/m/bulk/zip"
for f in FARA_All_Registrants.csv FARA_All_ForeignPrincipals.csv; do
  (cd "$real" && zip -q "$work/m/bulk/zip/$f.zip" "$f")
done
"$bin" --db "$work/base.db" -q sync --from "$work/m" > /dev/null
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
secs() { # command... -> seconds
  local t0 t1; t0=$(date +%s.%N); "$@" > /dev/null; t1=$(date +%s.%N); echo "$t1 - $t0" | bc
}
for n in "${sizes[@]}"; do
  python3 - "$work/base.db" "$n" "$work/gen.csv" <<'PY'
import csv, random, sqlite3, sys
db, n, out = sqlite3.connect(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rnd = random.Random(5)
regs = [r[0] for r in db.execute("SELECT name FROM registrants")]
fps = [r[0] for r in db.execute("SELECT name FROM foreign_principals")]
codes = [r[0] for r in db.execute("SELECT DISTINCT country_code FROM foreign_principals WHERE country_code IS NOT NULL")]
curated = db.execute("SELECT count(*) FROM takedowns").fetchone()[0]
words = "global media strategies group partners insights rally reputation digital network public affairs communications consulting solutions".split()
syll = "ka lo mi ra te su vi no de ba zo ri na po le ta".split()
def made_up():
    name = "".join(rnd.choice(syll) for _ in range(rnd.randint(2, 4))).capitalize()
    return " ".join([name] + rnd.sample(words, rnd.randint(0, 2)))
w = csv.writer(open(out, "w", newline=""))
w.writerow(["takedown_id", "platform", "announced_on", "attributed_to", "origin_countries", "target_countries"])
for i in range(n - curated):
    names = []
    for _ in range(rnd.randint(1, 2)):
        p = rnd.random()
        names.append(rnd.choice(regs) if p < 0.1 else rnd.choice(fps) if p < 0.3 else made_up())
    day = f"{rnd.randint(2017, 2024)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
    w.writerow([f"bench-{i}", "Bench", day, ";".join(n.replace(";", ",") for n in names),
                rnd.choice(codes), ";".join(rnd.sample(codes, rnd.randint(1, 3)))])
PY
  first=(); again=(); ref=()
  for _ in $(seq "$rounds"); do
    cp "$work/base.db" "$work/run.db"; rm -f "$work/run.db-wal" "$work/run.db-shm"
    "$bin" --db "$work/run.db" -q takedowns import "$work/gen.csv" > /dev/null 2>&1
    first+=("$(secs "$bin" --db "$work/run.db" -q sync --only match)")
    again+=("$(secs "$bin" --db "$work/run.db" -q sync --only match)")
    ref+=("$(secs sqlite3 "$work/run.db" "SELECT registration_number, name, business_name, registration_date, termination_date FROM registrants; SELECT id, registration_number, name, country_code, registration_date, termination_date FROM foreign_principals; SELECT takedown_id, announced_on, attributed_to, origin_countries, target_countries FROM takedowns;")")
  done
  links=$(sqlite3 "$work/run.db" "SELECT count(*) FROM links")
  echo "takedowns: $n ($links links) over $rounds rounds, median (min) seconds"
  echo "  reference sqlite3 read of the inputs: $(printf '%s\n' "${ref[@]}" | median) ($(printf '%s\n' "${ref[@]}" | sort -n | head -1))"
  echo "  faralink first match:                 $(printf '%s\n' "${first[@]}" | median) ($(printf '%s\n' "${first[@]}" | sort -n | head -1))"
  echo "  faralink re-match:                    $(printf '%s\n' "${again[@]}" | median) ($(printf '%s\n' "${again[@]}" | sort -n | head -1))"
done
