//! Storing parsed FARA records in SQLite: one bulk file's rows reconciled against what the
//! database already holds, inside the caller's transaction.
//!
//! Reconciling, not replacing: a row keeps `first_seen_at` from the first sync that saw it
//! (DOJ publishes filings days late with earlier stamps, so its own dates cannot say when a
//! filing became public); a changed row is updated in place; a row that disappeared upstream
//! gets `removed_at` and is never deleted. Counts of inserted/updated/unchanged/removed rows
//! come back to the caller for `sync_runs`.
//!
//! Not for: fetching or parsing (see `fetch`, `fara`), or deciding whether to load at all
//! (see `sync`).

use std::collections::{HashMap, HashSet};

use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, Transaction, params};
use xxhash_rust::xxh3::xxh3_64;

use crate::fara::bulk::{
    Address, BulkKind, FieldIssue, ForeignPrincipal, Parsed, ParsedFile, Registrant, RegistrantDoc,
    Reject, ShortForm,
};
use crate::text::names;

mod borrowed;
pub mod ids;
use borrowed::BorrowedStatement;

/// What one load did, for `sync_runs` and the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct LoadCounts {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub removed: u64,
    pub rejected: u64,
    pub repaired: u64,
}

/// Which rows a load may mark as removed: rows that came from the same kind of input.
/// Registrations learned from the API are not in the bulk file yet, so a bulk load must not
/// mark them removed; a later bulk file that lists them takes them over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Bulk,
    Api,
}

impl Origin {
    fn as_str(self) -> &'static str {
        match self {
            Origin::Bulk => "bulk",
            Origin::Api => "api",
        }
    }
}

/// A row's stable key: the registration number, a row id ([`ids`]) or a URL.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Key {
    Int(i64),
    Text(String),
}

impl rusqlite::ToSql for Key {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        match self {
            Key::Int(i) => i.to_sql(),
            Key::Text(t) => t.to_sql(),
        }
    }
}

impl rusqlite::types::FromSql for Key {
    fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        match v {
            rusqlite::types::ValueRef::Integer(i) => Ok(Key::Int(i)),
            other => Ok(Key::Text(String::column_result(other)?)),
        }
    }
}

/// One row ready for the database: its stable key, its content columns, and a hash of them.
struct Row {
    key: Key,
    values: Vec<Value>,
    hash: i64,
}

/// A table's shape as the reconciler needs it.
struct Table {
    name: &'static str,
    key: &'static str,
    columns: &'static [&'static str],
    /// Whether rows record where they came from (bulk file or API); see [`Origin`].
    has_origin: bool,
}

fn text(s: Option<String>) -> Value {
    s.map_or(Value::Null, Value::Text)
}

