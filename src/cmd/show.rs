//! `faralink show REG_NUMBER|NAME`: the dossier of one registrant, for a terminal, as JSON or
//! as Markdown for a story memo.

use std::io::{IsTerminal, Write};

use faralink::dossier::{self, Resolved, Style};

use super::{Exit, open_existing_db};
use crate::Cli;

/// The options of `faralink show`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A registration number (6766) or a name ("CLS Strategies"): a firm opens at its active
    /// registration, else its most recent, its other registrations listed as related; a name
    /// that several firms fit equally lists them
    #[arg(allow_hyphen_values = true)]
    registrant: String,
    /// The contract's JSON document
    #[arg(long, conflicts_with = "markdown")]
    json: bool,
    /// Markdown for a story memo, linking each source PDF and takedown report
    #[arg(long)]
    markdown: bool,
}

/// Runs `faralink show`: prints its output, and returns the exit code.
pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<Exit> {
    let conn = open_existing_db(cli)?;
    let mut found_with = Vec::new();
    let reg = match dossier::resolve(&conn, &args.registrant)? {
        Resolved::One(n) => n,
        Resolved::Firm { opened, others } => {
            // Say which registration was chosen and why: a firm's past registrations are
            // under "Related registrations", never silently dropped.
            let why = if opened.active {
                "its active registration"
            } else {
                "its most recent registration; none is active"
            };
            eprintln!(
                "{:?} is one firm with {} registrations; showing {} {} ({why}), the others under Related registrations",
                args.registrant,
                others.len() + 1,
                opened.registration_number,
                opened.name
            );
            found_with = others;
            opened.registration_number
        }
        Resolved::NotFound => {
            eprintln!(
                "error: no registrant matches {:?}; try `faralink search`",
                args.registrant
            );
            return Ok(Exit::Failure);
        }
        Resolved::Ambiguous(c) => {
            if args.json {
                // Still one JSON document on stdout: the candidates, with the exit code saying
                // no dossier was chosen.
                let mut out = std::io::stdout().lock();
                serde_json::to_writer_pretty(
                    &mut out,
                    &serde_json::json!({ "ambiguous": args.registrant, "candidates": c }),
                )?;
                writeln!(out)?;
            }
            dossier::render_candidates(&args.registrant, &c, &mut std::io::stderr().lock())?;
            return Ok(Exit::Failure);
        }
    };
    let mut d = dossier::load(&conn, reg)?;
    // Registrations the name found as the same firm that the last match did not relate (two
    // names beginning with the words searched: "Arnold & Porter").
    for c in found_with {
        if !d
            .related_registrations
            .iter()
            .any(|r| r.registration_number == c.registration_number)
        {
            d.related_registrations.push(dossier::Related {
                registration_number: c.registration_number,
                name: Some(c.name),
                reason: format!(
                    "same firm: both names begin with the words searched, {:?}",
                    args.registrant
                ),
                kind: Some("searched_name".into()),
                registration_date: c.registration_date,
                termination_date: c.termination_date,
                efile_url: None,
            });
        }
    }
    let d = d.with_fara_base(cli.fara_url.as_str());
    let stdout = std::io::stdout();
    let tty = stdout.is_terminal();
    let color = tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    // On a terminal cells wrap to its width; into a pipe or a file nothing is cut or wrapped.
    let width = tty.then(|| {
        terminal_size::terminal_size().map_or(100, |(terminal_size::Width(w), _)| usize::from(w))
    });
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &d)?;
        writeln!(out)?;
    } else if args.markdown {
        dossier::render_markdown(&d, &mut out)?;
    } else {
        dossier::render_terminal(&d, Style { color, width }, &mut out)?;
    }
    out.flush()?;
    Ok(Exit::Success)
}
