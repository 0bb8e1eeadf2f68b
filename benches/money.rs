//! In-process latency of `money` totals over 100,000 generated receipts (see
//! scripts/bench-money.sh, which builds the database from DOJ's full registry).
//!
//! Usage: `cargo bench --bench money -- DB [ROUNDS]`. DB is a synced registry; the benchmark
//! works on a copy it makes beside it, adds 100,000 receipts spread over the registry's real
//! principals (years 2010-2025, USD, EUR and GBP, 1 in 20 unmatched to a principal), then
//! reports the median, 90th percentile and maximum (wall clock, and the median time on a CPU)
//! of `money::totals` per grouping, and, in
//! the same run as references, of reading the SQL view `money_by_country` and of SQLite's own
//! `GROUP BY` over the receipts (what that view was before migration 0010). With
//! `MONEY_BENCH_KEEP=PATH` the database with the receipts is kept at PATH.

use std::time::{Duration, Instant};

use faralink::money::{MoneyBy, MoneyFilter, totals};
use rand::{Rng, SeedableRng};

/// Wall-clock times and the thread's own CPU times of the rounds.
fn stats(mut d: Vec<Duration>, mut cpu: Vec<Duration>) -> String {
    d.sort();
    cpu.sort();
    let ms = |x: Duration| x.as_secs_f64() * 1000.0;
    format!(
        "median {:.2} ms, p90 {:.2} ms, max {:.2} ms; on CPU: median {:.2} ms",
        ms(d[d.len() / 2]),
        ms(d[d.len() * 9 / 10]),
        ms(d[d.len() - 1]),
        ms(cpu[cpu.len() / 2])
    )
}

/// The time this thread has spent on a CPU (Linux's schedstat, nanoseconds): on a shared
/// machine the wall clock also counts the time other processes held the cores.
fn on_cpu() -> Duration {
    let ns = std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0);
    Duration::from_nanos(ns)
}

/// Times `f` over `rounds` runs: (wall, on CPU) of each.
fn time(rounds: usize, mut f: impl FnMut()) -> (Vec<Duration>, Vec<Duration>) {
    let (mut wall, mut cpu) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let (t, c) = (Instant::now(), on_cpu());
        f();
        cpu.push(on_cpu().saturating_sub(c));
        wall.push(t.elapsed());
    }
    (wall, cpu)
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let [db, rest @ ..] = args.as_slice() else {
        eprintln!("usage: cargo bench --bench money -- DB [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: usize = rest.first().and_then(|r| r.parse().ok()).unwrap_or(50);
    let copy = format!("{db}.money-bench");
    let _ = std::fs::remove_file(&copy);
    std::fs::copy(db, &copy).expect("copy the database");
    let mut conn = faralink::db::open(std::path::Path::new(&copy)).expect("database");
    let principals: Vec<(i64, i64)> = conn
        .prepare("SELECT id, registration_number FROM foreign_principals")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut rng = rand::rngs::StdRng::seed_from_u64(19);
    let stored: i64 = conn
        .query_row("SELECT count(*) FROM payments", [], |r| r.get(0))
        .unwrap();
    // A database kept by an earlier run (MONEY_BENCH_KEEP) already has its receipts.
    let generate = stored < 100_000;
    let tx = conn.transaction().unwrap();
    if generate {
        let mut doc = tx
            .prepare(
                "INSERT OR IGNORE INTO documents (url, registration_number, document_type, status, first_seen_at, changed_at, row_hash)
                 VALUES (?1, ?2, 'Supplemental Statement', 'fetched', '2025-01-01', '2025-01-01', 0)",
            )
            .unwrap();
        let mut pay = tx
            .prepare(
                "INSERT INTO payments (document_url, registration_number, foreign_principal, date, amount, currency, foreign_principal_id)
                 VALUES (?1, ?2, 'generated', ?3, ?4, ?5, ?6)",
            )
            .unwrap();
        for _ in 0..100_000 {
            let (fp, reg) = principals[rng.gen_range(0..principals.len())];
            let year = rng.gen_range(2010..=2025);
            let url = format!(
                "https://efile.fara.gov/docs/{reg}-Supplemental-Statement-{year}0601-1.pdf"
            );
            doc.execute(rusqlite::params![url, reg]).unwrap();
            let currency = ["USD", "USD", "USD", "EUR", "GBP"][rng.gen_range(0..5)];
            let matched = (rng.gen_range(0..20) != 0).then_some(fp);
            pay.execute(rusqlite::params![
                url,
                reg,
                format!("{year}-{:02}-15", rng.gen_range(1..=12)),
                rng.gen_range(1_000..500_000) as f64,
                currency,
                matched
            ])
            .unwrap();
        }
    }
    tx.commit().unwrap();
    conn.execute_batch("ANALYZE").unwrap();
    for (label, by) in [
        ("country", MoneyBy::Country),
        ("registrant", MoneyBy::Registrant),
        ("principal", MoneyBy::Principal),
    ] {
        let f = MoneyFilter {
            by,
            ..MoneyFilter::default()
        };
        let rows = totals(&conn, &f).unwrap().len();
        let (wall, cpu) = time(rounds, || {
            std::hint::black_box(totals(&conn, &f).unwrap());
        });
        println!(
            "money --by {label:<10} {rows:>6} rows: {}",
            stats(wall, cpu)
        );
    }
    for (label, sql) in [
        (
            "reference: SELECT * FROM money_by_country",
            "SELECT * FROM money_by_country",
        ),
        ("reference: the GROUP BY over payments", GROUP_BY),
    ] {
        let mut rows = 0;
        let (wall, cpu) = time(rounds, || {
            rows = conn
                .prepare_cached(sql)
                .unwrap()
                .query_map([], |_| Ok(()))
                .unwrap()
                .count();
            std::hint::black_box(rows);
        });
        println!("{label}: {rows} rows: {}", stats(wall, cpu));
    }
    drop(conn);
    match std::env::var_os("MONEY_BENCH_KEEP") {
        Some(keep) => std::fs::rename(&copy, keep).expect("keep the database"),
        None => {
            let _ = std::fs::remove_file(&copy);
        }
    }
}

/// What `money_by_country` was before the kept totals (migrations/0007_money.sql): SQLite
/// totalling every receipt.
const GROUP_BY: &str =
    "SELECT fp.country_code, max(fp.country), CAST(substr(p.date, 1, 4) AS INTEGER) AS year,
        p.currency, sum(p.amount), count(*), group_concat(DISTINCT p.document_url)
 FROM payments p
 LEFT JOIN foreign_principals fp ON fp.id = p.foreign_principal_id
 WHERE p.amount IS NOT NULL
 GROUP BY fp.country_code, year, p.currency";
