//! `faralink sync`: take the lock, fetch and load each source, print what changed.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use faralink::documents::{Budget, DocumentOptions, FetchProgress, eta, human_duration, thousands};
use faralink::fetch::Fetcher;
use faralink::http::{HttpConfig, PoliteClient, RateSpec};
use faralink::lock::{LockError, SyncLock};
use faralink::sync::{self, RunStatus, Stage, SyncOptions, SyncSummary};

use super::{Exit, db_path, note};
use crate::Cli;

/// `--only`: the command line's name for [`Stage`] (the library keeps clap out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum StageArg {
    /// FARA metadata: the four bulk files, then the JSON API for newer registrations.
    Fara,
    /// The filed PDFs and what they say.
    Documents,
    /// Platform takedown records.
    Takedowns,
    /// Re-run the matcher: links between registrants, principals and takedowns.
    Match,
}

impl From<StageArg> for Stage {
    fn from(s: StageArg) -> Stage {
        match s {
            StageArg::Fara => Stage::Fara,
            StageArg::Documents => Stage::Documents,
            StageArg::Takedowns => Stage::Takedowns,
            StageArg::Match => Stage::Match,
        }
    }
}

/// The options of `faralink sync`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Sync only this part
    #[arg(long, value_enum)]
    only: Option<StageArg>,
    /// Read the FARA mirror layout from this directory instead of the network
    #[arg(long, value_name = "DIR")]
    from: Option<PathBuf>,
    /// Only documents stamped on or after this date (YYYY-MM-DD)
    #[arg(long, value_name = "YYYY-MM-DD")]
    since: Option<jiff::civil::Date>,
    /// Fetch at most this many documents in this run, with no time limit unless --budget is
    /// given [default: 200 documents or 30 minutes, whichever comes first]; the rest wait for
    /// later runs (supplemental statements and Exhibit AB first, newest first)
    #[arg(long, value_name = "N", conflicts_with = "backfill")]
    max_documents: Option<u64>,
    /// Fetch documents for at most this long (30m, 2h), with no count limit unless
    /// --max-documents is given [default: 200 documents or 30 minutes, whichever comes first]
    #[arg(long, value_name = "DURATION", value_parser = parse_every, conflicts_with = "backfill")]
    budget: Option<std::time::Duration>,
    /// Fetch every listed document in this run, however long it takes (days, for a first sync
    /// of the whole registry), with a progress bar and an ETA at the configured --rate
    #[arg(long)]
    backfill: bool,
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
    /// Apply a bulk file that holds no rows, or more than 10% fewer current rows than the
    /// database (refused otherwise, as a sign of an export cut short)
    #[arg(long, conflicts_with = "every")]
    accept_drop: bool,
    /// Wait for another running sync to finish instead of exiting with code 75
    #[arg(long)]
    wait: bool,
    /// Print the summary as one JSON document
    #[arg(long)]
    json: bool,
    /// Write this run's digest of changes to FILE: JSON if it ends in .json, else Markdown
    #[arg(long, value_name = "FILE")]
    digest: Option<PathBuf>,
    /// Keep running: sync now and then every INTERVAL (30m, 6h, 1d) until SIGTERM or SIGINT
    #[arg(long, value_name = "INTERVAL", value_parser = parse_every)]
    every: Option<std::time::Duration>,
}

/// The sync's steps as spinners on the terminal.
#[derive(Debug)]
struct TerminalSpinners;

/// One step's spinner.
struct Spinner(indicatif::ProgressBar);

impl sync::Spinners for TerminalSpinners {
    fn start(&self, msg: &str) -> Box<dyn sync::StepStatus> {
        let pb = indicatif::ProgressBar::new_spinner();
        pb.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {elapsed:>3} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        pb.enable_steady_tick(std::time::Duration::from_millis(120));
        pb.set_message(msg.to_string());
        Box::new(Spinner(pb))
    }
}

