//! `faralink country NAME|CODE`: who represents a country now (registrants active today with
//! an active principal from it), their agreements and receipts, and the takedowns that name
//! the country; `--all` adds the history, marked as such.

use std::io::Write;

use faralink::country_view::{CountryRegistrant, CountryView, load};
use faralink::text::money::format_amount;

use super::{Exit, open_existing_db};
use crate::Cli;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A country's name (as DOJ or anyone writes it) or its ISO 3166-1 alpha-2 code
    #[arg(value_name = "NAME|CODE")]
    country: String,
    /// Add the registrants that represented the country before (terminated), marked as history
    #[arg(long)]
    all: bool,
    /// One JSON document: {country_code, name, registrants, takedowns[, history]}
    #[arg(long)]
    json: bool,
}

pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<Exit> {
    // A misspelt country is the user's error, said before the database is opened.
    faralink::country_view::resolve(&args.country)?;
    let conn = open_existing_db(cli)?;
    let view = load(&conn, &args.country, args.all)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &view)?;
        writeln!(out)?;
    } else {
        render(&mut out, &view)?;
    }
    out.flush()?;
    Ok(Exit::Success)
}

fn render(out: &mut impl Write, v: &CountryView) -> std::io::Result<()> {
    writeln!(out, "{} ({})", v.name, v.country_code)?;
    writeln!(out)?;
    writeln!(
        out,
        "Represented now ({}): registrants active today with an active principal from {}",
        v.registrants.len(),
        v.name
    )?;
    if v.registrants.is_empty() {
        writeln!(out, "  none in DOJ's files as synced")?;
    }
    for r in &v.registrants {
        registrant(out, r)?;
    }
    if let Some(history) = &v.history {
        writeln!(out)?;
        writeln!(
            out,
            "HISTORY ({}): registrants that represented {} before (terminated)",
            history.len(),
            v.name
        )?;
        for r in history {
            registrant(out, r)?;
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "Takedowns naming {} as origin or target ({})",
        v.name,
        v.takedowns.len()
    )?;
    for t in &v.takedowns {
        writeln!(
            out,
            "  {} {} {} ({}): {}{}",
            t.announced_on,
            t.platform,
            t.takedown_id,
            t.role,
            t.network_name.as_deref().unwrap_or("unnamed network"),
            t.attributed_to
                .as_deref()
                .map(|a| format!("; attributed to {a}"))
                .unwrap_or_default()
        )?;
    }
    Ok(())
}

fn registrant(out: &mut impl Write, r: &CountryRegistrant) -> std::io::Result<()> {
    writeln!(
        out,
        "  {} {}  (registered {}{})",
        r.registration_number,
        r.name,
        r.registration_date.as_deref().unwrap_or("?"),
        r.termination_date
            .as_deref()
            .map(|t| format!(", terminated {t}"))
            .unwrap_or_default()
    )?;
    for p in &r.principals {
        let period = faralink::dossier::period(&p.registration_date, &p.termination_date);
        writeln!(out, "      principal: {} ({period})", p.name)?;
    }
    for a in &r.agreements {
        let fee = a.fee_amount.map_or("fee not read".to_string(), |f| {
            let per = match a.fee_period.as_deref() {
                Some("total") | None => String::new(),
                Some(p) => format!(" per {p}"),
            };
            format!("{}{per}", format_amount(f, a.fee_currency.as_deref()))
        });
        let term = match (&a.term_start, &a.term_end, a.term_months) {
            (Some(s), Some(e), _) => format!("{s} to {e}"),
            (Some(s), None, Some(m)) => format!("from {s}, {m} months"),
            (Some(s), None, None) => format!("from {s}"),
            (None, _, Some(m)) => format!("{m} months"),
            _ => "term not read".into(),
        };
        writeln!(
            out,
            "      agreement {}: {fee}; {term}  {}",
            a.date_stamped.as_deref().unwrap_or("?"),
            a.document_url
        )?;
    }
    for y in &r.receipts_by_year {
        writeln!(
            out,
            "      received {}: {} from {} ({} receipt{})",
            y.year.map_or("????".into(), |y| y.to_string()),
            format_amount(y.amount, y.currency.as_deref()),
            y.foreign_principal.as_deref().unwrap_or("?"),
            y.receipts,
            if y.receipts == 1 { "" } else { "s" }
        )?;
    }
    Ok(())
}
