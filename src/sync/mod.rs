//! `faralink sync`: bring the database up to date with upstream, source by source.
//!
//! Split as atuin splits its sync: pure decisions ([`decide`], [`health_warnings`],
//! [`api_window`]) that are tested without any I/O, and the effectful run ([`run`]) that fetches,
//! parses and stores. Each source file is loaded in one transaction, so a crash, a kill or a
//! bad file leaves the previous state; `sync_runs` gets one row per source per run either way.
//!
//! Not for: HTTP politeness (see `http`), parsing (see `fara`) or table writes (see `store`).

use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use jiff::civil::Date;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::db;
use crate::fara::{api, bulk};
use crate::fetch::{Fetched, Fetcher};
use crate::http::Validators;
use crate::store::{self, LoadContext, LoadCounts};

/// The curated takedown dataset, in the import format, built in so `sync` needs no network
/// for it.
const CURATED_TAKEDOWNS: &[u8] = include_bytes!("../../data/takedowns.csv");

/// Which part of a sync to run (`--only`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// FARA metadata: the four bulk files, then the JSON API for newer registrations.
    Fara,
    /// The filed PDFs and what they say.
    Documents,
    /// Platform takedown records.
    Takedowns,
    /// Re-run the matcher: links between registrants, principals and takedowns.
    Match,
}

/// How to run a sync.
#[derive(Debug, Clone)]
pub struct SyncOptions {
    pub only: Option<Stage>,
    /// Which documents to download, and where to keep them.
    pub documents: crate::documents::DocumentOptions,
    /// Days before the newest bulk registration date that the API's `New` window starts.
    pub api_window_days: i64,
    /// At most this many API-only registrations get their principals and documents looked up
    /// per run (two requests each, under the rate limit); the rest wait for the next run.
    pub api_max_registrants: usize,
    pub progress: bool,
    /// Apply a bulk file even when [`admit`] would refuse it (`--accept-drop`).
    pub accept_drop: bool,
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            only: None,
            documents: crate::documents::DocumentOptions::for_db(std::path::Path::new(
                "faralink.db",
            )),
            api_window_days: 30,
            api_max_registrants: 25,
            progress: false,
            accept_drop: false,
        }
    }
}

/// How a source fared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RunStatus {
    Ok,
    Failed,
    Skipped,
}

impl RunStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Ok => "ok",
            RunStatus::Failed => "failed",
            RunStatus::Skipped => "skipped",
        }
    }
}

/// One source's line in the summary and its row in `sync_runs`.
#[derive(Debug, Clone, Serialize)]
pub struct SourceReport {
    pub source: String,
    pub location: String,
    pub status: RunStatus,
    #[serde(flatten)]
    pub counts: LoadCounts,
    /// Why it failed or was skipped, or what happened when nothing needed loading.
    pub note: Option<String>,
    pub error: Option<String>,
    /// The file this source refused to apply, and why (the source then failed).
    pub refused: Option<Refused>,
    pub warnings: Vec<String>,
    pub seconds: f64,
    /// The documents stage's own figures: the backlog, what was tried, and the budget limit
    /// that stopped it (only on the `documents` line).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documents: Option<crate::documents::DocumentCounts>,
}

/// What a whole run did.
#[derive(Debug, Clone, Serialize)]
pub struct SyncSummary {
    pub run_id: i64,
    pub sources: Vec<SourceReport>,
}

impl SyncSummary {
    /// True when some source failed: the run exits 1 after finishing the others.
    pub fn failed(&self) -> bool {
        self.sources.iter().any(|s| s.status == RunStatus::Failed)
    }

    /// True when every source that reads the FARA site (or its `--from` mirror) was skipped:
    /// the run read no data at all (a directory without the files), which is not success
    /// either.
    pub fn all_skipped(&self) -> bool {
        let mut upstream = self.sources.iter().filter(|s| reads_fara_site(&s.source));
        let mut any = false;
        let all = upstream.all(|s| {
            any = true;
            s.status == RunStatus::Skipped
        });
        any && all
    }
}

/// Whether a source reads the FARA site or a `--from` mirror of it (the only sources that are
/// skipped for want of a file), as opposed to the takedowns built into faralink, the matcher
/// and Meta's repository (never read under `--from`, so `sync --only takedowns --from DIR`
/// still loads the built-in takedowns and succeeds).
pub fn reads_fara_site(source: &str) -> bool {
    source.starts_with("fara:") || source == "documents"
}

/// Errors that stop the whole run (a source's own failure does not: it is reported).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SyncError {
    /// The database could not record the run.
    #[error("database error while recording the sync: {0}")]
    Db(#[from] rusqlite::Error),
}

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

/// What to do with what a fetch returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Parse and load it.
    Load,
    /// Nothing changed upstream: no parse, no writes but the bookkeeping.
    Unchanged(String),
    /// The source is absent (`--from DIR` without the file).
    Skip(String),
    /// The fetch ended in a status that means the source failed.
    Fail(String),
}

/// A bulk file may lose at most this share of the current rows the database holds before it
/// is refused (see [`admit`]). DOJ's files only grow between daily exports (a terminated
/// registration stays listed, with its date), so a larger drop is an export cut short.
pub const MAX_DROP_PERCENT: i64 = 10;

/// Why a bulk file was not applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefusalReason {
    /// The file parsed to no rows at all.
    NoRows,
    /// Its rows are more than [`MAX_DROP_PERCENT`] fewer than the current rows stored.
    Drop,
    /// Its header lacks columns faralink needs.
    MissingColumns,
}

/// A bulk file that was refused before anything was written: the database, the links and the
/// reviews stay as they were, and the source fails. Kept in `sync_runs.detail` for `status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Refused {
    /// The file, as a URL or a path under `--from`.
    pub file: String,
    pub reason: RefusalReason,
    /// The current (not removed) rows the database holds for this file.
    pub stored: i64,
    /// The rows the new file holds; none when its header could not be read.
    pub incoming: Option<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing_columns: Vec<String>,
    /// The header the file had, when columns were missing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub found_columns: Vec<String>,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (file, stored) = (&self.file, self.stored);
        let accept = "nothing was changed. If upstream really holds this, apply it on purpose with `faralink sync --accept-drop`";
        match (self.reason, self.incoming) {
            (RefusalReason::NoRows, _) => write!(
                f,
                "refused {file}: it holds 0 rows where the database holds {stored} current rows (an export cut short?); {accept}"
            ),
            (RefusalReason::Drop, Some(n)) => write!(
                f,
                "refused {file}: it holds {n} rows where the database holds {stored} current rows, a drop of {}% (more than {MAX_DROP_PERCENT}%); {accept}",
                (stored - n) * 100 / stored.max(1)
            ),
            (RefusalReason::Drop, None) => write!(f, "refused {file}: its rows dropped; {accept}"),
            (RefusalReason::MissingColumns, _) => write!(
                f,
                "refused {file}: its header lacks the columns {:?} (found {:?}), so none of its rows can be read; the database keeps its {stored} current rows and nothing was changed. DOJ may have changed the file's layout: this file cannot be applied, with or without --accept-drop",
                self.missing_columns, self.found_columns
            ),
        }
    }
}

