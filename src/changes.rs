//! What each sync changed: the `changes` record, written as loads happen and read back.
//!
//! Recording ([`record_table`], [`record_takedown`], [`record_agreement`], [`LinkSnapshot`])
//! runs inside the transaction of the write it describes, so a rolled-back load leaves no
//! trace and a row is reported as added by exactly one run: the one that first stored it.
//! Reading ([`runs`], [`rows`], [`latest_run`]) picks the runs a [`Since`] covers and their
//! rows.
//!
//! For: the `changes` table and the sync runs a digest covers. Not for: presenting changes
//! (the digest: `digest`), deciding what a sync loads (`sync`, `fara::store`) or the watchlist
//! (`watch`).

use std::collections::BTreeMap;

use rusqlite::types::Value;
use rusqlite::{Connection, Transaction, params};
use serde::Serialize;

/// A table whose changes are recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Table {
    /// `registrants`: FARA registrations.
    Registrants,
    /// `foreign_principals`: the registrations' clients.
    ForeignPrincipals,
    /// `documents`: filings listed by DOJ.
    Documents,
    /// `agreements`: fees and terms read from Exhibits AB.
    Agreements,
    /// `takedowns`: platform takedown records.
    Takedowns,
    /// `links`: the matcher's links between registrants and takedowns.
    Links,
}

impl Table {
    /// Every table, in the order the digest lists them.
    pub const ALL: [Table; 6] = [
        Table::Registrants,
        Table::ForeignPrincipals,
        Table::Documents,
        Table::Agreements,
        Table::Takedowns,
        Table::Links,
    ];

    /// Its name in SQLite (and in `changes.table_name`).
    pub fn name(self) -> &'static str {
        match self {
            Table::Registrants => "registrants",
            Table::ForeignPrincipals => "foreign_principals",
            Table::Documents => "documents",
            Table::Agreements => "agreements",
            Table::Takedowns => "takedowns",
            Table::Links => "links",
        }
    }

    /// What its rows are, in words: "foreign principals".
    pub fn label(self) -> &'static str {
        match self {
            Table::ForeignPrincipals => "foreign principals",
            other => other.name(),
        }
    }

    /// The table named `name`, if its changes are recorded.
    pub fn parse(name: &str) -> Option<Table> {
        Table::ALL.into_iter().find(|t| t.name() == name)
    }
}

pub use crate::db::reconcile::RowChange;

/// What one load did to one table.
pub struct TableChanges<'a> {
    /// The table loaded.
    pub table: &'static str,
    /// Its columns, in the order of [`RowChange`] values.
    pub columns: &'static [&'static str],
    /// The table was empty before: one `loaded` row is recorded instead of every row.
    pub first_load: bool,
    /// How many rows the load inserted (the count a first load records).
    pub inserted: u64,
    /// The rows it inserted, updated or removed.
    pub rows: &'a [RowChange],
}

/// What kind of change a `changes` row records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// A row that is new.
    Added,
    /// A registration or principal that gained a termination date.
    Terminated,
    /// A row whose values changed.
    Changed,
    /// A row removed upstream (or a link the matcher no longer proposes).
    Removed,
    /// A first load of a whole table, recorded as its count.
    Loaded,
}

impl ChangeKind {
    /// The value stored in `changes.change`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Terminated => "terminated",
            ChangeKind::Changed => "changed",
            ChangeKind::Removed => "removed",
            ChangeKind::Loaded => "loaded",
        }
    }

    fn parse(s: &str) -> ChangeKind {
        match s {
            "added" => ChangeKind::Added,
            "terminated" => ChangeKind::Terminated,
            "removed" => ChangeKind::Removed,
            "loaded" => ChangeKind::Loaded,
            _ => ChangeKind::Changed,
        }
    }
}

/// One row of `changes`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeRow {
    /// The sync run that recorded it.
    pub run_id: i64,
    /// The source whose load it was (`fara:registrants`, `match`, ...).
    pub source: String,
    /// The table changed (see [`Table`]).
    pub table: String,
    /// The row's key.
    pub key: String,
    /// What happened to the row.
    pub change: ChangeKind,
    /// The registration it concerns, if any.
    pub registration_number: Option<i64>,
    /// That registration's name.
    pub registrant_name: Option<String>,
    /// The row's own name: a principal, a document type, a network, a takedown.
    pub name: Option<String>,
    /// ISO codes, `;`-separated.
    pub country_code: Option<String>,
    /// What the digest says about it: values, what changed, flagged dates.
    pub detail: serde_json::Value,
    /// When it was recorded (RFC 3339 UTC).
    pub recorded_at: String,
}

