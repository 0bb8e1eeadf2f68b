//! The row a line starts: its date and amount, and its text cells given their columns (the
//! header's, else the form's usual order).
//!
//! For: a row being read ([`OpenRow`]), the line it starts on, a wrapped piece added to a cell
//! ([`append`]), and the row's final tidying. Not for: deciding which lines a row continues
//! over (see [`super::table`]).

use super::header::{Header, PRINCIPAL_LABEL, Role};
use super::tokens::{Amount, Span, collapse, pieces};
use super::{Entry, Kind, Line, RowEvidence};

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

/// Adds a wrapped line's piece to a cell: after a space, or glued to a word hyphenated at
/// the line end.
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

/// The row that starts on this line.
pub(super) fn anchor_row(
    l: &Line,
    dates: &[(Span, String)],
    amounts: &[Amount],
    header: Option<&Header>,
    kind: Kind,
    principal_above: Option<&String>,
) -> OpenRow {
    let text = l.text;
    let column = |role: Role| {
        header.and_then(|h| h.columns.iter().find(|(_, r)| *r == role).map(|(c, _)| *c))
    };
    let (date_span, date) = match column(Role::Date) {
        Some(c) => dates.iter().min_by_key(|(s, _)| s.start.abs_diff(c)),
        None => dates.first(),
    }
    .expect("a date");
    let amount = match column(Role::Amount) {
        Some(c) => amounts.iter().min_by_key(|a| a.span.start.abs_diff(c)),
        None => amounts
            .iter()
            .find(|a| {
                pieces(text).iter().any(|(s, p)| {
                    *s == a.span.start && p.chars().count() == a.span.end - a.span.start
                })
            })
            .or(amounts.last()),
    }
    .expect("an amount");
    // The line with the date and the amount blanked: the rest are the text cells.
    let blanked: String = text
        .chars()
        .enumerate()
        .map(|(i, ch)| {
            let inside = |s: &Span| i >= s.start && i < s.end;
            if inside(date_span) || inside(&amount.span) {
                ' '
            } else {
                ch
            }
        })
        .collect();
    // Date and amount cells are replaced by two spaces' worth of gap, so neighbours split.
    let mut cells: Vec<(usize, Role)> = vec![
        (date_span.start, Role::Date),
        (amount.span.start, Role::Amount),
    ];
    let mut texts: Vec<(usize, String)> = Vec::new();
    for (start, piece) in pieces(&blanked) {
        texts.extend(split_by_header(start, &piece, header));
    }
    let (d, a) = (date_span.start, amount.span.start);
    let group = |s: usize| -> u8 {
        let first = d.min(a);
        let second = d.max(a);
        if s < first {
            0
        } else if s < second {
            1
        } else {
            2
        }
    };
    let mut entry = Entry {
        foreign_principal: None,
        date: Some(date.clone()),
        party: None,
        purpose: None,
        amount: amount.value,
        currency: amount
            .currency
            .clone()
            .or_else(|| header.and_then(|h| h.currency.clone()))
            .unwrap_or_else(|| "USD".into()),
        evidence: RowEvidence {
            page: l.page,
            line: l.line,
            text: text.trim_end().to_string(),
            location: None,
        },
    };
    let roles = assign_roles(&texts, header, kind, group);
    for ((start, piece), role) in texts.iter().zip(roles) {
        cells.push((*start, role));
        let field = match role {
            Role::Principal => &mut entry.foreign_principal,
            Role::Party => &mut entry.party,
            Role::Purpose => &mut entry.purpose,
            Role::Location => &mut entry.evidence.location,
            Role::Date | Role::Amount => continue,
        };
        append(field, piece);
    }
    let inherited = entry.foreign_principal.is_none() && kind != Kind::Contributions;
    if let Some(p) = &mut entry.foreign_principal {
        *p = PRINCIPAL_LABEL.replace(p, "").to_string();
    }
    if inherited {
        entry.foreign_principal = principal_above.cloned();
    }
    OpenRow {
        entry,
        cells,
        inherited,
        wrapped: 0,
        pending: amount.value.is_nan(),
    }
}

