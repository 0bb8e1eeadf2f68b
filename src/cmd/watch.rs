//! `faralink watch add|remove|list`: the firms and countries whose changes the digest lists
//! first.

use std::io::Write;

use faralink::watch::{self, Watch, WatchKind};

use super::{Exit, note, open_db};
use crate::Cli;

/// The options of `faralink watch`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: WatchCommand,
}

#[derive(Debug, clap::Subcommand)]
enum WatchCommand {
    /// Follow a firm (any part of its name; case and legal forms do not matter) or a country
    Add(Target),
    /// Stop following a firm or country
    Remove(Target),
    /// The watchlist
    List {
        /// Print one JSON document
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, clap::Args)]
struct Target {
    /// A firm name or a country (name or ISO code); a text that names a country is a country
    /// unless --firm is given
    #[arg(required = true, num_args = 1..)]
    text: Vec<String>,
    /// Take the text as a firm name even if it names a country
    #[arg(long, conflicts_with = "country")]
    firm: bool,
    /// Take the text as a country, and fail if it is not one
    #[arg(long)]
    country: bool,
}

impl Target {
    fn watch(&self) -> anyhow::Result<Watch> {
        let kind = match (self.firm, self.country) {
            (true, _) => Some(WatchKind::Firm),
            (_, true) => Some(WatchKind::Country),
            _ => None,
        };
        Ok(Watch::parse(kind, &self.text.join(" "))?)
    }
}

/// Runs `faralink watch`: prints its output, and returns the exit code.
pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<Exit> {
    let conn = open_db(cli)?;
    let mut out = std::io::stdout().lock();
    match &args.command {
        WatchCommand::Add(t) => {
            let w = t.watch()?;
            let added = watch::add(&conn, &w)?;
            if !cli.is_quiet() {
                if added {
                    writeln!(out, "watching {w}")?;
                } else {
                    writeln!(out, "already watching {w}")?;
                }
            }
            // Accepted all the same: the firm may register tomorrow. But a typo should not
            // look like a quiet firm.
            if let Some((0, 0)) = watch::firm_matches(&conn, &w)? {
                note(
                    cli,
                    format_args!(
                        "note: no registrant or takedown attribution in the database matches {:?} yet; it is watched, and any change that names it will be listed first",
                        w.value
                    ),
                );
            }
        }
        WatchCommand::Remove(t) => {
            let w = t.watch()?;
            if watch::remove(&conn, &w)? {
                if !cli.is_quiet() {
                    writeln!(out, "no longer watching {w}")?;
                }
            } else {
                eprintln!("error: not watching {w}; see `faralink watch list`");
                return Ok(Exit::Failure);
            }
        }
        WatchCommand::List { json } => {
            let list = watch::list(&conn)?;
            if *json {
                serde_json::to_writer_pretty(&mut out, &list)?;
                writeln!(out)?;
            } else {
                for w in &list {
                    writeln!(out, "{w}")?;
                }
            }
        }
    }
    Ok(Exit::Success)
}
