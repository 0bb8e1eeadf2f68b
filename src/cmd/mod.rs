//! The subcommands, one per file, and what they share: exit codes, the database path, output
//! helpers, the digest a sync writes and `changes` prints.
//!
//! For: turning parsed arguments into library calls and their results into output and an
//! exit code. Not for: anything a library caller needs too (that lives in `faralink`).

pub mod changes;
pub mod country;
pub mod export;
pub mod links;
pub mod money;
pub mod review;
pub mod search;
pub mod serve;
pub mod show;
pub mod sources;
pub mod status;
pub mod sync;
pub mod takedowns;
pub mod watch;

use std::path::PathBuf;
use std::process::ExitCode;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;

use crate::Cli;

/// The exit codes of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The command did what was asked, and the data is right.
    Success = 0,
    /// Something failed; stderr says what.
    Failure = 1,
    /// Bad usage (clap exits with 2 on its own for argument errors).
    Usage = 2,
    /// Another sync holds the lock (EX_TEMPFAIL: cron may simply try again later).
    Locked = 75,
    /// A one-off sync stopped by SIGINT (128 + 2): what it committed stays, the step it was in
    /// was rolled back, and the next sync does the rest.
    Interrupted = 130,
    /// A one-off sync stopped by SIGTERM (128 + 15), as above.
    Terminated = 143,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e as u8)
    }
}

/// `--rate N/SECS`.
#[derive(Debug, Clone, Copy)]
pub struct RateArg {
    /// Requests allowed per window.
    pub requests: u32,
    /// The rolling window.
    pub window: Duration,
}

/// Why `--rate` was not understood; the message says what was expected.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RateArgError {
    /// No `/` between the requests and the seconds.
    #[error("expected REQUESTS/SECONDS such as 4/10, got {0:?}")]
    Shape(String),
    /// The part before `/` is not a whole number.
    #[error("{0:?} is not a number of requests")]
    Requests(String),
    /// The part after `/` is not a number (an `s` suffix is allowed).
    #[error("{0:?} is not a number of seconds")]
    Seconds(String),
    /// Zero requests, or a window that is not a positive number of seconds.
    #[error("the rate needs at least 1 request per a positive number of seconds")]
    Empty,
}

impl FromStr for RateArg {
    type Err = RateArgError;
    fn from_str(s: &str) -> Result<Self, RateArgError> {
        let (n, secs) = s
            .split_once('/')
            .ok_or_else(|| RateArgError::Shape(s.to_string()))?;
        let requests: u32 = n
            .trim()
            .parse()
            .map_err(|_| RateArgError::Requests(n.to_string()))?;
        let secs: f64 = secs
            .trim()
            .trim_end_matches('s')
            .parse()
            .map_err(|_| RateArgError::Seconds(secs.to_string()))?;
        if requests == 0 || !(secs > 0.0 && secs.is_finite()) {
            return Err(RateArgError::Empty);
        }
        Ok(RateArg {
            requests,
            window: Duration::from_secs_f64(secs),
        })
    }
}

/// The database path: `--db`/`FARALINK_DB`, else `$FARALINK_HOME/faralink.db`, else the
/// platform data directory.
pub fn db_path(cli: &Cli) -> anyhow::Result<PathBuf> {
    if let Some(p) = &cli.db {
        return Ok(p.clone());
    }
    if let Some(home) = std::env::var_os("FARALINK_HOME").filter(|h| !h.is_empty()) {
        return Ok(PathBuf::from(home).join("faralink.db"));
    }
    let data = dirs::data_dir()
        .context("no data directory on this platform; pass --db PATH or set FARALINK_HOME")?;
    Ok(data.join("faralink").join("faralink.db"))
}

/// Opens the database, naming it in any error.
pub fn open_db(cli: &Cli) -> anyhow::Result<rusqlite::Connection> {
    let path = db_path(cli)?;
    Ok(faralink::db::open(&path)?)
}

/// Opens the database for a command that must not create or alter anything but its own
/// database (search, show, export, links, changes, serve, status, review, takedowns list): a
/// path with no file, an empty file or another program's SQLite file is an error naming it, and
/// stays as it was. Such a command once wrote a new schema into whatever `--db` named and
/// answered "no matches", so a mistyped path looked like an empty registry.
pub fn open_existing_db(cli: &Cli) -> anyhow::Result<rusqlite::Connection> {
    let path = db_path(cli)?;
    Ok(faralink::db::open_existing(&path)?)
}

