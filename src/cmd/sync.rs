//! `faralink sync`: take the lock, fetch and load each source, print what changed.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use faralink::documents::DocumentOptions;
use faralink::fetch::Fetcher;
use faralink::http::{HttpConfig, PoliteClient, RateSpec};
use faralink::lock::{LockError, SyncLock};
use faralink::sync::{self, RunStatus, Stage, SyncOptions, SyncSummary};

use super::{Exit, db_path};
use crate::Cli;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Sync only this part
    #[arg(long, value_enum)]
    only: Option<Stage>,
    /// Read the FARA mirror layout from this directory instead of the network
    #[arg(long, value_name = "DIR")]
    from: Option<PathBuf>,
    /// Only documents stamped on or after this date (YYYY-MM-DD)
    #[arg(long, value_name = "YYYY-MM-DD")]
    since: Option<jiff::civil::Date>,
    /// Fetch at most this many documents in this run
    #[arg(long, value_name = "N")]
    max_documents: Option<u64>,
    /// Skip (and record as skipped) any document larger than this many bytes
    #[arg(long, value_name = "BYTES", default_value_t = faralink::documents::DEFAULT_MAX_BYTES)]
    max_bytes: u64,
    /// Only documents of this registration number
    #[arg(long, value_name = "N")]
    registrant: Option<i64>,
    /// Document types to download, comma-separated
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "TYPE,TYPE",
        default_value = "Exhibit AB,Registration Statement,Amendment,Supplemental Statement"
    )]
    types: Vec<String>,
    /// Read scanned documents (no text layer) by OCR, with tesseract and pdftoppm if installed
    #[arg(long)]
    ocr: bool,
    /// Give up on a connection that sends nothing for this many seconds (a stalled download);
    /// the request is then retried like any dropped connection
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    read_timeout: u64,
    /// Wait for another running sync to finish instead of exiting with code 75
    #[arg(long)]
    wait: bool,
    /// Print the summary as one JSON document
    #[arg(long)]
    json: bool,
}

pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<Exit> {
    let db = db_path(cli)?;
    let _lock = match SyncLock::acquire(&db, args.wait) {
        Ok(l) => l,
        Err(e @ LockError::Held { .. }) => {
            eprintln!("error: {e}");
            return Ok(Exit::Locked);
        }
        Err(e) => return Err(e.into()),
    };
    let mut conn = faralink::db::open(&db)?;
    let fetcher = match &args.from {
        Some(dir) => {
            anyhow::ensure!(dir.is_dir(), "--from {}: not a directory", dir.display());
            Fetcher::Dir(dir.clone())
        }
        None => {
            let cfg = HttpConfig {
                contact: cli.contact.clone(),
                // One cap for every download; the bulk zips (a few MB) are far below the default.
                max_body_bytes: Some(args.max_bytes),
                read_timeout: std::time::Duration::from_secs(args.read_timeout.max(1)),
                rate: cli.rate.map_or(RateSpec::FARA, |r| RateSpec {
                    requests: r.requests,
                    window: r.window,
                }),
                ..HttpConfig::default()
            };
            Fetcher::Http {
                client: PoliteClient::new(cfg)?,
                base: cli.fara_url.clone(),
            }
        }
    };
    // Meta's threat-research repository, through the same polite client (its own host, its
    // own rate window). `--from` reads the FARA mirror only: live takedown sources are skipped.
    let meta = match &fetcher {
        Fetcher::Http { client, .. } => {
            let url = faralink::sources::base_url("meta").unwrap_or_default();
            let base = url::Url::parse(&url)
                .map_err(|e| anyhow::anyhow!("FARALINK_META_URL {url:?} is not a URL: {e}"))?;
            Some(Fetcher::Http {
                client: client.clone(),
                base,
            })
        }
        Fetcher::Dir(_) => None,
    };
    let mut documents = DocumentOptions::for_db(&db);
    documents.types = args.types.iter().map(|t| t.trim().to_string()).collect();
    documents.since = args.since;
    documents.registrant = args.registrant;
    documents.max_documents = args.max_documents;
    documents.ocr = args.ocr;
    let opts = SyncOptions {
        only: args.only,
        documents,
        progress: cli.quiet == 0 && std::io::stderr().is_terminal(),
        ..SyncOptions::default()
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let summary = rt.block_on(sync::run(&mut conn, &fetcher, meta.as_ref(), &opts))?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &summary)?;
        writeln!(out)?;
    } else {
        print_summary(&mut out, &summary)?;
    }
    for s in summary
        .sources
        .iter()
        .filter(|s| s.status == RunStatus::Failed)
    {
        eprintln!(
            "error: {} failed: {}",
            s.source,
            s.error.as_deref().unwrap_or("unknown error")
        );
    }
    // SQLite's own words ("database or disk is full") do not say what to do or what is lost.
    if summary.sources.iter().any(|s| {
        s.error
            .as_deref()
            .is_some_and(|e| e.contains("disk is full"))
    }) {
        eprintln!(
            "hint: the disk holding {} is full; each failed source kept its previous rows (nothing is half-written): free some space and run sync again",
            db.display()
        );
    }
    Ok(if summary.failed() {
        Exit::Failure
    } else {
        Exit::Success
    })
}

fn print_summary(out: &mut impl Write, s: &SyncSummary) -> std::io::Result<()> {
    writeln!(out, "sync run {}", s.run_id)?;
    for r in &s.sources {
        let c = &r.counts;
        let what = match r.status {
            RunStatus::Failed => format!("FAILED: {}", r.error.as_deref().unwrap_or("")),
            RunStatus::Skipped => format!("skipped: {}", r.note.as_deref().unwrap_or("")),
            RunStatus::Ok if c.inserted + c.updated + c.removed + c.rejected + c.repaired == 0 => {
                format!(
                    "unchanged ({} rows){}",
                    c.unchanged,
                    r.note
                        .as_deref()
                        .map(|n| format!(": {n}"))
                        .unwrap_or_default()
                )
            }
            RunStatus::Ok => format!(
                "{} new, {} updated, {} unchanged, {} removed upstream, {} repaired, {} rejected",
                c.inserted, c.updated, c.unchanged, c.removed, c.repaired, c.rejected
            ),
        };
        writeln!(out, "  {:<24} {what}  ({:.1} s)", r.source, r.seconds)?;
        if r.status == RunStatus::Ok
            && let Some(note) = r.note.as_deref().filter(|_| !what.contains("unchanged ("))
        {
            writeln!(out, "    {note}")?;
        }
        for w in &r.warnings {
            writeln!(out, "    WARNING: {w}")?;
        }
    }
    Ok(())
}
