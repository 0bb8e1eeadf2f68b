//! The digest of what sync runs changed: built from the `changes` rows and the watchlist
//! ([`Digest::build`]), and written for people as Markdown ([`Digest::markdown`]) or for
//! scripts as JSON (the [`Digest`] itself, serialised). One line per change ([`summary`]).
//!
//! For: `faralink changes` and `sync --digest`. Pure: rows and watches in, a digest out,
//! tested without any database or network. Not for: recording or reading changes (see
//! `changes`) or the watchlist itself (see `watch`).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::changes::{ChangeKind, ChangeRow, Table};
/// The score from which a link is a lead: the threshold `links` and the dossier use.
const LINK_THRESHOLD: f64 = crate::matcher::DEFAULT_MIN_SCORE;

/// One line of a digest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// The change, its fields flattened into the entry.
    #[serde(flatten)]
    pub row: ChangeRow,
    /// One line for people.
    pub summary: String,
    /// The watches this change touches (`firm: CLS Strategies`, `country: PE`).
    pub watched: Vec<String>,
}

/// What a set of runs changed, watched changes first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Digest {
    /// The runs covered, oldest first.
    pub runs: Vec<i64>,
    /// True when nothing changed.
    pub empty: bool,
    /// Per table, per kind of change, how many rows (first loads count their rows).
    pub counts: BTreeMap<String, BTreeMap<String, u64>>,
    /// Every change: those touching a watch first, then by table and kind.
    pub entries: Vec<Entry>,
}

/// Where a table's changes come in the digest: in [`Table::ALL`]'s order, unknown tables last.
fn table_rank(t: &str) -> usize {
    Table::parse(t).map_or(Table::ALL.len(), |t| t as usize)
}

impl Digest {
    /// Builds the digest of `rows` (the `changes` of `runs`). Pure. `watched` names the
    /// watches a row touches (see `watch::watched_by`); those rows come first.
    pub fn build(
        runs: Vec<i64>,
        rows: Vec<ChangeRow>,
        watched: impl Fn(&ChangeRow) -> Vec<String>,
    ) -> Digest {
        let mut counts: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
        let mut entries: Vec<Entry> = rows
            .into_iter()
            .map(|row| {
                let n = match row.change {
                    ChangeKind::Loaded => row.detail["rows"].as_u64().unwrap_or(0),
                    _ => 1,
                };
                *counts
                    .entry(row.table.clone())
                    .or_default()
                    .entry(row.change.as_str().to_string())
                    .or_default() += n;
                let watched = watched(&row);
                Entry {
                    summary: summary(&row),
                    row,
                    watched,
                }
            })
            .collect();
        entries.sort_by(|a, b| {
            let k = |e: &Entry| {
                (
                    e.watched.is_empty(),
                    table_rank(&e.row.table),
                    // A first load's count before the rows listed one by one.
                    e.row.change != ChangeKind::Loaded,
                    e.row.change,
                    e.row.registration_number.unwrap_or(i64::MAX),
                    e.row.key.clone(),
                    e.row.run_id,
                )
            };
            k(a).cmp(&k(b))
        });
        Digest {
            runs,
            empty: entries.is_empty(),
            counts,
            entries,
        }
    }

    /// The digest for people, as Markdown.
    pub fn markdown(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let runs = match (self.runs.first(), self.runs.last()) {
            (Some(a), Some(b)) if a == b => format!("sync run {a}"),
            (Some(a), Some(b)) => format!("sync runs {a} to {b}"),
            _ => "no sync run".to_string(),
        };
        let _ = writeln!(out, "# faralink: what changed in {runs}\n");
        if self.empty {
            let _ = writeln!(out, "Nothing changed.");
            return out;
        }
        let watched: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| !e.watched.is_empty())
            .collect();
        if !watched.is_empty() {
            let _ = writeln!(out, "## Watched\n");
            for e in &watched {
                let _ = writeln!(out, "- {} ({})", e.summary, e.watched.join(", "));
            }
            out.push('\n');
        }
        let mut current: Option<(String, ChangeKind)> = None;
        for e in self.entries.iter().filter(|e| e.watched.is_empty()) {
            let section = (e.row.table.clone(), e.row.change);
            if current.as_ref() != Some(&section) {
                if current.is_some() {
                    out.push('\n');
                }
                let _ = writeln!(out, "## {}\n", heading(&e.row.table, e.row.change));
                current = Some(section);
            }
            let _ = writeln!(out, "- {}", e.summary);
        }
        out
    }
}

