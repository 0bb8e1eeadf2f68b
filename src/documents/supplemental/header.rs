//! A table's header (its columns and the currency it names for bare amounts) and the answer
//! to a section's Yes/No question.
//!
//! For: the lines above a table's rows. Not for: the rows (see [`super::table`]).

use std::sync::LazyLock;

use regex::Regex;

use super::regex;
use super::tokens::{CODES, char_col, currency_code};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Principal,
    Date,
    Party,
    Purpose,
    Amount,
    Location,
}

pub(super) static HEADER_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?ix)
        (?P<principal>\bforeign\s+principal\b|\bprincipal\b|\bclient\b)
        | (?P<date>\bdate(?:\s+(?:received|paid|of\s+receipt))?\b)
        | (?P<party>\bfrom\s+whom\b|\breceived\s+from\b|\bto\s+whom\b|\brecipient\b|\bpayee\b|\bpayor\b|\bpolitical\s+organization(?:\s+or\s+candidate)?\b|\bcandidate\b)
        | (?P<purpose>\bpurpose\b|\bdescription\b)
        | (?P<amount>\bamount(?:\s*/\s*subtotal)?(?:\s+or\s+thing\s+of\s+value)?\b|\bsubtotal\b)
        | (?P<location>\blocation(?:\s+of\s+event)?\b)",
    )
});
/// Words a wrapped header line may hold ("Received", "Subtotal", "(EUR)").
pub(super) static HEADER_REST: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)^(?:received|paid|whom|from|to|subtotal|/|of|or|value|thing|event|candidate|in|\(?(?:{CODES}|US\$|\$|€|£)\)?)$"
    ))
});
static HEADER_CURRENCY: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)(?:\(\s*|\bin\s+)(?P<c>{CODES}|US\$|\$|€|£|euros?|dollars)\s*\)?"
    ))
});
pub(super) static PRINCIPAL_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?i)^\s*(?:name\s+of\s+)?(?:foreign\s+principal|client)\s*(?:name)?\s*[:\-–]\s*")
});

/// A table header: its columns, and the currency it names for bare amounts.
pub(super) struct Header {
    pub(super) columns: Vec<(usize, Role)>,
    pub(super) currency: Option<String>,
}

pub(super) fn header_of(line: &str) -> Option<Header> {
    let mut columns: Vec<(usize, Role)> = Vec::new();
    let mut covered = 0;
    for c in HEADER_LABEL.captures_iter(line) {
        let m = c.get(0)?;
        let role = if c.name("principal").is_some() {
            Role::Principal
        } else if c.name("date").is_some() {
            Role::Date
        } else if c.name("party").is_some() {
            Role::Party
        } else if c.name("purpose").is_some() {
            Role::Purpose
        } else if c.name("amount").is_some() {
            Role::Amount
        } else {
            Role::Location
        };
        covered += m.as_str().split_whitespace().count();
        if !columns.iter().any(|(_, r)| *r == role) {
            columns.push((char_col(line, m.start()), role));
        }
    }
    let currency = HEADER_CURRENCY
        .captures(line)
        .map(|c| currency_code(&c["c"]));
    let words = line.split_whitespace().count();
    let rest = words - covered.min(words);
    (columns.len() >= 2 && rest <= 2 + usize::from(currency.is_some()))
        .then_some(Header { columns, currency })
}

/// The answer to the section's Yes/No question, from the lines before its table.
pub(super) fn answer_of(preamble: &[&str]) -> Option<bool> {
    static MARK: &str = r"\[\s*[xX✓✔]\s*\]|\(\s*[xX]\s*\)|[☒☑■⊠✔✓⌧✗✘▣]|\bX\b";
    static EMPTY: &str = r"\[\s*\]|\(\s*\)|[☐□❑○◻]";
    static AFTER: LazyLock<Regex> = LazyLock::new(|| {
        regex(&format!(
            r"(?i)\b(?P<w>yes|no)\b\s*[:.]?\s*(?:(?P<mark>{MARK})|{EMPTY})"
        ))
    });
    static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
        regex(&format!(
            r"(?i)(?:(?P<mark>{MARK})|{EMPTY})\s*\b(?P<w>yes|no)\b"
        ))
    });
    static ALONE: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?i)^\s*(?P<no>no|none|nil|n/a|not\s+applicable)\b[\s.,;:]*(?:receipts?|monies|received)?[\s.]*$|^\s*(?P<yes>yes)\b[\s.,;:]*(?:see\s+.*)?$",
        )
    });
    let mut answer = None;
    for line in preamble {
        let a = AFTER.captures_iter(line).collect::<Vec<_>>();
        let b = BEFORE.captures_iter(line).collect::<Vec<_>>();
        let use_before = match (a.first(), b.first()) {
            (Some(x), Some(y)) => y.get(0).unwrap().start() < x.get(0).unwrap().start(),
            (None, Some(_)) => true,
            _ => false,
        };
        let caps = if use_before { b } else { a };
        let marked: Vec<bool> = caps
            .iter()
            .filter(|c| c.name("mark").is_some())
            .map(|c| c["w"].eq_ignore_ascii_case("yes"))
            .collect();
        if let [yes] = marked.as_slice() {
            return Some(*yes);
        }
        if let Some(c) = ALONE.captures(line) {
            answer = Some(c.name("yes").is_some());
        }
    }
    answer
}
