#!/usr/bin/env python3
"""Interleaved A/B timing of whole commands: one run of each variant per round, so that the
drift of a shared machine (±20% from one minute to the next here) falls on every variant alike.
Prints each variant's median and minimum wall-clock time and its ratio to the first variant.

Usage: scripts/ab-bench.py ROUNDS NAME=COMMAND [NAME=COMMAND ...]

COMMAND is run by the shell, output discarded; `{db}` in it becomes a database path that is
deleted (with its -wal and -shm files) before every run, so each run is a first load. Example,
the sync benchmark's reference against two builds (BENCHMARKS.md):

  scripts/ab-bench.py 60 \\
    "ref=sqlite3 {db} '.import --csv R.utf8.csv registrants' '.import --csv FP.utf8.csv foreign_principals'" \\
    "old=/tmp/faralink-old -q --db {db} sync --only fara --from MIRROR" \\
    "new=target/release/faralink -q --db {db} sync --only fara --from MIRROR"
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def main() -> int:
    if len(sys.argv) < 3 or not sys.argv[1].isdigit() or any("=" not in a for a in sys.argv[2:]):
        print(__doc__, file=sys.stderr)
        return 2
    rounds = int(sys.argv[1])
    variants = [a.split("=", 1) for a in sys.argv[2:]]
    work = tempfile.mkdtemp(prefix="ab-bench-")
    try:
        return run(rounds, variants, os.path.join(work, "ab.db"))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(rounds: int, variants: list, db: str) -> int:
    times = {name: [] for name, _ in variants}
    for _ in range(rounds):
        for name, cmd in variants:
            for f in (db, db + "-wal", db + "-shm", db + ".lock"):
                if os.path.exists(f):
                    os.remove(f)
            t = time.perf_counter()
            done = subprocess.run(cmd.replace("{db}", db), shell=True,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            elapsed = time.perf_counter() - t
            if done.returncode != 0:
                sys.stderr.write(done.stderr.decode(errors="replace"))
                print(f"{name}: exited {done.returncode}: {cmd}", file=sys.stderr)
                return 1
            times[name].append(elapsed)
    first = statistics.median(times[variants[0][0]])
    print(f"{rounds} interleaved rounds, wall-clock")
    for name, _ in variants:
        m = statistics.median(times[name])
        print(f"  {name:14} median {m * 1000:8.1f} ms   min {min(times[name]) * 1000:8.1f} ms"
              f"   {m / first:.3f}x the first")
    return 0


if __name__ == "__main__":
    sys.exit(main())
