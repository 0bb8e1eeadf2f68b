//! The filed documents (PDFs), the stage that gets them and reads them: choosing which to
//! download and in what order, within a run's [`Budget`]; fetching them through the polite
//! client from the FARA site only; storing the files content-addressed beside the database.
//! Then, in its submodules, reading their text ([`text`]) and the fields in it ([`fields`],
//! with the supplemental statements' reader in [`supplemental`]).
//!
//! For: the `documents` rows DOJ lists, from `listed` to `fetched` (or `failed`, `skipped`),
//! and the files under `documents/`. Not for: listing documents (the FARA bulk files and the
//! API do that), nor the agreement text reader (see [`crate::documents::agreement`]).

pub mod agreement;
mod error;
pub mod fields;
pub mod filed_text;
pub mod supplemental;
pub mod text;

pub use error::DocumentsError;
pub use fields::{FieldCounts, extract_fields, match_principal};
pub use text::{TextCounts, extract_texts, ocr_scans};

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use jiff::civil::Date;
use rusqlite::{Connection, params};

use crate::fetch::{FetchError, Fetched, Fetcher};
use crate::http::{HttpError, RateSpec};

/// The document types downloaded by default: the ones that state clients, fees, terms, scope
/// and payments. Informational Materials are left out (some run to gigabytes and say nothing
/// about the agreement).
pub const DEFAULT_TYPES: [&str; 4] = [
    "Exhibit AB",
    "Registration Statement",
    "Amendment",
    "Supplemental Statement",
];

/// The types fetched before any other: supplemental statements (the receipts, disbursements and
/// contributions a registrant reports) and Exhibit AB (the agreement: client, fee, term,
/// scope). Everything faralink reads out of documents comes from these two; registration
/// statements and amendments add less, so they wait when the backlog is long.
pub const PRIORITY_TYPES: [&str; 2] = ["Supplemental Statement", "Exhibit AB"];

/// Default cap on one document's size: 50 MB.
pub const DEFAULT_MAX_BYTES: u64 = 50 * 1024 * 1024;

/// DOJ's hosts. A listed URL on one of them is fetched as the same path under the configured
/// FARA base; any other host is never fetched.
const FARA_HOSTS: [&str; 3] = ["efile.fara.gov", "www.fara.gov", "fara.gov"];

/// How much of the document backlog one run may fetch: at most `documents` documents and at
/// most `time` spent downloading, whichever comes first; `None` is no limit of that kind.
///
/// Why a default budget at all: DOJ lists well over 100,000 documents and allows 5 requests
/// per 10 s, so fetching them all takes days. A first `sync` that tried held the sync lock
/// for those days, every cron run meanwhile exited 75, and the registry itself went stale.
/// With a budget each run fetches a slice, newest first, and the next run goes on from there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// At most this many documents tried (requests made).
    pub documents: Option<u64>,
    /// At most this long spent downloading.
    pub time: Option<Duration>,
}

impl Budget {
    /// A plain `sync`: 200 documents or 30 minutes. 200 documents take about 9 minutes at the
    /// default rate (4 requests per 10.5 s), so a run under cron every hour fetches ~4,800
    /// documents a day and still leaves time for the FARA files, takedowns and the matcher.
    pub const DEFAULT: Budget = Budget {
        documents: Some(200),
        time: Some(Duration::from_secs(30 * 60)),
    };

    /// `sync --backfill`: everything listed, however long it takes.
    pub const UNLIMITED: Budget = Budget {
        documents: None,
        time: None,
    };

    /// The budget the options ask for: `--backfill` has none; `--max-documents` and
    /// `--budget`, alone or together, replace the default whole (so `--max-documents 1000`
    /// still means what it always did: at most 1,000 documents, with no time limit); with
    /// neither, [`Budget::DEFAULT`].
    pub fn from_options(
        max_documents: Option<u64>,
        time: Option<Duration>,
        backfill: bool,
    ) -> Budget {
        if backfill {
            Budget::UNLIMITED
        } else if max_documents.is_none() && time.is_none() {
            Budget::DEFAULT
        } else {
            Budget {
                documents: max_documents,
                time,
            }
        }
    }

