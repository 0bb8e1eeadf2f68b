//! Takedown files a person hands to `faralink takedowns import`, turned into [`Takedown`](crate::takedowns::Takedown)s and
//! rejects: the contract's import format (CSV with a header, or a JSON array of objects with
//! the same keys) and the DFRLab Foreign Interference Attribution Tracker CSV (`dfrlab-fiat`).
//!
//! For: reading one whole file, pure (bytes in, records out). A bad row is a [`Reject`] with its
//! line (CSV) or index (JSON) and why, and the good rows still come out; only a file that cannot
//! be read at all (not UTF-8, broken JSON, a header without the required columns) is an
//! [`ImportError`]. Not for: storing (see `takedowns::store`) or reading one value (see
//! `takedowns::normalize`).

//!
//! Where each part lives: `contract` (the import format, CSV and JSON), `fiat` (DFRLab's
//! tracker), `table` (reading a CSV whatever its delimiter and line ends), `rows` (one row into
//! a [`Takedown`](crate::takedowns::Takedown), and the rows, rejects and unread values of a
//! file) and `error`.

use std::path::Path;

mod contract;
mod error;
mod fiat;
mod rows;
mod table;
#[cfg(test)]
mod tests;

pub use contract::{parse_csv, parse_json};
pub use error::{ImportError, RowError};
pub use fiat::parse_dfrlab_fiat;
pub use rows::{COLUMNS, Parsed, REQUIRED, Reject, Unread};

/// The formats `takedowns import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The contract's import format, CSV with a header.
    Csv,
    /// The contract's import format, a JSON array of objects.
    Json,
    /// DFRLab's Foreign Interference Attribution Tracker CSV (`DFRLab_interference2020.csv`).
    DfrlabFiat,
}

impl Format {
    /// The format of a file from its extension (`.json`, else CSV); a CSV whose header has
    /// DFRLab's `case_hash` and `disinformant` columns is `dfrlab-fiat`.
    pub fn guess(path: &Path, bytes: &[u8]) -> Format {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        if ext.as_deref() == Some("json") {
            return Format::Json;
        }
        let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
        let first = String::from_utf8_lossy(first);
        let has = |c: &str| first.split(',').any(|h| h.trim().trim_matches('"') == c);
        if has("case_hash") && has("disinformant") {
            Format::DfrlabFiat
        } else {
            Format::Csv
        }
    }
}

/// Reads a whole file in `format`. `file` names it in errors.
pub fn parse(format: Format, bytes: &[u8], file: &str) -> Result<Parsed, ImportError> {
    match format {
        Format::Csv => parse_csv(bytes, file),
        Format::Json => parse_json(bytes, file),
        Format::DfrlabFiat => parse_dfrlab_fiat(bytes, file),
    }
}