/// [`db_path`], when a faralink database is there (see [`open_existing_db`]).
pub fn existing_db_path(cli: &Cli) -> anyhow::Result<PathBuf> {
    let path = db_path(cli)?;
    faralink::db::check_existing(&path)?;
    Ok(path)
}

/// A message for a person, to stderr, unless `-q` asked for errors only: what a command found
/// or did ("no matches", "link 12: confirmed"), never the data it was asked for.
pub fn note(cli: &Cli, message: impl std::fmt::Display) {
    if !cli.is_quiet() {
        eprintln!("{message}");
    }
}

/// True when the error is a closed stdout (`faralink export registrants | head`): not a failure.
/// As ripgrep's `main`: any io::Error in the chain counts, whichever layer wrapped it.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    const PIPE: std::io::ErrorKind = std::io::ErrorKind::BrokenPipe;
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == PIPE)
            // serde_json keeps the io::Error to itself (its source() skips it).
            || c.downcast_ref::<serde_json::Error>()
                .and_then(|j| j.io_error_kind())
                == Some(PIPE)
            // So does csv: `export registrants | head -1` ended in "error: Broken pipe", exit 1.
            || c.downcast_ref::<csv::Error>()
                .is_some_and(|e| matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == PIPE))
    })
}

/// The error and its causes on one line, each cause said once. A library error often puts its
/// source in its own message too (`cannot open database f.db: unable to open database file`)
/// and rusqlite's error restates SQLite's code as its source, so printing the whole chain said
/// "unable to open database file" three times. A cause already contained in what is written is
/// left out.
pub fn error_message(e: &anyhow::Error) -> String {
    let mut message = e.to_string();
    let mut after_sqlite_message = false;
    for cause in e.chain().skip(1) {
        let text = cause.to_string();
        // rusqlite's SqliteFailure with SQLite's message has the bare code as its source
        // ("Error code 14: Unable to open the database file"): the message said it already.
        let restated_code =
            after_sqlite_message && cause.downcast_ref::<rusqlite::ffi::Error>().is_some();
        after_sqlite_message = matches!(
            cause.downcast_ref::<rusqlite::Error>(),
            Some(rusqlite::Error::SqliteFailure(_, Some(_)))
        );
        if restated_code || text.is_empty() || message.contains(&text) {
            continue;
        }
        message.push_str(": ");
        message.push_str(&text);
    }
    message
}

/// The request rate the options ask for (`--rate`, `FARALINK_RATE`), else FARA's.
pub fn rate_spec(cli: &Cli) -> faralink::http::RateSpec {
    cli.rate.map_or(faralink::http::RateSpec::FARA, |r| {
        faralink::http::RateSpec {
            requests: r.requests,
            window: r.window,
        }
    })
}

/// `4 requests per 10.5 s`.
pub fn rate_words(rate: faralink::http::RateSpec) -> String {
    format!(
        "{} requests per {} s",
        rate.requests,
        rate.window.as_secs_f64()
    )
}

/// The digest of the runs `since` covers, with the current watchlist.
pub fn digest(
    conn: &rusqlite::Connection,
    since: &faralink::changes::Since,
) -> anyhow::Result<faralink::digest::Digest> {
    let runs = faralink::changes::runs(conn, since)?;
    let rows = faralink::changes::rows(conn, &runs)?;
    let watches = faralink::watch::list(conn)?;
    Ok(faralink::digest::Digest::build(runs, rows, |r| {
        faralink::watch::watched_by(&watches, r)
    }))
}

/// Writes a digest to `path`: JSON when it ends in `.json`, Markdown otherwise. Written to a
/// temporary file first and renamed, so a reader never sees half a digest.
pub fn write_digest(
    path: &std::path::Path,
    digest: &faralink::digest::Digest,
) -> anyhow::Result<()> {
    let json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let body = if json {
        let mut s = serde_json::to_string_pretty(digest)?;
        s.push('\n');
        s
    } else {
        digest.markdown()
    };
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = std::path::PathBuf::from(tmp);
    std::fs::write(&tmp, body)
        .map_err(|e| anyhow::anyhow!("cannot write the digest {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path)
        .map_err(|e| anyhow::anyhow!("cannot write the digest {}: {e}", path.display()))?;
    Ok(())
}