/// A Markdown section's heading: "New registrants", "Links the matcher no longer proposes".
fn heading(table: &str, change: ChangeKind) -> String {
    let known = Table::parse(table);
    let what = match known {
        Some(t) => t.label(),
        None => table,
    };
    // Links are faralink's own: they are proposed and dropped by the matcher, not by DOJ.
    let computed = known == Some(Table::Links);
    match change {
        ChangeKind::Added if computed => format!("New {what} at or above score {LINK_THRESHOLD}"),
        ChangeKind::Added => format!("New {what}"),
        ChangeKind::Terminated => format!("Terminated {what}"),
        ChangeKind::Changed => format!("Changed {what}"),
        ChangeKind::Removed if computed => {
            format!("{} the matcher no longer proposes", capitalise(what))
        }
        ChangeKind::Removed => format!("{} removed upstream", capitalise(what)),
        ChangeKind::Loaded => format!("{} loaded for the first time", capitalise(what)),
    }
}

/// The one-line description of a change. Pure.
pub fn summary(row: &ChangeRow) -> String {
    if row.change == ChangeKind::Loaded {
        return first_load(row);
    }
    match Table::parse(&row.table) {
        Some(Table::Registrants) => registrant(row),
        Some(Table::ForeignPrincipals) => principal(row),
        Some(Table::Documents) => document(row),
        Some(Table::Agreements) => agreement(row),
        Some(Table::Takedowns) => takedown(row),
        Some(Table::Links) => link(row),
        None => format!("{} {}", row.table, row.key),
    }
}

/// A first load, as its count (and, for links, how many are leads).
fn first_load(row: &ChangeRow) -> String {
    let rows = row.detail["rows"].as_u64().unwrap_or(0);
    if let Some(strong) = row.detail["at_or_above_threshold"].as_u64() {
        return format!(
            "{}: {rows} proposed, {strong} at or above score {LINK_THRESHOLD} (listed below); the others score below it and are not leads (`faralink links --min-score 0` lists them)",
            row.table
        );
    }
    format!(
        "{}: {rows} rows (first load; not listed one by one)",
        row.table
    )
}

/// `base`, then what changed (for a changed or terminated row) and any flagged dates.
fn with_tail(row: &ChangeRow, base: String) -> String {
    let changed = changed_columns(row);
    let flags = flagged_dates(row);
    if matches!(row.change, ChangeKind::Changed | ChangeKind::Terminated) && !changed.is_empty() {
        format!("{base}: {changed}{flags}")
    } else {
        format!("{base}{flags}")
    }
}

/// A registration: registered or terminated when, or what changed.
fn registrant(row: &ChangeRow) -> String {
    let d = |f: &str| detail_str(row, f);
    let base = firm(row);
    match row.change {
        ChangeKind::Added => with_tail(
            row,
            format!(
                "{base}, registered {}{}",
                d("registration_date").unwrap_or("(no date)"),
                d("termination_date")
                    .map(|t| format!(", terminated {t}"))
                    .unwrap_or_default()
            ),
        ),
        ChangeKind::Terminated => with_tail(
            row,
            format!("{base}, terminated {}", d("termination_date").unwrap_or("")),
        ),
        _ => with_tail(row, base),
    }
}