fn json_of(v: &Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Integer(i) => (*i).into(),
        Value::Real(r) => {
            serde_json::Number::from_f64(*r).map_or(serde_json::Value::Null, Into::into)
        }
        Value::Text(t) => t.clone().into(),
        Value::Blob(b) => hex::encode(b).into(),
    }
}

fn text_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Text(t) if !t.trim().is_empty() => Some(t.trim().to_string()),
        Value::Integer(i) => Some(i.to_string()),
        _ => None,
    }
}

fn int_of(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Integer(i) => Some(*i),
        Value::Text(t) => t.trim().parse().ok(),
        _ => None,
    }
}

/// Inserts one `changes` row.
#[allow(clippy::too_many_arguments)]
fn insert(
    tx: &Transaction,
    run_id: i64,
    source: &str,
    now: &str,
    table: &str,
    key: &str,
    change: ChangeKind,
    who: &Who,
    detail: &serde_json::Value,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO changes (run_id, source, table_name, row_key, change, registration_number, registrant_name, name, country_code, detail, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        run_id,
        source,
        table,
        key,
        change.as_str(),
        who.registration_number,
        who.registrant_name,
        who.name,
        who.country_code,
        detail.to_string(),
        now
    ])?;
    Ok(())
}

/// What a changed row is about, for the digest and the watchlist.
#[derive(Debug, Default)]
struct Who {
    registration_number: Option<i64>,
    registrant_name: Option<String>,
    name: Option<String>,
    country_code: Option<String>,
}

/// Records one load's changes to a FARA table (`registrants`, `foreign_principals`,
/// `documents`; other tables are not part of the record). Runs in the load's transaction.
pub fn record_table(
    tx: &Transaction,
    run_id: i64,
    source: &str,
    now: &str,
    what: &TableChanges,
) -> rusqlite::Result<()> {
    if !matches!(
        what.table,
        "registrants" | "foreign_principals" | "documents"
    ) {
        return Ok(());
    }
    if what.first_load && what.inserted > 0 {
        let detail = serde_json::json!({ "rows": what.inserted });
        insert(
            tx,
            run_id,
            source,
            now,
            what.table,
            "*",
            ChangeKind::Loaded,
            &Who::default(),
            &detail,
        )?;
    }
    let col = |name: &str| what.columns.iter().position(|c| *c == name);
    for r in what.rows {
        let Some(values) = r.after.as_ref().or(r.before.as_ref()) else {
            continue;
        };
        let get = |name: &str| col(name).and_then(|i| values.get(i));
        let who = match what.table {
            "registrants" => Who {
                registration_number: r.key.parse().ok(),
                registrant_name: text_of(get("name")),
                name: text_of(get("name")),
                country_code: None,
            },
            "foreign_principals" => Who {
                registration_number: int_of(get("registration_number")),
                registrant_name: text_of(get("registrant_name")),
                name: text_of(get("name")),
                country_code: text_of(get("country_code")),
            },
            _ => Who {
                registration_number: int_of(get("registration_number")),
                registrant_name: text_of(get("registrant_name")),
                name: text_of(get("document_type")),
                country_code: text_of(get("foreign_principal_country"))
                    .and_then(|c| crate::text::country::country_code(&c))
                    .map(str::to_string),
            },
        };
        let mut who = who;
        if who.registrant_name.is_none()
            && let Some(n) = who.registration_number
        {
            // The API's document and principal lists do not name the registrant.
            who.registrant_name = registrant_name(tx, n)?;
        }
        let (change, detail) = match (&r.before, &r.after) {
            (None, Some(after)) => (ChangeKind::Added, fields(what.columns, after)),
            (Some(before), Some(after)) => {
                let diff = diff(what.columns, before, after);
                let terminated = col("termination_date").is_some_and(|i| {
                    matches!(before.get(i), Some(Value::Null))
                        && matches!(after.get(i), Some(Value::Text(_)))
                });
                // The row as it is now, and what changed in it.
                let mut d = fields(what.columns, after);
                d["changed"] = diff;
                if r.reappeared {
                    d["reappeared"] = true.into();
                }
                if terminated {
                    (ChangeKind::Terminated, d)
                } else {
                    (ChangeKind::Changed, d)
                }
            }
            (Some(before), None) => (ChangeKind::Removed, fields(what.columns, before)),
            (None, None) => continue,
        };
        let mut detail = detail;
        flag_dates(what.columns, values, &mut detail);
        insert(
            tx, run_id, source, now, what.table, &r.key, change, &who, &detail,
        )?;
    }
    Ok(())
}

