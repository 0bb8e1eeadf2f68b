//! `faralink status`: what the database holds and how each source's last sync went. Health
//! problems (a failed source, a refused file, a sharp drop in rows, a changed header, a jump in rejects, a
//! source not synced for a week) are printed loudly, first, not buried in a table. Last, the
//! documents still to fetch per type, with how long they take at the configured rate.

use std::io::Write;

use faralink::db::USER_TABLES;
use faralink::documents::{self, Budget};
use faralink::http::RateSpec;
use rusqlite::Connection;
use serde_json::{Value, json};

use super::{Exit, db_path, open_existing_db};
use crate::Cli;

/// The options of `faralink status`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print one JSON document
    #[arg(long)]
    json: bool,
}

/// Days without a successful sync after which a source is called stale.
const STALE_DAYS: i64 = 7;

/// Runs `faralink status`: prints its output, and returns the exit code.
pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<Exit> {
    let conn = open_existing_db(cli)?;
    let rate = super::rate_spec(cli);
    let mut report = collect(&conn, &db_path(cli)?.display().to_string())?;
    report["document_backlog"] = document_backlog(&conn, rate)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
        return Ok(Exit::Success);
    }
    let warnings = report["warnings"].as_array().cloned().unwrap_or_default();
    // `-q status` under cron: the warnings alone, on stderr, so a healthy database mails
    // nothing.
    if cli.is_quiet() {
        for w in &warnings {
            eprintln!("WARNING: {}", w.as_str().unwrap_or(""));
        }
        return Ok(Exit::Success);
    }
    for w in &warnings {
        writeln!(out, "WARNING: {}", w.as_str().unwrap_or(""))?;
    }
    if !warnings.is_empty() {
        writeln!(out)?;
    }
    writeln!(
        out,
        "database {}",
        report["database"].as_str().unwrap_or("")
    )?;
    writeln!(out, "\ntables")?;
    if let Some(t) = report["tables"].as_object() {
        for (name, n) in t {
            writeln!(out, "  {name:<20} {n:>9}")?;
        }
    }
    writeln!(
        out,
        "  registrants: {} active, {} terminated, {} removed upstream",
        report["registrants"]["active"],
        report["registrants"]["terminated"],
        report["registrants"]["removed"]
    )?;
    writeln!(out, "\nlast sync of each source")?;
    for s in report["sources"].as_array().into_iter().flatten() {
        writeln!(
            out,
            "  {:<24} run {:<4} {:<8} {}  +{} ~{} ={} -{} rejected {}{}",
            s["source"].as_str().unwrap_or(""),
            s["run_id"],
            if s["refused"].is_null() {
                s["status"].as_str().unwrap_or("")
            } else {
                "REFUSED"
            },
            s["finished_at"].as_str().unwrap_or(""),
            s["inserted"],
            s["updated"],
            s["unchanged"],
            s["removed"],
            s["rejected"],
            s["error"]
                .as_str()
                .map(|e| format!("  error: {e}"))
                .unwrap_or_default()
        )?;
    }
    print_backlog(&mut out, &report["document_backlog"])?;
    writeln!(
        out,
        "\nrejected rows by source (see `faralink export rejects`)"
    )?;
    for (src, n) in report["rejects"].as_object().into_iter().flatten() {
        writeln!(out, "  {src:<24} {n}")?;
    }
    Ok(Exit::Success)
}

/// The documents still to fetch, per type, and how long the default types take at `rate`
/// (one request each) and in how many budget-limited runs.
fn document_backlog(conn: &Connection, rate: RateSpec) -> rusqlite::Result<Value> {
    let types = documents::backlog(conn)?;
    let left: u64 = types
        .iter()
        .filter(|t| t.fetched_by_default)
        .map(|t| t.left)
        .sum();
    let per_run = Budget::DEFAULT.documents.unwrap_or(u64::MAX).max(1);
    Ok(json!({
        "types": types,
        "left": left,
        "rate": { "requests": rate.requests, "window_seconds": rate.window.as_secs_f64() },
        "eta_seconds": documents::eta(left, rate).as_secs(),
        "runs_at_default_budget": left.div_ceil(per_run),
    }))
}