/// A foreign principal, with its country and the firm representing it.
fn principal(row: &ChangeRow) -> String {
    let d = |f: &str| detail_str(row, f);
    let name = row.name.as_deref().unwrap_or("unnamed principal");
    let country = d("country")
        .map(|c| match &row.country_code {
            Some(code) => format!(" ({c}, {code})"),
            None => format!(" ({c})"),
        })
        .unwrap_or_default();
    let base = format!("{name}{country}, principal of {}", firm(row));
    match row.change {
        ChangeKind::Added => with_tail(
            row,
            format!(
                "{base}, from {}",
                d("registration_date").unwrap_or("(no date)")
            ),
        ),
        ChangeKind::Terminated => with_tail(
            row,
            format!("{base}, terminated {}", d("termination_date").unwrap_or("")),
        ),
        _ => with_tail(row, base),
    }
}

/// A filing: its kind, for whom, by whom, when stamped, and its URL.
fn document(row: &ChangeRow) -> String {
    let d = |f: &str| detail_str(row, f);
    let kind = row.name.as_deref().unwrap_or("Document");
    let stamped = d("date_stamped")
        .map(|s| format!(" stamped {s}"))
        .unwrap_or_default();
    let principal = d("foreign_principal_name")
        .map(|p| format!(" for {p}"))
        .unwrap_or_default();
    with_tail(
        row,
        format!("{kind}{principal} by {}{stamped}: {}", firm(row), row.key),
    )
}

/// An agreement: the firm, the client, its fee and term.
fn agreement(row: &ChangeRow) -> String {
    let terms: Vec<String> = [fee(row), term(row)].into_iter().flatten().collect();
    let terms = if terms.is_empty() {
        "no fee or term found".to_string()
    } else {
        terms.join(", ")
    };
    let client = row
        .name
        .as_deref()
        .map(|c| format!(" with {c}"))
        .unwrap_or_default();
    format!("{}{client}: {terms} ({})", firm(row), row.key)
}

/// "fee USD 90,000 per month", when an agreement states a fee.
fn fee(row: &ChangeRow) -> Option<String> {
    let d = |f: &str| detail_str(row, f);
    row.detail["fee_amount"].as_f64().map(|a| {
        let cur = d("fee_currency").unwrap_or("");
        let per = match d("fee_period") {
            Some("total") | None => String::new(),
            Some(p) => format!(" per {p}"),
        };
        format!("fee {cur} {}{per}", money(a)).replace("  ", " ")
    })
}

/// "term 3 months from 2019-12-01 to 2020-03-01", when an agreement states a term or start.
fn term(row: &ChangeRow) -> Option<String> {
    let d = |f: &str| detail_str(row, f);
    match (
        row.detail["term_months"].as_f64(),
        d("term_start"),
        d("term_end"),
    ) {
        (months, start, end) if months.is_some() || start.is_some() => {
            let mut t = String::from("term");
            if let Some(m) = months {
                t.push_str(&format!(" {m} months"));
            }
            if let Some(s) = start {
                t.push_str(&format!(" from {s}"));
            }
            if let Some(e) = end {
                t.push_str(&format!(" to {e}"));
            }
            Some(t)
        }
        _ => None,
    }
}

/// A takedown: its id, network, platform, date and attribution.
fn takedown(row: &ChangeRow) -> String {
    let d = |f: &str| detail_str(row, f);
    let network = row.name.as_deref().unwrap_or("unnamed network");
    let attributed = d("attributed_to")
        .map(|a| format!(", attributed to {}", a.replace(';', ", ")))
        .unwrap_or_default();
    with_tail(
        row,
        format!(
            "{} {network} ({}, {}){attributed}",
            row.key,
            d("platform").unwrap_or("?"),
            d("announced_on").unwrap_or("?")
        ),
    )
}

