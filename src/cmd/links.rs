//! `faralink links`: the links between FARA registrants (and their principals) and takedowns,
//! best first, each with its evidence and any verdict.

use std::io::Write;

use faralink::matcher::DEFAULT_MIN_SCORE;
use faralink::matcher::links::{LinkFilter, LinkRow, list_links};

use super::{Exit, note, open_existing_db};
use crate::Cli;

/// The options of `faralink links`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only links of this registration number
    #[arg(long, value_name = "N")]
    registrant: Option<i64>,
    /// Only links to this takedown id
    #[arg(long, value_name = "ID")]
    takedown: Option<String>,
    /// Only links scoring at least this (0..1); confirmed links and registrations related to a
    /// listed one are always shown
    #[arg(long, value_name = "X", default_value_t = DEFAULT_MIN_SCORE)]
    min_score: f64,
    /// List rejected links too (they are never proposed again, but keep their verdict)
    #[arg(long)]
    all: bool,
    /// One JSON array of links, best first
    #[arg(long)]
    json: bool,
}

/// Runs `faralink links`: prints its output, and returns the exit code.
pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<Exit> {
    let conn = open_existing_db(cli)?;
    let rows = list_links(
        &conn,
        &LinkFilter {
            registrant: args.registrant,
            takedown: args.takedown.clone(),
            min_score: args.min_score,
            include_rejected: args.all,
        },
    )?;
    // A takedown id that is not in the database is a typo, not "no links": say so (a link
    // may outlive its takedown record, so only when no link names it either).
    if let Some(id) = &args.takedown
        && rows.is_empty()
        && faralink::takedowns::store::get(&conn, id)?.is_none()
    {
        eprintln!("error: no takedown {id}; see `faralink takedowns list`");
        return Ok(Exit::Failure);
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &rows)?;
        writeln!(out)?;
    } else {
        print_rows(&mut out, &rows)?;
        if rows.is_empty() {
            note(
                cli,
                format_args!(
                    "no links at or above score {} (try --min-score 0, or `faralink sync --only match`)",
                    args.min_score
                ),
            );
        }
    }
    Ok(Exit::Success)
}

fn print_rows(out: &mut impl Write, rows: &[LinkRow]) -> std::io::Result<()> {
    for r in rows {
        let verdict = r
            .verdict
            .as_deref()
            .map(|v| format!(" [{v}]"))
            .unwrap_or_default();
        writeln!(
            out,
            "#{} {:.2} {:<11} {} {} -> {} ({} {}){verdict}",
            r.link_id,
            r.score,
            r.kind,
            r.registration_number
                .map_or("?".to_string(), |n| n.to_string()),
            r.registrant_name.as_deref().unwrap_or("?"),
            r.takedown_id,
            r.platform.as_deref().unwrap_or("?"),
            r.announced_on.as_deref().unwrap_or("?"),
        )?;
        if let Some(p) = &r.foreign_principal {
            writeln!(out, "    principal: {p}")?;
        }
        for rel in &r.related_to {
            writeln!(
                out,
                "    related to {} ({}): {}",
                rel.registration_number, rel.kind, rel.reason
            )?;
        }
        if let Some(items) = r.evidence.as_array() {
            for e in items {
                writeln!(
                    out,
                    "    +{:.2} {}: {}",
                    e["weight"].as_f64().unwrap_or(0.0),
                    e["feature"].as_str().unwrap_or(""),
                    e["detail"].as_str().unwrap_or("")
                )?;
            }
        }
    }
    Ok(())
}
