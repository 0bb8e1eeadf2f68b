//! `faralink review LINK_ID confirm|reject`: a person's verdict on a link, kept in
//! `judgements`. It survives every later sync: link ids are stable across re-matches, and a
//! rejected link is never proposed again.

use faralink::matcher::MatchError;
use faralink::matcher::links::{Verdict, review};

use super::{Exit, note, open_existing_db};
use crate::Cli;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum VerdictArg {
    Confirm,
    Reject,
}

/// The options of `faralink review`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The link's id, as `faralink links` shows it (#ID) or its JSON gives it (link_id)
    link_id: i64,
    /// The verdict
    #[arg(value_enum)]
    verdict: VerdictArg,
    /// Why, for whoever reads the verdict later
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,
}

/// Runs `faralink review`: prints its output, and returns the exit code.
pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<Exit> {
    // Review writes a verdict, but only into a faralink database that already exists.
    let conn = open_existing_db(cli)?;
    let verdict = match args.verdict {
        VerdictArg::Confirm => Verdict::Confirmed,
        VerdictArg::Reject => Verdict::Rejected,
    };
    match review(&conn, args.link_id, verdict, args.note.as_deref()) {
        Ok(()) => {
            note(
                cli,
                format_args!("link {}: {}", args.link_id, verdict.as_str()),
            );
            Ok(Exit::Success)
        }
        Err(e @ MatchError::UnknownLink(_)) => {
            eprintln!("error: {e}");
            Ok(Exit::Failure)
        }
        Err(e) => Err(e.into()),
    }
}