    /// Whether another document may be started after `tried` documents (requests made) in
    /// `elapsed`: `None` to go on, or which limit stops the run. Checked between documents,
    /// so a download under way is finished, never cut off.
    pub fn stop(&self, tried: u64, elapsed: Duration) -> Option<BudgetStop> {
        if let Some(n) = self.documents
            && tried >= n
        {
            return Some(BudgetStop::Documents { limit: n });
        }
        if let Some(t) = self.time
            && elapsed >= t
        {
            return Some(BudgetStop::Time {
                seconds: t.as_secs(),
            });
        }
        None
    }
}

impl std::fmt::Display for Budget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.documents, self.time) {
            (None, None) => write!(f, "no limit"),
            (Some(n), None) => write!(f, "{} documents", thousands(n)),
            (None, Some(t)) => write!(f, "{}", human_duration(t)),
            (Some(n), Some(t)) => write!(f, "{} documents or {}", thousands(n), human_duration(t)),
        }
    }
}

/// Which limit of the [`Budget`] ended a run's downloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BudgetStop {
    /// `limit` documents were tried.
    Documents {
        /// The budget's number of documents.
        limit: u64,
    },
    /// The time budget, `seconds` long, ran out.
    Time {
        /// The budget's time, in seconds.
        seconds: u64,
    },
}

impl std::fmt::Display for BudgetStop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BudgetStop::Documents { limit } => write!(f, "{} documents", thousands(*limit)),
            BudgetStop::Time { seconds } => {
                write!(f, "{}", human_duration(Duration::from_secs(*seconds)))
            }
        }
    }
}

/// Thousands grouped with commas (`4,600`), for the budget and the backlog in messages.
pub use crate::text::money::thousands;

/// A duration as people say it, to the minute past an hour (`3h 21m`, `30m`, `45s`).
pub fn human_duration(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..60 => format!("{s}s"),
        60..3600 if s.is_multiple_of(60) => format!("{}m", s / 60),
        60..3600 => format!("{}m {}s", s / 60, s % 60),
        _ if s % 3600 < 60 => format!("{}h", s / 3600),
        _ => format!("{}h {}m", s / 3600, s % 3600 / 60),
    }
}

/// How long `documents` downloads take at `rate`: one request each (a retry or a redirect
/// costs more, so this is the least it can take).
pub fn eta(documents: u64, rate: RateSpec) -> Duration {
    let per = rate.window.as_secs_f64() / f64::from(rate.requests.max(1));
    Duration::from_secs_f64(documents as f64 * per)
}

/// Told how the downloads of a run go, to show a progress bar (the binary's business: the
/// library draws nothing). Called from the task that downloads, between documents.
pub trait FetchProgress: Send + Sync + std::fmt::Debug {
    /// Downloads begin: `listed` documents wait, this run tries at most `budget` of them.
    fn start(&self, listed: u64, budget: Budget);
    /// `done` documents dealt with so far (fetched, failed, skipped); `url` the last one.
    fn step(&self, done: u64, url: &str);
    /// Downloads ended (all done, or the budget reached).
    fn finish(&self);
}

/// Which documents a run downloads.
#[derive(Debug, Clone)]
pub struct DocumentOptions {
    /// The document types to fetch (DOJ's names: `Exhibit AB`, ...).
    pub types: Vec<String>,
    /// Only documents stamped on or after this day.
    pub since: Option<Date>,
    /// Only this registration's documents.
    pub registrant: Option<i64>,
    /// How many documents, or how long, this run may fetch (see [`Budget`]).
    pub budget: Budget,
    /// Told of each document done, for a progress bar.
    pub progress: Option<Arc<dyn FetchProgress>>,
    /// Where files go: `<dir>/<first two hex digits>/<sha256>.pdf`.
    pub store_dir: PathBuf,
    /// Read scans (`needs_ocr`) with tesseract when it is installed.
    pub ocr: bool,
}