/// A hash of a row's content, to tell a changed row from an unchanged one without reading it
/// back. Stable across faralink versions (xxh3 is a fixed algorithm), unlike std's hasher: the
/// xxh3 of the values' bytes, each tagged with its type and, for text and blobs, its length,
/// cut to 53 bits like every stored integer ([`ids::json_safe`]). The bytes go into one buffer hashed at once (the same hash as feeding them to a streaming
/// hasher piece by piece, at a third of the cost: measured with callgrind).
pub(crate) fn hash_values(values: &[Value]) -> i64 {
    thread_local! {
        static BYTES: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BYTES.with_borrow_mut(|b| {
        b.clear();
        for v in values {
            match v {
                Value::Null => b.push(0),
                Value::Integer(i) => {
                    b.push(1);
                    b.extend_from_slice(&i.to_le_bytes());
                }
                Value::Real(r) => {
                    b.push(2);
                    b.extend_from_slice(&r.to_le_bytes());
                }
                Value::Text(t) => {
                    b.push(3);
                    b.extend_from_slice(&(t.len() as u64).to_le_bytes());
                    b.extend_from_slice(t.as_bytes());
                }
                Value::Blob(x) => {
                    b.push(4);
                    b.extend_from_slice(&(x.len() as u64).to_le_bytes());
                    b.extend_from_slice(x);
                }
            }
        }
        ids::json_safe(xxh3_64(b))
    })
}

fn row(key: Key, values: Vec<Value>) -> Row {
    let hash = hash_values(&values);
    Row { key, values, hash }
}

fn address(a: Address) -> [Value; 5] {
    [
        text(a.address_1),
        text(a.address_2),
        text(a.city),
        text(a.state),
        text(a.zip),
    ]
}

/// Numbers repeated pseudo-URLs: the n-th document of the same registrant, type and date that
/// exists only at DOJ's public office is `...-n`.
#[derive(Default)]
struct Occurrences(HashMap<String, u32>);

impl Occurrences {
    fn nth(&mut self, natural: String) -> String {
        let n = self.0.entry(natural.clone()).or_insert(0);
        *n += 1;
        format!("{natural}-{n}")
    }
}

static REGISTRANTS: Table = Table {
    name: "registrants",
    key: "registration_number",
    columns: &[
        "name",
        "business_name",
        "registration_date",
        "termination_date",
        "address_1",
        "address_2",
        "city",
        "state",
        "zip",
    ],
    has_origin: true,
};

static FOREIGN_PRINCIPALS: Table = Table {
    name: "foreign_principals",
    key: "id",
    columns: &[
        "registration_number",
        "registrant_name",
        "registrant_date",
        "name",
        "country",
        "country_code",
        "registration_date",
        "termination_date",
        "address_1",
        "address_2",
        "city",
        "state",
        "zip",
    ],
    has_origin: true,
};

static SHORT_FORMS: Table = Table {
    name: "short_forms",
    key: "id",
    columns: &[
        "registration_number",
        "registrant_name",
        "last_name",
        "first_name",
        "short_form_date",
        "termination_date",
        "registration_date",
        "address_1",
        "address_2",
        "city",
        "state",
        "zip",
    ],
    has_origin: false,
};

static DOCUMENTS: Table = Table {
    name: "documents",
    key: "url",
    columns: &[
        "registration_number",
        "registrant_name",
        "document_type",
        "date_stamped",
        "short_form_name",
        "foreign_principal_name",
        "foreign_principal_country",
    ],
    has_origin: true,
};

/// A registrant's row; its values take the parsed strings over (no copies).
fn registrant_row(r: Registrant) -> Row {
    let mut v = Vec::with_capacity(REGISTRANTS.columns.len());
    v.extend([
        Value::Text(r.name),
        text(r.business_name),
        text(r.registration_date),
        text(r.termination_date),
    ]);
    v.extend(address(r.address));
    row(Key::Int(r.registration_number), v)
}

/// A principal's row, keyed 0 until [`with_ids`] gives it its id.
fn foreign_principal_row(fp: ForeignPrincipal) -> Row {
    let mut v = Vec::with_capacity(FOREIGN_PRINCIPALS.columns.len());
    v.extend([
        Value::Integer(fp.registration_number),
        Value::Text(fp.registrant_name),
        text(fp.registrant_date),
        Value::Text(fp.name),
        text(fp.country),
        fp.country_code
            .map_or(Value::Null, |c| Value::Text(c.to_string())),
        text(fp.registration_date),
        text(fp.termination_date),
    ]);
    v.extend(address(fp.address));
    row(Key::Int(0), v)
}

/// Gives rows their stable ids ([`ids`]) from their natural keys; returns the ids in row
/// order. Rows sharing a natural key are told apart by the hash of their `settled` columns
/// (those a daily file rarely changes: not the termination date), then of the whole row.
fn with_ids(
    rows: &mut [Row],
    natural_key: impl Fn(&[Value]) -> String,
    settled: &[usize],
) -> Vec<i64> {
    let mut values = Vec::with_capacity(settled.len());
    let keyed: Vec<(String, i64, i64)> = rows
        .iter()
        .map(|r| {
            values.clear();
            values.extend(settled.iter().filter_map(|&i| r.values.get(i)).cloned());
            let settled = hash_values(&values);
            (natural_key(&r.values), settled, r.hash)
        })
        .collect();
    let assigned = ids::assign(&keyed);
    for (r, &id) in rows.iter_mut().zip(&assigned) {
        r.key = Key::Int(id);
    }
    assigned
}

fn value_text(v: Option<&Value>) -> Option<&str> {
    match v {
        Some(Value::Text(t)) => Some(t),
        _ => None,
    }
}

fn value_int(v: Option<&Value>) -> i64 {
    match v {
        Some(Value::Integer(i)) => *i,
        _ => 0,
    }
}

/// A principal's country and address (in [`FOREIGN_PRINCIPALS`]' column order): what tells
/// apart two principals of one name, registration and date (migration 0007 orders them by
/// the same columns).
const PRINCIPAL_SETTLED: &[usize] = &[4, 5, 8, 9, 10, 11, 12];

/// A short form's registration date and address (in [`SHORT_FORMS`]' column order).
const SHORT_FORM_SETTLED: &[usize] = &[6, 7, 8, 9, 10, 11];

/// A principal row's natural key, from its values in [`FOREIGN_PRINCIPALS`]' column order.
fn principal_natural_key(v: &[Value]) -> String {
    ids::principal_key(
        value_int(v.first()),
        value_text(v.get(3)).unwrap_or(""),
        value_text(v.get(6)),
    )
}

/// A short form row's natural key, from its values in [`SHORT_FORMS`]' column order.
fn short_form_natural_key(v: &[Value]) -> String {
    ids::short_form_key(
        value_int(v.first()),
        value_text(v.get(2)).unwrap_or(""),
        value_text(v.get(3)),
        value_text(v.get(4)),
    )
}

fn short_form_row(s: &ShortForm) -> Row {
    let s = s.clone();
    let mut v = vec![
        Value::Integer(s.registration_number),
        Value::Text(s.registrant_name),
        Value::Text(s.last_name),
        text(s.first_name),
        text(s.short_form_date),
        text(s.termination_date),
        text(s.registration_date),
    ];
    v.extend(address(s.address));
    row(Key::Int(0), v)
}

/// The key of a listed document: its URL, or for a document that exists only at DOJ's public
/// office a stable pseudo-URL that can never be fetched (`fara-public-office:` is not a web
/// scheme). The n-th such document of a registrant, type and date is `...-n`.
fn document_row(d: &RegistrantDoc, occ: &mut Occurrences) -> (Row, &'static str) {
    let url = match &d.url {
        Some(u) => u.clone(),
        None => {
            let slug = d
                .document_type
                .as_deref()
                .unwrap_or("Document")
                .replace(' ', "-");
            let date = d.date_stamped.as_deref().unwrap_or("").replace('-', "");
            let natural = format!(
                "fara-public-office:{}-{}-{}",
                d.registration_number, slug, date
            );
            occ.nth(natural)
        }
    };
    let v = vec![
        Value::Integer(d.registration_number),
        Value::Text(d.registrant_name.clone()),
        text(d.document_type.clone()),
        text(d.date_stamped.clone()),
        text(d.short_form_name.clone()),
        text(d.foreign_principal_name.clone()),
        text(d.foreign_principal_country.clone()),
    ];
    (row(Key::Text(url), v), d.status)
}

/// What [`reconcile`] did to which rows, for the `changes` record.
struct Reconciled {
    counts: LoadCounts,
    /// The table was empty before this load (a first sync): its rows are not listed one by one.
    first_load: bool,
    /// The table held live rows of another origin (a bulk load: rows learned from the API).
    other_origin: bool,
    changes: Vec<crate::changes::RowChange>,
}

/// Reconciles `rows` with `table`. Rows of `origin` that exist in the table but not in `rows`
/// are marked removed when `mark_removed` (a full file); a partial input (one API response)
/// passes false. Each inserted, updated and removed row is returned with its values before
/// and after, for the `changes` record written in the same transaction.
fn reconcile(
    tx: &Transaction,
    table: &Table,
    rows: &[Row],
    extra_insert: &[(&str, Vec<Value>)],
    origin: Origin,
    mark_removed: bool,
    now: &str,
) -> rusqlite::Result<Reconciled> {
    let mut counts = LoadCounts::default();
    let mut changes = Vec::new();
    // What the table holds: key → (hash, removed?, from this origin?).
    let origin_expr = if table.has_origin {
        "origin = ?1"
    } else {
        "?1 = ?1"
    };
    let mut existing: HashMap<Key, (i64, bool, bool)> = HashMap::new();
    {
        let mut stmt = tx.prepare(&format!(
            "SELECT {}, row_hash, removed_at IS NOT NULL, {origin_expr} FROM {}",
            table.key, table.name
        ))?;
        let mut q = stmt.query([origin.as_str()])?;
        while let Some(r) = q.next()? {
            existing.insert(r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?));
        }
    }
    let n = table.columns.len();
    let cols = table.columns.join(", ");
    let origin_set = if table.has_origin {
        format!(", origin = '{}'", origin.as_str())
    } else {
        String::new()
    };
    let set: String = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ?{}, ", i + 2))
        .collect();
    let update_sql = format!(
        "UPDATE {t} SET {set}row_hash = ?{h}, changed_at = ?{now}, removed_at = NULL{origin_set} WHERE {k} = ?1",
        t = table.name,
        k = table.key,
        h = n + 2,
        now = n + 3,
    );
    // Loading into an empty table (the first sync), SQLite builds an index faster in one sort
    // afterwards than row by row; the index definitions come back from sqlite_master, so the
    // schema stays in the migrations.
    let rebuild_indexes = if existing.is_empty() && rows.len() > 1000 {
        suspend_indexes(tx, table.name)?
    } else {
        Vec::new()
    };
    let mut insert = BatchInsert::new(tx, table, extra_insert, origin)?;
    let mut update = tx.prepare(&update_sql)?;
    // The values a changed or removed row had, read just before it is overwritten: few rows
    // change between two syncs, so one keyed read each costs little.
    let mut read_old = tx.prepare(&format!(
        "SELECT {cols} FROM {t} WHERE {k} = ?1",
        t = table.name,
        k = table.key,
    ))?;
    let mut old_values = |key: &Key| -> rusqlite::Result<Vec<Value>> {
        read_old.query_row([key], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())
    };
    let mut seen: HashSet<&Key> = HashSet::with_capacity(rows.len());
    let mut params: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(n + 3 + extra_insert.len());
    // Write in key order: row ids are hashes, and inserting them in file order would land each
    // row on a random B-tree page (page splits and cache misses were a third of a first load,
    // measured with callgrind); in order, each insert appends.
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_unstable_by(|&a, &b| rows[a].key.cmp(&rows[b].key));
    for i in order {
        let r = &rows[i];
        seen.insert(&r.key);
        let old = existing.get(&r.key);
        if matches!(old, Some((hash, false, _)) if *hash == r.hash) {
            counts.unchanged += 1;
            continue;
        }
        params.clear();
        params.push(&r.key);
        params.extend(r.values.iter().map(|v| v as &dyn rusqlite::ToSql));
        params.push(&r.hash);
        params.push(&now);
        if let Some((_, was_removed, _)) = old {
            let before = old_values(&r.key)?;
            update.execute(params.as_slice())?;
            counts.updated += 1;
            changes.push(crate::changes::RowChange {
                key: key_text(&r.key),
                before: Some(before),
                after: Some(r.values.clone()),
                reappeared: *was_removed,
            });
        } else {
            insert.push(i, rows, now)?;
            counts.inserted += 1;
            if !existing.is_empty() {
                changes.push(crate::changes::RowChange {
                    key: key_text(&r.key),
                    before: None,
                    after: Some(r.values.clone()),
                    reappeared: false,
                });
            }
        }
    }
    insert.finish(rows, now)?;
    for sql in &rebuild_indexes {
        tx.execute(sql, [])?;
    }
    if mark_removed {
        let mut remove = tx.prepare(&format!(
            "UPDATE {} SET removed_at = ?2, changed_at = ?2 WHERE {} = ?1",
            table.name, table.key
        ))?;
        let mut gone: Vec<&Key> = existing
            .iter()
            .filter(|(key, (_, removed, same_origin))| {
                !removed && *same_origin && !seen.contains(key)
            })
            .map(|(key, _)| key)
            .collect();
        gone.sort_unstable();
        for key in gone {
            let before = old_values(key)?;
            remove.execute(params![key, now])?;
            counts.removed += 1;
            changes.push(crate::changes::RowChange {
                key: key_text(key),
                before: Some(before),
                after: None,
                reappeared: false,
            });
        }
    }
    Ok(Reconciled {
        counts,
        first_load: existing.is_empty(),
        other_origin: existing
            .values()
            .any(|(_, removed, same_origin)| !removed && !same_origin),
        changes,
    })
}

