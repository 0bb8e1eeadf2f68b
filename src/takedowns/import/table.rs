//! Reading a CSV as people save it: UTF-8 past a byte-order mark, `,`, `;` or tab, Excel's
//! `sep=` line, CRLF line ends, header names in any case or spacing; each record with the line
//! it starts on.
//!
//! For: the table under [`super::parse_csv`] and [`super::parse_dfrlab_fiat`]. Not for: what
//! the columns mean.

use std::collections::HashMap;

use super::error::ImportError;

/// The file's text (without a byte-order mark), or the line where it stops being UTF-8.
pub(super) fn text<'a>(bytes: &'a [u8], file: &str) -> Result<&'a str, ImportError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64
            + 1;
        ImportError::NotUtf8 {
            file: file.to_string(),
            line,
        }
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// One CSV file split into its header and records, each with the line it starts on.
pub(super) struct CsvTable {
    /// The column names ([`header_name`]).
    pub(super) header: Vec<String>,
    /// The records with a value, each with the line it starts on.
    pub(super) records: Vec<(u64, csv::StringRecord)>,
}

impl CsvTable {
    /// Reads a CSV whose header should name `columns`. The delimiter is `,`, `;` (what Excel
    /// writes where the decimal mark is a comma) or tab, whichever splits the header into the
    /// most of `columns`; Excel's `sep=;` first line is obeyed. A UTF-8 byte-order mark and
    /// CRLF line ends are accepted. Header names are matched without regard to case, blanks
    /// around them, or spaces for underscores (`Takedown ID` is `takedown_id`).
    pub(super) fn read(
        bytes: &[u8],
        file: &str,
        columns: &[&str],
    ) -> Result<CsvTable, ImportError> {
        let mut text = text(bytes, file)?;
        let mut skipped = 0;
        let mut delimiter = None;
        if let Some((first, rest)) = text.split_once('\n') {
            let hint = first.trim_end_matches('\r');
            if let Some(sep) = hint.strip_prefix("sep=")
                && let [b] = sep.as_bytes()
            {
                delimiter = Some(*b);
                text = rest;
                skipped = 1;
            }
        }
        let delimiter = delimiter.unwrap_or_else(|| detect_delimiter(text, columns));
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| csv_error(file, &e, skipped))?
            .iter()
            .map(header_name)
            .collect();
        if header.iter().all(String::is_empty) {
            return Err(ImportError::Empty {
                file: file.to_string(),
            });
        }
        let mut records = Vec::new();
        let mut lines = LineCounter::new(text);
        for rec in reader.records() {
            let rec = rec.map_err(|e| csv_error(file, &e, skipped))?;
            let line = rec.position().map_or(0, |p| lines.line_at(p.byte())) + skipped;
            // A row with no value at all (the empty rows a spreadsheet leaves below its data,
            // saved as ",,,,") is not a record.
            if rec.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            records.push((line, rec));
        }
        Ok(CsvTable { header, records })
    }

    /// Each of `columns`' position, or the error naming the missing ones.
    pub(super) fn require(
        &self,
        columns: &[&str],
        file: &str,
    ) -> Result<HashMap<String, usize>, ImportError> {
        let index: HashMap<String, usize> = self
            .header
            .iter()
            .enumerate()
            .map(|(i, h)| (h.clone(), i))
            .collect();
        let missing: Vec<&str> = columns
            .iter()
            .copied()
            .filter(|c| !index.contains_key(*c))
            .collect();
        if !missing.is_empty() {
            return Err(ImportError::MissingColumns {
                file: file.to_string(),
                missing: missing.join(", "),
                expected: columns.join(", "),
            });
        }
        Ok(index)
    }
}

/// The line a record starts on, from its byte offset. The csv crate's own line numbers are
/// one short after CRLF line ends (a record is seen to start at the `\n` of the previous
/// line's `\r\n`), so an Excel file's rejects named the line above the bad row.
struct LineCounter<'a> {
    text: &'a [u8],
    byte: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    /// Counting from the first line.
    fn new(text: &'a str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            byte: 0,
            line: 1,
        }
    }

    /// Offsets must not decrease between calls (records come in file order).
    fn line_at(&mut self, byte: u64) -> u64 {
        let mut target = (byte as usize).min(self.text.len());
        // Past the line end the record was seen to start on.
        while target < self.text.len() && matches!(self.text[target], b'\r' | b'\n') {
            target += 1;
        }
        if target > self.byte {
            self.line += self.text[self.byte..target]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            self.byte = target;
        }
        self.line
    }
}

/// The CSV reader's error with the line in the file (past a `sep=` line).
fn csv_error(file: &str, e: &csv::Error, skipped: u64) -> ImportError {
    ImportError::Csv {
        file: file.to_string(),
        line: e.position().map_or(0, |p| p.line()) + skipped,
        message: e.to_string(),
    }
}

/// A header cell as a column name: `" Takedown ID "` → `takedown_id`.
pub(super) fn header_name(h: &str) -> String {
    h.trim()
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

/// The delimiter that splits the header line into the most of `columns` (ties: the most
/// fields; `,` when nothing tells them apart).
fn detect_delimiter(text: &str, columns: &[&str]) -> u8 {
    let mut best = (b',', 0, 0);
    for d in [b',', b';', b'\t'] {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(d)
            .from_reader(text.as_bytes());
        let Some(Ok(header)) = reader.records().next() else {
            continue;
        };
        let known = header
            .iter()
            .filter(|h| columns.contains(&header_name(h).as_str()))
            .count();
        if (known, header.len()) > (best.1, best.2) {
            best = (d, known, header.len());
        }
    }
    best.0
}

/// A record as one CSV line, for `rejects.raw`.
pub(super) fn csv_line(rec: &csv::StringRecord) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    if w.write_record(rec).is_err() {
        return rec.iter().collect::<Vec<_>>().join(",");
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).trim_end().to_string()
}
