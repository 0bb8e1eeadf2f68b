#!/usr/bin/env python3
"""Generated name queries over a synced database: how often `faralink search` lists the
registrant or principal a query was made from in its first 1, 3 and 10 hits.

Each query takes up to three distinctive words of a random registrant's or principal's name
(legal forms and "the/of/and" left out); half carry one typo (a letter dropped, swapped or
replaced, never in the first two letters), some are lower case. Fixed seed: the same database
gives the same 500 queries, so two builds can be compared, including their full hit lists.

Usage: scripts/eval-search.py FARALINK_BIN DB [OUT.json]
(e.g. over DOJ's real 2025-04-11 registry synced with `faralink sync --only fara`)
"""
import json
import random
import re
import sqlite3
import subprocess
import sys

STOP = {"the", "of", "and", "inc", "llc", "ltd", "co", "company", "corp", "corporation", "group",
        "llp", "pllc", "pc", "plc", "lp", "for", "de", "la", "del", "s", "a"}


def typo(rng, w):
    if len(w) < 5:
        return w
    i = rng.randrange(2, len(w) - 1)
    k = rng.choice("dst")
    if k == "d":
        return w[:i] + w[i + 1:]
    if k == "s":
        return w[:i] + w[i + 1] + w[i] + w[i + 2:]
    return w[:i] + rng.choice("aeiourstn") + w[i + 1:]


def queries(db):
    rng = random.Random(7)
    con = sqlite3.connect(db)
    regs = con.execute("SELECT registration_number, name FROM registrants ORDER BY 1, 2").fetchall()
    fps = con.execute("SELECT registration_number, name FROM foreign_principals ORDER BY id").fetchall()
    out = []
    for kind, rows in (("firm", regs), ("client", fps)):
        for reg, name in rng.sample(rows, min(250, len(rows))):
            ws = [w for w in re.findall(r"[A-Za-z]+", name) if w.lower() not in STOP and len(w) > 1][:3]
            if not ws:
                continue
            if rng.random() < 0.5:
                j = rng.randrange(len(ws))
                ws[j] = typo(rng, ws[j])
            q = " ".join(ws)
            if rng.random() < 0.3:
                q = q.lower()
            out.append({"q": q, "kind": kind, "name": name, "reg": reg})
    return out


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    binary, db = sys.argv[1:3]
    qs = queries(db)
    lists, ranks = [], []
    for q in qs:
        r = subprocess.run([binary, "--db", db, "search", "--json", "--limit", "20", q["q"]],
                           capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"faralink search {q['q']!r} failed: {r.stderr}")
        hits = json.loads(r.stdout)
        lists.append([[h["kind"], h.get("registration_number"), h["name"], round(h["score"], 4)]
                      for h in hits])
        rank = next((i for i, h in enumerate(hits)
                     if h.get("registration_number") == q["reg"]
                     and h["name"].strip().lower() == q["name"].strip().lower()), None)
        ranks.append(rank)
    n = len(qs)
    for k in (1, 3, 10):
        found = sum(1 for r in ranks if r is not None and r < k)
        print(f"top-{k}: {found}/{n}")
    if len(sys.argv) > 3:
        with open(sys.argv[3], "w") as f:
            json.dump({"queries": qs, "hits": lists}, f)


if __name__ == "__main__":
    main()
