//! One row of the import format into a [`Takedown`], and what a whole file held: its rows,
//! its rejects (with line and reason) and the values faralink could not read.
//!
//! For: [`takedown_from`] (every format ends in it) and [`Rows`]. Not for: reading a value
//! ([`crate::takedowns::normalize`]) or splitting a file into rows ([`super::table`]).

use std::collections::HashMap;

use super::error::RowError;
use crate::takedowns::Takedown;
use crate::takedowns::normalize::{self, ValueError};

/// The contract's import columns, in order.
pub const COLUMNS: [&str; 17] = [
    "takedown_id",
    "platform",
    "announced_on",
    "network_name",
    "attributed_to",
    "origin_countries",
    "target_countries",
    "fb_accounts",
    "fb_pages",
    "fb_groups",
    "ig_accounts",
    "other_accounts",
    "followers",
    "ad_spend_usd",
    "attribution_text",
    "summary",
    "source_url",
];

/// The columns a row must fill.
pub const REQUIRED: [&str; 3] = ["takedown_id", "platform", "announced_on"];

/// The columns that hold counts.
const COUNT_COLUMNS: [&str; 6] = [
    "fb_accounts",
    "fb_pages",
    "fb_groups",
    "ig_accounts",
    "other_accounts",
    "followers",
];

/// An input row that could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    /// The CSV line the record starts on (1 is the header), or the JSON array index (from 0).
    pub line: u64,
    /// The row as it was in the file.
    pub raw: String,
    /// Why it was not loaded.
    pub reason: String,
}

/// What a file held.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    /// The rows loaded, in file order.
    pub takedowns: Vec<Takedown>,
    /// The rows not loaded, in file order.
    pub rejects: Vec<Reject>,
    /// Records in the file (rows + rejects).
    pub records: u64,
    /// Values of loaded rows that faralink could not read, one entry per distinct value (a
    /// person fixes a spelling once, not once per row).
    pub unread: Vec<Unread>,
}

/// A value in a loaded row that faralink could not read. The row still loads; the value is
/// kept as written (a place as region text, anything else in `import_notes`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unread {
    /// The value as written (first spelling seen).
    pub value: String,
    /// The columns it appeared in.
    pub columns: Vec<String>,
    /// What it is not and what became of it (`"Atlantis" is not a country or region faralink
    /// knows; kept as written with the regions`).
    pub what: String,
    /// The lines (CSV) or array indexes (JSON) of the rows that hold it, in file order.
    pub lines: Vec<u64>,
}

/// A value of one row that could not be read (see [`Unread`]).
pub(super) struct RowNote {
    column: &'static str,
    value: String,
    /// `None` for a place (kept as region text), else why the value is not readable.
    problem: Option<ValueError>,
}

/// Rows and rejects as they are read, with repeated ids caught.
#[derive(Default)]
pub(super) struct Rows {
    parsed: Parsed,
    seen: HashMap<String, u64>,
    /// (what kind, column for non-places, lower-case value) → index in `parsed.unread`.
    unread: HashMap<(bool, &'static str, String), usize>,
}

impl Rows {
    /// A record not loaded.
    pub(super) fn reject(&mut self, line: u64, raw: String, reason: String) {
        self.parsed.records += 1;
        self.parsed.rejects.push(Reject { line, raw, reason });
    }

    /// A record read by [`takedown_from`]: loaded, or rejected (also when its id repeats an
    /// earlier row's).
    pub(super) fn push(
        &mut self,
        line: u64,
        raw: String,
        row: Result<(Takedown, Vec<RowNote>), RowError>,
    ) {
        match row {
            Err(reason) => self.reject(line, raw, reason.to_string()),
            Ok((t, notes)) => {
                if let Some(first) = self.seen.get(&t.takedown_id) {
                    let reason = format!(
                        "takedown_id {:?} repeats the row at {first}; ids must be unique",
                        t.takedown_id
                    );
                    self.reject(line, raw, reason);
                } else {
                    self.parsed.records += 1;
                    self.seen.insert(t.takedown_id.clone(), line);
                    self.parsed.takedowns.push(t);
                    for note in notes {
                        self.note(line, note);
                    }
                }
            }
        }
    }

    /// A value of a loaded row that could not be read, merged with the same value's earlier
    /// entry.
    fn note(&mut self, line: u64, note: RowNote) {
        let is_place = note.problem.is_none();
        let key = (
            is_place,
            if is_place { "" } else { note.column },
            note.value.to_lowercase(),
        );
        let i = *self.unread.entry(key).or_insert_with(|| {
            self.parsed.unread.push(Unread {
                value: note.value.clone(),
                columns: Vec::new(),
                what: note.problem.clone().map_or_else(
                    || {
                        format!(
                            "{:?} is not a country or region faralink knows; kept as written \
                             with the regions",
                            note.value
                        )
                    },
                    |p| format!("{p}; left empty and noted in import_notes"),
                ),
                lines: Vec::new(),
            });
            self.parsed.unread.len() - 1
        });
        let u = &mut self.parsed.unread[i];
        if !u.columns.iter().any(|c| c == note.column) {
            u.columns.push(note.column.to_string());
        }
        if u.lines.last() != Some(&line) {
            u.lines.push(line);
        }
    }