/// Splits a piece where a header column starts after a single space: "Ministry of Foreign
/// Retainer" under "From Whom" and "Purpose".
fn split_by_header(start: usize, piece: &str, header: Option<&Header>) -> Vec<(usize, String)> {
    let Some(h) = header else {
        return vec![(start, piece.to_string())];
    };
    let chars: Vec<char> = piece.chars().collect();
    let mut cuts: Vec<usize> = Vec::new();
    for (col, _) in &h.columns {
        if *col > start + 1 && *col < start + chars.len() {
            let at = col - start;
            if chars[at - 1] == ' ' && chars[at] != ' ' {
                cuts.push(at);
            }
        }
    }
    cuts.sort_unstable();
    let mut out = Vec::new();
    let mut from = 0;
    for at in cuts.into_iter().chain([chars.len()]) {
        let s: String = chars[from..at].iter().collect();
        if !s.trim().is_empty() {
            out.push((start + from, s.trim().to_string()));
        }
        from = at;
    }
    out
}

fn assign_roles(
    texts: &[(usize, String)],
    header: Option<&Header>,
    kind: Kind,
    group: impl Fn(usize) -> u8,
) -> Vec<Role> {
    let mut roles = vec![Role::Purpose; texts.len()];
    for g in 0..3u8 {
        let idx: Vec<usize> = (0..texts.len())
            .filter(|&i| group(texts[i].0) == g)
            .collect();
        if idx.is_empty() {
            continue;
        }
        let header_roles: Vec<(usize, Role)> = header
            .map(|h| {
                let d = h
                    .columns
                    .iter()
                    .find(|(_, r)| *r == Role::Date)
                    .map(|(c, _)| *c);
                let a = h
                    .columns
                    .iter()
                    .find(|(_, r)| *r == Role::Amount)
                    .map(|(c, _)| *c);
                h.columns
                    .iter()
                    .filter(|(_, r)| !matches!(r, Role::Date | Role::Amount))
                    .filter(|(c, _)| match (d, a) {
                        (Some(d), Some(a)) => {
                            let (first, second) = (d.min(a), d.max(a));
                            let hg = if *c < first {
                                0
                            } else if *c < second {
                                1
                            } else {
                                2
                            };
                            hg == g
                        }
                        _ => true,
                    })
                    .copied()
                    .collect()
            })
            .unwrap_or_default();
        if !header_roles.is_empty() {
            if header_roles.len() == idx.len() {
                for (i, (_, r)) in idx.iter().zip(&header_roles) {
                    roles[*i] = *r;
                }
            } else {
                for &i in &idx {
                    roles[i] = header_roles
                        .iter()
                        .min_by_key(|(c, _)| c.abs_diff(texts[i].0))
                        .map(|(_, r)| *r)
                        .unwrap_or(Role::Purpose);
                }
            }
            continue;
        }
        // No header: the form's usual order.
        let defaults: &[Role] = match (kind, g) {
            (Kind::Contributions, _) => &[Role::Party, Role::Location],
            (_, 0) => &[Role::Principal],
            (_, _) if idx.len() == 1 => &[Role::Purpose],
            _ => &[Role::Party, Role::Purpose],
        };
        for (k, &i) in idx.iter().enumerate() {
            roles[i] = defaults[k.min(defaults.len() - 1)];
        }
    }
    roles
}

pub(super) fn finish(row: OpenRow) -> Entry {
    let mut e = row.entry;
    let tidy = |s: &mut Option<String>| {
        if let Some(v) = s {
            let t = collapse(v)
                .trim_matches(|c: char| c == ',' || c == ';' || c == ':' || c.is_whitespace())
                .to_string();
            *s = (!t.is_empty()).then_some(t);
        }
    };
    tidy(&mut e.foreign_principal);
    tidy(&mut e.party);
    tidy(&mut e.purpose);
    tidy(&mut e.evidence.location);
    e
}