impl DocumentOptions {
    /// Defaults for a database at `db`: files in `<db dir>/documents/`.
    pub fn for_db(db: &Path) -> DocumentOptions {
        let dir = db
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        DocumentOptions {
            types: DEFAULT_TYPES.iter().map(|t| t.to_string()).collect(),
            since: None,
            registrant: None,
            budget: Budget::DEFAULT,
            progress: None,
            store_dir: dir.join("documents"),
            ocr: false,
        }
    }
}

/// Why a listed document URL is never fetched. Recorded with the document (status `skipped`,
/// the reason in `documents.error`); it costs no request. Nothing to do: DOJ lists documents
/// kept elsewhere too, and faralink fetches from the FARA site only.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NotFaraDocument {
    /// The listed address does not parse as a URL (`fara-public-office:...`).
    #[error("not a URL ({0})")]
    NotUrl(url::ParseError),
    /// The URL is on another host than DOJ's.
    #[error("on {host}, not the FARA site: never fetched")]
    OffSite {
        /// The host named.
        host: String,
    },
    /// The URL is on DOJ's host but not under `/docs/`.
    #[error("path {path} is not under /docs/")]
    NotUnderDocs {
        /// The URL's path.
        path: String,
    },
    /// The file name is not a plain one (a `..`, an encoded slash): it would become a request
    /// path, so it is refused.
    #[error("file name {name:?} is not a plain FARA document name")]
    NotPlainName {
        /// The file name as listed.
        name: String,
    },
}

/// The path under the FARA base for a listed document URL, or why it must not be fetched.
/// Only `/docs/<file>` on DOJ's hosts qualifies, and the file name must be a plain one: the
/// result becomes a request path, never a local file path.
pub fn fara_path(listed: &str) -> Result<String, NotFaraDocument> {
    let url = url::Url::parse(listed).map_err(NotFaraDocument::NotUrl)?;
    let host = url.host_str().unwrap_or("").to_ascii_lowercase();
    if !FARA_HOSTS.contains(&host.as_str()) {
        return Err(NotFaraDocument::OffSite { host });
    }
    let name = url
        .path()
        .strip_prefix("/docs/")
        .ok_or_else(|| NotFaraDocument::NotUnderDocs {
            path: url.path().to_string(),
        })?;
    let plain = !name.is_empty()
        && name != "."
        && name != ".."
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !plain {
        return Err(NotFaraDocument::NotPlainName {
            name: name.to_string(),
        });
    }
    Ok(format!("docs/{name}"))
}

/// Where the file with this content hash lives.
pub fn stored_path(store_dir: &Path, sha256: &str) -> PathBuf {
    store_dir.join(&sha256[..2]).join(format!("{sha256}.pdf"))
}

/// What one run did with the documents it chose.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct DocumentCounts {
    /// Documents this run dealt with (fetched, failed, skipped, absent, errors).
    pub chosen: u64,
    /// Downloaded and stored: now `fetched`.
    pub fetched: u64,
    /// 404s and other final statuses: recorded as `failed` with the status.
    pub failed: u64,
    /// Too large, or not on the FARA site: recorded as `skipped` with the reason.
    pub skipped: u64,
    /// Not in the `--from` directory: left `listed` for a later sync.
    pub absent: u64,
    /// Network errors after all retries: left `listed`, retried next sync.
    pub errors: u64,
    /// Documents that asked for a request (what the budget counts): fetched, failed with a
    /// status, too large, network errors. A URL off the FARA site or a file absent from the
    /// `--from` directory costs no request and does not count.
    pub tried: u64,
    /// Documents waiting when the run began (listed, of the types and filters asked for).
    pub listed: u64,
    /// Of those, still waiting when it ended: for later runs.
    pub left: u64,
    /// The limit that ended the downloads before the backlog was done, if one did.
    pub stopped_by: Option<BudgetStop>,
}

