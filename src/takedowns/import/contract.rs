//! The contract's import format: CSV with a header, or a JSON array of objects with the same
//! keys (`takedown_id`, `platform`, `announced_on`, ...).
//!
//! For: [`parse_csv`] and [`parse_json`]. Not for: one row's values ([`super::rows`]).

use std::collections::HashMap;

use super::error::ImportError;
use super::rows::{COLUMNS, Parsed, REQUIRED, Rows, takedown_from};
use super::table::{CsvTable, csv_line, header_name, text};

/// The contract's CSV: a header naming at least the required columns (the others may be absent,
/// columns it does not know are ignored), `;` between list items.
pub fn parse_csv(bytes: &[u8], file: &str) -> Result<Parsed, ImportError> {
    let table = CsvTable::read(bytes, file, &COLUMNS)?;
    let index = table.require(&REQUIRED, file)?;
    let mut out = Rows::default();
    for (line, rec) in &table.records {
        let raw = csv_line(rec);
        // A short row is read with its missing cells empty (some writers drop trailing empty
        // cells); a long one only when the extra cells are empty (Excel's trailing commas).
        // Text beyond the header means the cells have shifted (an unquoted comma), so no
        // column can be trusted: rejected.
        if rec
            .iter()
            .skip(table.header.len())
            .any(|c| !c.trim().is_empty())
        {
            out.reject(
                *line,
                raw,
                format!(
                    "has {} fields, the header has {}, and the extra ones hold text: a cell \
                     with a comma or delimiter in it needs quotes",
                    rec.len(),
                    table.header.len()
                ),
            );
            continue;
        }
        let cell = |c: &str| index.get(c).and_then(|&i| rec.get(i)).unwrap_or("");
        out.push(*line, raw, takedown_from(cell, &[';']));
    }
    Ok(out.finish())
}

/// The contract's JSON: an array of objects with the import columns as keys. A value may be a
/// string, a number, null or (for lists) an array; the `line` of a reject is the array index.
pub fn parse_json(bytes: &[u8], file: &str) -> Result<Parsed, ImportError> {
    let text = text(bytes, file)?;
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| ImportError::Json {
        file: file.to_string(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let items = match value {
        serde_json::Value::Array(items) => items,
        other => {
            return Err(ImportError::NotArray {
                file: file.to_string(),
                found: json_kind(&other),
            });
        }
    };
    let mut out = Rows::default();
    for (i, item) in items.iter().enumerate() {
        let raw = item.to_string();
        let i = i as u64;
        let Some(obj) = item.as_object() else {
            out.reject(
                i,
                raw,
                format!("item {i} is {}, not an object", json_kind(item)),
            );
            continue;
        };
        let mut cells: HashMap<String, String> = HashMap::new();
        let mut bad = Vec::new();
        for (k, v) in obj {
            let key = header_name(k);
            match json_cell(v) {
                Some(s) => {
                    cells.insert(key, s);
                }
                // Only a required value of the wrong kind rejects the item; any other is read
                // as its JSON text, so it is kept and warned about like any unreadable value.
                None if REQUIRED.contains(&key.as_str()) => bad.push(format!(
                    "{k}: expected text, a number or a list, found {}",
                    json_kind(v)
                )),
                None => {
                    cells.insert(key, v.to_string());
                }
            }
        }
        if !bad.is_empty() {
            out.reject(i, raw, bad.join("; "));
            continue;
        }
        let cell = |c: &str| cells.get(c).map_or("", String::as_str);
        out.push(i, raw, takedown_from(cell, &[';']));
    }
    Ok(out.finish())
}

/// What a JSON value is, for messages (`a number`).
fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// A JSON value as a cell: text and numbers as written, null empty, a list of those
/// `;`-joined; `None` for anything else.
fn json_cell(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Null => Some(String::new()),
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Array(items) => items
            .iter()
            .map(|i| match i {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()
            .map(|v| v.join(";")),
        _ => None,
    }
}