/// Marks, in a change's detail, the dates DOJ mistyped and faralink kept as filed
/// (`0222-03-31`, see [`crate::text::dates::as_filed_iso`]): `"flagged": {"termination_date": ...}`.
fn flag_dates(columns: &[&str], values: &[Value], detail: &mut serde_json::Value) {
    let mut flagged = serde_json::Map::new();
    for (c, v) in columns.iter().zip(values) {
        let is_date = c.ends_with("_date") || *c == "date_stamped";
        if let (true, Value::Text(t)) = (is_date, v)
            && !crate::text::dates::is_plausible_iso(t)
        {
            // DOJ's own spelling back: 0222-03-31 was filed as 03/31/0222.
            let filed = match t.splitn(3, '-').collect::<Vec<_>>()[..] {
                [y, m, d] => format!("{m}/{d}/{y}"),
                _ => t.clone(),
            };
            flagged.insert(
                (*c).to_string(),
                format!("filed as {filed}, not a valid date").into(),
            );
        }
    }
    if !flagged.is_empty() {
        detail["flagged"] = serde_json::Value::Object(flagged);
    }
}

fn registrant_name(tx: &Transaction, n: i64) -> rusqlite::Result<Option<String>> {
    use rusqlite::OptionalExtension;
    tx.prepare_cached("SELECT name FROM registrants WHERE registration_number = ?1")?
        .query_row([n], |r| r.get(0))
        .optional()
}

/// A row's non-empty fields as a JSON object.
fn fields(columns: &[&str], values: &[Value]) -> serde_json::Value {
    let mut m = serde_json::Map::new();
    for (c, v) in columns.iter().zip(values) {
        if !matches!(v, Value::Null) {
            m.insert((*c).to_string(), json_of(v));
        }
    }
    serde_json::Value::Object(m)
}

/// `{"column": [old, new]}` for each column that differs.
fn diff(columns: &[&str], before: &[Value], after: &[Value]) -> serde_json::Value {
    let mut m = serde_json::Map::new();
    for ((c, a), b) in columns.iter().zip(before).zip(after) {
        if a != b {
            m.insert(
                (*c).to_string(),
                serde_json::Value::Array(vec![json_of(a), json_of(b)]),
            );
        }
    }
    serde_json::Value::Object(m)
}

/// Records a takedown that a load inserted (`before` None) or changed, in its transaction.
/// `columns`/`values` are the takedowns columns the load writes.
pub fn record_takedown(
    tx: &Transaction,
    run_id: i64,
    source: &str,
    now: &str,
    columns: &[&str],
    before: Option<&[Value]>,
    after: &[Value],
) -> rusqlite::Result<()> {
    let get = |name: &str| {
        columns
            .iter()
            .position(|c| *c == name)
            .and_then(|i| after.get(i))
    };
    let countries: Vec<String> = ["origin_countries", "target_countries"]
        .iter()
        .filter_map(|c| text_of(get(c)))
        .flat_map(|s| s.split(';').map(str::to_string).collect::<Vec<_>>())
        .filter(|s| !s.is_empty())
        .collect();
    let who = Who {
        registration_number: None,
        registrant_name: None,
        name: text_of(get("network_name")),
        country_code: (!countries.is_empty()).then(|| countries.join(";")),
    };
    let key = text_of(get("takedown_id")).unwrap_or_default();
    let (change, detail) = match before {
        None => (ChangeKind::Added, fields(columns, after)),
        Some(b) => {
            let mut d = fields(columns, after);
            d["changed"] = diff(columns, b, after);
            (ChangeKind::Changed, d)
        }
    };
    insert(
        tx,
        run_id,
        source,
        now,
        "takedowns",
        &key,
        change,
        &who,
        &detail,
    )
}