/// One listed document waiting to be fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The URL DOJ lists.
    pub url: String,
    /// The registration it was filed under.
    pub registration_number: Option<i64>,
    /// DOJ's type (`Exhibit AB`, `Supplemental Statement`, ...).
    pub document_type: Option<String>,
    /// ISO date, as stored.
    pub date_stamped: Option<String>,
}

/// Puts the backlog in the order it is fetched: supplemental statements and Exhibit AB
/// ([`PRIORITY_TYPES`]) before every other type, newest first within each (undated last),
/// then by URL so the order never depends on the database's.
///
/// Type before date, because a budget-limited run should spend its requests on what
/// faralink reads (receipts, agreements) before a newer amendment that adds little.
pub fn fetch_order(backlog: &mut [Candidate]) {
    backlog.sort_by(|a, b| {
        let rank = |c: &Candidate| {
            !PRIORITY_TYPES.contains(&c.document_type.as_deref().unwrap_or_default())
        };
        rank(a)
            .cmp(&rank(b))
            .then_with(|| b.date_stamped.cmp(&a.date_stamped))
            .then_with(|| a.url.cmp(&b.url))
    });
}

/// The listed documents of the asked-for types and filters, in no particular order.
fn backlog_of(conn: &Connection, opts: &DocumentOptions) -> rusqlite::Result<Vec<Candidate>> {
    // Types are bound one by one; the IN list is built from placeholders only.
    let marks: Vec<String> = (0..opts.types.len())
        .map(|i| format!("?{}", i + 3))
        .collect();
    let sql = format!(
        "SELECT url, registration_number, document_type, date_stamped FROM documents
         WHERE status = 'listed' AND removed_at IS NULL
           AND document_type IN ({})
           AND (?1 IS NULL OR date_stamped >= ?1)
           AND (?2 IS NULL OR registration_number = ?2)",
        if marks.is_empty() {
            "NULL".to_string()
        } else {
            marks.join(", ")
        }
    );
    let mut stmt = conn.prepare(&sql)?;
    let since = opts.since.map(|d| d.to_string());
    let mut p: Vec<&dyn rusqlite::ToSql> = vec![&since, &opts.registrant];
    p.extend(opts.types.iter().map(|t| t as &dyn rusqlite::ToSql));
    stmt.query_map(p.as_slice(), |r| {
        Ok(Candidate {
            url: r.get(0)?,
            registration_number: r.get(1)?,
            document_type: r.get(2)?,
            date_stamped: r.get(3)?,
        })
    })?
    .collect()
}

/// The documents of one type: how many wait (`left`), how many were dealt with (`done`:
/// fetched, failed, skipped, needs OCR), and whether a plain `sync` fetches that type.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TypeBacklog {
    /// DOJ's type, or empty when the listing gave none.
    pub document_type: String,
    /// Documents still `listed`.
    pub left: u64,
    /// Documents fetched, failed, skipped or waiting for OCR.
    pub done: u64,
    /// Whether a plain `sync` fetches this type ([`DEFAULT_TYPES`]).
    pub fetched_by_default: bool,
}

/// The backlog per document type, in fetch order (priority types, then the other default
/// types, then the rest), for `status`. Documents kept only at DOJ's office (`not_online`)
/// and those removed upstream are neither left nor done.
pub fn backlog(conn: &Connection) -> rusqlite::Result<Vec<TypeBacklog>> {
    let mut stmt = conn.prepare(
        "SELECT coalesce(document_type, ''),
                coalesce(sum(status = 'listed'), 0),
                coalesce(sum(status IN ('fetched', 'failed', 'skipped', 'needs_ocr')), 0)
         FROM documents WHERE removed_at IS NULL GROUP BY 1",
    )?;
    let mut rows: Vec<TypeBacklog> = stmt
        .query_map([], |r| {
            let t: String = r.get(0)?;
            Ok(TypeBacklog {
                fetched_by_default: DEFAULT_TYPES.contains(&t.as_str()),
                document_type: t,
                left: r.get::<_, i64>(1)? as u64,
                done: r.get::<_, i64>(2)? as u64,
            })
        })?
        .collect::<Result<_, _>>()?;
    rows.retain(|t| t.left + t.done > 0);
    rows.sort_by_key(|t| {
        (
            !PRIORITY_TYPES.contains(&t.document_type.as_str()),
            !t.fetched_by_default,
            std::cmp::Reverse(t.left),
            t.document_type.clone(),
        )
    });
    Ok(rows)
}