/// Inserts rows [`BatchInsert::ROWS`] at a time, with one multi-row `INSERT ... VALUES`
/// statement: per statement, SQLite opens its cursor, seeks from the B-tree's root and
/// finishes once, so one row per statement paid that ~24,000 times on a first load; with many
/// rows, rows written in key order append to the cursor's last page (measured with callgrind:
/// a third of the insert cost).
struct BatchInsert<'t> {
    tx: &'t Connection,
    table: &'t Table,
    /// The insert-only columns (`documents.status`) and each row's value.
    extra: &'t [(&'t str, Vec<Value>)],
    origin: Origin,
    full: BorrowedStatement<'t>,
    /// Indices into the rows of those waiting to be inserted.
    pending: Vec<usize>,
}

impl<'t> BatchInsert<'t> {
    const ROWS: usize = 64;

    fn new(
        tx: &'t Connection,
        table: &'t Table,
        extra: &'t [(&'t str, Vec<Value>)],
        origin: Origin,
    ) -> rusqlite::Result<Self> {
        let full = BorrowedStatement::prepare(tx, &Self::sql(table, extra, origin, Self::ROWS))?;
        Ok(BatchInsert {
            tx,
            table,
            extra,
            origin,
            full,
            pending: Vec::with_capacity(Self::ROWS),
        })
    }

    /// The statement inserting `rows` rows. Parameters: ?1 the time, then per row its key, its
    /// columns, its hash and its insert-only extras.
    fn sql(table: &Table, extra: &[(&str, Vec<Value>)], origin: Origin, rows: usize) -> String {
        use std::fmt::Write;
        let per_row = table.columns.len() + 2 + extra.len();
        let mut sql = format!(
            "INSERT INTO {} ({}, {}, row_hash, first_seen_at, changed_at",
            table.name,
            table.key,
            table.columns.join(", ")
        );
        for (c, _) in extra {
            let _ = write!(sql, ", {c}");
        }
        if table.has_origin {
            sql.push_str(", origin");
        }
        sql.push_str(") VALUES ");
        for r in 0..rows {
            let base = 1 + r * per_row;
            sql.push_str(if r == 0 { "(" } else { ", (" });
            for p in 0..table.columns.len() + 2 {
                let _ = write!(sql, "?{}, ", base + 1 + p);
            }
            sql.push_str("?1, ?1");
            for p in 0..extra.len() {
                let _ = write!(sql, ", ?{}", base + table.columns.len() + 3 + p);
            }
            if table.has_origin {
                let _ = write!(sql, ", '{}'", origin.as_str());
            }
            sql.push(')');
        }
        sql
    }

    fn push(&mut self, i: usize, rows: &[Row], now: &str) -> rusqlite::Result<()> {
        self.pending.push(i);
        if self.pending.len() == Self::ROWS {
            Self::execute(&mut self.full, &self.pending, rows, self.extra, now)?;
            self.pending.clear();
        }
        Ok(())
    }

    /// Inserts the rows still pending.
    fn finish(&mut self, rows: &[Row], now: &str) -> rusqlite::Result<()> {
        if !self.pending.is_empty() {
            let sql = Self::sql(self.table, self.extra, self.origin, self.pending.len());
            let mut stmt = BorrowedStatement::prepare(self.tx, &sql)?;
            Self::execute(&mut stmt, &self.pending, rows, self.extra, now)?;
            self.pending.clear();
        }
        Ok(())
    }

    fn execute(
        stmt: &mut BorrowedStatement,
        pending: &[usize],
        rows: &[Row],
        extra: &[(&str, Vec<Value>)],
        now: &str,
    ) -> rusqlite::Result<()> {
        let per_row = rows.first().map_or(0, |r| r.values.len()) + 2 + extra.len();
        let mut params: Vec<ValueRef> = Vec::with_capacity(1 + pending.len() * per_row);
        params.push(ValueRef::Text(now.as_bytes()));
        for &i in pending {
            let r = &rows[i];
            params.push(match &r.key {
                Key::Int(k) => ValueRef::Integer(*k),
                Key::Text(t) => ValueRef::Text(t.as_bytes()),
            });
            params.extend(r.values.iter().map(ValueRef::from));
            params.push(ValueRef::Integer(r.hash));
            params.extend(extra.iter().map(|(_, vals)| ValueRef::from(&vals[i])));
        }
        stmt.execute(params)
    }
}