impl sync::StepStatus for Spinner {
    fn set_message(&self, msg: &str) {
        self.0.set_message(msg.to_string());
    }

    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

/// The documents' progress: a bar with an ETA at the configured rate on a terminal, else a
/// line on stderr every [`LOG_EVERY`] documents.
#[derive(Debug)]
struct DownloadProgress {
    bar: Option<indicatif::ProgressBar>,
    rate: Option<RateSpec>,
    /// How many this run may try at most (the backlog, or the budget's documents).
    planned: std::sync::atomic::AtomicU64,
}

/// How often a backfill without a terminal says how far it got.
const LOG_EVERY: u64 = 500;

impl DownloadProgress {
    fn new(terminal: bool, rate: Option<RateSpec>) -> DownloadProgress {
        let bar = terminal.then(|| {
            let pb = indicatif::ProgressBar::hidden();
            pb.set_style(
                // Under --from there is no rate to go by: indicatif's own estimate.
                indicatif::ProgressStyle::with_template(if rate.is_some() {
                    "documents {wide_bar} {human_pos}/{human_len} {msg}"
                } else {
                    "documents {wide_bar} {human_pos}/{human_len} about {eta} left"
                })
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            pb
        });
        DownloadProgress {
            bar,
            rate,
            planned: 0.into(),
        }
    }

    /// "about 3h 21m left at 4 requests per 10.5 s", or indicatif's own estimate under --from.
    fn eta_words(&self, left: u64) -> String {
        match self.rate {
            Some(rate) => format!(
                "about {} left at {}",
                human_duration(eta(left, rate)),
                super::rate_words(rate)
            ),
            None => String::new(),
        }
    }
}

impl FetchProgress for DownloadProgress {
    fn start(&self, listed: u64, budget: Budget) {
        let planned = budget.documents.map_or(listed, |n| n.min(listed));
        self.planned
            .store(planned, std::sync::atomic::Ordering::Relaxed);
        match &self.bar {
            Some(pb) if planned > 0 => {
                pb.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                pb.set_length(planned);
                pb.set_message(self.eta_words(planned));
            }
            Some(_) => {}
            None => eprintln!(
                "documents: {} listed, fetching {} this run{}",
                thousands(listed),
                thousands(planned),
                self.rate
                    .map(|_| format!(", {}", self.eta_words(planned)))
                    .unwrap_or_default()
            ),
        }
    }

    fn step(&self, done: u64, _url: &str) {
        let planned = self.planned.load(std::sync::atomic::Ordering::Relaxed);
        let left = planned.saturating_sub(done);
        match &self.bar {
            Some(pb) => {
                pb.set_position(done.min(planned));
                if self.rate.is_some() {
                    pb.set_message(self.eta_words(left));
                }
            }
            None if done.is_multiple_of(LOG_EVERY) => eprintln!(
                "documents: {} of {} done{}",
                thousands(done),
                thousands(planned),
                self.rate
                    .map(|_| format!(", {}", self.eta_words(left)))
                    .unwrap_or_default()
            ),
            None => {}
        }
    }

    fn finish(&self) {
        if let Some(pb) = &self.bar {
            pb.finish_and_clear();
        }
    }
}

fn parse_every(s: &str) -> Result<std::time::Duration, sync::policy::IntervalError> {
    sync::parse_interval(s)
}

/// Why a sync stopped early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Signal {
    Interrupt,
    Terminate,
}

/// Resolves when SIGINT or SIGTERM arrives (Ctrl-C elsewhere), with which.
async fn stop_signal() -> Signal {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
        ) {
            (Ok(mut int), Ok(mut term)) => tokio::select! {
                _ = int.recv() => Signal::Interrupt,
                _ = term.recv() => Signal::Terminate,
            },
            _ => {
                tracing::warn!("cannot listen for SIGINT/SIGTERM; stop with SIGKILL only");
                std::future::pending().await
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
        Signal::Interrupt
    }
}

/// How one sync ended.
enum Outcome {
    Done(Exit),
    Stopped(Signal),
}

/// Runs `faralink sync`: prints its output, and returns the exit code.
pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<Exit> {
    let db = db_path(cli)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    // One listener for the whole process: a signal that arrives between runs or during one is
    // seen either way.
    let (tx, rx) = tokio::sync::watch::channel(None);
    rt.spawn(async move {
        let s = stop_signal().await;
        let _ = tx.send(Some(s));
    });
    let stopped = || {
        let mut rx = rx.clone();
        async move {
            match rx.wait_for(Option::is_some).await {
                Ok(s) => s.unwrap_or(Signal::Terminate),
                Err(_) => std::future::pending().await,
            }
        }
    };
    let result = match args.every {
        None => match once(cli, args, &db, &rt, stopped(), args.wait)? {
            Outcome::Done(exit) => Ok(exit),
            Outcome::Stopped(s) => {
                eprintln!(
                    "sync stopped by {}: the steps it finished are kept, the one it was in was rolled back; the next sync does the rest",
                    signal_name(s)
                );
                Ok(match s {
                    Signal::Interrupt => Exit::Interrupted,
                    Signal::Terminate => Exit::Terminated,
                })
            }
        },
        Some(every) => {
            tracing::info!(
                "syncing every {}; stop with SIGTERM or SIGINT",
                jiff::SignedDuration::try_from(every)
                    .map(|d| format!("{d:#}"))
                    .unwrap_or_default()
            );
            loop {
                // The service skips a turn rather than wait when another sync (a manual one)
                // holds the lock.
                match once(cli, args, &db, &rt, stopped(), false)? {
                    Outcome::Stopped(s) => {
                        note(
                            cli,
                            format_args!(
                                "stopped by {} during a sync: the steps it finished are kept, the one it was in was rolled back",
                                signal_name(s)
                            ),
                        );
                        break Ok(Exit::Success);
                    }
                    Outcome::Done(Exit::Locked) => {
                        note(cli, "another sync holds the lock: skipping this turn");
                    }
                    Outcome::Done(exit) => {
                        if exit != Exit::Success {
                            eprintln!("this sync failed (see above); the next one runs as planned");
                        }
                    }
                }
                let next = jiff::Timestamp::now()
                    .checked_add(jiff::SignedDuration::try_from(every).unwrap_or_default())
                    .map(|t| t.round(jiff::Unit::Second).unwrap_or(t).to_string())
                    .unwrap_or_default();
                note(cli, format_args!("next sync at {next}"));
                let s = rt.block_on(async {
                    tokio::select! {
                        _ = tokio::time::sleep(every) => None,
                        s = stopped() => Some(s),
                    }
                });
                if let Some(s) = s {
                    note(
                        cli,
                        format_args!("stopped by {} between syncs", signal_name(s)),
                    );
                    break Ok(Exit::Success);
                }
            }
        }
    };
    // A bulk file still being parsed on a blocking thread when a signal stopped the run: do
    // not wait for it.
    rt.shutdown_timeout(std::time::Duration::from_secs(2));
    result
}

/// Where every faralink process of this user keeps each host's rate window:
/// `$FARALINK_RATE_DIR`, else `hosts/` in the user's cache directory
/// (`~/.cache/faralink/hosts` on Linux).
///
/// Per user and per host, not per database: DOJ counts requests from our address whatever
/// database they fill, so two syncs into two databases must share one window. Not next to the
/// database, because that would split the window by database; not `$FARALINK_HOME`, which
/// chooses where data lives and may differ between two syncs from one machine. A service
/// running as its own user shares with a person's manual syncs when both set
/// `FARALINK_RATE_DIR` to one directory both can write. `None` (no cache directory on this
/// platform) keeps the window to this process.
fn shared_window_dir() -> Option<std::path::PathBuf> {
    if let Some(dir) = std::env::var_os("FARALINK_RATE_DIR").filter(|d| !d.is_empty()) {
        return Some(dir.into());
    }
    dirs::cache_dir().map(|d| d.join("faralink").join("hosts"))
}

fn signal_name(s: Signal) -> &'static str {
    match s {
        Signal::Interrupt => "SIGINT",
        Signal::Terminate => "SIGTERM",
    }
}

