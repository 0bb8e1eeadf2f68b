//! Reading a bulk file's text: the header matched to the columns a [`BulkKind`] needs, by
//! name, then every record built into a row or a reject, in two halves on two cores when the
//! file is large.
//!
//! For: [`parse_file`] and the [`Row`] the `parse_*` functions of [`super`] build records
//! from. Not for: what the columns mean (see [`super`]) or splitting a line into fields (see
//! [`csvfix`]).

use std::borrow::Cow;

use super::{Address, BulkError, BulkKind, Encoding, FieldIssue, Parsed, ParsedFile, Reject};
use crate::fara::RejectReason;
use crate::fara::csvfix::{self, Read, Records};
use crate::text::dates;

/// Normalises a header name so both spellings meet: lower case, `_` as space, single spaces.
fn header_key(name: &str) -> String {
    name.trim()
        .to_lowercase()
        .replace('_', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// One record's fields, looked up by column name, collecting field issues as it goes.
pub(super) struct Row<'r, 'a> {
    kind: BulkKind,
    fields: &'r [Cow<'a, str>],
    /// For each of `kind.columns()`, its index in `fields`.
    index: &'r [usize],
    issues: Vec<FieldIssue>,
}

impl Row<'_, '_> {
    pub(super) fn get(&self, column: &'static str) -> &str {
        let at = self
            .kind
            .columns()
            .iter()
            .position(|c| *c == column)
            .unwrap_or_else(|| unreachable!("{column} is not a column of {:?}", self.kind));
        &self.fields[self.index[at]]
    }

    pub(super) fn text(&self, column: &'static str) -> Option<String> {
        let v = self.get(column);
        (!v.is_empty()).then(|| v.to_owned())
    }

    /// A text column the row needs; an empty one is kept as "" with an issue.
    pub(super) fn required_text(&mut self, column: &'static str) -> String {
        let v = self.get(column).to_owned();
        if v.is_empty() {
            self.issue(column, "", "empty");
        }
        v
    }

    /// A date column. A date DOJ mistyped (`03/31/0222`) is kept in the shape it was filed
    /// in (`0222-03-31`, see [`dates::as_filed_iso`]) with an issue naming the raw text; only
    /// text that is no date at all is left empty.
    pub(super) fn date(&mut self, column: &'static str) -> Option<String> {
        let raw = self.get(column);
        match dates::us_date_to_iso(raw) {
            Ok(d) => d,
            Err(note) => {
                let raw = raw.to_owned();
                let kept = dates::as_filed_iso(&raw);
                let what = match &kept {
                    Some(iso) => format!("{note}; kept as filed, {iso}"),
                    None => format!("{note}; left empty"),
                };
                self.issue(column, &raw, &what);
                kept
            }
        }
    }

    /// A row without a usable registration number cannot be tied to anything: a reject.
    pub(super) fn registration_number(&self, column: &'static str) -> Result<i64, RejectReason> {
        let raw = self.get(column);
        match raw.parse::<i64>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(RejectReason::BadRegistrationNumber {
                column,
                raw: raw.to_owned(),
            }),
        }
    }

    pub(super) fn address(&self) -> Address {
        Address {
            address_1: self.text("Address 1"),
            address_2: self.text("Address 2"),
            city: self.text("City"),
            state: self.text("State"),
            zip: self.text("Zip"),
        }
    }

    pub(super) fn issue(&mut self, field: &'static str, raw_value: &str, note: &str) {
        self.issues.push(FieldIssue {
            field,
            raw_value: raw_value.to_owned(),
            note: note.to_owned(),
        });
    }
}

/// Reads the header, then every record, building each with `build` (which returns `Err` with
/// a reason to reject the row).
pub(super) fn parse_file<T: Send, B: FnMut(&mut Row<'_, '_>) -> Result<T, RejectReason>>(
    text: &str,
    kind: BulkKind,
    make_build: impl Fn() -> B + Sync,
) -> Result<ParsedFile<T>, BulkError> {
    parse_file_split(text, kind, make_build, SPLIT_BYTES)
}

/// Above this many bytes of records, a file is parsed in two halves on two cores (the
/// principals file, 2.7 MB, is on the critical path of a first sync).
const SPLIT_BYTES: usize = 512 * 1024;

fn parse_file_split<T: Send, B: FnMut(&mut Row<'_, '_>) -> Result<T, RejectReason>>(
    text: &str,
    kind: BulkKind,
    make_build: impl Fn() -> B + Sync,
    split_bytes: usize,
) -> Result<ParsedFile<T>, BulkError> {
    // The header is the first non-blank line; blank lines before it still count as lines.
    let mut header_line = 1;
    let mut rest = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header_text = loop {
        let (line, after) = rest.split_once('\n').unwrap_or((rest, ""));
        if !line.trim().is_empty() {
            rest = after;
            break line.trim_end_matches('\r');
        }
        if after.is_empty() {
            return Err(BulkError::Empty {
                file: kind.file_name(),
            });
        }
        header_line += 1;
        rest = after;
    };
    let header: Vec<String> = csvfix::strict_split(header_text)
        .map(|f| f.iter().map(|s| s.trim().to_owned()).collect())
        .unwrap_or_else(|| {
            header_text
                .trim_matches('"')
                .split("\",\"")
                .map(|s| s.trim().to_owned())
                .collect()
        });
    let keys: Vec<String> = header.iter().map(|h| header_key(h)).collect();
    let mut index = Vec::with_capacity(kind.columns().len());
    let mut missing = Vec::new();
    for column in kind.columns() {
        let key = header_key(column);
        match keys.iter().position(|k| *k == key) {
            Some(i) => index.push(i),
            None => missing.push(*column),
        }
    }
    if !missing.is_empty() {
        return Err(BulkError::MissingColumns {
            file: kind.file_name(),
            missing,
            found: header,
        });
    }

    let width = header.len();
    let first_line = header_line + 1;
    let (rows, rejects) = match safe_split(rest, width, split_bytes) {
        Some(at) => {
            let (a, b) = rest.split_at(at);
            let b_line = first_line + a.bytes().filter(|&c| c == b'\n').count();
            let (index, kind, make_build) = (&index, kind, &make_build);
            let (mut first, second) = std::thread::scope(|scope| {
                let second =
                    scope.spawn(move || parse_records(b, b_line, width, kind, index, make_build()));
                let first = parse_records(a, first_line, width, kind, index, make_build());
                (
                    first,
                    second
                        .join()
                        .expect("the second half's parser does not panic"),
                )
            });
            first.0.extend(second.0);
            first.1.extend(second.1);
            first
        }
        None => parse_records(rest, first_line, width, kind, &index, make_build()),
    };
    Ok(ParsedFile {
        header,
        encoding: Encoding::Utf8,
        rows,
        rejects,
    })
}

