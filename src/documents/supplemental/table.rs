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
use super::row::{OpenRow, anchor_row, append, finish};
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

pub(super) struct Table {
    pub(super) answer: Option<bool>,
    pub(super) rows: Vec<Entry>,
}

/// Most lines a wrapped row may continue over (the issue's three lines, plus a margin).
const MAX_WRAPPED: usize = 4;

/// Reads one section's table: its rows, and the answer to its Yes/No question from the lines
/// before the first row or header.
pub(super) fn read_table(lines: &[Line], kind: Kind) -> Table {
    let mut reader = TableReader::new(kind);
    for (n, l) in lines.iter().enumerate() {
        reader.line(n, l);
    }
    reader.close();
    Table {
        answer: answer_of(&reader.preamble),
        rows: reader.rows,
    }
}

/// One section's table as read so far.
struct TableReader<'a> {
    kind: Kind,
    /// The lines before the table: the question and its answer.
    preamble: Vec<&'a str>,
    rows: Vec<Entry>,
    header: Option<Header>,
    /// A header or a row was seen: the lines below are the table's.
    started: bool,
    /// The row being read, which the lines below may continue.
    open: Option<OpenRow>,
    /// A principal named on its own line above its rows.
    heading: Option<String>,
    /// The principal of the row above.
    last_principal: Option<String>,
    /// The previous line was the header (its wrapped words may follow).
    just_after_header: bool,
}