fn print_backlog(out: &mut impl Write, b: &Value) -> std::io::Result<()> {
    let types = b["types"].as_array().cloned().unwrap_or_default();
    if types.is_empty() {
        return Ok(());
    }
    let n = |v: &Value| faralink::text::money::thousands(v.as_u64().unwrap_or(0));
    writeln!(
        out,
        "\ndocuments to fetch, by type (fetched in this order, newest first within each)"
    )?;
    for t in &types {
        writeln!(
            out,
            "  {:<28} {:>9} left {:>9} done{}",
            t["document_type"].as_str().unwrap_or(""),
            n(&t["left"]),
            n(&t["done"]),
            if t["fetched_by_default"].as_bool() == Some(true) {
                ""
            } else {
                "  (not fetched by default: sync --types)"
            }
        )?;
    }
    let left = b["left"].as_u64().unwrap_or(0);
    if left == 0 {
        writeln!(out, "  the default types are all fetched")?;
    } else {
        let rate = RateSpec {
            requests: b["rate"]["requests"].as_u64().unwrap_or(1) as u32,
            window: std::time::Duration::from_secs_f64(
                b["rate"]["window_seconds"].as_f64().unwrap_or(1.0),
            ),
        };
        writeln!(
            out,
            "  {} left of the default types: about {} at {}, or {} runs of `sync` ({} each; `sync --backfill` for all at once)",
            faralink::text::money::thousands(left),
            documents::human_duration(std::time::Duration::from_secs(
                b["eta_seconds"].as_u64().unwrap_or(0)
            )),
            super::rate_words(rate),
            n(&b["runs_at_default_budget"]),
            Budget::DEFAULT,
        )?;
    }
    Ok(())
}

fn collect(conn: &Connection, db: &str) -> rusqlite::Result<Value> {
    let mut tables = serde_json::Map::new();
    for t in USER_TABLES {
        let n: i64 = conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))?;
        tables.insert((*t).to_string(), n.into());
    }
    let (active, terminated, removed): (i64, i64, i64) = conn.query_row(
        "SELECT coalesce(sum(removed_at IS NULL AND termination_date IS NULL), 0),
                coalesce(sum(removed_at IS NULL AND termination_date IS NOT NULL), 0),
                coalesce(sum(removed_at IS NOT NULL), 0) FROM registrants",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let mut warnings: Vec<String> = Vec::new();
    let mut sources = Vec::new();
    for run in faralink::sync::runs::last_runs(conn)? {
        let source = &run.source;
        let status = run.status.as_str();
        let error = &run.error;
        if status == "failed" && run.detail.refused.is_some() {
            // The message names the file, both counts and how to apply it on purpose.
            warnings.push(format!(
                "{source}: the last sync {}",
                error.as_deref().unwrap_or("refused a file")
            ));
        } else if status == "failed" {
            warnings.push(format!(
                "{source}: the last sync failed: {}",
                error.as_deref().unwrap_or("unknown error")
            ));
        }
        warnings.extend(run.detail.warnings.iter().flatten().cloned());
        // Staleness counts from the last successful sync, whatever the runs since did: a run
        // that skipped a source (a `--from` directory without its file) is no fresher.
        match run.days_since_ok {
            Some(d) if d >= STALE_DAYS => warnings.push(format!(
                "{source}: no successful sync for {d} days (last {})",
                run.last_ok.as_deref().unwrap_or("?")
            )),
            // A source only ever skipped is one this setup does not read (Meta under --from).
            None if status != "skipped" => {
                warnings.push(format!("{source}: never synced successfully"))
            }
            _ => {}
        }
        sources.push(json!({
            "source": source, "run_id": run.run_id, "status": status,
            "started_at": run.started_at, "finished_at": run.finished_at,
            "inserted": run.inserted, "updated": run.updated, "unchanged": run.unchanged,
            "removed": run.removed, "rejected": run.rejected, "repaired": run.repaired,
            "error": error, "last_ok": run.last_ok, "note": run.detail.note, "warnings": run.detail.warnings,
            "refused": run.detail.refused,
        }));
    }
    let mut rejects = serde_json::Map::new();
    let mut stmt =
        conn.prepare("SELECT source, count(*) FROM rejects GROUP BY source ORDER BY source")?;
    let mut q = stmt.query([])?;
    while let Some(r) = q.next()? {
        rejects.insert(r.get(0)?, r.get::<_, i64>(1)?.into());
    }
    if sources.is_empty() {
        warnings.push("nothing synced yet: run `faralink sync`".into());
    }
    Ok(json!({
        "database": db,
        "schema_version": faralink::db::SCHEMA_VERSION,
        "tables": tables,
        "registrants": { "active": active, "terminated": terminated, "removed": removed },
        "sources": sources,
        "rejects": rejects,
        "warnings": warnings,
    }))
}
