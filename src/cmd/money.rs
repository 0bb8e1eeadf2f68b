//! `faralink money`: totals of the receipts registrants reported in supplemental statements
//! (item 14(a)), per country, registrant or principal, calendar year and currency.

use std::io::Write;

use faralink::money::{MoneyBy, MoneyFilter, MoneyRow, totals};
use faralink::text::money::format_amount;

use super::{Exit, open_existing_db};
use crate::Cli;

/// What to total by (the library's [`MoneyBy`], as a command-line value).
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum By {
    /// The foreign principal's country
    Country,
    /// The registrant (registration number)
    Registrant,
    /// The foreign principal
    Principal,
}

impl From<By> for MoneyBy {
    fn from(b: By) -> MoneyBy {
        match b {
            By::Country => MoneyBy::Country,
            By::Registrant => MoneyBy::Registrant,
            By::Principal => MoneyBy::Principal,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// What the totals are kept per (besides calendar year and currency)
    #[arg(long, value_enum, default_value = "country")]
    by: By,
    /// Only receipts dated in this calendar year
    #[arg(long, value_name = "YYYY")]
    year: Option<i64>,
    /// Only receipts from principals of this country (name or ISO code)
    #[arg(long, value_name = "C")]
    country: Option<String>,
    /// Only receipts of this registration number
    #[arg(long, value_name = "N")]
    registrant: Option<i64>,
    /// One JSON array of totals
    #[arg(long)]
    json: bool,
}

pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<Exit> {
    let country_code = match &args.country {
        None => None,
        Some(c) => Some(faralink::country_view::resolve(c)?.0.to_string()),
    };
    let conn = open_existing_db(cli)?;
    let rows = totals(
        &conn,
        &MoneyFilter {
            by: args.by.into(),
            year: args.year,
            country_code,
            registration_number: args.registrant,
        },
    )?;
    // Buffered: stdout alone is line-buffered, and the JSON of `money --by country` over
    // 100,000 receipts is 165,000 lines, each its own write(2) (two thirds of the command's
    // time; BENCHMARKS.md, "Money totals").
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &rows)?;
        writeln!(out)?;
    } else {
        print_rows(&mut out, args.by, &rows)?;
        out.flush()?;
        if rows.is_empty() && cli.quiet == 0 {
            eprintln!(
                "no receipts read yet for this selection: receipts come from supplemental statements (`faralink sync --only documents`)"
            );
        }
    }
    out.flush()?;
    Ok(Exit::Success)
}

fn print_rows(out: &mut impl Write, by: By, rows: &[MoneyRow]) -> std::io::Result<()> {
    for r in rows {
        let key = match by {
            By::Country => format!(
                "{} {}",
                r.country_code.as_deref().unwrap_or("??"),
                r.name
                    .as_deref()
                    .unwrap_or("(principal not matched to a country)")
            ),
            By::Registrant => format!(
                "{} {}",
                r.registration_number.map_or("?".into(), |n| n.to_string()),
                r.name.as_deref().unwrap_or("?")
            ),
            By::Principal => format!(
                "{} {}",
                r.registration_number.map_or("?".into(), |n| n.to_string()),
                r.foreign_principal.as_deref().unwrap_or("?")
            ),
        };
        writeln!(
            out,
            "{}  {:<50} {:>20}  {} receipt{} in {} statement{}",
            r.year.map_or("????".into(), |y| y.to_string()),
            key,
            format_amount(r.amount, r.currency.as_deref()),
            r.receipts,
            if r.receipts == 1 { "" } else { "s" },
            r.documents.len(),
            if r.documents.len() == 1 { "" } else { "s" },
        )?;
    }
    Ok(())
}
