//! `faralink takedowns import FILE` and `faralink takedowns list`: add takedown records from a
//! file a person gives, and show what the database holds.
//!
//! Import exit codes: 1 when the file cannot be read at all (missing, not UTF-8, broken JSON, a
//! header without `takedown_id`, `platform`, `announced_on`); 0 when it loaded, even if some rows
//! were rejected (each is listed on stderr with its line and reason, and kept in `rejects`).
//! A row is rejected only for its `takedown_id`, `platform` or `announced_on`; any other value
//! faralink cannot read is kept as written and warned about once per distinct value.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use faralink::takedowns::import::{self, Format};
use faralink::takedowns::store;

use super::{Exit, note, open_db, open_existing_db};
use crate::Cli;

/// `takedowns import --format`: the command line's name for [`Format`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// The contract's import format, CSV with a header.
    Csv,
    /// The contract's import format, a JSON array of objects.
    Json,
    /// DFRLab's Foreign Interference Attribution Tracker CSV (`DFRLab_interference2020.csv`).
    DfrlabFiat,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Csv => Format::Csv,
            FormatArg::Json => Format::Json,
            FormatArg::DfrlabFiat => Format::DfrlabFiat,
        }
    }
}

/// The options of `faralink takedowns`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// Add takedown records from a file; re-importing updates rows by takedown_id
    Import {
        /// CSV with a header or a JSON array, in the import format (see README)
        file: PathBuf,
        /// The file's format [default: from the extension; a CSV with DFRLab's columns is dfrlab-fiat]
        #[arg(long, value_enum)]
        format: Option<FormatArg>,
    },
    /// The takedown records, newest first
    List {
        /// One JSON array of takedown objects (countries as arrays of ISO codes)
        #[arg(long)]
        json: bool,
    },
}

/// Runs `faralink takedowns`: prints its output, and returns the exit code.
pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<Exit> {
    match &args.command {
        Sub::Import { file, format } => import_file(cli, file, format.map(Format::from)),
        Sub::List { json } => list(cli, *json),
    }
}

fn import_file(cli: &Cli, path: &PathBuf, format: Option<Format>) -> anyhow::Result<Exit> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let format = format.unwrap_or_else(|| Format::guess(path, &bytes));
    let shown = path.display().to_string();
    let parsed = import::parse(format, &bytes, &shown)?;
    let name = path
        .file_name()
        .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
    let mut conn = open_db(cli)?;
    let counts = store::store(
        &mut conn,
        &parsed,
        &format!("import:{name}"),
        &format!("takedowns:import:{name}"),
        None,
    )?;
    let mut err = std::io::stderr().lock();
    for r in &parsed.rejects {
        match format {
            Format::Json => writeln!(err, "rejected {shown}: item {}: {}", r.line, r.reason)?,
            _ => writeln!(err, "rejected {shown}:{}: {}", r.line, r.reason)?,
        }
    }
    // One warning per distinct value, not per row: a spelling is fixed once.
    for u in &parsed.unread {
        writeln!(
            err,
            "warning: {shown}: {}: {} ({})",
            u.columns.join(", "),
            u.what,
            where_in_file(format, &u.lines)
        )?;
    }
    if cli.is_quiet() {
        return Ok(Exit::Success);
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{shown} ({}): {} new, {} updated, {} unchanged, {} rejected",
        format_name(format),
        counts.inserted,
        counts.updated,
        counts.unchanged,
        counts.rejected
    )?;
    Ok(Exit::Success)
}

/// "line 4", "lines 4, 9" (JSON: "item 2", "items 2, 5"), at most five then "and N more".
fn where_in_file(format: Format, lines: &[u64]) -> String {
    const SHOWN: usize = 5;
    let (one, many) = match format {
        Format::Json => ("item", "items"),
        _ => ("line", "lines"),
    };
    let list: Vec<String> = lines.iter().take(SHOWN).map(u64::to_string).collect();
    let more = match lines.len().saturating_sub(SHOWN) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    let word = if lines.len() == 1 { one } else { many };
    format!("{word} {}{more}", list.join(", "))
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Csv => "csv",
        Format::Json => "json",
        Format::DfrlabFiat => "dfrlab-fiat",
    }
}

fn list(cli: &Cli, json: bool) -> anyhow::Result<Exit> {
    let conn = open_existing_db(cli)?;
    let rows = store::list(&conn)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if json {
        serde_json::to_writer_pretty(&mut out, &rows)?;
        writeln!(out)?;
        out.flush()?;
        return Ok(Exit::Success);
    }
    if rows.is_empty() {
        note(
            cli,
            "no takedown records yet: run `faralink sync --only takedowns` or `faralink takedowns import FILE`",
        );
        return Ok(Exit::Success);
    }
    let num = |n: Option<i64>| n.map_or_else(|| "-".to_string(), |n| n.to_string());
    let places = |codes: &[String], regions: &[String]| {
        let all: Vec<&str> = codes.iter().chain(regions).map(String::as_str).collect();
        if all.is_empty() {
            "-".to_string()
        } else {
            all.join(",")
        }
    };
    let header = [
        "takedown_id",
        "platform",
        "announced",
        "origin",
        "targets",
        "fb_acc",
        "pages",
        "ig_acc",
        "network",
    ];
    let cells: Vec<[String; 9]> = rows
        .iter()
        .map(|r| {
            let t = &r.takedown;
            [
                t.takedown_id.clone(),
                t.platform.clone(),
                t.announced_on.clone(),
                places(&t.origin_countries, &t.origin_regions),
                places(&t.target_countries, &t.target_regions),
                num(t.fb_accounts),
                num(t.fb_pages),
                num(t.ig_accounts),
                t.network_name.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let mut width = header.map(str::len);
    for row in &cells {
        for (w, c) in width.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |out: &mut dyn Write, row: &[&str]| -> std::io::Result<()> {
        let mut text = String::new();
        for (i, c) in row.iter().enumerate() {
            let pad = width[i].saturating_sub(c.chars().count());
            match i {
                8 => text.push_str(c),
                5..=7 => text.push_str(&format!("{}{c}  ", " ".repeat(pad))),
                _ => text.push_str(&format!("{c}{}  ", " ".repeat(pad))),
            }
        }
        writeln!(out, "{}", text.trim_end())
    };
    line(&mut out, &header)?;
    for row in &cells {
        line(&mut out, &row.each_ref().map(String::as_str))?;
    }
    out.flush()?;
    Ok(Exit::Success)
}