impl<'a> TableReader<'a> {
    fn new(kind: Kind) -> TableReader<'a> {
        TableReader {
            kind,
            preamble: Vec::new(),
            rows: Vec::new(),
            header: None,
            started: false,
            open: None,
            heading: None,
            last_principal: None,
            just_after_header: false,
        }
    }

    /// Ends the open row. A row whose amount never came is not a row.
    fn close(&mut self) {
        if let Some(r) = self.open.take()
            && !r.pending
        {
            self.rows.push(finish(r));
        }
    }

    /// Line `n` of the section: what it is decides what it does, in this order.
    fn line(&mut self, n: usize, l: &Line<'a>) {
        let text = l.text;
        if text.trim().is_empty() {
            self.close();
            return;
        }
        if NOISE.is_match(text) {
            return;
        }
        // Line 0 is the section's heading: preamble (older forms' item 16 puts the question
        // and its answer there), never a table header.
        if n > 0
            && let Some(h) = header_of(text)
        {
            self.header(h);
            return;
        }
        if self.just_after_header
            && text
                .split_whitespace()
                .all(|w| HEADER_REST.is_match(w) || HEADER_LABEL.is_match(w))
        {
            return;
        }
        self.just_after_header = false;
        let dates = dates_in(text);
        let amounts = self.amounts(text, &dates);
        if TOTAL.is_match(text) && (!amounts.is_empty() || self.started) {
            // "Total", "Subtotal", "Total for period": never a row; ends a principal's group.
            self.close();
            self.heading = None;
            return;
        }
        if !dates.is_empty() && !amounts.is_empty() && !is_sentence(text) {
            self.row(l, &dates, &amounts);
            return;
        }
        if !self.started {
            self.preamble.push(text);
            return;
        }
        if !amounts.is_empty() && dates.is_empty() {
            if self.amount_below(text, &amounts[0]) {
                return;
            }
            if money_only(text, &amounts) {
                // A subtotal in the amount column.
                self.close();
                return;
            }
        }
        if is_prose(text) {
            self.close();
            return;
        }
        self.continuation(text);
    }

    /// A table's header: its columns for the rows below. A principal named on its own line
    /// just above it heads those rows.
    fn header(&mut self, h: Header) {
        self.close();
        if !self.started
            && let Some(last) = self.preamble.last()
            && let [(_, name)] = pieces(last).as_slice()
            && (name.split_whitespace().count() <= 8 || PRINCIPAL_LABEL.is_match(name))
            && !name.contains(['?', '[', '☐', '☒'])
            && answer_of(&[last]).is_none()
            && !HEADINGS.iter().any(|(_, re)| re.is_match(name))
        {
            self.heading = Some(collapse(&PRINCIPAL_LABEL.replace(name, "")));
        }
        self.header = Some(h);
        self.started = true;
        self.just_after_header = true;
    }

    /// The amounts of a line. "EUR" at the end of a dated line, "18.000,00" on the next: the
    /// amount's cell wrapped, and the row waits for its number (an amount of NaN).
    fn amounts(&self, text: &str, dates: &[(Span, String)]) -> Vec<Amount> {
        let mut amounts = amounts_in(text, dates);
        if self.started
            && !dates.is_empty()
            && amounts.is_empty()
            && let Some((start, code)) = pieces(text)
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
        amounts
    }

    /// A line with a date and an amount: a new row.
    fn row(&mut self, l: &Line, dates: &[(Span, String)], amounts: &[Amount]) {
        self.close();
        self.started = true;
        let row = anchor_row(
            l,
            dates,
            amounts,
            self.header.as_ref(),
            self.kind,
            self.heading.as_ref().or(self.last_principal.as_ref()),
        );
        if !row.inherited {
            self.heading = None;
        }
        self.last_principal.clone_from(&row.entry.foreign_principal);
        self.open = Some(row);
    }

    /// The number of the open row's wrapped amount, alone on the line below its currency.
    /// False when no row waits for one.
    fn amount_below(&mut self, text: &str, a: &Amount) -> bool {
        let Some(row) = self.open.as_mut().filter(|r| r.pending) else {
            return false;
        };
        row.entry.amount = a.value;
        if let Some(c) = &a.currency {
            row.entry.currency.clone_from(c);
        }
        row.pending = false;
        row.wrapped += 1;
        row.entry.evidence.text.push('\n');
        row.entry.evidence.text.push_str(text.trim_end());
        true
    }

    /// A line that is neither a row nor a total: a wrapped line of the open row, or a
    /// principal's heading above its rows.
    fn continuation(&mut self, text: &str) {
        let ps = pieces(text);
        let date_col = self
            .header
            .as_ref()
            .and_then(|h| h.columns.iter().find(|(_, r)| *r == Role::Date))
            .map(|(c, _)| *c)
            .or_else(|| {
                self.open.as_ref().and_then(|o| {
                    o.cells
                        .iter()
                        .find(|(_, r)| *r == Role::Date)
                        .map(|(c, _)| *c)
                })
            });
        let kind = self.kind;
        let in_principal_column =
            |start: usize| kind != Kind::Contributions && date_col.is_none_or(|d| start + 2 < d);
        if let Some(row) = self.open.as_mut()
            && row.wrapped < MAX_WRAPPED
            && !(row.inherited && ps.len() == 1 && in_principal_column(ps[0].0))
            && !PRINCIPAL_LABEL.is_match(text)
        {
            row.wrapped += 1;
            row.entry.evidence.text.push('\n');
            row.entry.evidence.text.push_str(text.trim_end());
            for (start, piece) in ps {
                let role = nearest_role(start, &row.cells, self.header.as_ref());
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
                self.last_principal = Some(p.clone());
            }
            return;
        }
        self.close();
        if ps.len() == 1 && (in_principal_column(ps[0].0) || PRINCIPAL_LABEL.is_match(&ps[0].1)) {
            let name = PRINCIPAL_LABEL.replace(&ps[0].1, "").to_string();
            if name.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
                self.heading = Some(collapse(&name));
            }
        }
    }
}

/// A line of amounts and nothing else (a subtotal in the amount column).
fn money_only(text: &str, amounts: &[Amount]) -> bool {
    let rest: String = pieces(text)
        .into_iter()
        .map(|(_, p)| p)
        .collect::<Vec<_>>()
        .join(" ");
    amounts.iter().all(|a| a.span.start < a.span.end)
        && MONEY.replace_all(&rest, "").trim().is_empty()
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

fn nearest_role(start: usize, cells: &[(usize, Role)], header: Option<&Header>) -> Role {
    let candidates = cells
        .iter()
        .chain(header.map(|h| h.columns.as_slice()).unwrap_or(&[]));
    candidates
        .min_by_key(|(c, _)| c.abs_diff(start))
        .map_or(Role::Purpose, |(_, r)| *r)
}