fn key_text(key: &Key) -> String {
    match key {
        Key::Int(i) => i.to_string(),
        Key::Text(t) => t.clone(),
    }
}

/// Writes what a reconcile did into `changes`, in the load's transaction.
fn record(
    tx: &Transaction,
    ctx: &LoadContext,
    table: &Table,
    done: &Reconciled,
) -> rusqlite::Result<()> {
    let what = crate::changes::TableChanges {
        table: table.name,
        columns: table.columns,
        first_load: done.first_load,
        inserted: done.counts.inserted,
        rows: &done.changes,
    };
    crate::changes::record_table(tx, ctx.run_id, ctx.source, ctx.now, &what)
}

/// Drops `table`'s own indexes (not those SQLite makes for keys) and returns the statements
/// that recreate them.
fn suspend_indexes(tx: &Transaction, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = tx.prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL",
    )?;
    let indexes: Vec<(String, String)> = stmt
        .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (name, _) in &indexes {
        tx.execute(&format!("DROP INDEX \"{name}\""), [])?;
    }
    Ok(indexes.into_iter().map(|(_, sql)| sql).collect())
}

/// Context of one load: which source, which run, when.
pub struct LoadContext<'a> {
    pub source: &'a str,
    pub run_id: i64,
    pub now: &'a str,
}

