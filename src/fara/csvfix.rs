//! Reads DOJ's "every field quoted" CSV exports into records of a known width, repairing the
//! quoting mistakes DOJ's exporter makes.
//!
//! For: turning decoded text into `(line, raw text, fields)` records, or rejects with a reason.
//! Not for: knowing what any column means (that is [`super::bulk`]), decoding bytes, or
//! general-purpose CSV (use the `csv` crate for files we write ourselves).
//!
//! Why not the `csv` crate: DOJ does not escape quotes inside fields. The 2025-04-11
//! ForeignPrincipals file has rows such as
//! `"","",""Ukrainian PR Army"","04/11/2022",...` and `"09/01/2024","NGO “Free and Faithful"",...`;
//! a lenient CSV reader accepts them but silently glues stray quotes into the values, so we
//! could not tell which rows need a second look. The `","` separators, on the other hand, are
//! always intact, so a record can be recovered by splitting on them. Records are therefore read
//! in three steps, strictest first:
//! 1. strict RFC 4180 (a quote inside a quoted field must be doubled): accepted as is;
//! 2. split on `","` between the outer quotes: accepted as *repaired*;
//! 3. re-join fields a comma split inside unbalanced quotes (what the 2023-08-03 snapshot,
//!    already re-exported by another CSV writer, looks like): accepted as *repaired*.
//!
//! A record may span several physical lines: reg. 6399's name ends in `Diplomacy\r\r\n` inside
//! its quotes (36 ForeignPrincipals rows and 1 Registrants row in 2025). Lines are accumulated
//! until the record is complete, at most [`MAX_LINES_PER_RECORD`] of them.

use std::borrow::Cow;

use super::RejectReason;

/// How many physical lines one record may span. The longest real one (reg. 6399 in the
/// 2023-08-03 snapshot, `Diplomacy\n\n","Suite 24...`) spans 3; past 5, an unterminated quote
/// is a broken line, and it must not swallow the rows after it.
pub const MAX_LINES_PER_RECORD: usize = 5;

/// One logical record that yielded exactly the expected number of fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Record<'a> {
    /// 1-based physical line number where the record starts.
    pub line: usize,
    /// The record's text as read, without its final line terminator.
    pub raw: &'a str,
    /// The fields, trimmed, with line breaks inside a field collapsed into one space.
    pub fields: Vec<Cow<'a, str>>,
    /// True when the strict reading failed and step 2 or 3 (see the module doc) recovered it.
    pub repaired: bool,
}

/// A physical line that could not be made into a record.
#[derive(Debug, Clone, PartialEq)]
pub struct BadLine<'a> {
    /// 1-based physical line number.
    pub line: usize,
    /// The line's text, without its terminator.
    pub raw: &'a str,
    /// Why no record could be made of it.
    pub reason: RejectReason,
}

/// The outcome for the next logical record of the file.
#[derive(Debug, Clone, PartialEq)]
pub enum Read<'a> {
    /// A record with the expected number of fields.
    Record(Record<'a>),
    /// A line rejected with its reason.
    Bad(BadLine<'a>),
}

/// Reads records of `width` fields from `text`, which must start after the header line.
///
/// Every physical line ends up in exactly one [`Read`], except lines that are entirely blank
/// (a trailing empty line at the end of a file carries no data).
#[derive(Debug, Clone)]
pub struct Records<'a> {
    text: &'a str,
    pos: usize,
    /// Physical line number of the line starting at `pos`.
    line: usize,
    width: usize,
}

impl<'a> Records<'a> {
    /// `first_line` is the physical line number of the first line of `text` (2 after a header).
    pub fn new(text: &'a str, first_line: usize, width: usize) -> Self {
        Records {
            text,
            pos: 0,
            line: first_line,
            width,
        }
    }

    /// End (exclusive, before the `\n`) of the physical line starting at `from`.
    fn line_end(&self, from: usize) -> usize {
        self.text[from..]
            .find('\n')
            .map_or(self.text.len(), |i| from + i)
    }

    /// Moves past the physical line ending at `end`.
    fn advance_to(&mut self, end: usize, lines: usize) {
        self.pos = (end + 1).min(self.text.len());
        self.line += lines;
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = Read<'a>;

    fn next(&mut self) -> Option<Read<'a>> {
        loop {
            if self.pos >= self.text.len() {
                return None;
            }
            let start = self.pos;
            let first_end = self.line_end(start);
            if self.text[start..first_end].trim().is_empty() {
                self.advance_to(first_end, 1);
                continue;
            }
            let mut end = first_end;
            let mut lines = 1;
            while !is_complete(record_text(&self.text[start..end]), self.width)
                && lines < MAX_LINES_PER_RECORD
                && end + 1 < self.text.len()
            {
                end = self.line_end(end + 1);
                lines += 1;
            }
            let raw = record_text(&self.text[start..end]);
            let line = self.line;
            return Some(match split_record(raw, self.width) {
                Ok((fields, repaired)) => {
                    self.advance_to(end, lines);
                    Read::Record(Record {
                        line,
                        raw,
                        fields,
                        repaired,
                    })
                }
                Err(reason) => {
                    // Reject only the first line and try again from the next one: a broken
                    // line must not take the (possibly good) lines it was glued to with it.
                    let first = record_text(&self.text[start..first_end]);
                    let reason = if lines > 1 {
                        split_record(first, self.width).err().unwrap_or(reason)
                    } else {
                        reason
                    };
                    self.advance_to(first_end, 1);
                    Read::Bad(BadLine {
                        line,
                        raw: first,
                        reason,
                    })
                }
            });
        }
    }
}

