//! `faralink search QUERY`: firms, foreign principals, takedowns and document text by name.

use std::io::Write;

use faralink::search::{HitKind, SearchOptions, search};

use super::{Exit, note, open_existing_db};
use crate::Cli;

/// The options of `faralink search`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to look for: a name as remembered (typos, accents, legal forms and word order
    /// do not matter). Any text is accepted; it is never read as query syntax.
    #[arg(allow_hyphen_values = true)]
    query: String,
    /// At most this many hits
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// One JSON array of hits, best first
    #[arg(long)]
    json: bool,
}

/// Runs `faralink search`: prints its output, and returns the exit code.
pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<Exit> {
    let conn = open_existing_db(cli)?;
    let opts = SearchOptions {
        limit: args.limit,
        ..SearchOptions::default()
    };
    let hits = search(&conn, &args.query, &opts)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &hits)?;
        writeln!(out)?;
        out.flush()?;
        return Ok(Exit::Success);
    }
    if hits.is_empty() {
        drop(out);
        note(cli, format_args!("no matches for {:?}", args.query));
        return Ok(Exit::Success);
    }
    for h in &hits {
        let reg = h
            .registration_number
            .map_or_else(|| "-".to_string(), |n| n.to_string());
        let (kind, extra) = match h.kind {
            HitKind::Registrant => ("firm", format!("  {}", period(h))),
            HitKind::ForeignPrincipal => (
                "principal",
                format!(
                    "  [{}] for {}  {}",
                    h.country.as_deref().unwrap_or("?"),
                    h.registrant_name.as_deref().unwrap_or("?"),
                    period(h)
                ),
            ),
            HitKind::Takedown => (
                "takedown",
                format!(
                    "  {} {} {}",
                    h.platform.as_deref().unwrap_or(""),
                    h.announced_on.as_deref().unwrap_or(""),
                    h.takedown_id.as_deref().unwrap_or("")
                ),
            ),
            HitKind::Document => (
                "document",
                format!(
                    "  {}  {}",
                    h.date_stamped.as_deref().unwrap_or(""),
                    h.document_url.as_deref().unwrap_or("")
                ),
            ),
        };
        let matched = h
            .matched
            .as_deref()
            .map(|m| format!("  ({}: {m})", h.matched_on.replace('_', " ")))
            .unwrap_or_default();
        writeln!(
            out,
            "{:.2}  {kind:<9}  {reg:>5}  {}{extra}{matched}",
            h.score, h.name
        )?;
        if let Some(s) = &h.snippet {
            writeln!(out, "{:>25}“{s}”", "")?;
        }
    }
    out.flush()?;
    Ok(Exit::Success)
}

/// A registration's dates and whether it is active: `1981-11-10 – active`, `1976-12-17 –
/// 1986-10-22`; `not active` without an end date (removed from DOJ's files, or a principal of a
/// terminated registration).
fn period(h: &faralink::search::Hit) -> String {
    let from = h.registration_date.as_deref().unwrap_or("?");
    match (h.termination_date.as_deref(), h.active) {
        (Some(to), _) if !to.is_empty() => format!("{from} – {to}"),
        (_, Some(false)) => format!("{from} – not active"),
        _ => format!("{from} – active"),
    }
}