/// A value a loaded row carried that could not be kept as filed (`load_notes`).
struct Note {
    line: usize,
    issue: FieldIssue,
}

/// What a load derives from its table once the rows are in.
#[derive(Debug, Clone, Copy)]
struct Derived {
    name_parts: Option<NameSource>,
    fts: Option<&'static str>,
}

/// A parsed bulk file turned into rows for its table: all the work of a load that needs no
/// database, so it can run on another core while the previous file is being written.
pub struct PreparedLoad {
    table: &'static Table,
    rows: Vec<Row>,
    /// `documents.status` for each row, set when a row is first inserted.
    insert_status: Option<Vec<Value>>,
    rejects: Vec<Reject>,
    notes: Vec<Note>,
    repaired: u64,
    derived: Derived,
    /// The `name_parts` rows of this file's names, computed while preparing.
    name_parts: Vec<NamePart>,
}

impl PreparedLoad {
    /// Rows that will be reconciled with the table.
    pub fn rows(&self) -> usize {
        self.rows.len()
    }

    fn new<T>(
        table: &'static Table,
        file: &ParsedFile<T>,
        rows: Vec<Row>,
        rejects: Vec<Reject>,
        derived: Derived,
    ) -> PreparedLoad {
        let notes = file
            .rows
            .iter()
            .flat_map(|r| {
                r.issues.iter().map(|i| Note {
                    line: r.line,
                    issue: i.clone(),
                })
            })
            .collect();
        PreparedLoad {
            table,
            rows,
            insert_status: None,
            rejects,
            notes,
            repaired: file.rows.iter().filter(|r| r.repaired).count() as u64,
            derived,
            name_parts: Vec::new(),
        }
    }
}

/// Picks one row per registration number. DOJ lists 5769 (O'Malley, Sheila) twice, identical
/// but for the termination date (08/01/2008 and 09/19/2006, the latter equal to the
/// registration date, most likely a data-entry slip). Keeping a fixed choice stops re-runs
/// flip-flopping; we keep the row with the latest termination (none = still active), the
/// first in file order on a tie, and reject the others with a reason naming the kept line.
fn dedupe_registrants(file: &ParsedFile<Registrant>) -> (Vec<bool>, Vec<Reject>) {
    let mut best: HashMap<i64, usize> = HashMap::new();
    let later = |a: &Registrant, b: &Registrant| match (&a.termination_date, &b.termination_date) {
        (None, Some(_)) => true,
        (Some(x), Some(y)) => x > y,
        _ => false,
    };
    for (i, r) in file.rows.iter().enumerate() {
        best.entry(r.value.registration_number)
            .and_modify(|b| {
                if later(&r.value, &file.rows[*b].value) {
                    *b = i;
                }
            })
            .or_insert(i);
    }
    let mut kept = Vec::with_capacity(file.rows.len());
    let mut rejects = Vec::new();
    for (i, r) in file.rows.iter().enumerate() {
        let b = best[&r.value.registration_number];
        kept.push(b == i);
        if b != i {
            rejects.push(Reject {
                line: r.line,
                raw: r.raw.clone(),
                reason: format!(
                    "duplicate registration number {}: kept the row on line {} (termination date {})",
                    r.value.registration_number,
                    file.rows[b].line,
                    file.rows[b].value.termination_date.as_deref().unwrap_or("none")
                ),
            });
        }
    }
    (kept, rejects)
}

/// Prepares a full `FARA_All_Registrants` file. The rows take the parsed strings over.
pub fn prepare_registrants(file: ParsedFile<Registrant>) -> PreparedLoad {
    let (kept, mut rejects) = dedupe_registrants(&file);
    rejects.extend(file.rejects.iter().cloned());
    let mut parts = Vec::new();
    for (r, _) in file.rows.iter().zip(&kept).filter(|(_, k)| **k) {
        let r = &r.value;
        name_parts_of(
            r.registration_number,
            None,
            &r.name,
            r.business_name.as_deref(),
            &mut parts,
        );
    }
    let derived = Derived {
        name_parts: Some(NameSource::Registrants),
        fts: Some("registrants_fts"),
    };
    let mut p = PreparedLoad::new(&REGISTRANTS, &file, Vec::new(), rejects, derived);
    p.name_parts = parts;
    p.rows = file
        .rows
        .into_iter()
        .zip(kept)
        .filter(|(_, k)| *k)
        .map(|(r, _)| registrant_row(r.value))
        .collect();
    p
}