/// Records that a takedown load into an empty table stored `rows` rows.
pub fn record_first_load(
    tx: &Transaction,
    run_id: i64,
    source: &str,
    now: &str,
    table: &str,
    rows: u64,
) -> rusqlite::Result<()> {
    insert(
        tx,
        run_id,
        source,
        now,
        table,
        "*",
        ChangeKind::Loaded,
        &Who::default(),
        &serde_json::json!({ "rows": rows }),
    )
}

/// The agreement fields the digest reports, as read from `agreements`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgreementTerms {
    /// The registration.
    pub registration_number: Option<i64>,
    /// The client.
    pub foreign_principal: Option<String>,
    /// The fee.
    pub fee_amount: Option<f64>,
    /// Its currency.
    pub fee_currency: Option<String>,
    /// `total`, `month`, `hour`, `year` or `other`.
    pub fee_period: Option<String>,
    /// When the agreement starts.
    pub term_start: Option<String>,
    /// When it ends.
    pub term_end: Option<String>,
    /// Its length in months.
    pub term_months: Option<f64>,
}

impl AgreementTerms {
    /// The agreement stored for `url`, if any.
    pub fn read(tx: &Transaction, url: &str) -> rusqlite::Result<Option<AgreementTerms>> {
        use rusqlite::OptionalExtension;
        tx.query_row(
            "SELECT registration_number, foreign_principal, fee_amount, fee_currency, fee_period, term_start, term_end, term_months
             FROM agreements WHERE document_url = ?1 ORDER BY id LIMIT 1",
            [url],
            |r| {
                Ok(AgreementTerms {
                    registration_number: r.get(0)?,
                    foreign_principal: r.get(1)?,
                    fee_amount: r.get(2)?,
                    fee_currency: r.get(3)?,
                    fee_period: r.get(4)?,
                    term_start: r.get(5)?,
                    term_end: r.get(6)?,
                    term_months: r.get(7)?,
                })
            },
        )
        .optional()
    }
}

/// Records a document's agreement as added, changed or removed after its fields were read
/// (again), in the transaction that stored them. Nothing is recorded when it is the same.
pub fn record_agreement(
    tx: &Transaction,
    run_id: i64,
    source: &str,
    url: &str,
    before: Option<&AgreementTerms>,
    after: Option<&AgreementTerms>,
) -> rusqlite::Result<()> {
    let change = match (before, after) {
        (None, Some(_)) => ChangeKind::Added,
        (Some(b), Some(a)) if a != b => ChangeKind::Changed,
        (Some(_), None) => ChangeKind::Removed,
        _ => return Ok(()),
    };
    let Some(terms) = after.or(before) else {
        return Ok(());
    };
    let registrant_name = match terms.registration_number {
        Some(n) => registrant_name(tx, n)?,
        None => None,
    };
    let mut detail = serde_json::to_value(terms).unwrap_or_default();
    detail["document_url"] = url.into();
    if let (ChangeKind::Changed, Some(b)) = (change, before) {
        detail["before"] = serde_json::to_value(b).unwrap_or_default();
    }
    let who = Who {
        registration_number: terms.registration_number,
        registrant_name,
        name: terms.foreign_principal.clone(),
        country_code: None,
    };
    insert(
        tx,
        run_id,
        source,
        &crate::db::now_rfc3339(),
        "agreements",
        url,
        change,
        &who,
        &detail,
    )
}

/// One link as the record compares it.
#[derive(Debug, Clone, PartialEq)]
struct LinkState {
    registration_number: Option<i64>,
    foreign_principal: Option<String>,
    takedown_id: Option<String>,
    kind: String,
    score: f64,
}

/// The links before a sync's stages, to record afterwards which links are new, changed (kind
/// or score) or gone. Generic over whatever writes `links` (the matcher): take it before,
/// [`LinkSnapshot::record`] after, in the transaction that rewrote the links when possible.
#[derive(Debug, Clone, Default)]
pub struct LinkSnapshot(BTreeMap<i64, LinkState>);

