//! The FARA stage of a sync: the four bulk files (fetched and parsed two ahead of the one being
//! stored, each loaded in one transaction) and then the JSON API for registrations newer than
//! the bulk files.
//!
//! For: running the FARA sources, in order, and reporting each.
//! Not for: parsing (see `fara`), table descriptors and row writes (see `fara::store`), the decisions
//! (see `sync::policy`), the bookkeeping tables (see `sync::runs`).

use std::time::Instant;

use jiff::civil::Date;
use rusqlite::{Connection, params};

use super::policy::SourceState;
use super::policy::{
    Decision, LoadHealth, RefusalReason, Refused, admit, api_window, decide, health_warnings, mdy,
};
use super::runs::{read_state, record_run, write_fetch_log};
use super::{
    RunStatus, SourceError, SourceReport, StepStatus, SyncError, SyncOptions, report, spinner,
};
use crate::db::{self, LoadContext, LoadCounts};
use crate::fara::{api, bulk, store};
use crate::fetch::{Fetched, Fetcher};
use crate::http::Validators;

/// The first bulk files' fetch and parse, started before the database is open: for a
/// database that does not exist yet, nothing it could hold (the files' previous hashes and
/// validators) changes what is fetched, so creating the file and its schema (~7 ms) need not
/// wait. Call it in a Tokio runtime, holding the sync lock, and hand it to [`super::run`].
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

/// Runs the FARA stage: the four bulk files in a two-stage pipeline, then the API, each
/// recorded in `sync_runs` as it ends. `early` is what [`EarlyStart::first_load`] began.
pub(super) async fn run_stage(
    conn: &mut Connection,
    fetcher: &Fetcher,
    run_id: i64,
    opts: &SyncOptions,
    early: Option<EarlyStart>,
    sources: &mut Vec<SourceReport>,
) -> Result<(), SyncError> {
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
            opts.spinners.as_deref(),
            &format!("{}: fetching and parsing", kind.source_name()),
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
        pb.set_message(&format!("{}: storing", kind.source_name()));
        let mut rep = report(kind.source_name(), fetcher.location(kind.zip_path()));
        if let Err(e) = apply_bulk(conn, kind, step, states[i].as_ref(), run_id, opts, &mut rep) {
            rep.fail(e);
        }
        // What this file wrote goes to the database file while the next one is stored.
        if rep.counts.inserted + rep.counts.updated + rep.counts.removed > 0 {
            if let Some(c) = checkpoint.take() {
                c.finish();
            }
            checkpoint = Some(db::Checkpoint::start(conn));
        }
        pb.finish();
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
    Ok(())
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
) -> Result<(), SourceError> {
    let source = kind.source_name();
    let now = db::now_rfc3339();
    let refuse = |rep: &mut SourceReport, refused: Refused| {
        rep.refused = Some(refused.clone());
        Err(SourceError::Refused(refused))
    };
    let stored = || store::current_rows(conn, kind).map_err(SourceError::from);
    let ready = match step {
        BulkStep::Skip(why) => {
            rep.status = RunStatus::Skipped;
            rep.note = Some(why);
            return Ok(());
        }
        BulkStep::Fail(why) => return Err(SourceError::Upstream(why)),
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
                )?;
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
    let tx = conn.transaction()?;
    let counts = store::apply(&tx, &ctx, &ready.load)
        .map_err(|e| SourceError::db(format!("storing {source}: "), e))?;
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
    )?;
    tx.commit()
        .map_err(|e| SourceError::db(format!("committing {source}: "), e))?;
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
    let pb = spinner(
        opts.spinners.as_deref(),
        &format!("{source}: new registrations"),
    );
    if let Err(e) = sync_api_inner(conn, fetcher, run_id, opts, &mut rep, pb.as_ref()).await {
        rep.fail(e);
    }
    pb.finish();
    rep.seconds = t0.elapsed().as_secs_f64();
    rep
}

/// A JSON API response body, or None for "no rows" / absent.
enum ApiBody {
    Rows(bytes::Bytes),
    NoRows,
    Missing,
}