/// Prepares a full `FARA_All_ForeignPrincipals` file. The rows take the parsed strings over.
/// The name parts and the rows of each half of the file are built on two cores (this runs on
/// the critical path of a first sync, while the writing thread waits for it: 106 M
/// instructions on one core before); then every row gets its id ([`ids`]).
pub fn prepare_foreign_principals(mut file: ParsedFile<ForeignPrincipal>) -> PreparedLoad {
    let derived = Derived {
        name_parts: Some(NameSource::ForeignPrincipals),
        fts: Some("foreign_principals_fts"),
    };
    let rejects = std::mem::take(&mut file.rejects);
    let mut p = PreparedLoad::new(&FOREIGN_PRINCIPALS, &file, Vec::new(), rejects, derived);
    // Name parts name their principal by row index until the ids are known.
    let build = |rows: &mut [Parsed<ForeignPrincipal>], first: usize| {
        let mut parts = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            let fp = &r.value;
            let index = Some((first + i) as i64);
            name_parts_of(fp.registration_number, index, &fp.name, None, &mut parts);
        }
        let rows: Vec<Row> = rows
            .iter_mut()
            .map(|r| foreign_principal_row(std::mem::take(&mut r.value)))
            .collect();
        (rows, parts)
    };
    let half = file.rows.len() / 2;
    let (first, second) = file.rows.split_at_mut(half);
    let ((mut rows, mut parts), (rows_2, parts_2)) = std::thread::scope(|scope| {
        let second = scope.spawn(|| build(second, half));
        let first = build(first, 0);
        (first, second.join().expect("building rows does not panic"))
    });
    rows.extend(rows_2);
    parts.extend(parts_2);
    let row_ids = with_ids(&mut rows, principal_natural_key, PRINCIPAL_SETTLED);
    for part in &mut parts {
        part.foreign_principal_id = part.foreign_principal_id.map(|i| row_ids[i as usize]);
    }
    p.rows = rows;
    p.name_parts = parts;
    p
}

/// Prepares a full `FARA_All_ShortForms` file.
pub fn prepare_short_forms(file: ParsedFile<ShortForm>) -> PreparedLoad {
    let file = &file;
    let mut rows: Vec<Row> = file.rows.iter().map(|r| short_form_row(&r.value)).collect();
    with_ids(&mut rows, short_form_natural_key, SHORT_FORM_SETTLED);
    let derived = Derived {
        name_parts: None,
        fts: None,
    };
    PreparedLoad::new(&SHORT_FORMS, file, rows, file.rejects.clone(), derived)
}

/// Prepares a full `FARA_All_RegistrantDocs` file.
pub fn prepare_registrant_docs(file: ParsedFile<RegistrantDoc>) -> PreparedLoad {
    let file = &file;
    let docs: Vec<&RegistrantDoc> = file.rows.iter().map(|r| &r.value).collect();
    let (rows, statuses) = document_rows(&docs);
    let derived = Derived {
        name_parts: None,
        fts: Some("documents_fts"),
    };
    let mut p = PreparedLoad::new(&DOCUMENTS, file, rows, file.rejects.clone(), derived);
    p.insert_status = Some(statuses);
    p
}

/// Document rows and their listing status. The same URL listed twice is one document: the
/// first listing is kept. A document's listing status follows from its key (a real URL is
/// `listed`, a public-office pseudo-URL `not_online`), so it never changes for a key.
fn document_rows(docs: &[&RegistrantDoc]) -> (Vec<Row>, Vec<Value>) {
    let mut occ = Occurrences::default();
    let mut rows = Vec::with_capacity(docs.len());
    let mut statuses = Vec::with_capacity(docs.len());
    let mut urls = HashSet::new();
    for d in docs {
        let (r, status) = document_row(d, &mut occ);
        if urls.insert(r.key.clone()) {
            rows.push(r);
            statuses.push(Value::Text(status.to_string()));
        }
    }
    (rows, statuses)
}

/// How many rows of a bulk file's table are current (not marked removed) and would be
/// marked removed by applying a file without them: the figure `sync` compares a new file's
/// row count with before it writes anything.
pub fn current_rows(conn: &Connection, kind: BulkKind) -> rusqlite::Result<i64> {
    let t = match kind {
        BulkKind::Registrants => &REGISTRANTS,
        BulkKind::ForeignPrincipals => &FOREIGN_PRINCIPALS,
        BulkKind::ShortForms => &SHORT_FORMS,
        BulkKind::RegistrantDocs => &DOCUMENTS,
    };
    let origin = if t.has_origin {
        format!(" AND origin = '{}'", Origin::Bulk.as_str())
    } else {
        String::new()
    };
    conn.query_row(
        &format!(
            "SELECT count(*) FROM {} WHERE removed_at IS NULL{origin}",
            t.name
        ),
        [],
        |r| r.get(0),
    )
}

