//! In-process search latency over a real database (see scripts/bench-search.sh, which builds
//! one from DOJ's full registry plus 100,000 generated document texts).
//!
//! Usage: `cargo bench --bench search -- DB QUERIES_FILE [ROUNDS]` — one query per line.
//! Reports the median, 90th percentile and maximum of (a) `search()` called afresh for each
//! query, as `faralink search` does, and (b) a `Searcher` over a `Vocabulary` loaded once, as
//! the web UI does (it reloads the vocabulary only when the database changes).

use std::time::{Duration, Instant};

use std::sync::Arc;

use faralink::search::{SearchOptions, Searcher, Vocabulary, search};

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let [db, queries, rest @ ..] = args.as_slice() else {
        eprintln!("usage: cargo bench --bench search -- DB QUERIES_FILE [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: usize = rest.first().and_then(|r| r.parse().ok()).unwrap_or(20);
    let queries: Vec<String> = std::fs::read_to_string(queries)
        .expect("queries file")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect();
    let conn = faralink::db::open(std::path::Path::new(db)).expect("database");
    let opts = SearchOptions::default();
    // Warm the page cache and the prepared statements.
    for q in &queries {
        search(&conn, q, &opts).expect("search");
    }

    let mut fresh = Vec::new();
    let mut per_query: Vec<Vec<Duration>> = vec![Vec::new(); queries.len()];
    for _ in 0..rounds {
        for (i, q) in queries.iter().enumerate() {
            let t = Instant::now();
            let hits = search(&conn, q, &opts).expect("search");
            let e = t.elapsed();
            std::hint::black_box(hits);
            fresh.push(e);
            per_query[i].push(e);
        }
    }
    let t = Instant::now();
    let vocabulary = Arc::new(Vocabulary::load(&conn).expect("vocabulary"));
    let load = t.elapsed();
    let mut reused = Vec::new();
    let mut per_query_v: Vec<Vec<Duration>> = vec![Vec::new(); queries.len()];
    for _ in 0..rounds {
        for (i, q) in queries.iter().enumerate() {
            let t = Instant::now();
            let hits = Searcher::with_vocabulary(&conn, vocabulary.clone())
                .search(q, &opts)
                .expect("search");
            per_query_v[i].push(t.elapsed());
            reused.push(t.elapsed());
            std::hint::black_box(hits);
        }
    }
    println!(
        "queries: {}, rounds: {rounds}, searches per mode: {}",
        queries.len(),
        fresh.len()
    );
    println!("search() per query (as the CLI): {}", summary(&mut fresh));
    println!(
        "with a loaded Vocabulary (as the web UI): {}; loading it ({} words): {:.2} ms",
        summary(&mut reused),
        vocabulary.len(),
        ms(load)
    );
    println!("per query, median: search() | with a Vocabulary");
    for ((q, t), v) in queries
        .iter()
        .zip(per_query.iter_mut())
        .zip(per_query_v.iter_mut())
    {
        t.sort();
        v.sort();
        println!(
            "  {:>8.2} ms | {:>8.2} ms  {q}",
            ms(t[t.len() / 2]),
            ms(v[v.len() / 2])
        );
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn summary(t: &mut [Duration]) -> String {
    t.sort();
    let at = |p: f64| t[((t.len() - 1) as f64 * p).round() as usize];
    format!(
        "median {:.2} ms, p90 {:.2} ms, max {:.2} ms",
        ms(at(0.5)),
        ms(at(0.9)),
        ms(at(1.0))
    )
}
