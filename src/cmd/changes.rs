//! `faralink changes`: the digest of what one or more sync runs changed, watched firms and
//! countries first, as Markdown or one JSON document.

use std::io::Write;

use faralink::changes::{self, Since};
use rusqlite::Connection;

use super::{Exit, note, open_existing_db};
use crate::Cli;

/// The options of `faralink changes`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// From this sync run on (a run id, included), or from this date on (YYYY-MM-DD, UTC);
    /// default: the latest run only
    #[arg(long, value_name = "RUN_ID|DATE")]
    since: Option<Since>,
    /// Print one JSON document instead of Markdown
    #[arg(long)]
    json: bool,
}

/// Runs `faralink changes`: prints its output, and returns the exit code.
pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<Exit> {
    let conn = open_existing_db(cli)?;
    let since = match &args.since {
        Some(s) => {
            if let Some(why) = no_such_run(&conn, s)? {
                eprintln!("error: {why}");
                return Ok(Exit::Failure);
            }
            if let Since::FromDate(d) = s
                && changes::runs(&conn, s)?.is_empty()
            {
                note(
                    cli,
                    format_args!("no sync run started on or after {d}{}", latest(&conn)?),
                );
            }
            s.clone()
        }
        None => match changes::latest_run(&conn)? {
            Some(n) => Since::Run(n),
            None => {
                note(cli, "no sync has run yet: run `faralink sync` first");
                Since::Run(0)
            }
        },
    };
    let digest = super::digest(&conn, &since)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &digest)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", digest.markdown())?;
    }
    Ok(Exit::Success)
}

/// Why `--since RUN_ID` names no run (a typo, or a run id from another database), naming the
/// latest run; None when it covers a run, or is a date (no run since a date is an answer:
/// nothing changed since then).
fn no_such_run(conn: &Connection, since: &Since) -> anyhow::Result<Option<String>> {
    let (Since::Run(n) | Since::FromRun(n)) = since else {
        return Ok(None);
    };
    if !changes::runs(conn, since)?.is_empty() {
        return Ok(None);
    }
    let later = if matches!(since, Since::FromRun(_)) {
        " or later"
    } else {
        ""
    };
    Ok(Some(format!("no sync run {n}{later}{}", latest(conn)?)))
}

/// ": the latest is run 12, started 2026-...", or that no sync has run.
fn latest(conn: &Connection) -> anyhow::Result<String> {
    Ok(match changes::latest_run(conn)? {
        None => ": no sync has run yet (run `faralink sync`)".to_string(),
        Some(latest) => {
            let started = changes::run_started_at(conn, latest)?
                .map(|t| format!(", started {t}"))
                .unwrap_or_default();
            format!(": the latest is run {latest}{started}")
        }
    })
}
