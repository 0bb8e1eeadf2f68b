//! `faralink sync`: bring the database up to date with upstream, source by source, stage by
//! stage, in this order: FARA (the bulk files, then the JSON API), documents, takedowns, match.
//!
//! Split as atuin splits its sync: pure decisions ([`policy`]: [`decide`], [`admit`],
//! [`health_warnings`], [`api_window`]) that are tested without any I/O, and the effectful run
//! ([`run`]) that fetches, parses and stores. Each source file is loaded in one transaction, so a
//! crash, a kill or a bad file leaves the previous state; `sync_runs` gets one row per source per
//! run either way ([`runs`]).
//!
//! For: running the stages in order and reporting each source ([`SourceReport`]).
//! Not for: HTTP politeness (see `http`), parsing (see `fara`), the FARA, document and takedown
//! table writes (see `store`, `documents`, `takedowns::store`), the bookkeeping tables (see
//! [`runs`]).

mod error;
mod fara;
pub mod policy;
pub mod runs;

pub use error::SourceError;
pub use fara::EarlyStart;
pub use policy::SourceState;
pub use policy::{
    Decision, LoadHealth, MAX_DROP_PERCENT, RefusalReason, Refused, admit, api_window,
    check_mirror, decide, health_warnings, mirror_paths, parse_interval, reads_fara_site,
};
use runs::{next_run_id, record_run, write_fetch_log};

use std::time::Instant;

use rusqlite::Connection;
use serde::Serialize;

use crate::db;
use crate::db::LoadCounts;
use crate::fetch::Fetcher;

/// The curated takedown dataset, in the import format, built in so `sync` needs no network
/// for it.
const CURATED_TAKEDOWNS: &[u8] = include_bytes!("../../data/takedowns.csv");

/// Which part of a sync to run (`--only`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
    /// Run only this stage (`--only`); `None` runs them all, in order.
    pub only: Option<Stage>,
    /// Which documents to download, and where to keep them.
    pub documents: crate::documents::DocumentOptions,
    /// Days before the newest bulk registration date that the API's `New` window starts.
    pub api_window_days: i64,
    /// At most this many API-only registrations get their principals and documents looked up
    /// per run (two requests each, under the rate limit); the rest wait for the next run.
    pub api_max_registrants: usize,
    /// What shows each step while it runs (a spinner on a terminal), or none.
    pub spinners: Option<std::sync::Arc<dyn Spinners>>,
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
            spinners: None,
            accept_drop: false,
        }
    }
}

/// How a source fared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RunStatus {
    /// Loaded, or found unchanged.
    Ok,
    /// Failed: nothing of it was written, and the run exits 1.
    Failed,
    /// Not there to read (a `--from` mirror without the file): nothing written.
    Skipped,
}

impl RunStatus {
    /// The word stored in `sync_runs.status`.
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
    /// The source's name (`registrants`, `takedowns`, `documents`, ...).
    pub source: String,
    /// Where it was read from: a URL or a path.
    pub location: String,
    /// How it fared.
    pub status: RunStatus,
    /// Rows inserted, updated, removed, unchanged and rejected.
    #[serde(flatten)]
    pub counts: LoadCounts,
    /// Why it failed or was skipped, or what happened when nothing needed loading.
    pub note: Option<String>,
    /// The failure, as the sentence printed and stored.
    pub error: Option<String>,
    /// The failure behind `error`, typed (ask it, not the message, what went wrong).
    #[serde(skip)]
    pub failure: Option<std::sync::Arc<SourceError>>,
    /// The file this source refused to apply, and why (the source then failed).
    pub refused: Option<Refused>,
    /// What looked wrong about a load that worked (printed, stored, never fatal).
    pub warnings: Vec<String>,
    /// Wall time of the source, in seconds.
    pub seconds: f64,
    /// The documents stage's own figures: the backlog, what was tried, and the budget limit
    /// that stopped it (only on the `documents` line).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documents: Option<crate::documents::DocumentCounts>,
}