/// One sync under the lock: runs it unless `stop` resolves first, prints its summary and
/// writes its digest.
fn once(
    cli: &Cli,
    args: &Args,
    db: &std::path::Path,
    rt: &tokio::runtime::Runtime,
    stop: impl std::future::Future<Output = Signal>,
    wait: bool,
) -> anyhow::Result<Outcome> {
    // Before the lock: a mistyped directory creates nothing next to the database.
    if let Some(dir) = &args.from {
        sync::check_mirror(dir, args.only.map(Stage::from))?;
    }
    let _lock = match SyncLock::acquire(db, wait) {
        Ok(l) => l,
        Err(e @ LockError::Held { .. }) => {
            eprintln!("error: {e}");
            return Ok(Outcome::Done(Exit::Locked));
        }
        Err(e) => return Err(e.into()),
    };
    let db = db.to_path_buf();
    let (fetcher, meta) = fetchers(cli, args)?;
    // A new database: the bulk files are read while the file and its schema are created.
    let early = (!db.exists() && args.only.is_none_or(|o| o == StageArg::Fara)).then(|| {
        let _guard = rt.enter();
        sync::EarlyStart::first_load(&fetcher)
    });
    let t_open = std::time::Instant::now();
    let mut conn = faralink::db::open(&db)?;
    tracing::debug!("database opened and migrated in {:?}", t_open.elapsed());
    let opts = sync_options(cli, args, &db);
    // Dropping the sync future at its next await (a download) rolls back any transaction it
    // had open; the steps it committed stay, each recorded in sync_runs and changes.
    let summary = rt.block_on(async {
        tokio::select! {
            s = sync::run(&mut conn, &fetcher, meta.as_ref(), &opts, early) => Ok(s),
            s = stop => Err(s),
        }
    });
    let summary = match summary {
        Ok(s) => {
            tracing::debug!("sync run ended");
            s?
        }
        Err(signal) => return Ok(Outcome::Stopped(signal)),
    };
    if let Some(path) = &args.digest {
        let digest = super::digest(&conn, &faralink::changes::Since::Run(summary.run_id))?;
        super::write_digest(path, &digest)?;
    }
    report(cli, args, &db, &summary)?;
    // Closing checkpoints what is left in the WAL into the database file and removes the WAL.
    let t_close = std::time::Instant::now();
    drop(conn);
    tracing::debug!("database closed in {:?}", t_close.elapsed());
    Ok(Outcome::Done(
        if summary.failed() || summary.all_skipped() {
            Exit::Failure
        } else {
            Exit::Success
        },
    ))
}