/// The text of a record without its line terminator (`\r\n` in DOJ files; `\r` alone is
/// also dropped since a field never legitimately ends in one).
fn record_text(s: &str) -> &str {
    s.trim_end_matches('\r')
}

/// Whether `r` holds a whole record, so no further line should be added to it.
fn is_complete(r: &str, width: usize) -> bool {
    let quoted_end = r.len() >= 2 && r.ends_with('"');
    if quoted_end && r.matches("\",\"").count() + 1 >= width {
        return true;
    }
    // Files whose fields are not all quoted (hand-made fixtures): complete once a strict
    // reading closes every quote and finds enough fields.
    strict_split(r).is_some_and(|f| f.len() >= width)
}

/// Splits one logical record into `width` fields, saying whether it needed repair, or says
/// why it cannot be done.
pub fn split_record(r: &str, width: usize) -> Result<(Vec<Cow<'_, str>>, bool), RejectReason> {
    let strict = strict_split(r);
    if let Some(fields) = &strict {
        if fields.len() == width {
            return Ok((fields.iter().map(|f| normalise(f.clone())).collect(), false));
        }
        if fields.len() > width
            && let Some(merged) = merge_unbalanced(fields, ",")
            && merged.len() == width
        {
            return Ok((merged.into_iter().map(normalise).collect(), true));
        }
    }
    let mut found = strict.as_ref().map(Vec::len);
    if r.len() >= 2 && r.starts_with('"') && r.ends_with('"') {
        let pieces: Vec<Cow<str>> = r[1..r.len() - 1]
            .split("\",\"")
            .map(|p| {
                if p.contains("\"\"") {
                    Cow::Owned(p.replace("\"\"", "\""))
                } else {
                    Cow::Borrowed(p)
                }
            })
            .collect();
        if pieces.len() == width {
            return Ok((pieces.into_iter().map(normalise).collect(), true));
        }
        if pieces.len() > width
            && let Some(merged) = merge_unbalanced(&pieces, "\",\"")
            && merged.len() == width
        {
            return Ok((merged.into_iter().map(normalise).collect(), true));
        }
        found = found.or(Some(pieces.len()));
    }
    Err(match (strict.is_some(), found) {
        (true, Some(found)) => RejectReason::FieldCount {
            expected: width,
            found,
        },
        (_, Some(found)) => RejectReason::UnbalancedSeparators {
            expected: width,
            found,
        },
        (_, None) => RejectReason::UnbalancedQuotes { expected: width },
    })
}

/// Splits `r` as strict RFC 4180 CSV: a quoted field ends at a quote followed by a comma or
/// the end, and a quote inside it must be doubled. `None` when `r` breaks those rules.
pub fn strict_split(r: &str) -> Option<Vec<Cow<'_, str>>> {
    let b = r.as_bytes();
    let mut fields = Vec::with_capacity(16);
    let mut i = 0;
    loop {
        if b.get(i) == Some(&b'"') {
            let start = i + 1;
            let mut j = start;
            let mut escaped = false;
            loop {
                match b.get(j) {
                    None => return None,
                    Some(b'"') if b.get(j + 1) == Some(&b'"') => {
                        escaped = true;
                        j += 2;
                    }
                    Some(b'"') => break,
                    Some(_) => j += 1,
                }
            }
            let inner = &r[start..j];
            fields.push(if escaped {
                Cow::Owned(inner.replace("\"\"", "\""))
            } else {
                Cow::Borrowed(inner)
            });
            i = j + 1;
            match b.get(i) {
                None => return Some(fields),
                Some(b',') => i += 1,
                Some(_) => return None,
            }
        } else {
            let end = r[i..].find(',').map_or(r.len(), |k| i + k);
            let field = &r[i..end];
            if field.contains('"') {
                return None;
            }
            fields.push(Cow::Borrowed(field));
            if end == r.len() {
                return Some(fields);
            }
            i = end + 1;
        }
    }
}