fn record(
    conn: &Connection,
    url: &str,
    status: &str,
    http_status: Option<u16>,
    error: Option<&str>,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE documents SET status = ?2, http_status = ?3, error = ?4, fetched_at = ?5 WHERE url = ?1",
        params![url, status, http_status, error, crate::db::now_rfc3339()],
    )?;
    Ok(())
}

/// Writes `bytes` at its content address unless it is already there; returns the path.
fn store_file(store_dir: &Path, sha256: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let path = stored_path(store_dir, sha256);
    if path.is_file() {
        return Ok(path);
    }
    let dir = path.parent().unwrap_or(store_dir);
    std::fs::create_dir_all(dir)?;
    // Write then rename, so a kill mid-write never leaves a truncated file under a good name.
    let tmp = dir.join(format!(".{sha256}.{}.part", std::process::id()));
    if let Err(e) = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, &path)) {
        // A full disk: leave no partial file behind to fill it further.
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(path)
}

/// Removes the `.part` files a killed run left in the store. Only one sync runs at a time
/// (the sync lock), so any found when a run starts belong to a run that died mid-write.
fn remove_stale_parts(store_dir: &Path) {
    let Ok(dirs) = std::fs::read_dir(store_dir) else {
        return;
    };
    for dir in dirs.flatten() {
        let Ok(files) = std::fs::read_dir(dir.path()) else {
            continue;
        };
        for f in files.flatten() {
            let name = f.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') && name.ends_with(".part") {
                let _ = std::fs::remove_file(f.path());
            }
        }
    }
}

/// Downloads the backlog in [`fetch_order`] until it is done or the [`Budget`] is spent.
/// Each document's outcome is committed on its own, so an interrupted run keeps what it
/// finished, and the next run goes on where this one stopped (what was fetched is no longer
/// `listed`).
pub async fn fetch_documents(
    conn: &Connection,
    fetcher: &Fetcher,
    opts: &DocumentOptions,
) -> Result<DocumentCounts, DocumentsError> {
    remove_stale_parts(&opts.store_dir);
    let t = Instant::now();
    let mut backlog = backlog_of(conn, opts)?;
    fetch_order(&mut backlog);
    tracing::debug!(
        "documents: {} listed, read and ordered in {:?}",
        backlog.len(),
        t.elapsed()
    );
    let mut counts = DocumentCounts {
        listed: backlog.len() as u64,
        ..Default::default()
    };
    if let Some(p) = &opts.progress {
        p.start(counts.listed, opts.budget);
    }
    let t0 = Instant::now();
    let result = fetch_each(conn, fetcher, opts, backlog, &mut counts, t0).await;
    if let Some(p) = &opts.progress {
        p.finish();
    }
    result?;
    counts.left = counts.listed - (counts.fetched + counts.failed + counts.skipped);
    Ok(counts)
}

async fn fetch_each(
    conn: &Connection,
    fetcher: &Fetcher,
    opts: &DocumentOptions,
    backlog: Vec<Candidate>,
    counts: &mut DocumentCounts,
    t0: Instant,
) -> Result<(), DocumentsError> {
    for t in backlog {
        if let Some(stop) = opts.budget.stop(counts.tried, t0.elapsed()) {
            counts.stopped_by = Some(stop);
            break;
        }
        counts.chosen += 1;
        fetch_one(conn, fetcher, opts, &t, counts).await?;
        if let Some(p) = &opts.progress {
            p.step(counts.chosen, &t.url);
        }
    }
    Ok(())
}

