//! Reading an indicator CSV, whichever layout: a flexible reader past a byte-order mark, and a
//! header that names its columns.
//!
//! For: the CSV plumbing [`super::killchain`] and [`super::legacy`] share. Not for: what the
//! rows mean.

use super::error::MetaError;

/// An indicator CSV's header, trimmed and lower-cased (Meta's 2024 files spell `"Tactic "`).
pub(super) struct Header<'a> {
    file: &'a str,
    names: Vec<String>,
}

impl Header<'_> {
    /// The position of column `n`, or a layout error naming `shown` and the file.
    pub(super) fn column(&self, n: &str, shown: &str) -> Result<usize, MetaError> {
        self.names
            .iter()
            .position(|h| h == n)
            .ok_or_else(|| MetaError::Layout {
                file: self.file.into(),
                element: format!("the `{shown}` column"),
            })
    }
}

/// A flexible CSV reader over an indicator file, and its header.
pub(super) fn indicator_csv<'a, 'b>(
    name: &'a str,
    bytes: &'b [u8],
) -> Result<(csv::Reader<&'b [u8]>, Header<'a>), MetaError> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(strip_bom(bytes));
    let names = rdr
        .headers()
        .map_err(|e| MetaError::Malformed {
            file: name.into(),
            message: e.to_string(),
        })?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    Ok((rdr, Header { file: name, names }))
}

/// The bytes without a UTF-8 byte-order mark.
pub(super) fn strip_bom(b: &[u8]) -> &[u8] {
    b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b)
}
