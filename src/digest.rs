//! The digest of what sync runs changed: built from the `changes` rows and the watchlist
//! ([`Digest::build`]), and written for people as Markdown ([`Digest::markdown`]) or for
//! scripts as JSON (the [`Digest`] itself, serialised). One line per change ([`summary`]),
//! except links: one line per registration, takedown and kind of change, however many of the
//! registration's principals link it, as the dossier lists them (FGS Global, 5666, has two
//! "Embassy of the United Arab Emirates" rows, each linked to one Twitter takedown).
//!
//! For: `faralink changes` and `sync --digest`. Pure: rows and watches in, a digest out,
//! tested without any database or network. Not for: recording or reading changes (see
//! `changes`) or the watchlist itself (see `watch`).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::changes::{ChangeKind, ChangeRow, Table};
/// The score from which a link is a lead: the threshold `links` and the dossier use.
const LINK_THRESHOLD: f64 = crate::matcher::DEFAULT_MIN_SCORE;

/// One line of a digest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// The change, its fields flattened into the entry. For links, the lead link's change
    /// (see [`links`](Entry::links)).
    #[serde(flatten)]
    pub row: ChangeRow,
    /// One line for people.
    pub summary: String,
    /// The watches this change touches (`firm: CLS Strategies`, `country: PE`).
    pub watched: Vec<String>,
    /// Links only: every principal the registration is linked to the takedown through in
    /// this entry, the lead's first, each name once (null for the firm's own name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub foreign_principals: Option<Vec<Option<String>>>,
    /// Links only: every link change merged into this entry (same registration, takedown and
    /// kind of change), lead first: the best score, then the lowest link id, as the dossier
    /// picks its lead among links no one has reviewed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub links: Option<Vec<LinkChange>>,
}

/// One link's change merged into a digest [`Entry`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkChange {
    /// The link's id (stable across re-matches).
    pub link_id: Option<i64>,
    /// The run that recorded the change.
    pub run_id: i64,
    /// The principal it goes through, or null for the firm's own name.
    pub foreign_principal: Option<String>,
    /// Its kind (`attribution`, `name`, ...).
    pub kind: Option<String>,
    /// Its score, 0..1 (before removal, for a link the matcher no longer proposes).
    pub score: Option<f64>,
}

impl LinkChange {
    fn of(row: &ChangeRow) -> LinkChange {
        LinkChange {
            link_id: row.detail["link_id"]
                .as_i64()
                .or_else(|| row.key.parse().ok()),
            run_id: row.run_id,
            foreign_principal: detail_str(row, "foreign_principal").map(str::to_string),
            kind: detail_str(row, "kind").map(str::to_string),
            score: row.detail["score"].as_f64(),
        }
    }
}

