//! A section's table read line by line: where a row starts (a date and an amount), which
//! lines continue it (wrapped cells), and which end it (a total, a blank line, prose).
//!
//! For: the lines of one section, from its heading to the next. Not for: the cells of the
//! line a row starts on (see [`super::row`]), nor the header (see [`super::header`]).

use std::sync::LazyLock;

use regex::Regex;

use super::header::{
    HEADER_LABEL, HEADER_REST, Header, PRINCIPAL_LABEL, Role, answer_of, header_of,
};
use super::row::{anchor_row, finish};
use super::tokens::{
    Amount, CODES, MONEY, Span, amounts_in, collapse, currency_code, dates_in, pieces,
};
use super::{Entry, HEADINGS, Kind, Line, regex};

/// A currency alone in a cell, its number wrapped to the line below.
static CURRENCY_ALONE: LazyLock<Regex> =
    LazyLock::new(|| regex(&format!(r"^(?:US\$|C\$|A\$|\$|€|£|¥|{CODES})$")));
static TOTAL: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)\b(?:sub-?\s?)?totals?\b"));
static NOISE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?ix)^\s*(?:
            received\s+by\s+NSD/FARA.*
          | page\s+\d+\s+(?:of\s+\d+)?
          | (?:form\s+)?NSD-2\b.*
          | (?:OMB\s+No\.|Revised\s+\d).*
          | \d{1,3}
          | \(?continued\)?\.?
        )\s*$",
    )
});

/// A row being read, with the columns its cells started at (for its wrapped lines).
pub(super) struct OpenRow {
    pub(super) entry: Entry,
    pub(super) cells: Vec<(usize, Role)>,
    /// The principal came from a heading or the row above, not from this row's own cell.
    pub(super) inherited: bool,
    pub(super) wrapped: usize,
    /// The amount cell wrapped: its currency ("EUR") is on this line, its number below.
    pub(super) pending: bool,
}

pub(super) struct Table {
    pub(super) answer: Option<bool>,
    pub(super) rows: Vec<Entry>,
}

/// Most lines a wrapped row may continue over (the issue's three lines, plus a margin).
const MAX_WRAPPED: usize = 4;