/// Decides, before any write, whether a parsed bulk file may replace what is stored: not when
/// it holds no rows, nor when it holds more than [`MAX_DROP_PERCENT`] fewer rows than the
/// current rows stored (applying either would mark the missing rows removed, and the matcher
/// would then delete every unreviewed link to them), unless `accept_drop`.
///
/// A header-only registrants file from a truncated export once marked all 6,928 registrants
/// removed and deleted every unreviewed link, and the sync exited 0.
pub fn admit(file: &str, stored: i64, incoming: i64, accept_drop: bool) -> Result<(), Refused> {
    let reason = if incoming == 0 {
        RefusalReason::NoRows
    } else if (stored - incoming) * 100 > stored * MAX_DROP_PERCENT {
        RefusalReason::Drop
    } else {
        return Ok(());
    };
    if accept_drop {
        return Ok(());
    }
    Err(Refused {
        file: file.to_string(),
        reason,
        stored,
        incoming: Some(incoming),
        missing_columns: Vec::new(),
        found_columns: Vec::new(),
    })
}

/// Decides what to do with a fetch result, given what we loaded last time.
pub fn decide(fetched: &Fetched, prev: Option<&SourceState>, location: &str) -> Decision {
    match fetched {
        Fetched::NotModified => {
            Decision::Unchanged("not modified since the last sync (HTTP 304)".into())
        }
        Fetched::Missing => Decision::Skip(format!("{location} is not in the --from directory")),
        Fetched::Status { status, .. } => {
            Decision::Fail(format!("{location} answered HTTP {status}"))
        }
        Fetched::Body { sha256, .. } => match prev.and_then(|p| p.sha256.as_deref()) {
            Some(old) if old == sha256 => Decision::Unchanged(format!(
                "same content as the last load (sha256 {})",
                &sha256[..12]
            )),
            _ => Decision::Load,
        },
    }
}

/// The figures of a fresh load that `health_warnings` compares with the last one.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadHealth {
    pub header: String,
    pub rows: i64,
    pub rejected: i64,
}

/// Loud warnings for a load that looks wrong even though it "worked": a FARA mirror once read
/// registration numbers as "SPAIN" for months before anyone noticed. Compared with the last
/// load: a sharp drop in rows, a changed header, a jump in rejects.
pub fn health_warnings(source: &str, prev: Option<&SourceState>, now: &LoadHealth) -> Vec<String> {
    let mut w = Vec::new();
    if let Some(p) = prev {
        if let Some(old) = p.row_count.filter(|&n| n > 0)
            && now.rows < old - old / 10
        {
            w.push(format!(
                "{source}: row count dropped sharply, from {old} to {} (more than 10%)",
                now.rows
            ));
        }
        if let Some(h) = p.header.as_deref()
            && h != now.header
        {
            w.push(format!(
                "{source}: the header changed, from [{h}] to [{}]",
                now.header
            ));
        }
        let old_rej = p.rejected.unwrap_or(0);
        if now.rejected > (2 * old_rej).max(old_rej + 10) {
            w.push(format!("{source}: rejected rows jumped from {old_rej} to {}; see `faralink export rejects`", now.rejected));
        }
    }
    // Small files (a handful of rows) say nothing by share; DOJ's smallest real file has ~7,000.
    let total = now.rows + now.rejected;
    if total >= 100 && now.rejected * 20 > total {
        w.push(format!(
            "{source}: {} of {total} rows were rejected (over 5%); see `faralink export rejects`",
            now.rejected
        ));
    }
    w
}

/// The API's `New` window: from `days` before the newest registration date the bulk files
/// gave (DOJ refreshes them daily, but late filings carry earlier dates) up to `today`.
pub fn api_window(newest_bulk: Option<Date>, today: Date, days: i64) -> (Date, Date) {
    let start = newest_bulk.unwrap_or(today).min(today);
    let from = start
        .checked_sub(jiff::Span::new().days(days))
        .unwrap_or(start);
    (from, today)
}

/// Where a `--from` directory must hold at least one file for the stages a run wants
/// (CONTRACT.md, "Sources and the mirror layout"). A whole sync starts from the FARA files
/// (documents are fetched as the registrant-docs file lists them), `--only documents` needs
/// `docs/`; the takedown and match stages do not read the directory.
pub fn mirror_paths(only: Option<Stage>) -> Vec<&'static str> {
    match only {
        None | Some(Stage::Fara) => bulk::BulkKind::ALL
            .iter()
            .map(|k| k.zip_path())
            .chain([
                "api/v1/Registrants/json/New",
                "api/v1/Registrants/json/Active",
            ])
            .collect(),
        Some(Stage::Documents) => vec!["docs/"],
        Some(Stage::Takedowns | Stage::Match) => Vec::new(),
    }
}

/// Checks a `--from` directory before anything is opened: a directory that is missing (a
/// typo, a disk not mounted) or holds none of the files the run reads would otherwise give a
/// run that skipped everything and looked like success. The error names the directory and
/// every path looked for.
pub fn check_mirror(dir: &std::path::Path, only: Option<Stage>) -> Result<(), String> {
    let paths = mirror_paths(only);
    let looked_for = || {
        paths
            .iter()
            .map(|p| format!("\n  {}", dir.join(p).display()))
            .collect::<String>()
    };
    if !dir.is_dir() {
        let what = if dir.exists() {
            "is not a directory"
        } else {
            "does not exist"
        };
        return Err(format!(
            "--from {}: the directory {what}; it should hold the FARA mirror layout, looked for:{}",
            dir.display(),
            looked_for()
        ));
    }
    if !paths.is_empty() && !paths.iter().any(|p| dir.join(p).exists()) {
        return Err(format!(
            "--from {}: holds none of the files sync reads (is it the right directory, is its disk mounted?); looked for:{}",
            dir.display(),
            looked_for()
        ));
    }
    Ok(())
}