/// What a set of runs changed, watched changes first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Digest {
    /// The runs covered, oldest first.
    pub runs: Vec<i64>,
    /// True when nothing changed.
    pub empty: bool,
    /// Per table, per kind of change, how many entries: one per row, except links, counted
    /// once per registration and takedown (as listed); first loads count their rows.
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
    /// watches a row touches (see `watch::watched_by`); those rows come first. Link changes of
    /// one registration, takedown and kind of change are one entry (see [`Entry::links`]).
    pub fn build(
        runs: Vec<i64>,
        rows: Vec<ChangeRow>,
        watched: impl Fn(&ChangeRow) -> Vec<String>,
    ) -> Digest {
        // Per first match, how many leads its links listed one by one make.
        let mut first_leads: BTreeMap<i64, BTreeSet<(i64, String)>> = BTreeMap::new();
        let mut groups: BTreeMap<(ChangeKind, i64, String), Vec<ChangeRow>> = BTreeMap::new();
        let mut singles: Vec<ChangeRow> = Vec::new();
        for row in rows {
            match link_lead_key(&row) {
                Some(key) => {
                    if key.0 == ChangeKind::Added {
                        first_leads
                            .entry(row.run_id)
                            .or_default()
                            .insert((key.1, key.2.clone()));
                    }
                    groups.entry(key).or_default().push(row);
                }
                None => singles.push(row),
            }
        }
        let mut counts: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
        let mut count = |row: &ChangeRow, n: u64| {
            *counts
                .entry(row.table.clone())
                .or_default()
                .entry(row.change.as_str().to_string())
                .or_default() += n;
        };
        let mut entries: Vec<Entry> = Vec::new();
        for row in singles {
            let n = match row.change {
                ChangeKind::Loaded => row.detail["rows"].as_u64().unwrap_or(0),
                _ => 1,
            };
            count(&row, n);
            let summary = match Table::parse(&row.table) {
                Some(Table::Links) if row.change == ChangeKind::Loaded => {
                    let leads = first_leads.get(&row.run_id).map_or(0, BTreeSet::len);
                    first_match(&row, Some(leads))
                }
                _ => summary(&row),
            };
            entries.push(Entry {
                summary,
                watched: watched(&row),
                row,
                foreign_principals: None,
                links: None,
            });
        }
        for (_, mut members) in groups {
            // The dossier's lead among unreviewed links: best score, then lowest id.
            members.sort_by(|a, b| {
                let (la, lb) = (LinkChange::of(a), LinkChange::of(b));
                lb.score
                    .unwrap_or(0.0)
                    .total_cmp(&la.score.unwrap_or(0.0))
                    .then(la.link_id.cmp(&lb.link_id))
                    .then(a.run_id.cmp(&b.run_id))
            });
            let lead = members[0].clone();
            count(&lead, 1);
            let mut seen: Vec<String> = Vec::new();
            for w in members.iter().flat_map(&watched) {
                if !seen.contains(&w) {
                    seen.push(w);
                }
            }
            let links: Vec<LinkChange> = members.iter().map(LinkChange::of).collect();
            let mut principals: Vec<Option<String>> = Vec::new();
            for l in &links {
                if !principals.contains(&l.foreign_principal) {
                    principals.push(l.foreign_principal.clone());
                }
            }
            entries.push(Entry {
                summary: link_group(&lead, &links),
                row: lead,
                watched: seen,
                foreign_principals: Some(principals),
                links: Some(links),
            });
        }
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
    if row.detail.get("at_or_above_threshold").is_some() {
        return first_match(row, None);
    }
    let rows = row.detail["rows"].as_u64().unwrap_or(0);
    format!(
        "{}: {rows} rows (first load; not listed one by one)",
        row.table
    )
}

/// A first match: how many links it proposed, how many are at or above the threshold, and
/// (when the digest knows) how many leads those make, one per registration and takedown, as
/// they are listed below.
fn first_match(row: &ChangeRow, leads: Option<usize>) -> String {
    let rows = row.detail["rows"].as_u64().unwrap_or(0);
    let strong = row.detail["at_or_above_threshold"].as_u64().unwrap_or(0);
    let listed = match leads {
        Some(n) => format!(
            ", which make {n} {}, one per registration and takedown (listed below)",
            if n == 1 { "lead" } else { "leads" }
        ),
        None => " (listed below)".to_string(),
    };
    format!(
        "{}: {rows} proposed; {strong} at or above score {LINK_THRESHOLD}{listed}; the others score below it and are not leads (`faralink links --min-score 0` lists them)",
        row.table
    )
}

/// The key a link change is merged under: its kind of change, registration and takedown;
/// None for anything else (and for a link missing either, listed on its own).
fn link_lead_key(row: &ChangeRow) -> Option<(ChangeKind, i64, String)> {
    if Table::parse(&row.table) != Some(Table::Links) || row.change == ChangeKind::Loaded {
        return None;
    }
    Some((row.change, row.registration_number?, row.name.clone()?))
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
    link_group(row, &[LinkChange::of(row)])
}

