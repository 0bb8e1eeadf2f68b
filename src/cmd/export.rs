//! `faralink export TABLE`: any user table to stdout, as CSV (with header) or a JSON array.

use std::io::Write;

use faralink::db::USER_TABLES;
use rusqlite::types::ValueRef;

use super::{Exit, open_db};
use crate::Cli;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    Csv,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The table (registrants, foreign_principals, short_forms, documents, rejects, sync_runs, ...)
    table: String,
    /// Output format
    #[arg(long, value_enum, default_value = "csv")]
    format: Format,
    /// Only these columns, comma-separated, in this order
    #[arg(long, value_delimiter = ',', value_name = "COL,COL")]
    columns: Vec<String>,
}

pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<Exit> {
    // Only known names reach SQL: the table name cannot be a bound parameter.
    if !USER_TABLES.contains(&args.table.as_str()) {
        eprintln!(
            "error: unknown table {:?}; tables: {}",
            args.table,
            USER_TABLES.join(", ")
        );
        return Ok(Exit::Usage);
    }
    let conn = open_db(cli)?;
    let known: Vec<String> = conn
        .prepare(&format!(
            "SELECT name FROM pragma_table_info('{}')",
            args.table
        ))?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    // Column names are checked against the table too: they go into SQL as identifiers.
    if let Some(bad) = args.columns.iter().find(|c| !known.contains(c)) {
        eprintln!(
            "error: {} has no column {bad:?}; columns: {}",
            args.table,
            known.join(", ")
        );
        return Ok(Exit::Usage);
    }
    let select = if args.columns.is_empty() {
        "*".to_string()
    } else {
        args.columns.join(", ")
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT {select} FROM {} ORDER BY rowid",
        args.table
    ))?;
    let cols: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
    let mut rows = stmt.query([])?;
    let out = std::io::stdout().lock();
    let mut out = std::io::BufWriter::new(out);
    match args.format {
        Format::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(&cols)?;
            while let Some(r) = rows.next()? {
                let rec: Vec<String> = (0..cols.len())
                    .map(|i| cell_text(r.get_ref(i).unwrap_or(ValueRef::Null)))
                    .collect();
                w.write_record(&rec)?;
            }
            w.flush()?;
        }
        Format::Json => {
            out.write_all(b"[")?;
            let mut first = true;
            while let Some(r) = rows.next()? {
                let mut obj = serde_json::Map::new();
                for (i, c) in cols.iter().enumerate() {
                    obj.insert(c.clone(), cell_json(r.get_ref(i).unwrap_or(ValueRef::Null)));
                }
                if !first {
                    out.write_all(b",")?;
                }
                first = false;
                out.write_all(b"\n")?;
                serde_json::to_writer(&mut out, &obj)?;
            }
            out.write_all(b"\n]\n")?;
        }
    }
    out.flush()?;
    Ok(Exit::Success)
}

fn cell_text(v: ValueRef) -> String {
    match v {
        ValueRef::Null => String::new(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => f.to_string(),
        // Text in a CSV is what people open in a spreadsheet: no formulas (see csvsafe).
        ValueRef::Text(t) => faralink::csvsafe::cell(&String::from_utf8_lossy(t)).into_owned(),
        ValueRef::Blob(b) => hex::encode(b),
    }
}

fn cell_json(v: ValueRef) -> serde_json::Value {
    match v {
        ValueRef::Null => serde_json::Value::Null,
        ValueRef::Integer(i) => i.into(),
        ValueRef::Real(f) => serde_json::Number::from_f64(f)
            .map_or(serde_json::Value::Null, serde_json::Value::Number),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
        ValueRef::Blob(b) => hex::encode(b).into(),
    }
}