/// Parses the records of `text` (starting at physical line `first_line`) into rows and rejects.
fn parse_records<T>(
    text: &str,
    first_line: usize,
    width: usize,
    kind: BulkKind,
    index: &[usize],
    mut build: impl FnMut(&mut Row<'_, '_>) -> Result<T, RejectReason>,
) -> (Vec<Parsed<T>>, Vec<Reject>) {
    let mut rows = Vec::new();
    let mut rejects = Vec::new();
    for read in Records::new(text, first_line, width) {
        match read {
            Read::Record(record) => {
                let mut row = Row {
                    kind,
                    fields: &record.fields,
                    index,
                    issues: Vec::new(),
                };
                match build(&mut row) {
                    Ok(value) => {
                        let issues = row.issues;
                        rows.push(Parsed {
                            line: record.line,
                            raw: record.raw.to_owned(),
                            value,
                            repaired: record.repaired || !issues.is_empty(),
                            issues,
                        });
                    }
                    Err(reason) => rejects.push(Reject {
                        line: record.line,
                        raw: record.raw.to_owned(),
                        reason: reason.to_string(),
                    }),
                }
            }
            Read::Bad(bad) => rejects.push(Reject {
                line: bad.line,
                raw: bad.raw.to_owned(),
                reason: bad.reason.to_string(),
            }),
        }
    }
    (rows, rejects)
}

/// A place near the middle of `text` where it can be cut into two independently parseable
/// halves: the start of a line that is a whole record, right after a line that is one too. A
/// record broken over lines (a line break inside a field) has a partial line on at least one
/// side, so it is never cut. `None` when the text is small or no such place is near.
fn safe_split(text: &str, width: usize, split_bytes: usize) -> Option<usize> {
    if text.len() <= split_bytes || width < 2 {
        return None;
    }
    let whole = |line: &str| {
        let l = line.trim_end_matches('\r');
        l.len() >= 2
            && l.starts_with('"')
            && l.ends_with('"')
            && l.matches("\",\"").count() == width - 1
    };
    let mut start = text[text.len() / 2..].find('\n')? + text.len() / 2 + 1;
    let mut prev = &text[text[..start - 1].rfind('\n').map_or(0, |i| i + 1)..start - 1];
    for _ in 0..1000 {
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = &text[start..end];
        if whole(prev) && whole(line) {
            return Some(start);
        }
        if end >= text.len() {
            return None;
        }
        prev = line;
        start = end + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const FP_HEADER_2023: &str = "\"Foreign_Principal_Termination_Date\",\"Foreign_Principal\",\"Foreign_Principal_Registration_Date\",\"Country/Location_Represented\",\"Registration_Number\",\"Registrant_Date\",\"Registrant_Name\",\"Address_1\",\"Address_2\",\"City\",\"State\",\"Zip\"\n";

    #[test]
    fn a_file_parsed_in_two_halves_equals_one_parsed_whole() {
        // Records broken over lines and broken quoting on both sides of the middle: the cut
        // must fall between two whole-record lines, never inside a record.
        let mut text = String::from(FP_HEADER_2023);
        for i in 0..200 {
            match i % 7 {
                0 => text.push_str(&format!("\"\",\"Example {i} Holdings\r\r\n\",\"01/02/2020\",\"UKRAINE\",\"{}\",\"01/01/2020\",\"Firm\",\"\",\"\",\"\",\"\",\"\"\r\n", 7000 + i)),
                1 => text.push_str(&format!("\"\",\"NGO “Free {i}\"\",\"01/02/2020\",\"UKRAINE\",\"{}\",\"01/01/2020\",\"Firm\",\"\",\"\",\"\",\"\",\"\"\r\n", 7000 + i)),
                _ => text.push_str(&format!("\"\",\"Principal {i}\",\"01/02/2020\",\"PERU\",\"{}\",\"01/01/2020\",\"Firm\",\"\",\"\",\"\",\"\",\"\"\r\n", 7000 + i)),
            }
        }
        let build = || {
            |row: &mut Row<'_, '_>| {
                Ok((
                    row.registration_number("Registration Number")?,
                    row.required_text("Foreign Principal"),
                ))
            }
        };
        let whole =
            parse_file_split(&text, BulkKind::ForeignPrincipals, build, usize::MAX).unwrap();
        let halves = parse_file_split(&text, BulkKind::ForeignPrincipals, build, 0).unwrap();
        assert!(safe_split(&text[FP_HEADER_2023.len()..], 12, 0).is_some());
        assert_eq!(whole.rows.len(), 200);
        assert_eq!(halves.rows, whole.rows);
        assert_eq!(halves.rejects, whole.rejects);
    }
}