/// A link: firm (and principal) to takedown, its kind and score, and what it was before.
fn link(row: &ChangeRow) -> String {
    let d = |f: &str| detail_str(row, f);
    let kind = d("kind").unwrap_or("?");
    let score = row.detail["score"].as_f64().unwrap_or(0.0);
    let via = d("foreign_principal")
        .map(|p| format!(" through its principal {p}"))
        .unwrap_or_default();
    let mut s = format!(
        "link {}: {}{via} ↔ {} ({kind}, score {score:.2})",
        row.key,
        firm(row),
        row.name.as_deref().unwrap_or("?")
    );
    if let Some(b) = row.detail.get("before") {
        s.push_str(&format!(
            ", was {} {:.2}",
            b["kind"].as_str().unwrap_or("?"),
            b["score"].as_f64().unwrap_or(0.0)
        ));
    }
    s
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn detail_str<'a>(row: &'a ChangeRow, field: &str) -> Option<&'a str> {
    row.detail
        .get(field)
        .and_then(|v| v.as_str())
        .filter(|s| !s.is_empty())
}

/// `Name (7565)` or whichever parts are known.
fn firm(row: &ChangeRow) -> String {
    match (&row.registrant_name, row.registration_number) {
        (Some(n), Some(r)) => format!("{n} ({r})"),
        (None, Some(r)) => format!("registration {r}"),
        (Some(n), None) => n.clone(),
        (None, None) => "unknown registrant".into(),
    }
}

fn changed_columns(row: &ChangeRow) -> String {
    let Some(m) = row.detail.get("changed").and_then(|c| c.as_object()) else {
        return String::new();
    };
    // A termination is already said by the summary itself.
    let said = |c: &str| row.change == ChangeKind::Terminated && c == "termination_date";
    let show = |v: &serde_json::Value| match v {
        serde_json::Value::Null => "none".to_string(),
        serde_json::Value::String(s) => format!("{s:?}"),
        other => other.to_string(),
    };
    m.iter()
        .filter(|(c, _)| !said(c))
        .map(|(c, v)| {
            let old = v.get(0).map(show).unwrap_or_default();
            let new = v.get(1).map(show).unwrap_or_default();
            format!("{c} {old} → {new}")
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// ` (flagged: termination_date filed as 03/31/0222, not a valid date)`, or nothing.
fn flagged_dates(row: &ChangeRow) -> String {
    let Some(m) = row.detail.get("flagged").and_then(|f| f.as_object()) else {
        return String::new();
    };
    let list: Vec<String> = m
        .iter()
        .map(|(c, v)| format!("{c} {}", v.as_str().unwrap_or("")))
        .collect();
    format!(" (flagged: {})", list.join("; "))
}

fn money(amount: f64) -> String {
    let whole = amount.round() as i64;
    let digits = whole.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if whole < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::changes::tests::row;

    #[test]
    fn empty_digest_says_nothing_changed() {
        let d = Digest::build(vec![3], Vec::new(), |_| Vec::new());
        assert!(d.empty);
        assert!(
            d.markdown().contains("Nothing changed."),
            "{}",
            d.markdown()
        );
    }

    #[test]
    fn summaries_say_fee_and_term_and_what_changed() {
        let mut a = row(
            "agreements",
            ChangeKind::Added,
            "https://x/doc.pdf",
            Some(6766),
            "CLS Strategies",
        );
        a.name = Some("Plurinational State of Bolivia".into());
        a.detail = serde_json::json!({"fee_amount": 90000.0, "fee_currency": "USD", "fee_period": "total", "term_months": 3.0, "term_start": "2019-12-01"});
        assert_eq!(
            summary(&a),
            "CLS Strategies (6766) with Plurinational State of Bolivia: fee USD 90,000, term 3 months from 2019-12-01 (https://x/doc.pdf)"
        );
        let mut t = row(
            "registrants",
            ChangeKind::Terminated,
            "7563",
            Some(7563),
            "Bosnian-Example Alliance Inc.",
        );
        t.detail = serde_json::json!({"termination_date": "2025-06-30", "changed": {"termination_date": [null, "2025-06-30"]}});
        assert_eq!(
            summary(&t),
            "Bosnian-Example Alliance Inc. (7563), terminated 2025-06-30"
        );
        let mut l = row("registrants", ChangeKind::Loaded, "*", None, "");
        l.detail = serde_json::json!({"rows": 17});
        assert_eq!(
            summary(&l),
            "registrants: 17 rows (first load; not listed one by one)"
        );
    }
}