    /// What the file held.
    pub(super) fn finish(self) -> Parsed {
        self.parsed
    }
}

/// One row of the import format, given its cells by column name. The row is rejected only
/// when `takedown_id`, `platform` or `announced_on` is missing or unreadable (every such
/// problem is named in the error, so one look at the reject says all that is wrong with it).
/// Any other value faralink cannot read is kept as written and comes back as a [`RowNote`]:
/// a place as region text, a count or amount as a note in `import_notes`.
pub(super) fn takedown_from<'a>(
    cell: impl Fn(&str) -> &'a str,
    seps: &[char],
) -> Result<(Takedown, Vec<RowNote>), RowError> {
    let mut t = Takedown::default();
    let problems = required(&cell, &mut t);
    texts(&cell, seps, &mut t);
    let mut notes = places(&cell, &mut t);
    let unreadable = figures(&cell, &mut t);
    if let Some(e) = RowError::of(problems) {
        return Err(e);
    }
    if !unreadable.is_empty() {
        t.import_notes = Some(
            unreadable
                .iter()
                .map(|(col, e)| format!("{col}: {e}, left empty"))
                .collect::<Vec<_>>()
                .join("; "),
        );
    }
    notes.extend(unreadable.into_iter().map(|(col, e)| RowNote {
        column: col,
        value: cell(col).trim().to_string(),
        problem: Some(e),
    }));
    Ok((t, notes))
}

/// `takedown_id`, `platform` and `announced_on` into `t`; every one missing or unreadable is
/// a problem.
fn required<'a>(cell: &impl Fn(&str) -> &'a str, t: &mut Takedown) -> Vec<RowError> {
    let mut problems = Vec::new();
    let text = |c: &str| Some(cell(c).trim()).filter(|v| !v.is_empty());
    for (col, slot) in [
        ("takedown_id", &mut t.takedown_id),
        ("platform", &mut t.platform),
    ] {
        match text(col) {
            Some(v) => *slot = v.to_string(),
            None => problems.push(RowError::Missing(col)),
        }
    }
    match normalize::date(cell("announced_on")) {
        Ok(Some(d)) => t.announced_on = d,
        Ok(None) => problems.push(RowError::Missing("announced_on")),
        Err(e) => problems.push(RowError::BadDate(e)),
    }
    problems
}

/// The text columns into `t`, and `attributed_to` split on `seps`.
fn texts<'a>(cell: &impl Fn(&str) -> &'a str, seps: &[char], t: &mut Takedown) {
    let text = |c: &str| {
        Some(cell(c).trim())
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    t.network_name = text("network_name");
    t.attribution_text = text("attribution_text");
    t.summary = text("summary");
    t.source_url = text("source_url");
    t.attributed_to = cell("attributed_to")
        .split(|c| seps.contains(&c))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
}

/// `origin_countries` and `target_countries` into codes and regions (and the cell as written
/// when it says more); the values that are no place faralink knows, as notes.
fn places<'a>(cell: &impl Fn(&str) -> &'a str, t: &mut Takedown) -> Vec<RowNote> {
    let mut notes = Vec::new();
    for col in ["origin_countries", "target_countries"] {
        let raw = cell(col).trim();
        let p = normalize::places(raw);
        let (codes, regions, as_written) = if col == "origin_countries" {
            (
                &mut t.origin_countries,
                &mut t.origin_regions,
                &mut t.origin_as_written,
            )
        } else {
            (
                &mut t.target_countries,
                &mut t.target_regions,
                &mut t.target_as_written,
            )
        };
        // The cell as written, when it says more than the codes and regions stored ("Egypt
        // (Cairo)", "Venezuela; MX" stored as VE;MX): as foreign_principals keeps `country`
        // as filed next to `country_code`.
        let stored: Vec<&str> = p
            .countries
            .iter()
            .chain(&p.regions)
            .map(String::as_str)
            .collect();
        let given: Vec<&str> = raw
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        if given != stored {
            *as_written = Some(raw.to_string());
        }
        *codes = p.countries;
        *regions = p.regions;
        notes.extend(p.unknown.into_iter().map(|value| RowNote {
            column: col,
            value,
            problem: None,
        }));
    }
    notes
}

/// The counts and the ad spend into `t`; the columns whose value could not be read, and why.
fn figures<'a>(
    cell: &impl Fn(&str) -> &'a str,
    t: &mut Takedown,
) -> Vec<(&'static str, ValueError)> {
    let mut unreadable = Vec::new();
    for col in COUNT_COLUMNS {
        match normalize::count(cell(col)) {
            Ok(n) => {
                let slot = match col {
                    "fb_accounts" => &mut t.fb_accounts,
                    "fb_pages" => &mut t.fb_pages,
                    "fb_groups" => &mut t.fb_groups,
                    "ig_accounts" => &mut t.ig_accounts,
                    "other_accounts" => &mut t.other_accounts,
                    _ => &mut t.followers,
                };
                *slot = n;
            }
            Err(e) => unreadable.push((col, e)),
        }
    }
    match normalize::money(cell("ad_spend_usd")) {
        Ok(Some(m)) => {
            t.ad_spend_usd = m.usd;
            t.ad_spend_amount = Some(m.amount);
            t.ad_spend_currency = Some(m.currency.to_string());
            t.ad_spend_note = m.note;
        }
        Ok(None) => {}
        Err(e) => unreadable.push(("ad_spend_usd", e)),
    }
    unreadable
}
