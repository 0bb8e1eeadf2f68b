//! The sync's own bookkeeping tables: `sync_runs` (one row per source per run), `source_state`
//! (what faralink remembers of a source between runs: validators, hash, header, counts) and
//! `fetch_log` (every request), written here and read back here, typed, for `faralink status`.
//!
//! For: every read and write of `sync_runs`, `source_state` and `fetch_log`.
//! Not for: the FARA or takedown tables (see `store`, `takedowns::store`), deciding what to load
//! (see `sync::policy`).

use rusqlite::{Connection, OptionalExtension, params};

use super::SourceReport;
use crate::db;
use crate::fetch::Fetcher;

/// What faralink remembers of a source between runs (`source_state`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceState {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub sha256: Option<String>,
    pub header: Option<String>,
    pub row_count: Option<i64>,
    pub rejected: Option<i64>,
}

pub(super) fn read_state(conn: &Connection, source: &str) -> rusqlite::Result<Option<SourceState>> {
    conn.query_row(
        "SELECT etag, last_modified, sha256, header, row_count, rejected FROM source_state WHERE source = ?1",
        [source],
        |r| {
            Ok(SourceState {
                etag: r.get(0)?,
                last_modified: r.get(1)?,
                sha256: r.get(2)?,
                header: r.get(3)?,
                row_count: r.get(4)?,
                rejected: r.get(5)?,
            })
        },
    )
    .optional()
}

/// The next run's id: past every run recorded, including one killed after it recorded a
/// change but before its `sync_runs` row.
pub(super) fn next_run_id(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT max(coalesce((SELECT max(run_id) FROM sync_runs), 0), coalesce((SELECT max(run_id) FROM changes), 0)) + 1",
        [],
        |r| r.get(0),
    )
}

pub(super) fn record_run(
    conn: &Connection,
    run_id: i64,
    started_at: &str,
    rep: &SourceReport,
) -> rusqlite::Result<()> {
    let detail = serde_json::json!({ "location": rep.location, "note": rep.note, "warnings": rep.warnings, "seconds": rep.seconds, "refused": rep.refused });
    conn.execute(
        "INSERT INTO sync_runs (run_id, source, started_at, finished_at, status, inserted, updated, unchanged, rejected, repaired, removed, error, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            run_id,
            rep.source,
            started_at,
            db::now_rfc3339(),
            rep.status.as_str(),
            rep.counts.inserted as i64,
            rep.counts.updated as i64,
            rep.counts.unchanged as i64,
            rep.counts.rejected as i64,
            rep.counts.repaired as i64,
            rep.counts.removed as i64,
            rep.error,
            detail.to_string(),
        ],
    )?;
    Ok(())
}

pub(super) fn write_fetch_log(
    conn: &Connection,
    run_id: i64,
    fetcher: &Fetcher,
) -> rusqlite::Result<()> {
    let log = fetcher.take_log();
    if log.is_empty() {
        return Ok(());
    }
    let mut stmt = conn.prepare(
        "INSERT INTO fetch_log (run_id, url, attempt, started_at, elapsed_ms, status, bytes, conditional, outcome) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for e in log {
        stmt.execute(params![
            run_id,
            e.url,
            e.attempt,
            e.started_at,
            e.elapsed_ms as i64,
            e.status,
            e.bytes.map(|b| b as i64),
            e.conditional,
            e.outcome
        ])?;
    }
    Ok(())
}