impl LinkSnapshot {
    /// Reads every link.
    pub fn take(conn: &Connection) -> rusqlite::Result<LinkSnapshot> {
        let mut stmt = conn.prepare(
            "SELECT link_id, registration_number, foreign_principal, takedown_id, kind, score FROM links",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                LinkState {
                    registration_number: r.get(1)?,
                    foreign_principal: r.get(2)?,
                    takedown_id: r.get(3)?,
                    kind: r.get(4)?,
                    score: r.get(5)?,
                },
            ))
        })?;
        Ok(LinkSnapshot(rows.collect::<Result<_, _>>()?))
    }

    /// Records, in `tx`, how the links now differ from this snapshot. Returns how many
    /// changes were recorded.
    ///
    /// Only what a person should read is recorded (the links are faralink's own guesses, not
    /// DOJ's rows, and most are weak): a first match records one `loaded` row with the count,
    /// plus each link at or above `threshold` (the matcher's lead threshold); later, a link is added or removed when it
    /// is (or was) at or above the threshold, and changed when it crosses the threshold,
    /// changes kind, or moves by [`LINK_SCORE_STEP`] or more. The 2023→2025 digest listed 33
    /// links "changed" from 0.757 to 0.756, and a first sync 1,794 weak links.
    pub fn record(
        &self,
        tx: &Transaction,
        run_id: i64,
        source: &str,
        threshold: f64,
    ) -> rusqlite::Result<u64> {
        // Read through the transaction's connection.
        let now_links = LinkSnapshot::take(tx)?;
        let now = crate::db::now_rfc3339();
        let mut n = 0;
        let name_of = |reg: Option<i64>| -> Option<String> {
            reg.and_then(|r| registrant_name(tx, r).ok().flatten())
        };
        let detail = |l: &LinkState| {
            serde_json::json!({
                "takedown_id": l.takedown_id,
                "foreign_principal": l.foreign_principal,
                "kind": l.kind,
                "score": l.score,
            })
        };
        let first_load = self.0.is_empty() && !now_links.0.is_empty();
        if first_load {
            let strong = now_links
                .0
                .values()
                .filter(|l| l.is_lead(threshold))
                .count();
            insert(
                tx,
                run_id,
                source,
                &now,
                "links",
                "*",
                ChangeKind::Loaded,
                &Who::default(),
                &serde_json::json!({ "rows": now_links.0.len(), "at_or_above_threshold": strong }),
            )?;
            n += 1;
        }
        let put = |id: i64, l: &LinkState, change: ChangeKind, mut d: serde_json::Value| {
            d["link_id"] = id.into();
            let who = Who {
                registration_number: l.registration_number,
                registrant_name: name_of(l.registration_number),
                name: l.takedown_id.clone(),
                country_code: None,
            };
            insert(
                tx,
                run_id,
                source,
                &now,
                "links",
                &id.to_string(),
                change,
                &who,
                &d,
            )
        };
        for (id, new) in &now_links.0 {
            let (change, d) = match self.0.get(id) {
                None if new.is_lead(threshold) => (ChangeKind::Added, detail(new)),
                None => continue,
                Some(old) if link_changed(old, new, threshold) => {
                    let mut d = detail(new);
                    d["before"] = serde_json::json!({ "kind": old.kind, "score": old.score });
                    (ChangeKind::Changed, d)
                }
                Some(_) => continue,
            };
            put(*id, new, change, d)?;
            n += 1;
        }
        for (id, old) in &self.0 {
            if now_links.0.contains_key(id) || !old.is_lead(threshold) {
                continue;
            }
            put(*id, old, ChangeKind::Removed, detail(old))?;
            n += 1;
        }
        Ok(n)
    }
}

/// The smallest move of a link's score the digest reports.
pub const LINK_SCORE_STEP: f64 = 0.05;

impl LinkState {
    fn is_lead(&self, threshold: f64) -> bool {
        self.score >= threshold
    }
}

/// Whether a link changed enough to be news: it crossed the threshold, changed kind, or
/// moved by [`LINK_SCORE_STEP`] or more. Pure.
fn link_changed(old: &LinkState, new: &LinkState, threshold: f64) -> bool {
    old.kind != new.kind
        || old.is_lead(threshold) != new.is_lead(threshold)
        // Scores are rounded to 3 decimals: 0.05 apart may be 0.0499999 in binary.
        || (old.score - new.score).abs() >= LINK_SCORE_STEP - 1e-9
}

/// Which runs a digest covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Since {
    /// One run.
    Run(i64),
    /// This run and every later one.
    FromRun(i64),
    /// Runs that recorded changes on or after this UTC date.
    FromDate(jiff::civil::Date),
}

/// `--since` given something that is neither a run id nor a date: give one of those.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected a run id (12) or a date (2025-04-11), got {0:?}")]
pub struct SinceError(pub String);