/// One registration's links to one takedown (`links`, lead first, `lead` its change): the
/// principals they go through, the lead's kind and score, and what it was before.
fn link_group(lead: &ChangeRow, links: &[LinkChange]) -> String {
    let kind = detail_str(lead, "kind").unwrap_or("?");
    let score = lead.detail["score"].as_f64().unwrap_or(0.0);
    let ids: Vec<String> = links
        .iter()
        .map(|l| l.link_id.map_or_else(|| "?".to_string(), |i| i.to_string()))
        .collect();
    let ids = match ids.as_slice() {
        [one] => format!("link {one}"),
        _ => format!("links {}", ids.join(", ")),
    };
    // Each name once, with how many principal rows of that name link the takedown.
    let mut names: Vec<(Option<&str>, usize)> = Vec::new();
    for l in links {
        let p = l.foreign_principal.as_deref();
        match names.iter_mut().find(|(n, _)| *n == p) {
            Some((_, k)) => *k += 1,
            None => names.push((p, 1)),
        }
    }
    let principals: Vec<String> = names
        .iter()
        .filter_map(|(n, k)| {
            let n = (*n)?;
            Some(if *k > 1 {
                format!("{n} ({k} rows)")
            } else {
                n.to_string()
            })
        })
        .collect();
    let own = names.iter().any(|(n, _)| n.is_none());
    let via = match (own, principals.as_slice()) {
        (_, []) => String::new(),
        (false, [one]) => format!(" through its principal {one}"),
        (false, many) => format!(" through its principals {}", and_list(many)),
        (true, [one]) => format!(" through its own name and its principal {one}"),
        (true, many) => format!(
            " through its own name and its principals {}",
            and_list(many)
        ),
    };
    let mut s = format!(
        "{ids}: {}{via} ↔ {} ({kind}, score {score:.2})",
        firm(lead),
        lead.name.as_deref().unwrap_or("?")
    );
    if let Some(b) = lead.detail.get("before") {
        s.push_str(&format!(
            ", was {} {:.2}",
            b["kind"].as_str().unwrap_or("?"),
            b["score"].as_f64().unwrap_or(0.0)
        ));
    }
    s
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
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

    /// Two link rows of one registration and takedown (two principal rows) are one entry, led
    /// by the better score, naming both principals; counts count entries; a link of another
    /// takedown, or one dropped rather than added, stays its own entry.
    #[test]
    fn links_of_one_registration_and_takedown_are_one_entry() {
        let link = |id: i64, change: ChangeKind, takedown: &str, via: &str, score: f64| {
            let mut r = row(
                "links",
                change,
                &id.to_string(),
                Some(9902),
                "Larkspur Meridian Advisors LLC",
            );
            r.name = Some(takedown.into());
            r.detail = serde_json::json!({"link_id": id, "takedown_id": takedown,
                "foreign_principal": via, "kind": "principal", "score": score});
            r
        };
        let mut loaded = row("links", ChangeKind::Loaded, "*", None, "");
        loaded.detail = serde_json::json!({"rows": 40, "at_or_above_threshold": 3});
        let rows = vec![
            loaded,
            link(
                7,
                ChangeKind::Added,
                "synthetic-a",
                "Ministry of Tourism",
                0.66,
            ),
            link(
                3,
                ChangeKind::Added,
                "synthetic-b",
                "Ministry of Tourism",
                0.7,
            ),
            link(
                12,
                ChangeKind::Added,
                "synthetic-a",
                "The Ministry of Tourism",
                0.77,
            ),
            link(
                5,
                ChangeKind::Removed,
                "synthetic-a",
                "Ministry of Tourism",
                0.6,
            ),
        ];
        let d = Digest::build(vec![1], rows, |_| Vec::new());
        assert_eq!(d.counts["links"]["added"], 2);
        assert_eq!(d.counts["links"]["removed"], 1);
        assert_eq!(d.counts["links"]["loaded"], 40);
        let lines: Vec<&str> = d.entries.iter().map(|e| e.summary.as_str()).collect();
        assert_eq!(
            lines,
            [
                "links: 40 proposed; 3 at or above score 0.5, which make 2 leads, one per registration and takedown (listed below); the others score below it and are not leads (`faralink links --min-score 0` lists them)",
                "links 12, 7: Larkspur Meridian Advisors LLC (9902) through its principals The Ministry of Tourism and Ministry of Tourism ↔ synthetic-a (principal, score 0.77)",
                "link 3: Larkspur Meridian Advisors LLC (9902) through its principal Ministry of Tourism ↔ synthetic-b (principal, score 0.70)",
                "link 5: Larkspur Meridian Advisors LLC (9902) through its principal Ministry of Tourism ↔ synthetic-a (principal, score 0.60)",
            ]
        );
        let grouped = &d.entries[1];
        assert_eq!(grouped.row.key, "12");
        assert_eq!(
            grouped.foreign_principals,
            Some(vec![
                Some("The Ministry of Tourism".to_string()),
                Some("Ministry of Tourism".to_string())
            ])
        );
        let ids: Vec<Option<i64>> = grouped.links.iter().flatten().map(|l| l.link_id).collect();
        assert_eq!(ids, [Some(12), Some(7)]);
        // Two principal rows of one name are named once, with their count.
        let same = vec![
            link(
                8,
                ChangeKind::Added,
                "synthetic-a",
                "Embassy of Ruritania",
                0.77,
            ),
            link(
                9,
                ChangeKind::Added,
                "synthetic-a",
                "Embassy of Ruritania",
                0.77,
            ),
        ];
        let d = Digest::build(vec![1], same, |_| Vec::new());
        assert_eq!(
            d.entries[0].summary,
            "links 8, 9: Larkspur Meridian Advisors LLC (9902) through its principal Embassy of Ruritania (2 rows) ↔ synthetic-a (principal, score 0.77)"
        );
    }
}