impl SourceReport {
    /// Marks this source failed, for `e`.
    pub fn fail(&mut self, e: SourceError) {
        self.status = RunStatus::Failed;
        self.error = Some(e.to_string());
        self.failure = Some(std::sync::Arc::new(e));
    }

    /// True when this source failed because the disk holding the database is full.
    pub fn disk_full(&self) -> bool {
        self.failure
            .as_deref()
            .is_some_and(SourceError::is_disk_full)
    }
}

/// What a whole run did.
#[derive(Debug, Clone, Serialize)]
pub struct SyncSummary {
    /// The run's id in `sync_runs` (and in `changes`).
    pub run_id: i64,
    /// One report per source, in the order they ran.
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

/// Errors that stop the whole run (a source's own failure does not: it is reported).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SyncError {
    /// The database could not record the run.
    #[error("database error while recording the sync: {0}")]
    Db(#[from] rusqlite::Error),
}

/// Starts showing `msg` with `spinners`, or shows nothing.
fn spinner(spinners: Option<&dyn Spinners>, msg: &str) -> Box<dyn StepStatus> {
    match spinners {
        Some(s) => s.start(msg),
        None => Box::new(Hidden),
    }
}

/// What the caller shows while a step of the sync runs: the library says what it is doing,
/// the binary draws it (the library drives no terminal).
pub trait Spinners: Send + Sync + std::fmt::Debug {
    /// Starts showing `msg` for one step.
    fn start(&self, msg: &str) -> Box<dyn StepStatus>;
}

/// One step's status line, as [`Spinners::start`] began it.
pub trait StepStatus: Send + Sync {
    /// Says what the step is doing now.
    fn set_message(&self, msg: &str);
    /// The step is over: clear its line.
    fn finish(&self);
}

/// Shows nothing (no spinners, `-q`, not a terminal).
struct Hidden;

impl StepStatus for Hidden {
    fn set_message(&self, _: &str) {}
    fn finish(&self) {}
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
        fara::run_stage(conn, fetcher, run_id, opts, early, &mut sources).await?;
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
                rep.fail(e.into());
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
                rep.fail(e.into());
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
        opts.spinners.as_deref(),
        &format!("{source}: reading Meta's threat-research repository"),
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
                rep.fail(SourceError::Upstream(format!(
                    "no file of Meta's repository could be read ({} failed)",
                    harvest.failures.len()
                )));
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
                        rep.fail(e.into());
                    }
                }
            }
        }
        Err(e) => {
            rep.fail(e.into());
        }
    }
    pb.finish();
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
        opts.spinners.as_deref().filter(|_| own_bar),
        "documents: downloading",
    );
    match crate::documents::fetch_documents(conn, fetcher, &opts.documents).await {
        Ok(c) => {
            if !own_bar {
                pb = spinner(opts.spinners.as_deref(), "");
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
            let readers =
                crate::documents::text::Readers::detect(std::time::Duration::from_secs(60));
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
                    "; fields read from {} documents: {} agreements, {} payments, {} disbursements, {} contributions",
                    f.documents, f.agreements, f.payments, f.disbursements, f.contributions
                )),
                Err(e) => rep.warnings.push(format!("documents: reading fields: {e}")),
            }
            rep.note = Some(note);
            rep.documents = Some(c.clone());
            if c.errors > 0 {
                let e = crate::documents::DocumentsError::DownloadsFailed { errors: c.errors };
                if c.fetched == 0 {
                    rep.fail(e.into());
                } else {
                    rep.warnings.push(e.to_string());
                }
            }
        }
        Err(e) => {
            rep.fail(e.into());
        }
    }
    pb.finish();
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
    use crate::text::money::thousands;
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
        failure: None,
        refused: None,
        warnings: Vec::new(),
        seconds: 0.0,
        documents: None,
    }
}