impl std::str::FromStr for Since {
    type Err = SinceError;
    /// `--since`: a run id (`12`) or a date (`2025-04-11`).
    fn from_str(s: &str) -> Result<Since, SinceError> {
        let s = s.trim();
        if let Ok(n) = s.parse::<i64>() {
            return Ok(Since::FromRun(n));
        }
        s.parse::<jiff::civil::Date>()
            .map(Since::FromDate)
            .map_err(|_| SinceError(s.to_string()))
    }
}

/// The latest sync run, if any.
pub fn latest_run(conn: &Connection) -> rusqlite::Result<Option<i64>> {
    conn.query_row("SELECT max(run_id) FROM sync_runs", [], |r| r.get(0))
}

/// When sync run `run_id` started (its first source), if there is such a run.
pub fn run_started_at(conn: &Connection, run_id: i64) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT min(started_at) FROM sync_runs WHERE run_id = ?1",
        [run_id],
        |r| r.get(0),
    )
}

/// The runs `since` covers, oldest first.
pub fn runs(conn: &Connection, since: &Since) -> rusqlite::Result<Vec<i64>> {
    let (sql, arg) = match since {
        Since::Run(n) => (
            "SELECT DISTINCT run_id FROM sync_runs WHERE run_id = ?1 ORDER BY run_id",
            n.to_string(),
        ),
        Since::FromRun(n) => (
            "SELECT DISTINCT run_id FROM sync_runs WHERE run_id >= ?1 ORDER BY run_id",
            n.to_string(),
        ),
        Since::FromDate(d) => (
            "SELECT DISTINCT run_id FROM sync_runs WHERE started_at >= ?1 ORDER BY run_id",
            d.to_string(),
        ),
    };
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([arg], |r| r.get(0))?;
    rows.collect()
}

/// The `changes` rows of `runs`, in recording order.
pub fn rows(conn: &Connection, runs: &[i64]) -> rusqlite::Result<Vec<ChangeRow>> {
    let (Some(first), Some(last)) = (runs.first(), runs.last()) else {
        return Ok(Vec::new());
    };
    let mut stmt = conn.prepare(
        "SELECT run_id, source, table_name, row_key, change, registration_number, registrant_name, name, country_code, detail, recorded_at
         FROM changes WHERE run_id BETWEEN ?1 AND ?2 ORDER BY id",
    )?;
    let rows = stmt.query_map([first, last], |r| {
        let detail: Option<String> = r.get(9)?;
        Ok(ChangeRow {
            run_id: r.get(0)?,
            source: r.get(1)?,
            table: r.get(2)?,
            key: r.get(3)?,
            change: ChangeKind::parse(&r.get::<_, String>(4)?),
            registration_number: r.get(5)?,
            registrant_name: r.get(6)?,
            name: r.get(7)?,
            country_code: r.get(8)?,
            detail: detail
                .and_then(|d| serde_json::from_str(&d).ok())
                .unwrap_or(serde_json::Value::Null),
            recorded_at: r.get(10)?,
        })
    })?;
    let set: std::collections::HashSet<i64> = runs.iter().copied().collect();
    Ok(rows
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|r| set.contains(&r.run_id))
        .collect())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn row(
        table: &str,
        change: ChangeKind,
        key: &str,
        reg: Option<i64>,
        name: &str,
    ) -> ChangeRow {
        ChangeRow {
            run_id: 2,
            source: "test".into(),
            table: table.into(),
            key: key.into(),
            change,
            registration_number: reg,
            registrant_name: Some(name.into()),
            name: Some(name.into()),
            country_code: None,
            detail: serde_json::json!({}),
            recorded_at: "2025-04-11T06:00:00Z".into(),
        }
    }

    #[test]
    fn table_names_round_trip() {
        for t in Table::ALL {
            assert_eq!(Table::parse(t.name()), Some(t));
        }
        assert_eq!(Table::parse("rejects"), None);
    }

    #[test]
    fn since_takes_a_run_or_a_date() {
        assert_eq!("12".parse::<Since>(), Ok(Since::FromRun(12)));
        assert_eq!(
            "2025-04-11".parse::<Since>(),
            Ok(Since::FromDate("2025-04-11".parse().unwrap()))
        );
        assert!("yesterday".parse::<Since>().is_err());
    }
}
