//! The sync's own bookkeeping tables: `sync_runs` (one row per source per run), `source_state`
//! (what faralink remembers of a source between runs: validators, hash, header, counts) and
//! `fetch_log` (every request), written here and read back here, typed, for `faralink status`.
//!
//! For: every read and write of `sync_runs`, `source_state` and `fetch_log`.
//! Not for: the FARA or takedown tables (see `store`, `takedowns::store`), deciding what to load
//! (see `sync::policy`).

use rusqlite::{Connection, OptionalExtension, params};

use super::SourceReport;
use super::policy::{Refused, SourceState};
use crate::db;
use crate::fetch::Fetcher;

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

/// What `sync_runs.detail` holds, as JSON: written by `record_run`, read by [`last_runs`].
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct RunDetail {
    /// Where the source was read from (a URL or a path under `--from`).
    #[serde(default)]
    pub location: Option<String>,
    /// Why it failed or was skipped, or what happened when nothing needed loading.
    #[serde(default)]
    pub note: Option<String>,
    /// The loud warnings of the load (see `sync::policy::health_warnings`).
    #[serde(default)]
    pub warnings: Option<Vec<String>>,
    /// Wall time of the source, in seconds.
    #[serde(default)]
    pub seconds: Option<f64>,
    /// The file this source refused to apply, and why.
    #[serde(default)]
    pub refused: Option<Refused>,
}

pub(super) fn record_run(
    conn: &Connection,
    run_id: i64,
    started_at: &str,
    rep: &SourceReport,
) -> rusqlite::Result<()> {
    let detail = RunDetail {
        location: Some(rep.location.clone()),
        note: rep.note.clone(),
        warnings: Some(rep.warnings.clone()),
        seconds: Some(rep.seconds),
        refused: rep.refused.clone(),
    };
    let detail = serde_json::to_string(&detail)
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
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
            detail,
        ],
    )?;
    Ok(())
}

/// A source's last row in `sync_runs`, with when it last synced successfully.
#[derive(Debug, Clone)]
pub struct LastRun {
    /// The run it belongs to.
    pub run_id: i64,
    /// The source's name.
    pub source: String,
    /// `ok`, `failed` or `skipped` (see `sync::RunStatus`).
    pub status: String,
    /// When the source started (UTC, RFC 3339).
    pub started_at: String,
    /// When it finished; none if the run was killed.
    pub finished_at: Option<String>,
    /// Rows inserted.
    pub inserted: i64,
    /// Rows updated.
    pub updated: i64,
    /// Rows found unchanged.
    pub unchanged: i64,
    /// Rows marked removed.
    pub removed: i64,
    /// Rows sent to `rejects`.
    pub rejected: i64,
    /// Rows loaded after their quoting was repaired or with a field issue noted.
    pub repaired: i64,
    /// The failure, as the sentence printed.
    pub error: Option<String>,
    /// The run's detail; empty when the row has none or it does not parse.
    pub detail: RunDetail,
    /// When this source last synced with status `ok`, if ever.
    pub last_ok: Option<String>,
    /// Whole days since `last_ok`.
    pub days_since_ok: Option<i64>,
}

/// Every source's last run, in the order of their last rows.
pub fn last_runs(conn: &Connection) -> rusqlite::Result<Vec<LastRun>> {
    let mut stmt = conn.prepare(
        "SELECT s.run_id, s.source, s.status, s.started_at, s.finished_at, s.inserted, s.updated, s.unchanged, s.removed, s.rejected, s.repaired, s.error, s.detail,
                (SELECT max(finished_at) FROM sync_runs o WHERE o.source = s.source AND o.status = 'ok') AS last_ok,
                CAST((julianday('now') - julianday((SELECT max(finished_at) FROM sync_runs o WHERE o.source = s.source AND o.status = 'ok'))) AS INTEGER) AS age_days
         FROM sync_runs s WHERE s.id = (SELECT max(id) FROM sync_runs l WHERE l.source = s.source) ORDER BY s.id",
    )?;
    stmt.query_map([], |r| {
        let detail: Option<String> = r.get("detail")?;
        Ok(LastRun {
            run_id: r.get("run_id")?,
            source: r.get("source")?,
            status: r.get("status")?,
            started_at: r.get("started_at")?,
            finished_at: r.get("finished_at")?,
            inserted: r.get("inserted")?,
            updated: r.get("updated")?,
            unchanged: r.get("unchanged")?,
            removed: r.get("removed")?,
            rejected: r.get("rejected")?,
            repaired: r.get("repaired")?,
            error: r.get("error")?,
            detail: detail
                .and_then(|d| serde_json::from_str(&d).ok())
                .unwrap_or_default(),
            last_ok: r.get("last_ok")?,
            days_since_ok: r.get("age_days")?,
        })
    })?
    .collect()
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