async fn fetch_one(
    conn: &Connection,
    fetcher: &Fetcher,
    opts: &DocumentOptions,
    t: &Candidate,
    counts: &mut DocumentCounts,
) -> Result<(), DocumentsError> {
    let rel = match fara_path(&t.url) {
        Ok(rel) => rel,
        Err(why) => {
            record(conn, &t.url, "skipped", None, Some(&why.to_string()))?;
            counts.skipped += 1;
            return Ok(());
        }
    };
    let fetched = fetcher.get(&rel, None).await;
    if !matches!(fetched, Ok(Fetched::Missing)) {
        counts.tried += 1;
    }
    match fetched {
        Ok(Fetched::Body { bytes, sha256, .. }) => {
            store_file(&opts.store_dir, &sha256, &bytes).map_err(|e| {
                DocumentsError::StoreFile {
                    url: t.url.clone(),
                    dir: opts.store_dir.clone(),
                    source: e,
                }
            })?;
            conn.execute(
                "UPDATE documents SET status = 'fetched', sha256 = ?2, http_status = 200, error = NULL, fetched_at = ?3 WHERE url = ?1",
                params![t.url, sha256, crate::db::now_rfc3339()],
            )?;
            counts.fetched += 1;
        }
        Ok(Fetched::Status { status, .. }) => {
            let why = format!("{} answered HTTP {status}", fetcher.location(&rel));
            record(conn, &t.url, "failed", Some(status), Some(&why))?;
            counts.failed += 1;
        }
        Ok(Fetched::Missing) => counts.absent += 1,
        Ok(Fetched::NotModified) => {}
        Err(FetchError::Http(HttpError::TooLarge { limit, size, .. })) => {
            let why = format!("larger than the {limit}-byte cap ({size} bytes)");
            record(conn, &t.url, "skipped", None, Some(&why))?;
            counts.skipped += 1;
        }
        Err(e) => {
            tracing::warn!(
                "document {} (registration {:?}): {e}",
                t.url,
                t.registration_number
            );
            conn.execute(
                "UPDATE documents SET error = ?2 WHERE url = ?1",
                params![t.url, e.to_string()],
            )?;
            counts.errors += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(url: &str, ty: &str, date: Option<&str>) -> Candidate {
        Candidate {
            url: url.into(),
            registration_number: None,
            document_type: Some(ty.into()),
            date_stamped: date.map(str::to_string),
        }
    }

    #[test]
    fn supplementals_and_exhibit_ab_first_then_newest_first() {
        let mut backlog = vec![
            doc("a", "Amendment", Some("2025-04-01")),
            doc("s-old", "Supplemental Statement", Some("2019-01-01")),
            doc("r", "Registration Statement", Some("2024-01-01")),
            doc("ab-new", "Exhibit AB", Some("2024-06-01")),
            doc("ab-undated", "Exhibit AB", None),
            doc("s-new", "Supplemental Statement", Some("2025-01-01")),
            doc("ab-same-b", "Exhibit AB", Some("2020-01-01")),
            doc("ab-same-a", "Exhibit AB", Some("2020-01-01")),
        ];
        fetch_order(&mut backlog);
        let urls: Vec<&str> = backlog.iter().map(|c| c.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "s-new",
                "ab-new",
                "ab-same-a",
                "ab-same-b",
                "s-old",
                "ab-undated",
                "a",
                "r"
            ]
        );
    }

    #[test]
    fn a_run_stops_at_whichever_limit_comes_first() {
        let min = |m: u64| Duration::from_secs(60 * m);
        let b = Budget::DEFAULT;
        assert_eq!(b.stop(0, Duration::ZERO), None);
        assert_eq!(b.stop(199, min(29)), None);
        assert_eq!(
            b.stop(200, min(1)),
            Some(BudgetStop::Documents { limit: 200 })
        );
        assert_eq!(b.stop(5, min(30)), Some(BudgetStop::Time { seconds: 1800 }));
        assert_eq!(Budget::UNLIMITED.stop(u64::MAX, min(100_000)), None);
        // --max-documents 0 fetches nothing.
        let none = Budget::from_options(Some(0), None, false);
        assert_eq!(
            none.stop(0, Duration::ZERO),
            Some(BudgetStop::Documents { limit: 0 })
        );
    }

    #[test]
    fn options_replace_the_default_budget_whole() {
        assert_eq!(Budget::from_options(None, None, false), Budget::DEFAULT);
        assert_eq!(Budget::from_options(None, None, true), Budget::UNLIMITED);
        // --max-documents keeps its old meaning: a count, no time limit.
        let n = Budget::from_options(Some(1000), None, false);
        assert_eq!((n.documents, n.time), (Some(1000), None));
        assert_eq!(n.stop(999, Duration::from_secs(86_400)), None);
        let t = Budget::from_options(None, Some(Duration::from_secs(7200)), false);
        assert_eq!(
            (t.documents, t.time),
            (None, Some(Duration::from_secs(7200)))
        );
        assert_eq!(Budget::DEFAULT.to_string(), "200 documents or 30m");
        assert_eq!(Budget::UNLIMITED.to_string(), "no limit");
    }

    #[test]
    fn eta_at_the_configured_rate() {
        // 4,800 documents at 4 per 10.5 s: 12,600 s.
        assert_eq!(eta(4800, RateSpec::FARA), Duration::from_secs(12_600));
        assert_eq!(human_duration(eta(4800, RateSpec::FARA)), "3h 30m");
        assert_eq!(human_duration(Duration::from_secs(1800)), "30m");
        assert_eq!(human_duration(Duration::from_secs(7200)), "2h");
        assert_eq!(human_duration(Duration::from_secs(59)), "59s");
        assert_eq!(thousands(4600), "4,600");
        assert_eq!(thousands(123_456_789), "123,456,789");
        assert_eq!(thousands(200), "200");
    }

    #[test]
    fn only_docs_on_fara_hosts_are_fetched() {
        assert_eq!(
            fara_path("https://efile.fara.gov/docs/6766-Exhibit-AB-20191211-1.pdf").unwrap(),
            "docs/6766-Exhibit-AB-20191211-1.pdf"
        );
        assert_eq!(
            fara_path("http://www.fara.gov/docs/1481-Exhibit-AB-20120106-17.pdf").unwrap(),
            "docs/1481-Exhibit-AB-20120106-17.pdf"
        );
        let off =
            fara_path("https://www.documentcloud.org/documents/6473-exhibit-ab.pdf").unwrap_err();
        assert!(matches!(off, NotFaraDocument::OffSite { .. }), "{off}");
        assert!(off.to_string().contains("never fetched"));
        assert!(fara_path("https://efile.fara.gov/other/x.pdf").is_err());
        assert!(fara_path("https://efile.fara.gov/docs/../etc/passwd").is_err());
        assert!(fara_path("https://efile.fara.gov/docs/a%2F..%2Fb.pdf").is_err());
        assert!(fara_path("fara-public-office:4953-Exhibit-AB-19940928-1").is_err());
    }

    #[test]
    fn files_are_content_addressed_and_written_once() {
        let dir = tempfile::tempdir().unwrap();
        let sha = "ab".repeat(32);
        let p = store_file(dir.path(), &sha, b"%PDF-1.4").unwrap();
        assert_eq!(p, dir.path().join("ab").join(format!("{sha}.pdf")));
        assert_eq!(std::fs::read(&p).unwrap(), b"%PDF-1.4");
        store_file(dir.path(), &sha, b"other").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"%PDF-1.4");
    }
}