pub(super) fn read_table(lines: &[Line], kind: Kind) -> Table {
    let mut preamble: Vec<&str> = Vec::new();
    let mut rows: Vec<Entry> = Vec::new();
    let mut header: Option<Header> = None;
    let mut started = false;
    let mut open: Option<OpenRow> = None;
    let mut heading: Option<String> = None;
    let mut last_principal: Option<String> = None;
    let mut just_after_header = false;
    // A row whose amount never came is not a row.
    let close = |open: &mut Option<OpenRow>, rows: &mut Vec<Entry>| {
        if let Some(r) = open.take()
            && !r.pending
        {
            rows.push(finish(r));
        }
    };
    for (n, l) in lines.iter().enumerate() {
        let text = l.text;
        if text.trim().is_empty() {
            close(&mut open, &mut rows);
            continue;
        }
        if NOISE.is_match(text) {
            continue;
        }
        // Line 0 is the section's heading: preamble (older forms' item 16 puts the question
        // and its answer there), never a table header.
        if n > 0
            && let Some(h) = header_of(text)
        {
            close(&mut open, &mut rows);
            // A principal named on its own line just above the table's header.
            if !started
                && let Some(last) = preamble.last()
                && let [(_, name)] = pieces(last).as_slice()
                && (name.split_whitespace().count() <= 8 || PRINCIPAL_LABEL.is_match(name))
                && !name.contains(['?', '[', '☐', '☒'])
                && answer_of(&[last]).is_none()
                && !HEADINGS.iter().any(|(_, re)| re.is_match(name))
            {
                heading = Some(collapse(&PRINCIPAL_LABEL.replace(name, "")));
            }
            header = Some(h);
            started = true;
            just_after_header = true;
            continue;
        }
        if just_after_header
            && text
                .split_whitespace()
                .all(|w| HEADER_REST.is_match(w) || HEADER_LABEL.is_match(w))
        {
            continue;
        }
        just_after_header = false;
        let dates = dates_in(text);
        let mut amounts = amounts_in(text, &dates);
        if started && !dates.is_empty() && amounts.is_empty() {
            // "EUR" at the end of a dated line, "18.000,00" on the next: the amount's cell
            // wrapped. The row waits for its number.
            if let Some((start, code)) = pieces(text)
                .into_iter()
                .rev()
                .find(|(_, p)| CURRENCY_ALONE.is_match(p))
            {
                amounts.push(Amount {
                    span: Span {
                        start,
                        end: start + code.chars().count(),
                    },
                    value: f64::NAN,
                    currency: Some(currency_code(&code)),
                });
            }
        }
        if TOTAL.is_match(text) && (!amounts.is_empty() || started) {
            // "Total", "Subtotal", "Total for period": never a row; ends a principal's group.
            close(&mut open, &mut rows);
            heading = None;
            continue;
        }
        if !dates.is_empty() && !amounts.is_empty() && !is_sentence(text) {
            close(&mut open, &mut rows);
            started = true;
            let row = anchor_row(
                l,
                &dates,
                &amounts,
                header.as_ref(),
                kind,
                heading.as_ref().or(last_principal.as_ref()),
            );
            if !row.inherited {
                heading = None;
            }
            last_principal.clone_from(&row.entry.foreign_principal);
            open = Some(row);
            continue;
        }
        if !started {
            preamble.push(text);
            continue;
        }
        if !amounts.is_empty()
            && dates.is_empty()
            && let Some(row) = open.as_mut()
            && row.pending
        {
            let a = &amounts[0];
            row.entry.amount = a.value;
            if let Some(c) = &a.currency {
                row.entry.currency.clone_from(c);
            }
            row.pending = false;
            row.wrapped += 1;
            row.entry.evidence.text.push('\n');
            row.entry.evidence.text.push_str(text.trim_end());
            continue;
        }
        if !amounts.is_empty() && dates.is_empty() {
            let rest: String = pieces(text)
                .into_iter()
                .map(|(_, p)| p)
                .collect::<Vec<_>>()
                .join(" ");
            let money_only = amounts.iter().all(|a| a.span.start < a.span.end)
                && MONEY.replace_all(&rest, "").trim().is_empty();
            if money_only {
                // A subtotal in the amount column.
                close(&mut open, &mut rows);
                continue;
            }
        }
        if is_prose(text) {
            close(&mut open, &mut rows);
            continue;
        }
        // A wrapped line of the open row, or a principal's heading above its rows.
        let ps = pieces(text);
        let date_col = header
            .as_ref()
            .and_then(|h| h.columns.iter().find(|(_, r)| *r == Role::Date))
            .map(|(c, _)| *c)
            .or_else(|| {
                open.as_ref().and_then(|o| {
                    o.cells
                        .iter()
                        .find(|(_, r)| *r == Role::Date)
                        .map(|(c, _)| *c)
                })
            });
        let in_principal_column =
            |start: usize| kind != Kind::Contributions && date_col.is_none_or(|d| start + 2 < d);
        if let Some(row) = open.as_mut()
            && row.wrapped < MAX_WRAPPED
            && !(row.inherited && ps.len() == 1 && in_principal_column(ps[0].0))
            && !PRINCIPAL_LABEL.is_match(text)
        {
            row.wrapped += 1;
            row.entry.evidence.text.push('\n');
            row.entry.evidence.text.push_str(text.trim_end());
            for (start, piece) in ps {
                let role = nearest_role(start, &row.cells, header.as_ref());
                let field = match role {
                    Role::Principal => &mut row.entry.foreign_principal,
                    Role::Party => &mut row.entry.party,
                    Role::Purpose => &mut row.entry.purpose,
                    Role::Location => &mut row.entry.evidence.location,
                    Role::Date | Role::Amount => continue,
                };
                append(field, &piece);
            }
            if let Some(p) = &row.entry.foreign_principal {
                last_principal = Some(p.clone());
            }
            continue;
        }
        close(&mut open, &mut rows);
        if ps.len() == 1 && (in_principal_column(ps[0].0) || PRINCIPAL_LABEL.is_match(&ps[0].1)) {
            let name = PRINCIPAL_LABEL.replace(&ps[0].1, "").to_string();
            if name.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
                heading = Some(collapse(&name));
            }
        }
    }
    close(&mut open, &mut rows);
    Table {
        answer: answer_of(&preamble),
        rows,
    }
}

/// Long running text (a footnote, an instruction), not a table line.
fn is_prose(line: &str) -> bool {
    let ps = pieces(line);
    ps.len() == 1 && ps[0].1.split_whitespace().count() >= 9
}

/// A sentence that happens to hold a date and an amount ("On 03/01/2022 the registrant
/// received $5,000.00 in error and returned it."): prose, not a row.
fn is_sentence(line: &str) -> bool {
    static VERB: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?i)\b(?:the\s+registrant|was|were|has|have|had|which|returned|refunded|received\s+in)\b",
        )
    });
    is_prose(line) && VERB.is_match(line)
}

pub(super) fn append(field: &mut Option<String>, piece: &str) {
    let piece = collapse(piece);
    if piece.is_empty() {
        return;
    }
    match field {
        Some(s) if s.ends_with('-') && !s.ends_with(" -") => s.push_str(&piece),
        Some(s) => {
            s.push(' ');
            s.push_str(&piece);
        }
        None => *field = Some(piece),
    }
}

fn nearest_role(start: usize, cells: &[(usize, Role)], header: Option<&Header>) -> Role {
    let candidates = cells
        .iter()
        .chain(header.map(|h| h.columns.as_slice()).unwrap_or(&[]));
    candidates
        .min_by_key(|(c, _)| c.abs_diff(start))
        .map_or(Role::Purpose, |(_, r)| *r)
}