/// Applies a prepared full file to its table, replacing the source's rejects and notes and
/// rebuilding what is derived from the table.
pub fn apply(
    tx: &Transaction,
    ctx: &LoadContext,
    load: &PreparedLoad,
) -> rusqlite::Result<LoadCounts> {
    let extra: Vec<(&str, Vec<Value>)> = load
        .insert_status
        .iter()
        .map(|s| ("status", s.clone()))
        .collect();
    let done = reconcile(
        tx,
        load.table,
        &load.rows,
        &extra,
        Origin::Bulk,
        true,
        ctx.now,
    )?;
    record(tx, ctx, load.table, &done)?;
    let mut counts = done.counts;
    crate::db::replace_rejects(
        tx,
        ctx.source,
        Some(ctx.run_id),
        load.rejects
            .iter()
            .map(|r| (r.line as i64, r.raw.as_str(), r.reason.as_str())),
    )?;
    tx.execute("DELETE FROM load_notes WHERE source = ?1", [ctx.source])?;
    let mut stmt = tx.prepare(
        "INSERT INTO load_notes (source, line, field, raw_value, note, run_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for n in &load.notes {
        stmt.execute(params![
            ctx.source,
            n.line as i64,
            n.issue.field,
            n.issue.raw_value,
            n.issue.note,
            ctx.run_id
        ])?;
    }
    counts.rejected = load.rejects.len() as u64;
    counts.repaired = load.repaired;
    if counts.inserted + counts.updated + counts.removed > 0 {
        let from_file = FromFile {
            parts: &load.name_parts,
            api_rows: done.other_origin,
        };
        rebuild_derived(tx, load.derived, Some(from_file))?;
    }
    Ok(counts)
}

/// The `name_parts` of a full bulk file's rows, computed while preparing it (on the other
/// core), and whether the table may also hold rows learned from the API, whose names are
/// split when rebuilding.
#[derive(Clone, Copy)]
struct FromFile<'a> {
    parts: &'a [NamePart],
    api_rows: bool,
}

fn rebuild_derived(
    tx: &Transaction,
    derived: Derived,
    from_file: Option<FromFile>,
) -> rusqlite::Result<()> {
    if let Some(which) = derived.name_parts {
        rebuild_name_parts(tx, which, from_file)?;
    }
    if let Some(fts) = derived.fts {
        tx.execute(&format!("INSERT INTO {fts}({fts}) VALUES ('rebuild')"), [])?;
    }
    Ok(())
}

/// Rows learned from the API for registrations the bulk files do not list yet.
pub fn upsert_api_registrants(
    tx: &Transaction,
    ctx: &LoadContext,
    rows: &[Registrant],
) -> rusqlite::Result<LoadCounts> {
    // Only registrations the bulk files lack: a bulk row is DOJ's fuller record.
    let mut fresh = Vec::new();
    {
        let mut exists =
            tx.prepare("SELECT origin FROM registrants WHERE registration_number = ?1")?;
        for r in rows {
            let origin: Option<String> =
                exists.query_row([r.registration_number], |x| x.get(0)).ok();
            if origin.as_deref() != Some("bulk") {
                fresh.push(registrant_row(r.clone()));
            }
        }
    }
    let done = reconcile(tx, &REGISTRANTS, &fresh, &[], Origin::Api, false, ctx.now)?;
    record(tx, ctx, &REGISTRANTS, &done)?;
    let counts = done.counts;
    if counts.inserted + counts.updated > 0 {
        rebuild_derived(
            tx,
            Derived {
                name_parts: Some(NameSource::Registrants),
                fts: Some("registrants_fts"),
            },
            None,
        )?;
    }
    Ok(counts)
}

/// Foreign principals of one registration learned from the API.
pub fn upsert_api_foreign_principals(
    tx: &Transaction,
    ctx: &LoadContext,
    rows: &[ForeignPrincipal],
) -> rusqlite::Result<LoadCounts> {
    let mut rows: Vec<Row> = rows
        .iter()
        .map(|r| foreign_principal_row(r.clone()))
        .collect();
    with_ids(&mut rows, principal_natural_key, PRINCIPAL_SETTLED);
    let done = reconcile(
        tx,
        &FOREIGN_PRINCIPALS,
        &rows,
        &[],
        Origin::Api,
        false,
        ctx.now,
    )?;
    record(tx, ctx, &FOREIGN_PRINCIPALS, &done)?;
    let counts = done.counts;
    if counts.inserted + counts.updated > 0 {
        rebuild_derived(
            tx,
            Derived {
                name_parts: Some(NameSource::ForeignPrincipals),
                fts: Some("foreign_principals_fts"),
            },
            None,
        )?;
    }
    Ok(counts)
}

/// Documents of one registration learned from the API.
pub fn upsert_api_documents(
    tx: &Transaction,
    ctx: &LoadContext,
    docs: &[RegistrantDoc],
) -> rusqlite::Result<LoadCounts> {
    let refs: Vec<&RegistrantDoc> = docs.iter().collect();
    let (rows, statuses) = document_rows(&refs);
    let done = reconcile(
        tx,
        &DOCUMENTS,
        &rows,
        &[("status", statuses)],
        Origin::Api,
        false,
        ctx.now,
    )?;
    record(tx, ctx, &DOCUMENTS, &done)?;
    let counts = done.counts;
    if counts.inserted + counts.updated > 0 {
        rebuild_derived(
            tx,
            Derived {
                name_parts: None,
                fts: Some("documents_fts"),
            },
            None,
        )?;
    }
    Ok(counts)
}

/// Which names `name_parts` derives from.
#[derive(Debug, Clone, Copy)]
enum NameSource {
    Registrants,
    ForeignPrincipals,
}

/// One row of `name_parts`.
struct NamePart {
    registration_number: i64,
    foreign_principal_id: Option<i64>,
    name: String,
    part: String,
    kind: &'static str,
}