async fn api_get(fetcher: &Fetcher, rel: &str) -> Result<ApiBody, SourceError> {
    match fetcher.get(rel, None).await? {
        Fetched::Body { bytes, .. } => Ok(ApiBody::Rows(bytes)),
        Fetched::Missing => Ok(ApiBody::Missing),
        Fetched::NotModified => Ok(ApiBody::NoRows),
        // DOJ answers "no rows" with a 404 and a non-JSON body ({Success:false,...}).
        Fetched::Status { status: 404, body } if api::is_no_rows_body(&body) => Ok(ApiBody::NoRows),
        Fetched::Status { status, .. } => Err(SourceError::Upstream(format!(
            "{} answered HTTP {status}",
            fetcher.location(rel)
        ))),
    }
}

/// The registrations newer than the bulk files: the API's `New` list for `rel`, or the
/// `Active` list filtered to `from` on when `New` fails. None when the source is absent
/// (`--from` without it): the report says it was skipped.
async fn new_registrations(
    fetcher: &Fetcher,
    rel: &str,
    from: Date,
    rep: &mut SourceReport,
    rejects: &mut Vec<api::ApiReject>,
) -> Result<Option<Vec<bulk::Registrant>>, SourceError> {
    // DOJ's `New` endpoint has been seen redirecting to a malformed URL and answering 404
    // with an HTML page (lehogg325/FARA api-notes, 2026-08). When it fails, the `Active` list
    // (one request, ~540 rows) holds every new registration too: use it, filtered to the
    // window, and say so.
    let new_rows = match api_get(fetcher, rel).await {
        Ok(ApiBody::Missing) => {
            rep.status = RunStatus::Skipped;
            rep.note = Some(format!("{} is not in the --from directory", rep.location));
            return Ok(None);
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
    Ok(Some(match new_rows {
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
                api::parse_registrants(&body, &fetcher.location(active))?
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
    }))
}

async fn sync_api_inner(
    conn: &mut Connection,
    fetcher: &Fetcher,
    run_id: i64,
    opts: &SyncOptions,
    rep: &mut SourceReport,
    pb: &dyn StepStatus,
) -> Result<(), SourceError> {
    let newest: Option<String> = conn.query_row(
        "SELECT max(registration_date) FROM registrants WHERE origin = 'bulk'",
        [],
        |r| r.get(0),
    )?;
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
    let Some(new_rows) = new_registrations(fetcher, &rel, from, rep, &mut rejects).await? else {
        return Ok(());
    };
    let mut counts = LoadCounts::default();
    if !new_rows.is_empty() {
        let tx = conn.transaction()?;
        let c = store::upsert_api_registrants(&tx, &ctx, &new_rows)?;
        tx.commit()?;
        add(&mut counts, &c);
    }
    // Registrations only the API knows: look up their principals and documents, a few per run.
    let regs: Vec<i64> = {
        let mut stmt = conn
            .prepare("SELECT registration_number FROM registrants WHERE origin = 'api' AND removed_at IS NULL ORDER BY registration_number DESC LIMIT ?1")
            ?;
        stmt.query_map([opts.api_max_registrants as i64], |r| r.get(0))
            .and_then(|m| m.collect::<Result<_, _>>())?
    };
    for reg in regs {
        pb.set_message(&format!(
            "{source}: registration {reg}",
            source = rep.source
        ));
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
        let tx = conn.transaction()?;
        if let Some(fps) = fps {
            let c = store::upsert_api_foreign_principals(&tx, &ctx, &fps.rows)?;
            add(&mut counts, &c);
            rejects.extend(fps.rejects);
        }
        if let Some(docs) = docs {
            let c = store::upsert_api_documents(&tx, &ctx, &docs.rows)?;
            add(&mut counts, &c);
            rejects.extend(docs.rejects);
        }
        tx.commit()?;
    }
    {
        let tx = conn.transaction()?;
        db::replace_rejects(
            &tx,
            &rep.source,
            Some(run_id),
            rejects
                .iter()
                .map(|r| (r.index as i64, r.raw.as_str(), r.reason.as_str())),
        )?;
        tx.commit()?;
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
