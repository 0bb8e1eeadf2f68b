#!/usr/bin/env bash
# Benchmark: `faralink serve` on the real 2025-04-11 registry plus the curated takedowns and
# their links: requests per second and latency percentiles of the search page, the firm page
# and the country page (`/countries/QA` and its JSON), with wrk at 50 concurrent connections on
# loopback. References, same run, same wrk settings: the same firm page and country page saved
# to files and served static by Python's threaded http.server (the cost of serving bytes
# without any database work or rendering).
#
# Usage: scripts/bench-serve.sh [SECONDS] [--only-country]   (needs ../shared/real, wrk,
# python3, curl)
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-10}"
snap=../shared/real/fara/bulk/2025-04-11
[ -f "$snap/FARA_All_Registrants.csv" ] || { echo "skipping: $snap not found" >&2; exit 0; }
command -v wrk >/dev/null || { echo "skipping: wrk not installed (apt-get install wrk)" >&2; exit 0; }
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-$PWD/target}/release/faralink
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/mirror/bulk/zip"
for f in FARA_All_Registrants FARA_All_ForeignPrincipals; do
  python3 - "$snap/$f.csv" "$work/mirror/bulk/zip/$f.csv.zip" "$f.csv" <<'PY'
import sys, zipfile
src, dst, name = sys.argv[1:]
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
    z.write(src, name)
PY
done
"$bin" --db "$work/f.db" -q sync --from "$work/mirror" >/dev/null
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
p=$(port)
"$bin" --db "$work/f.db" serve --addr "127.0.0.1:$p" 2>/dev/null & pids+=($!)
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$p/" >/dev/null && break; sleep 0.1; done
mkdir -p "$work/static/registrants" "$work/static/countries"
curl -sf "http://127.0.0.1:$p/registrants/6766" > "$work/static/registrants/6766.html"
curl -sf "http://127.0.0.1:$p/countries/QA" > "$work/static/countries/QA.html"
r=$(port)
(cd "$work/static" && exec python3 -m http.server --bind 127.0.0.1 "$r") >/dev/null 2>&1 & pids+=($!)
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$r/registrants/6766.html" >/dev/null && break; sleep 0.1; done

echo "registrants: $(sqlite3 "$work/f.db" 'select count(*) from registrants'), principals: $(sqlite3 "$work/f.db" 'select count(*) from foreign_principals'), takedowns: $(sqlite3 "$work/f.db" 'select count(*) from takedowns'), links: $(sqlite3 "$work/f.db" 'select count(*) from links')"
printf '| %-44s | %9s | %8s | %8s | %8s |\n' "target (wrk -t2 -c50 -d${secs}s)" "req/s" "p50" "p90" "p99"
run() {
  local label=$1 url=$2
  curl -sf -o /dev/null "$url"   # warm
  wrk -t2 -c50 -d"${secs}s" --latency "$url" > "$work/wrk.txt"
  local rps p50 p90 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  p50=$(awk '$1=="50%" {print $2}' "$work/wrk.txt")
  p90=$(awk '$1=="90%" {print $2}' "$work/wrk.txt")
  p99=$(awk '$1=="99%" {print $2}' "$work/wrk.txt")
  grep -q "Non-2xx" "$work/wrk.txt" && { echo "error responses during $label:" >&2; cat "$work/wrk.txt" >&2; }
  printf '| %-44s | %9s | %8s | %8s | %8s |\n' "$label" "$rps" "$p50" "$p90" "$p99"
}
# Distinct searches: 20 firm names (typos included), each request with a random number of
# trailing blanks (the search ignores them, the cache key does not) and a random limit: about
# 200,000 distinct (query, limit) keys, so the result cache almost never answers and each is
# a full search.
cat > "$work/distinct.lua" <<'LUA'
local names = {"CLS+Stratgies", "weber+shandwik", "Chlopak+Leonard", "Plurinational+Bolivia",
  "mercury+public+afairs", "Qorvis", "Ketchum", "Podesta+Group", "BGR+Governmnt+Affairs",
  "akin+gump", "brownstein+hyatt", "FGS+Global", "Sidley+Austin", "squire+patton+boggs",
  "Holland+Knight", "DLA+Piper", "Burson", "Hill+Knowlton", "Japan+External+Trade", "Saudi+Arabia"}
init = function(args)
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end
request = function()
  local q = names[math.random(#names)] .. string.rep("+", math.random(50))
  return wrk.format(nil, "/search?q=" .. q .. "&limit=" .. math.random(200))
end
LUA
runlua() {
  local label=$1 url=$2
  wrk -t2 -c50 -d"${secs}s" --latency -s "$work/distinct.lua" "$url" > "$work/wrk.txt"
  local rps p50 p90 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  p50=$(awk '$1=="50%" {print $2}' "$work/wrk.txt")
  p90=$(awk '$1=="90%" {print $2}' "$work/wrk.txt")
  p99=$(awk '$1=="99%" {print $2}' "$work/wrk.txt")
  grep -q "Non-2xx" "$work/wrk.txt" && { echo "error responses during $label:" >&2; cat "$work/wrk.txt" >&2; }
  printf '| %-44s | %9s | %8s | %8s | %8s |\n' "$label" "$rps" "$p50" "$p90" "$p99"
}
if [ "${2:-}" != --only-country ]; then
  runlua "faralink search page, distinct queries (uncached)" "http://127.0.0.1:$p"
  run "faralink search page (q=CLS Stratgies)" "http://127.0.0.1:$p/search?q=CLS+Stratgies"
  run "faralink search page (q=weber shandwik)" "http://127.0.0.1:$p/search?q=weber+shandwick"
  run "faralink firm page (/registrants/6766)" "http://127.0.0.1:$p/registrants/6766"
  run "faralink /api/search (q=CLS Stratgies)" "http://127.0.0.1:$p/api/search?q=CLS+Stratgies"
  run "reference: static copy of the firm page" "http://127.0.0.1:$r/registrants/6766.html"
fi
run "faralink country page (/countries/QA)" "http://127.0.0.1:$p/countries/QA"
run "faralink /api/countries/QA" "http://127.0.0.1:$p/api/countries/QA"
run "reference: static copy of the country page" "http://127.0.0.1:$r/countries/QA.html"