/// The parts a name carries, as `name_parts` rows; none for the ~95% of FARA names that carry
/// nothing beyond themselves (the name alone is already in its table). Pure.
fn name_parts_of(
    reg: i64,
    fp_id: Option<i64>,
    name: &str,
    business: Option<&str>,
    out: &mut Vec<NamePart>,
) {
    if business.is_none() && !names::may_carry_parts(name) {
        return;
    }
    let parts = names::split_name(name);
    let plain = parts.former_names.is_empty()
        && parts.trade_names.is_empty()
        && parts.intermediaries.is_empty()
        && business.is_none()
        && parts.name == name;
    if plain {
        return;
    }
    let mut put = |part: &str, kind: &'static str| {
        out.push(NamePart {
            registration_number: reg,
            foreign_principal_id: fp_id,
            name: name.to_string(),
            part: part.to_string(),
            kind,
        })
    };
    put(&parts.name, "name");
    parts.former_names.iter().for_each(|p| put(p, "former"));
    parts.trade_names.iter().for_each(|p| put(p, "trade"));
    parts
        .intermediaries
        .iter()
        .for_each(|p| put(p, "intermediary"));
    if let Some(b) = business {
        put(&names::split_name(b).name, "business_name");
    }
}

/// Rebuilds one source's rows of `name_parts` from the current names: the parts are derived
/// data, so deriving them again, in the same transaction, is simpler and safer than patching
/// them row by row. `from_file` holds the parts of a full bulk file's rows, computed while
/// preparing it (on the other core); then only the API's rows are split here.
fn rebuild_name_parts(
    tx: &Transaction,
    which: NameSource,
    from_file: Option<FromFile>,
) -> rusqlite::Result<()> {
    let (source, select) = match which {
        NameSource::Registrants => (
            "fara:registrants",
            "SELECT registration_number, NULL, name, business_name FROM registrants WHERE removed_at IS NULL",
        ),
        NameSource::ForeignPrincipals => (
            "fara:foreign_principals",
            "SELECT registration_number, id, name, NULL FROM foreign_principals WHERE removed_at IS NULL",
        ),
    };
    // A first load holds no API rows: no scan of the table for them.
    let select = match from_file {
        Some(f) if !f.api_rows => None,
        Some(_) => Some(format!("{select} AND origin = 'api'")),
        None => Some(select.to_string()),
    };
    let mut parts = Vec::new();
    if let Some(select) = select {
        let mut stmt = tx.prepare(&select)?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            let business: Option<String> = r.get(3)?;
            name_parts_of(
                r.get(0)?,
                r.get(1)?,
                &r.get::<_, String>(2)?,
                business.as_deref(),
                &mut parts,
            );
        }
    }
    tx.execute("DELETE FROM name_parts WHERE source = ?1", [source])?;
    let mut insert = tx.prepare(
        "INSERT INTO name_parts (source, registration_number, foreign_principal_id, name, part, kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for p in from_file.map_or(&[][..], |f| f.parts).iter().chain(&parts) {
        insert.execute(params![
            source,
            p.registration_number,
            p.foreign_principal_id,
            p.name,
            p.part,
            p.kind
        ])?;
    }
    // The other names are searched through name_parts_fts (migrations/0005_search.sql).
    tx.execute(
        "INSERT INTO name_parts_fts(name_parts_fts) VALUES ('rebuild')",
        [],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Row hashes are stored: a different hash for the same content would make the next sync
    /// after an upgrade record every row as changed. This pins the hash to the streaming xxh3
    /// of the tagged values that earlier versions computed, cut to 53 bits as migration 0007
    /// cut the stored ones.
    #[test]
    fn row_hashes_stay_the_streaming_xxh3_of_tagged_values() {
        let values = [
            Value::Null,
            Value::Integer(-5),
            Value::Real(1.5),
            Value::Text("Ministry of Foreign Affairs".into()),
            Value::Blob(vec![0, 1, 2]),
            Value::Text(String::new()),
        ];
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for v in &values {
            match v {
                Value::Null => h.update(&[0]),
                Value::Integer(i) => {
                    h.update(&[1]);
                    h.update(&i.to_le_bytes());
                }
                Value::Real(r) => {
                    h.update(&[2]);
                    h.update(&r.to_le_bytes());
                }
                Value::Text(t) => {
                    h.update(&[3]);
                    h.update(&(t.len() as u64).to_le_bytes());
                    h.update(t.as_bytes());
                }
                Value::Blob(b) => {
                    h.update(&[4]);
                    h.update(&(b.len() as u64).to_le_bytes());
                    h.update(b);
                }
            }
        }
        assert_eq!(hash_values(&values), ids::json_safe(h.digest()));
        assert_eq!(hash_values(&values[..2]), hash_values(&values[..2]));
        assert_ne!(hash_values(&values[..2]), hash_values(&values[..3]));
    }

    #[test]
    fn batch_insert_sql_numbers_each_rows_parameters() {
        let extra = [("status", vec![Value::Null])];
        let sql = BatchInsert::sql(&DOCUMENTS, &extra, Origin::Bulk, 2);
        // ?1 is the time; each row has its key, 7 columns, its hash and its status.
        assert!(
            sql.contains("(?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?1, ?1, ?11, 'bulk')"),
            "{sql}"
        );
        assert!(
            sql.ends_with("(?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?1, ?1, ?21, 'bulk')"),
            "{sql}"
        );
    }
}