/// Re-joins runs of fields that a separator split inside an unbalanced quote: a field with an
/// odd number of `"` opens a run that the next such field closes. In the 2023-08-03 snapshot,
/// `"National Petroleum Company, Sudan"""," Ltd."""` is such a run (DOJ's
/// `National Petroleum Company, "Sudan", Ltd.` split at its second comma by an earlier reader).
/// `None` when a run never closes.
fn merge_unbalanced<'a>(fields: &[Cow<'a, str>], joiner: &str) -> Option<Vec<Cow<'a, str>>> {
    let mut out = Vec::with_capacity(fields.len());
    let mut open: Option<String> = None;
    for f in fields {
        let odd = f.matches('"').count() % 2 == 1;
        match (&mut open, odd) {
            (None, false) => out.push(f.clone()),
            (None, true) => open = Some(f.to_string()),
            (Some(run), false) => {
                run.push_str(joiner);
                run.push_str(f);
            }
            (Some(run), true) => {
                run.push_str(joiner);
                run.push_str(f);
                out.push(Cow::Owned(std::mem::take(run)));
                open = None;
            }
        }
    }
    open.is_none().then_some(out)
}

/// Trims a field and collapses a line break inside it (with the blanks around it) into one
/// space: reg. 6399's name is filed as `Sonoran Policy Group, LLC D/B/A Stryk Global
/// Diplomacy\r\r\n`.
fn normalise(f: Cow<'_, str>) -> Cow<'_, str> {
    let needs_trim = f.starts_with(char::is_whitespace) || f.ends_with(char::is_whitespace);
    let has_break = f.contains(['\r', '\n']);
    if !needs_trim && !has_break {
        return f;
    }
    if !has_break {
        return match f {
            Cow::Borrowed(s) => Cow::Borrowed(s.trim()),
            Cow::Owned(s) => Cow::Owned(s.trim().to_string()),
        };
    }
    let mut out = String::with_capacity(f.len());
    let mut pending_space = false;
    for part in f.trim().split(['\r', '\n']) {
        let part = part.trim();
        if part.is_empty() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space || !out.is_empty() {
            out.push(' ');
        }
        out.push_str(part);
        pending_space = false;
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &str, width: usize) -> Vec<Read<'_>> {
        Records::new(text, 2, width).collect()
    }

    fn record<'a>(r: &'a Read<'a>) -> &'a Record<'a> {
        match r {
            Read::Record(rec) => rec,
            Read::Bad(bad) => panic!("unexpected reject: {bad:?}"),
        }
    }

    #[test]
    fn strict_rows_are_not_repaired() {
        let text = "\"3133\",\"Birdsall, Voss & Associates, Inc. (\"\"BVK\"\")\",\"\"\r\n";
        let reads = read_all(text, 3);
        let rec = record(&reads[0]);
        assert!(!rec.repaired);
        assert_eq!(
            rec.fields,
            ["3133", "Birdsall, Voss & Associates, Inc. (\"BVK\")", ""]
        );
        assert_eq!(rec.raw, &text[..text.len() - 2]);
        assert_eq!(rec.line, 2);
    }

    #[test]
    fn unescaped_inner_quotes_are_repaired() {
        // Real rows of the 2025-04-11 ForeignPrincipals file, cut to four columns.
        let text = concat!(
            "\"\",\"NGO “Free and Faithful\"\",\"03/25/2024\",\"UKRAINE\"\r\n",
            "\"\",\"\"Ukrainian PR Army\"\",\"04/11/2022\",\"UKRAINE\"\r\n",
        );
        let reads = read_all(text, 4);
        let (a, b) = (record(&reads[0]), record(&reads[1]));
        assert!(a.repaired && b.repaired);
        assert_eq!(
            a.fields,
            ["", "NGO “Free and Faithful\"", "03/25/2024", "UKRAINE"]
        );
        assert_eq!(
            b.fields,
            ["", "\"Ukrainian PR Army\"", "04/11/2022", "UKRAINE"]
        );
        assert_eq!(b.line, 3);
    }

    #[test]
    fn unescaped_quotes_with_trailing_blanks_are_repaired_and_trimmed() {
        // Registrants reg. 3133: the business name has its own quotes and trailing blanks.
        let text = "\"3133\",\"David Apter & Associates, Inc.\",\"\"The Togo Information Service\"      \",\"1706 R Street, N.W.\"\r\n";
        let reads = read_all(text, 4);
        let rec = record(&reads[0]);
        assert!(rec.repaired);
        assert_eq!(rec.fields[2], "\"The Togo Information Service\"");
        assert_eq!(rec.fields[3], "1706 R Street, N.W.");
    }

    #[test]
    fn record_spanning_lines_is_joined() {
        // Reg. 6399 in the 2025 file (CR CR LF inside the name) then in the 2023 file (LF LF).
        let text = concat!(
            "\"6399\",\"Sonoran Policy Group, LLC D/B/A Stryk Global Diplomacy\r\r\n",
            "\",\"PO Box 25378\",\" Washington\"\r\n",
            "\"6400\",\"Next\",\"\",\"\"\r\n",
            "\"6399\",\"Sonoran\n",
            "\n",
            "\",\"x\",\"y\"\n",
        );
        let reads = read_all(text, 4);
        assert_eq!(reads.len(), 3, "{reads:?}");
        let a = record(&reads[0]);
        assert_eq!(a.line, 2);
        assert!(!a.repaired);
        assert_eq!(
            a.fields,
            [
                "6399",
                "Sonoran Policy Group, LLC D/B/A Stryk Global Diplomacy",
                "PO Box 25378",
                "Washington"
            ]
        );
        assert!(a.raw.contains("Diplomacy\r\r\n\""));
        assert_eq!(record(&reads[1]).line, 4);
        let c = record(&reads[2]);
        assert_eq!(c.line, 5);
        assert_eq!(c.fields, ["6399", "Sonoran", "x", "y"]);
    }

    #[test]
    fn split_by_an_earlier_reader_is_rejoined() {
        // 2023-08-03 snapshot: valid CSV, but one field too many.
        let text = "\"05/06/1993\",\"National Petroleum Company, Sudan\"\"\",\" Ltd.\"\"\",\"04/20/1993\",\"SUDAN\"\r\n";
        let reads = read_all(text, 4);
        let rec = record(&reads[0]);
        assert!(rec.repaired);
        assert_eq!(rec.fields[1], "National Petroleum Company, Sudan\", Ltd.\"");
        assert_eq!(rec.fields[3], "SUDAN");
    }

    #[test]
    fn wrong_width_is_rejected_and_nothing_vanishes() {
        let text = concat!(
            "\"1\",\"2\",\"3\"\r\n",
            "\"1\",\"2\",\"3\",\"4\",\"5\"\r\n",
            "\"ok\",\"a\",\"b\",\"c\"\r\n",
        );
        let reads = read_all(text, 4);
        assert_eq!(reads.len(), 3, "{reads:?}");
        match &reads[0] {
            Read::Bad(bad) => {
                assert_eq!(bad.line, 2);
                assert_eq!(bad.raw, "\"1\",\"2\",\"3\"");
                assert_eq!(bad.reason.to_string(), "expected 4 fields, found 3");
            }
            other => panic!("{other:?}"),
        }
        assert!(
            matches!(&reads[1], Read::Bad(b) if b.line == 3 && b.reason.to_string().contains("found 5"))
        );
        assert_eq!(record(&reads[2]).line, 4);
    }

    #[test]
    fn unterminated_quote_cannot_swallow_the_file() {
        let mut text = String::from("\"1\",\"never closed\r\n");
        for i in 0..10 {
            text.push_str(&format!("\"{i}\",\"a\",\"b\",\"c\"\r\n"));
        }
        let reads = read_all(&text, 4);
        let bad: Vec<_> = reads.iter().filter(|r| matches!(r, Read::Bad(_))).collect();
        let good = reads
            .iter()
            .filter(|r| matches!(r, Read::Record(_)))
            .count();
        assert_eq!(bad.len(), 1, "{reads:?}");
        assert_eq!(good, 10);
        assert!(matches!(bad[0], Read::Bad(b) if b.line == 2));
    }

    #[test]
    fn unterminated_quote_at_end_of_file_is_rejected() {
        let text = "\"a\",\"b\",\"c\",\"d\"\n\"1\",\"never\n\"closed";
        let reads = read_all(text, 4);
        assert_eq!(reads.len(), 3, "{reads:?}");
        assert!(matches!(&reads[1], Read::Bad(b) if b.line == 3));
        assert!(matches!(&reads[2], Read::Bad(b) if b.line == 4 && b.raw == "\"closed"));
    }

    #[test]
    fn unquoted_fields_and_blank_lines() {
        let text = "7565,04/02/2025,,Earhart Turner LLC\n\n7564,04/02/2025,,\"Asterix, LLC\"\n";
        let reads = read_all(text, 4);
        assert_eq!(reads.len(), 2);
        assert_eq!(
            record(&reads[0]).fields,
            ["7565", "04/02/2025", "", "Earhart Turner LLC"]
        );
        assert_eq!(record(&reads[1]).fields[3], "Asterix, LLC");
        assert_eq!(record(&reads[1]).line, 4);
    }

    #[test]
    fn strict_split_rules() {
        assert_eq!(strict_split("\"a\",\"b\"").unwrap(), ["a", "b"]);
        assert_eq!(strict_split("a,,\"\"").unwrap(), ["a", "", ""]);
        assert!(strict_split("\"\"x\"\"").is_none());
        assert!(strict_split("\"open").is_none());
        assert!(strict_split("a\"b").is_none());
    }
}