/// `sync --every`: a whole number and a unit, `s`, `m`, `h` or `d` (`90s`, `30m`, `6h`, `1d`).
pub fn parse_interval(s: &str) -> Result<std::time::Duration, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (n, unit) = s.split_at(split);
    let n: u64 = n
        .parse()
        .map_err(|_| format!("expected an interval such as 30m, 6h or 1d, got {s:?}"))?;
    let secs = match unit.trim() {
        "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        "d" => n * 86_400,
        _ => {
            return Err(format!(
                "unknown unit in {s:?}: use s, m, h or d (30m, 6h, 1d)"
            ));
        }
    };
    if secs == 0 {
        return Err("the interval must be longer than zero".into());
    }
    Ok(std::time::Duration::from_secs(secs))
}

fn mdy(d: Date) -> String {
    format!("{:02}-{:02}-{:04}", d.month(), d.day(), d.year())
}

fn read_state(conn: &Connection, source: &str) -> rusqlite::Result<Option<SourceState>> {
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
fn next_run_id(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT max(coalesce((SELECT max(run_id) FROM sync_runs), 0), coalesce((SELECT max(run_id) FROM changes), 0)) + 1",
        [],
        |r| r.get(0),
    )
}

fn record_run(
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

fn write_fetch_log(conn: &Connection, run_id: i64, fetcher: &Fetcher) -> rusqlite::Result<()> {
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

fn spinner(progress: bool, msg: String) -> ProgressBar {
    if !progress {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new_spinner();
    pb.set_style(
        ProgressStyle::with_template("{spinner} {elapsed:>3} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    pb.enable_steady_tick(std::time::Duration::from_millis(120));
    pb.set_message(msg);
    pb
}

/// The first bulk files' fetch and parse, started before the database is open: for a
/// database that does not exist yet, nothing it could hold (the files' previous hashes and
/// validators) changes what is fetched, so creating the file and its schema (~7 ms) need not
/// wait. Call it in a Tokio runtime, holding the sync lock, and hand it to [`run`].
pub struct EarlyStart(std::collections::VecDeque<tokio::task::JoinHandle<BulkStep>>);

impl EarlyStart {
    /// Starts preparing the first bulk files as a first load (no previous state).
    pub fn first_load(fetcher: &Fetcher) -> EarlyStart {
        EarlyStart(
            bulk::BulkKind::ALL
                .into_iter()
                .take(PREPARED_AHEAD)
                .map(|k| spawn_prepare(fetcher, k, None))
                .collect(),
        )
    }
}

/// How many bulk files are fetched and parsed ahead of the one being stored: two, so both
/// cores parse at first, then one writes while the other parses.
const PREPARED_AHEAD: usize = 2;

fn spawn_prepare(
    fetcher: &Fetcher,
    kind: bulk::BulkKind,
    prev: Option<SourceState>,
) -> tokio::task::JoinHandle<BulkStep> {
    tokio::spawn(prepare_bulk(fetcher.clone(), kind, prev))
}

/// Runs a sync. The caller holds the sync lock. `early` is what [`EarlyStart::first_load`]
/// began, for a database that did not exist before this run.
pub async fn run(
    conn: &mut Connection,
    fetcher: &Fetcher,
    meta: Option<&Fetcher>,
    opts: &SyncOptions,
    early: Option<EarlyStart>,
) -> Result<SyncSummary, SyncError> {
    let run_id = next_run_id(conn)?;
    let mut sources = Vec::new();
    let wants = |s: Stage| opts.only.is_none_or(|o| o == s);
    if wants(Stage::Fara) {
        // A two-stage pipeline: while one file is written to the database (one core), the
        // next is fetched, unzipped, decoded, parsed and turned into rows (the other core).
        let kinds = bulk::BulkKind::ALL;
        let states = kinds
            .iter()
            .map(|k| read_state(conn, k.source_name()))
            .collect::<Result<Vec<_>, _>>()?;
        let start = |i: usize| spawn_prepare(fetcher, kinds[i], states[i].clone());
        let mut ahead = match early {
            Some(EarlyStart(tasks)) => tasks,
            None => (0..kinds.len().min(PREPARED_AHEAD)).map(start).collect(),
        };
        let mut checkpoint: Option<db::Checkpoint> = None;
        for (i, kind) in kinds.into_iter().enumerate() {
            let started = db::now_rfc3339();
            let t0 = Instant::now();
            let pb = spinner(
                opts.progress,
                format!("{}: fetching and parsing", kind.source_name()),
            );
            let step = match ahead.pop_front() {
                Some(task) => task
                    .await
                    .unwrap_or_else(|e| BulkStep::Fail(format!("internal error: {e}"))),
                None => BulkStep::Fail("internal error: no prepared step".into()),
            };
            if i + PREPARED_AHEAD < kinds.len() {
                ahead.push_back(start(i + PREPARED_AHEAD));
            }
            pb.set_message(format!("{}: storing", kind.source_name()));
            let mut rep = report(kind.source_name(), fetcher.location(kind.zip_path()));
            if let Err(e) = apply_bulk(conn, kind, step, states[i].as_ref(), run_id, opts, &mut rep)
            {
                rep.status = RunStatus::Failed;
                rep.error = Some(e);
            }
            // What this file wrote goes to the database file while the next one is stored.
            if rep.counts.inserted + rep.counts.updated + rep.counts.removed > 0 {
                if let Some(c) = checkpoint.take() {
                    c.finish();
                }
                checkpoint = Some(db::Checkpoint::start(conn));
            }
            pb.finish_and_clear();
            rep.seconds = t0.elapsed().as_secs_f64();
            record_run(conn, run_id, &started, &rep)?;
            write_fetch_log(conn, run_id, fetcher)?;
            sources.push(rep);
        }
        let started = db::now_rfc3339();
        let rep = sync_api(conn, fetcher, run_id, opts).await;
        record_run(conn, run_id, &started, &rep)?;
        write_fetch_log(conn, run_id, fetcher)?;
        sources.push(rep);
        if let Some(c) = checkpoint {
            let t = Instant::now();
            c.finish();
            tracing::debug!(
                "waited {:?} for the last background checkpoint",
                t.elapsed()
            );
        }
    }
    if wants(Stage::Documents) {
        let started = db::now_rfc3339();
        let rep = sync_documents(conn, fetcher, run_id, opts).await;
        record_run(conn, run_id, &started, &rep)?;
        write_fetch_log(conn, run_id, fetcher)?;
        sources.push(rep);
    }
    if wants(Stage::Takedowns) {
        // The curated dataset built into this faralink (data/takedowns.csv).
        let started = db::now_rfc3339();
        let t0 = Instant::now();
        let source = crate::takedowns::store::CURATED_SOURCE;
        let mut rep = report(source, "data/takedowns.csv (built into faralink)".into());
        match crate::takedowns::store::load_curated(conn, run_id, CURATED_TAKEDOWNS, source) {
            Ok(load) => {
                rep.counts = load.counts;
                rep.note = load.note;
            }
            Err(e) => {
                rep.status = RunStatus::Failed;
                rep.error = Some(e.to_string());
            }
        }
        rep.seconds = t0.elapsed().as_secs_f64();
        record_run(conn, run_id, &started, &rep)?;
        sources.push(rep);
        let started = db::now_rfc3339();
        let rep = sync_meta(conn, meta, run_id, opts).await;
        record_run(conn, run_id, &started, &rep)?;
        if let Some(m) = meta {
            write_fetch_log(conn, run_id, m)?;
        }
        sources.push(rep);
    }
    if wants(Stage::Match) {
        // Last: it reads what the stages above stored. One transaction; a failure leaves the
        // links as they were.
        let started = db::now_rfc3339();
        let t0 = Instant::now();
        let mut rep = report("match", "links between FARA and takedowns".into());
        match crate::matcher::store::run(conn, Some(run_id)) {
            Ok(m) => {
                rep.counts.inserted = m.inserted;
                rep.counts.updated = m.updated;
                rep.counts.unchanged = m.unchanged;
                rep.counts.removed = m.removed;
                rep.note = Some(format!(
                    "{} related registrations; matching took {:.2} s",
                    m.relations, m.seconds_matching
                ));
            }
            Err(e) => {
                rep.status = RunStatus::Failed;
                rep.error = Some(e.to_string());
            }
        }
        rep.seconds = t0.elapsed().as_secs_f64();
        record_run(conn, run_id, &started, &rep)?;
        sources.push(rep);
    }
    Ok(SyncSummary { run_id, sources })
}

/// Meta's threat-research repository: index, README table, network summaries and indicator
/// files, upserted by takedown id. A file that fails (fetch error, changed layout) is a
/// warning naming it, and nothing from it is stored; the source fails only when nothing at all
/// could be read.
async fn sync_meta(
    conn: &mut Connection,
    meta: Option<&Fetcher>,
    run_id: i64,
    opts: &SyncOptions,
) -> SourceReport {
    let t0 = Instant::now();
    let source = "takedowns:meta";
    let Some(fetcher) = meta else {
        let mut rep = report(source, String::new());
        rep.status = RunStatus::Skipped;
        rep.note = Some(
            "--from reads the FARA mirror only; live takedown sources are read over HTTP".into(),
        );
        return rep;
    };
    let mut rep = report(source, fetcher.location("index.json"));
    let pb = spinner(
        opts.progress,
        format!("{source}: reading Meta's threat-research repository"),
    );
    match crate::takedowns::meta::fetch_meta(fetcher).await {
        Ok(harvest) => {
            for f in &harvest.failures {
                rep.warnings.push(format!(
                    "{source}: {}: {}",
                    fetcher.location(&f.path),
                    f.reason
                ));
            }
            if harvest.takedowns.is_empty() && !harvest.failures.is_empty() {
                rep.status = RunStatus::Failed;
                rep.error = Some(format!(
                    "no file of Meta's repository could be read ({} failed)",
                    harvest.failures.len()
                ));
            } else {
                let parsed = crate::takedowns::import::Parsed {
                    records: harvest.takedowns.len() as u64,
                    takedowns: harvest.takedowns,
                    rejects: Vec::new(),
                    ..Default::default()
                };
                match crate::takedowns::store::store(conn, &parsed, "meta", source, Some(run_id)) {
                    Ok(c) => {
                        rep.counts = c;
                        rep.note = Some(format!(
                            "{} reports that are not influence operations (malware, hacking) left out",
                            harvest.skipped.len()
                        ));
                    }
                    Err(e) => {
                        rep.status = RunStatus::Failed;
                        rep.error = Some(e.to_string());
                    }
                }
            }
        }
        Err(e) => {
            rep.status = RunStatus::Failed;
            rep.error = Some(e.to_string());
        }
    }
    pb.finish_and_clear();
    rep.seconds = t0.elapsed().as_secs_f64();
    rep
}

/// Downloads the chosen documents (see `documents`). Fetched counts as new, a recorded
/// failure or skip as updated. Network errors leave a document listed for the next run; the
/// source fails only when nothing could be fetched because of them.
async fn sync_documents(
    conn: &mut Connection,
    fetcher: &Fetcher,
    run_id: i64,
    opts: &SyncOptions,
) -> SourceReport {
    let t0 = Instant::now();
    let mut rep = report("documents", fetcher.location("docs/"));
    // As for a bulk file missing from the directory: no `docs/`, nothing to read.
    if let Fetcher::Dir(dir) = fetcher
        && !dir.join("docs").is_dir()
    {
        rep.status = RunStatus::Skipped;
        rep.note = Some(format!("{} is not in the --from directory", rep.location));
        return rep;
    }
    // The caller's progress bar, when it gave one, shows the downloads; the spinner the rest.
    let own_bar = opts.documents.progress.is_none();
    let mut pb = spinner(
        opts.progress && own_bar,
        "documents: downloading".to_string(),
    );
    match crate::documents::fetch_documents(conn, fetcher, &opts.documents).await {
        Ok(c) => {
            if !own_bar {
                pb = spinner(opts.progress, String::new());
            }
            rep.counts.inserted = c.fetched;
            rep.counts.updated = c.failed + c.skipped;
            let mut note = backlog_note(&c, opts.documents.budget);
            note.push_str(&format!(
                "{} chosen: {} fetched, {} failed (HTTP status recorded), {} skipped (too large or not on the FARA site)",
                c.chosen, c.fetched, c.failed, c.skipped
            ));
            if c.absent > 0 {
                note.push_str(&format!(
                    ", {} not in the --from directory (left for a later sync)",
                    c.absent
                ));
            }
            let readers = crate::pdftext::Readers::detect(std::time::Duration::from_secs(60));
            pb.set_message("documents: reading text");
            match crate::documents::extract_texts(conn, &opts.documents.store_dir, &readers) {
                Ok(t) => {
                    rep.counts.updated += t.needs_ocr + t.unreadable;
                    note.push_str(&format!(
                        "; text read from {}, {} need OCR (no text layer), {} unreadable",
                        t.read, t.needs_ocr, t.unreadable
                    ));
                }
                Err(e) => rep.warnings.push(format!("documents: reading text: {e}")),
            }
            if opts.documents.ocr {
                if readers.ocr.is_none() {
                    rep.warnings.push("documents: --ocr needs pdftoppm and tesseract, which are not installed; scans stay needs_ocr".into());
                } else {
                    pb.set_message("documents: OCR of scans");
                    match crate::documents::ocr_scans(conn, &opts.documents.store_dir, &readers) {
                        Ok(n) => note.push_str(&format!("; {n} scans read by OCR")),
                        Err(e) => rep.warnings.push(format!("documents: OCR: {e}")),
                    }
                }
            }
            match crate::documents::extract_fields(conn, Some(run_id)) {
                Ok(f) => note.push_str(&format!(
                    "; fields read from {} documents: {} agreements, {} payments",
                    f.documents, f.agreements, f.payments
                )),
                Err(e) => rep.warnings.push(format!("documents: reading fields: {e}")),
            }
            rep.note = Some(note);
            rep.documents = Some(c.clone());
            if c.errors > 0 {
                let w = format!(
                    "documents: {} downloads failed after retries; they stay listed and are retried next sync",
                    c.errors
                );
                if c.fetched == 0 {
                    rep.status = RunStatus::Failed;
                    rep.error = Some(w);
                } else {
                    rep.warnings.push(w);
                }
            }
        }
        Err(e) => {
            rep.status = RunStatus::Failed;
            rep.error = Some(e);
        }
    }
    pb.finish_and_clear();
    rep.seconds = t0.elapsed().as_secs_f64();
    rep
}

/// The summary's first words on the documents stage when a budget stopped it: a stop at the
/// budget is the plan, not a failure, so it says what was done and what is left for later
/// runs ("200 of 4,800 documents fetched; 4,600 left for later runs").
pub fn backlog_note(
    c: &crate::documents::DocumentCounts,
    budget: crate::documents::Budget,
) -> String {
    use crate::documents::thousands;
    if c.stopped_by.is_none() {
        return String::new();
    }
    let done = c.fetched + c.failed + c.skipped;
    format!(
        "{} of {} documents {}; {} left for later runs (this run's budget of {budget} is spent; `faralink sync --backfill` fetches the rest in one run). ",
        thousands(done),
        thousands(c.listed),
        if c.failed + c.skipped > 0 {
            "fetched or tried"
        } else {
            "fetched"
        },
        thousands(c.left),
    )
}

fn report(source: &str, location: String) -> SourceReport {
    SourceReport {
        source: source.to_string(),
        location,
        status: RunStatus::Ok,
        counts: LoadCounts::default(),
        note: None,
        error: None,
        refused: None,
        warnings: Vec::new(),
        seconds: 0.0,
        documents: None,
    }
}

/// The database-free half of syncing one bulk file.
enum BulkStep {
    Skip(String),
    Fail(String),
    /// The file's header lacks these columns (and had those): refused, see [`Refused`].
    MissingColumns {
        missing: Vec<String>,
        found: Vec<String>,
    },
    Unchanged {
        why: String,
        validators: Option<Validators>,
    },
    Load(Box<ReadyFile>),
}

/// A bulk file fetched, parsed and turned into rows, with what `source_state` records of it.
struct ReadyFile {
    load: store::PreparedLoad,
    header: String,
    encoding: bulk::Encoding,
    sha256: String,
    validators: Validators,
}

/// Fetches one bulk file and, when it changed, parses it and prepares its rows.
async fn prepare_bulk(
    fetcher: Fetcher,
    kind: bulk::BulkKind,
    prev: Option<SourceState>,
) -> BulkStep {
    let location = fetcher.location(kind.zip_path());
    let validators = prev
        .as_ref()
        .filter(|_| !fetcher.is_local())
        .map(|p| Validators {
            etag: p.etag.clone(),
            last_modified: p.last_modified.clone(),
        });
    let fetched = match fetcher.get(kind.zip_path(), validators.as_ref()).await {
        Ok(f) => f,
        Err(e) => return BulkStep::Fail(e.to_string()),
    };
    match decide(&fetched, prev.as_ref(), &location) {
        Decision::Skip(why) => return BulkStep::Skip(why),
        Decision::Fail(why) => return BulkStep::Fail(why),
        Decision::Unchanged(why) => {
            let validators = match &fetched {
                Fetched::Body {
                    etag,
                    last_modified,
                    ..
                } => Some(Validators {
                    etag: etag.clone(),
                    last_modified: last_modified.clone(),
                }),
                _ => None,
            };
            return BulkStep::Unchanged { why, validators };
        }
        Decision::Load => {}
    }
    let Fetched::Body {
        bytes,
        sha256,
        etag,
        last_modified,
    } = fetched
    else {
        return BulkStep::Fail("internal error: decide() said Load without a body".into());
    };
    // Unzip, decode and parse are CPU work: off the async workers.
    let parsed = tokio::task::spawn_blocking(move || parse_bulk(kind, &bytes)).await;
    match parsed {
        Ok(Ok((load, header, encoding))) => BulkStep::Load(Box::new(ReadyFile {
            load,
            header,
            encoding,
            sha256,
            validators: Validators {
                etag,
                last_modified,
            },
        })),
        Ok(Err(bulk::BulkError::MissingColumns { missing, found, .. })) => {
            BulkStep::MissingColumns {
                missing: missing.into_iter().map(String::from).collect(),
                found,
            }
        }
        Ok(Err(e)) => BulkStep::Fail(format!("{location}: {e}")),
        Err(e) => BulkStep::Fail(format!("{location}: internal error: {e}")),
    }
}

/// Unzips, decodes, parses and prepares one bulk file. Pure: bytes in, rows out.
fn parse_bulk(
    kind: bulk::BulkKind,
    zip: &[u8],
) -> Result<(store::PreparedLoad, String, bulk::Encoding), bulk::BulkError> {
    let t = Instant::now();
    let csv = bulk::unzip_single_csv(zip)?;
    let (text, encoding) = bulk::decode(&csv);
    let (load, header) = {
        use bulk::BulkKind::*;
        match kind {
            Registrants => prepare(&text, bulk::parse_registrants, store::prepare_registrants),
            ForeignPrincipals => prepare(
                &text,
                bulk::parse_foreign_principals,
                store::prepare_foreign_principals,
            ),
            ShortForms => prepare(&text, bulk::parse_short_forms, store::prepare_short_forms),
            RegistrantDocs => prepare(
                &text,
                bulk::parse_registrant_docs,
                store::prepare_registrant_docs,
            ),
        }?
    };
    tracing::debug!(
        "{}: {} bytes parsed into {} rows in {:?}",
        kind.source_name(),
        csv.len(),
        load.rows(),
        t.elapsed()
    );
    Ok((load, header, encoding))
}

fn prepare<T>(
    text: &str,
    parse: fn(&str) -> Result<bulk::ParsedFile<T>, bulk::BulkError>,
    prepare: fn(bulk::ParsedFile<T>) -> store::PreparedLoad,
) -> Result<(store::PreparedLoad, String), bulk::BulkError> {
    let file = parse(text)?;
    let header = file.header.join(",");
    Ok((prepare(file), header))
}

/// The database half: records an unchanged file, or loads a changed one in one transaction.
fn apply_bulk(
    conn: &mut Connection,
    kind: bulk::BulkKind,
    step: BulkStep,
    prev: Option<&SourceState>,
    run_id: i64,
    opts: &SyncOptions,
    rep: &mut SourceReport,
) -> Result<(), String> {
    let source = kind.source_name();
    let now = db::now_rfc3339();
    let refuse = |rep: &mut SourceReport, refused: Refused| {
        let message = refused.to_string();
        rep.refused = Some(refused);
        Err(message)
    };
    let stored = || store::current_rows(conn, kind).map_err(|e| e.to_string());
    let ready = match step {
        BulkStep::Skip(why) => {
            rep.status = RunStatus::Skipped;
            rep.note = Some(why);
            return Ok(());
        }
        BulkStep::Fail(why) => return Err(why),
        BulkStep::MissingColumns { missing, found } => {
            let refused = Refused {
                file: rep.location.clone(),
                reason: RefusalReason::MissingColumns,
                stored: stored()?,
                incoming: None,
                missing_columns: missing,
                found_columns: found,
            };
            return refuse(rep, refused);
        }
        BulkStep::Unchanged { why, validators } => {
            rep.counts.unchanged = prev.and_then(|p| p.row_count).unwrap_or(0) as u64;
            rep.note = Some(why);
            if let Some(v) = validators {
                conn.execute(
                    "UPDATE source_state SET etag = ?2, last_modified = ?3, fetched_at = ?4 WHERE source = ?1",
                    params![source, v.etag, v.last_modified, now],
                )
                .map_err(|e| e.to_string())?;
            }
            return Ok(());
        }
        BulkStep::Load(ready) => ready,
    };
    // Decided before the transaction opens: a refused file writes nothing at all.
    if let Err(refused) = admit(
        &rep.location,
        stored()?,
        ready.load.rows() as i64,
        opts.accept_drop,
    ) {
        return refuse(rep, refused);
    }
    let t = Instant::now();
    let ctx = LoadContext {
        source,
        run_id,
        now: &now,
    };
    let tx = conn.transaction().map_err(|e| e.to_string())?;
    let counts =
        store::apply(&tx, &ctx, &ready.load).map_err(|e| format!("storing {source}: {e}"))?;
    let rows = (counts.inserted + counts.updated + counts.unchanged) as i64;
    let health = LoadHealth {
        header: ready.header.clone(),
        rows,
        rejected: counts.rejected as i64,
    };
    rep.warnings = health_warnings(source, prev, &health);
    tx.execute(
        "INSERT INTO source_state (source, location, etag, last_modified, sha256, header, encoding, row_count, rejected, repaired, fetched_at, loaded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)
         ON CONFLICT(source) DO UPDATE SET location = ?2, etag = ?3, last_modified = ?4, sha256 = ?5, header = ?6, encoding = ?7,
           row_count = ?8, rejected = ?9, repaired = ?10, fetched_at = ?11, loaded_at = ?11",
        params![
            source,
            rep.location,
            ready.validators.etag,
            ready.validators.last_modified,
            ready.sha256,
            ready.header,
            format!("{:?}", ready.encoding),
            rows,
            counts.rejected as i64,
            counts.repaired as i64,
            now
        ],
    )
    .map_err(|e| e.to_string())?;
    tx.commit()
        .map_err(|e| format!("committing {source}: {e}"))?;
    tracing::debug!("{source}: stored and committed in {:?}", t.elapsed());
    rep.counts = counts;
    // Freeing a file's ~300,000 strings took a tenth of the writing thread (callgrind): let
    // another thread do it while this one writes the next file (if no thread can be started,
    // the closure and the file are dropped here).
    let _ = std::thread::Builder::new()
        .name("free-bulk-file".into())
        .spawn(move || drop(ready));
    Ok(())
}

async fn sync_api(
    conn: &mut Connection,
    fetcher: &Fetcher,
    run_id: i64,
    opts: &SyncOptions,
) -> SourceReport {
    let t0 = Instant::now();
    let source = "fara:api";
    let mut rep = report(source, fetcher.location("api/v1/"));
    let pb = spinner(opts.progress, format!("{source}: new registrations"));
    if let Err(e) = sync_api_inner(conn, fetcher, run_id, opts, &mut rep, &pb).await {
        rep.status = RunStatus::Failed;
        rep.error = Some(e);
    }
    pb.finish_and_clear();
    rep.seconds = t0.elapsed().as_secs_f64();
    rep
}

/// A JSON API response body, or None for "no rows" / absent.
enum ApiBody {
    Rows(bytes::Bytes),
    NoRows,
    Missing,
}

async fn api_get(fetcher: &Fetcher, rel: &str) -> Result<ApiBody, String> {
    match fetcher.get(rel, None).await.map_err(|e| e.to_string())? {
        Fetched::Body { bytes, .. } => Ok(ApiBody::Rows(bytes)),
        Fetched::Missing => Ok(ApiBody::Missing),
        Fetched::NotModified => Ok(ApiBody::NoRows),
        // DOJ answers "no rows" with a 404 and a non-JSON body ({Success:false,...}).
        Fetched::Status { status: 404, body } if api::is_no_rows_body(&body) => Ok(ApiBody::NoRows),
        Fetched::Status { status, .. } => {
            Err(format!("{} answered HTTP {status}", fetcher.location(rel)))
        }
    }
}

async fn sync_api_inner(
    conn: &mut Connection,
    fetcher: &Fetcher,
    run_id: i64,
    opts: &SyncOptions,
    rep: &mut SourceReport,
    pb: &ProgressBar,
) -> Result<(), String> {
    let newest: Option<String> = conn
        .query_row(
            "SELECT max(registration_date) FROM registrants WHERE origin = 'bulk'",
            [],
            |r| r.get(0),
        )
        .map_err(|e| e.to_string())?;
    let newest = newest.and_then(|d| d.parse::<Date>().ok());
    // Today in UTC: never behind DOJ's own date (US Eastern), and no lookup of the system
    // time zone (jiff lists the whole zoneinfo directory for it: ~5 ms at the end of a sync).
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    let (from, to) = api_window(newest, today, opts.api_window_days);
    let rel = format!(
        "api/v1/Registrants/json/New?from={}&to={}",
        mdy(from),
        mdy(to)
    );
    rep.location = fetcher.location(&rel);
    let now = db::now_rfc3339();
    let ctx = LoadContext {
        source: "fara:api",
        run_id,
        now: &now,
    };
    let mut rejects: Vec<api::ApiReject> = Vec::new();
    // DOJ's `New` endpoint has been seen redirecting to a malformed URL and answering 404
    // with an HTML page (lehogg325/FARA api-notes, 2026-08). When it fails, the `Active` list
    // (one request, ~540 rows) holds every new registration too: use it, filtered to the
    // window, and say so.
    let new_rows = match api_get(fetcher, &rel).await {
        Ok(ApiBody::Missing) => {
            rep.status = RunStatus::Skipped;
            rep.note = Some(format!("{} is not in the --from directory", rep.location));
            return Ok(());
        }
        Ok(ApiBody::NoRows) => Some(Vec::new()),
        Ok(ApiBody::Rows(b)) => match api::parse_registrants(&b, &rep.location) {
            Ok(p) => {
                rejects.extend(p.rejects);
                Some(p.rows)
            }
            Err(e) => {
                rep.warnings.push(format!("fara:api: {e}"));
                None
            }
        },
        Err(e) => {
            rep.warnings.push(format!("fara:api: {e}"));
            None
        }
    };
    let new_rows = match new_rows {
        Some(rows) => rows,
        None => {
            let active = "api/v1/Registrants/json/Active";
            let body = match api_get(fetcher, active).await? {
                ApiBody::Rows(b) => b,
                _ => bytes::Bytes::new(),
            };
            let parsed = if body.is_empty() {
                api::ApiRows {
                    rows: Vec::new(),
                    rejects: Vec::new(),
                }
            } else {
                api::parse_registrants(&body, &fetcher.location(active))
                    .map_err(|e| e.to_string())?
            };
            rejects.extend(parsed.rejects);
            rep.warnings.push(format!(
                "fara:api: used {} instead of the New endpoint",
                fetcher.location(active)
            ));
            let from = from.to_string();
            parsed
                .rows
                .into_iter()
                .filter(|r| {
                    r.registration_date
                        .as_deref()
                        .is_some_and(|d| d >= from.as_str())
                })
                .collect()
        }
    };
    let mut counts = LoadCounts::default();
    if !new_rows.is_empty() {
        let tx = conn.transaction().map_err(|e| e.to_string())?;
        let c = store::upsert_api_registrants(&tx, &ctx, &new_rows).map_err(|e| e.to_string())?;
        tx.commit().map_err(|e| e.to_string())?;
        add(&mut counts, &c);
    }
    // Registrations only the API knows: look up their principals and documents, a few per run.
    let regs: Vec<i64> = {
        let mut stmt = conn
            .prepare("SELECT registration_number FROM registrants WHERE origin = 'api' AND removed_at IS NULL ORDER BY registration_number DESC LIMIT ?1")
            .map_err(|e| e.to_string())?;
        stmt.query_map([opts.api_max_registrants as i64], |r| r.get(0))
            .and_then(|m| m.collect::<Result<_, _>>())
            .map_err(|e| e.to_string())?
    };
    for reg in regs {
        pb.set_message(format!("{source}: registration {reg}", source = rep.source));
        let fp_rel = format!("api/v1/ForeignPrincipals/json/Active/{reg}");
        let doc_rel = format!("api/v1/RegDocs/json/{reg}");
        // One registration's lookup failing (DOJ's per-registrant JSON endpoints are flaky)
        // must not lose the others: warn and go on.
        let fps = match api_get(fetcher, &fp_rel).await.unwrap_or_else(|e| {
            rep.warnings.push(format!("fara:api: {e}"));
            ApiBody::NoRows
        }) {
            ApiBody::Rows(b) => api::parse_foreign_principals(&b, &fetcher.location(&fp_rel), reg)
                .map_err(|e| rep.warnings.push(format!("fara:api: {e}")))
                .ok(),
            _ => None,
        };
        let docs = match api_get(fetcher, &doc_rel).await.unwrap_or_else(|e| {
            rep.warnings.push(format!("fara:api: {e}"));
            ApiBody::NoRows
        }) {
            ApiBody::Rows(b) => api::parse_registrant_docs(&b, &fetcher.location(&doc_rel), reg)
                .map_err(|e| rep.warnings.push(format!("fara:api: {e}")))
                .ok(),
            _ => None,
        };
        let tx = conn.transaction().map_err(|e| e.to_string())?;
        if let Some(fps) = fps {
            let c = store::upsert_api_foreign_principals(&tx, &ctx, &fps.rows)
                .map_err(|e| e.to_string())?;
            add(&mut counts, &c);
            rejects.extend(fps.rejects);
        }
        if let Some(docs) = docs {
            let c =
                store::upsert_api_documents(&tx, &ctx, &docs.rows).map_err(|e| e.to_string())?;
            add(&mut counts, &c);
            rejects.extend(docs.rejects);
        }
        tx.commit().map_err(|e| e.to_string())?;
    }
    {
        let tx = conn.transaction().map_err(|e| e.to_string())?;
        tx.execute(
            "DELETE FROM rejects WHERE source = ?1",
            [rep.source.as_str()],
        )
        .map_err(|e| e.to_string())?;
        for r in &rejects {
            tx.execute(
                "INSERT INTO rejects (source, line, raw, reason, run_id) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![rep.source, r.index as i64, r.raw, r.reason, run_id],
            )
            .map_err(|e| e.to_string())?;
        }
        tx.commit().map_err(|e| e.to_string())?;
    }
    counts.rejected = rejects.len() as u64;
    rep.counts = counts;
    Ok(())
}

fn add(total: &mut LoadCounts, c: &LoadCounts) {
    total.inserted += c.inserted;
    total.updated += c.updated;
    total.unchanged += c.unchanged;
    total.removed += c.removed;
    total.rejected += c.rejected;
    total.repaired += c.repaired;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(sha: &str) -> Fetched {
        Fetched::Body {
            bytes: bytes::Bytes::new(),
            sha256: sha.repeat(64 / sha.len()),
            etag: None,
            last_modified: None,
        }
    }

    #[test]
    fn decide_loads_new_content_and_skips_the_same() {
        let prev = SourceState {
            sha256: Some("ab".repeat(32)),
            ..Default::default()
        };
        assert!(
            matches!(decide(&body("ab"), Some(&prev), "x"), Decision::Unchanged(m) if m.contains("same content"))
        );
        assert_eq!(decide(&body("cd"), Some(&prev), "x"), Decision::Load);
        assert_eq!(decide(&body("cd"), None, "x"), Decision::Load);
        assert!(matches!(
            decide(&Fetched::NotModified, Some(&prev), "x"),
            Decision::Unchanged(_)
        ));
        assert!(
            matches!(decide(&Fetched::Missing, None, "x"), Decision::Skip(m) if m.contains("x"))
        );
        assert!(
            matches!(decide(&Fetched::Status { status: 404, body: bytes::Bytes::new() }, None, "u"), Decision::Fail(m) if m.contains("404"))
        );
    }

    #[test]
    fn admit_refuses_no_rows_and_drops_past_ten_percent_unless_accepted() {
        // A header-only file, against a full table and against an empty one.
        let e = admit("R.zip", 6928, 0, false).unwrap_err();
        assert_eq!(
            (e.reason, e.stored, e.incoming),
            (RefusalReason::NoRows, 6928, Some(0))
        );
        assert_eq!(
            admit("R.zip", 0, 0, false).unwrap_err().reason,
            RefusalReason::NoRows
        );
        // 10% fewer is allowed, one row more is not.
        assert_eq!(admit("R.zip", 1000, 900, false), Ok(()));
        let e = admit("R.zip", 1000, 899, false).unwrap_err();
        assert_eq!(e.reason, RefusalReason::Drop);
        let msg = e.to_string();
        for part in [
            "R.zip",
            "899",
            "1000",
            "--accept-drop",
            "nothing was changed",
        ] {
            assert!(msg.contains(part), "{part:?} missing from {msg}");
        }
        // Growth and first loads pass; --accept-drop lets both refusals through.
        assert_eq!(admit("R.zip", 1000, 1200, false), Ok(()));
        assert_eq!(admit("R.zip", 0, 17, false), Ok(()));
        assert_eq!(admit("R.zip", 1000, 899, true), Ok(()));
        assert_eq!(admit("R.zip", 6928, 0, true), Ok(()));
    }

    #[test]
    fn a_run_that_skipped_every_upstream_source_is_all_skipped() {
        let src = |name: &str, status| SourceReport {
            status,
            ..report(name, String::new())
        };
        let run = |sources| SyncSummary { run_id: 1, sources };
        let skipped = run(vec![
            src("fara:registrants", RunStatus::Skipped),
            src("documents", RunStatus::Skipped),
            src("takedowns:curated", RunStatus::Ok),
            src("takedowns:meta", RunStatus::Skipped),
            src("match", RunStatus::Ok),
        ]);
        assert!(skipped.all_skipped());
        let some = run(vec![
            src("fara:registrants", RunStatus::Ok),
            src("documents", RunStatus::Skipped),
        ]);
        assert!(!some.all_skipped());
        // `--only match` reads nothing upstream, and is not "all skipped"; nor is
        // `--only takedowns --from DIR`, where Meta is never read.
        assert!(!run(vec![src("match", RunStatus::Ok)]).all_skipped());
        let takedowns = run(vec![
            src("takedowns:curated", RunStatus::Ok),
            src("takedowns:meta", RunStatus::Skipped),
        ]);
        assert!(!takedowns.all_skipped());
    }

    #[test]
    fn check_mirror_names_the_directory_and_the_paths_looked_for() {
        let tmp = tempfile::tempdir().unwrap();
        let missing = tmp.path().join("no-such-mirror");
        let e = check_mirror(&missing, None).unwrap_err();
        assert!(
            e.contains("no-such-mirror") && e.contains("does not exist"),
            "{e}"
        );
        assert!(e.contains("bulk/zip/FARA_All_Registrants.csv.zip"), "{e}");
        let e = check_mirror(tmp.path(), None).unwrap_err();
        assert!(e.contains("holds none of the files"), "{e}");
        assert!(e.contains("api/v1/Registrants/json/New"), "{e}");
        assert!(check_mirror(tmp.path(), Some(Stage::Match)).is_ok());
        std::fs::create_dir_all(tmp.path().join("bulk/zip")).unwrap();
        std::fs::write(
            tmp.path().join("bulk/zip/FARA_All_ShortForms.csv.zip"),
            b"x",
        )
        .unwrap();
        assert!(check_mirror(tmp.path(), None).is_ok());
        assert!(check_mirror(tmp.path(), Some(Stage::Documents)).is_err());
    }

    #[test]
    fn health_warns_on_drops_header_changes_and_reject_jumps() {
        let prev = SourceState {
            row_count: Some(1000),
            header: Some("a,b".into()),
            rejected: Some(2),
            ..Default::default()
        };
        let ok = LoadHealth {
            header: "a,b".into(),
            rows: 990,
            rejected: 3,
        };
        assert!(health_warnings("s", Some(&prev), &ok).is_empty());
        let dropped = LoadHealth {
            rows: 500,
            ..ok.clone()
        };
        assert!(health_warnings("s", Some(&prev), &dropped)[0].contains("dropped"));
        let header = LoadHealth {
            header: "a,c".into(),
            ..ok.clone()
        };
        assert!(health_warnings("s", Some(&prev), &header)[0].contains("header"));
        let rejects = LoadHealth {
            rejected: 40,
            ..ok.clone()
        };
        assert!(health_warnings("s", Some(&prev), &rejects)[0].contains("jumped"));
        // No history: only the absolute check applies.
        let bad = LoadHealth {
            header: "a".into(),
            rows: 100,
            rejected: 10,
        };
        assert_eq!(health_warnings("s", None, &bad).len(), 1);
    }

    #[test]
    fn intervals_take_seconds_minutes_hours_and_days() {
        assert_eq!(
            parse_interval("30m"),
            Ok(std::time::Duration::from_secs(1800))
        );
        assert_eq!(
            parse_interval("6h"),
            Ok(std::time::Duration::from_secs(21_600))
        );
        assert_eq!(
            parse_interval("1d"),
            Ok(std::time::Duration::from_secs(86_400))
        );
        assert_eq!(
            parse_interval("90s"),
            Ok(std::time::Duration::from_secs(90))
        );
        assert!(parse_interval("0h").is_err());
        assert!(parse_interval("6 weeks").is_err());
        assert!(parse_interval("h").is_err());
    }

    #[test]
    fn api_window_trails_the_newest_bulk_date() {
        let today: Date = "2025-04-20".parse().unwrap();
        let (from, to) = api_window(Some("2025-04-11".parse().unwrap()), today, 30);
        assert_eq!(from.to_string(), "2025-03-12");
        assert_eq!(to, today);
        let (from, _) = api_window(None, today, 7);
        assert_eq!(from.to_string(), "2025-04-13");
        assert_eq!(mdy(today), "04-20-2025");
    }
}