/// Where FARA is read from (the mirror directory, or eFile through the polite client), and
/// Meta's threat-research repository, through the same client (its own host, its own rate
/// window). `--from` reads the FARA mirror only: live takedown sources are skipped.
fn fetchers(cli: &Cli, args: &Args) -> anyhow::Result<(Fetcher, Option<Fetcher>)> {
    let fetcher = match &args.from {
        Some(dir) => Fetcher::Dir(dir.clone()),
        None => {
            let cfg = HttpConfig {
                contact: cli.contact.clone(),
                // One cap for every download; the bulk zips (a few MB) are far below the default.
                max_body_bytes: Some(args.max_bytes),
                read_timeout: std::time::Duration::from_secs(args.read_timeout.max(1)),
                rate: super::rate_spec(cli),
                shared_window_dir: shared_window_dir(),
                ..HttpConfig::default()
            };
            Fetcher::Http {
                client: PoliteClient::new(cfg)?,
                base: cli.fara_url.clone(),
            }
        }
    };
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
    Ok((fetcher, meta))
}

/// What to sync and how, from the options: the stage, the documents' choice and budget,
/// progress on a terminal.
fn sync_options(cli: &Cli, args: &Args, db: &std::path::Path) -> SyncOptions {
    let mut documents = DocumentOptions::for_db(db);
    documents.types = args.types.iter().map(|t| t.trim().to_string()).collect();
    documents.since = args.since;
    documents.registrant = args.registrant;
    documents.budget = Budget::from_options(args.max_documents, args.budget, args.backfill);
    // Downloads at most one request each, at the configured rate (none under --from).
    let rate = match &args.from {
        Some(_) => None,
        None => Some(super::rate_spec(cli)),
    };
    if cli.quiet == 0 {
        let terminal = std::io::stderr().is_terminal();
        // A progress bar on a terminal; a backfill under nohup or a service logs a line now
        // and then instead, so its log says how far it got.
        if terminal || args.backfill {
            documents.progress = Some(std::sync::Arc::new(DownloadProgress::new(terminal, rate)));
        }
    }
    documents.ocr = args.ocr;
    SyncOptions {
        only: args.only.map(Stage::from),
        documents,
        spinners: (cli.quiet == 0 && std::io::stderr().is_terminal())
            .then(|| std::sync::Arc::new(TerminalSpinners) as std::sync::Arc<dyn sync::Spinners>),
        accept_drop: args.accept_drop,
        ..SyncOptions::default()
    }
}

/// Prints the run's summary (unless `-q`), then what needs a person: failed sources, a run
/// that read nothing, a full disk.
fn report(
    cli: &Cli,
    args: &Args,
    db: &std::path::Path,
    summary: &SyncSummary,
) -> anyhow::Result<()> {
    // `-q` (cron): no summary, so an ordinary run mails nothing; what needs a person (a
    // warning, a failed source) still goes to stderr. `--json` asked for the summary.
    let mut out = std::io::stdout().lock();
    let printed = if args.json {
        serde_json::to_writer_pretty(&mut out, summary)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out))
    } else if cli.is_quiet() {
        // Each warning names its source already, as `status` prints them.
        for w in summary.sources.iter().flat_map(|r| &r.warnings) {
            eprintln!("WARNING: {w}");
        }
        Ok(())
    } else {
        print_summary(&mut out, summary)
    };
    drop(out);
    // A closed stdout (`sync | head -1`) loses the summary, not the exit code: a failed source
    // still exits 1.
    match printed {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e.into()),
        _ => {}
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
    if summary.all_skipped() {
        eprintln!(
            "error: every source was skipped: this run read no data{}",
            args.from
                .as_ref()
                .map(|d| format!(" (is {} the right directory?)", d.display()))
                .unwrap_or_default()
        );
    }
    // SQLite's own words ("database or disk is full") do not say what to do or what is lost.
    if summary.sources.iter().any(|s| s.disk_full()) {
        eprintln!(
            "hint: the disk holding {} is full; each failed source kept its previous rows (nothing is half-written): free some space and run sync again",
            db.display()
        );
    }
    Ok(())
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
            // The matcher's links are faralink's own: dropped by a re-match, not upstream.
            RunStatus::Ok if r.source == "match" => format!(
                "{} new, {} updated, {} unchanged, {} no longer proposed",
                c.inserted, c.updated, c.unchanged, c.removed
            ),
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
