//! The reconcile engine: one source's rows written into their table against what the table
//! already holds, inside the caller's transaction. It knows tables only by their shape
//! ([`Table`]): which domain a table belongs to, and what its rows mean, is the caller's.
//!
//! Reconciling, not replacing: a row keeps `first_seen_at` from the first sync that saw it
//! (DOJ publishes filings days late with earlier stamps, so its own dates cannot say when a
//! filing became public); a changed row is updated in place; a row that disappeared upstream
//! gets `removed_at` and is never deleted. Counts of inserted/updated/unchanged/removed rows
//! come back to the caller for `sync_runs`, and each changed row with its values before and
//! after, for the `changes` record.
//!
//! For: [`reconcile`], the shapes it works on ([`Table`], [`Row`], [`Key`], [`Origin`]), what
//! it reports ([`Reconciled`], [`LoadCounts`], [`RowChange`]), the writes every load ends
//! with ([`replace_rejects`], [`rebuild_fts`]), and [`live_rows`]. Not for: building rows
//! from parsed records or deciding which tables derive what (see `fara::store`), or
//! recording the changes (see `changes`).

use std::collections::{HashMap, HashSet};

use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, Statement, Transaction, params};

use super::borrowed::BorrowedStatement;
pub use super::ids::hash_values;

/// What one load did, for `sync_runs` and the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct LoadCounts {
    /// Rows the table did not hold before.
    pub inserted: u64,
    /// Rows whose content changed, or that came back after being marked removed.
    pub updated: u64,
    /// Rows the load found exactly as stored.
    pub unchanged: u64,
    /// Rows marked removed because the source no longer lists them.
    pub removed: u64,
    /// Input rows that could not be loaded (they are in `rejects`).
    pub rejected: u64,
    /// Input rows loaded only after a repair (their notes are in `load_notes`).
    pub repaired: u64,
}

/// Context of one load: which source, which run, when.
pub struct LoadContext<'a> {
    /// The source's name in `sync_runs`, `rejects` and `changes` (`fara:registrants`).
    pub source: &'a str,
    /// The `sync_runs` row of the run doing the load.
    pub run_id: i64,
    /// The load's time, RFC 3339 ([`super::now_rfc3339`]).
    pub now: &'a str,
}

/// Which rows a load may mark as removed: rows that came from the same kind of input.
/// Registrations learned from the API are not in the bulk file yet, so a bulk load must not
/// mark them removed; a later bulk file that lists them takes them over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A full file listing every row of its table (DOJ's bulk files).
    Bulk,
    /// A partial answer listing some rows (one response of DOJ's API).
    Api,
}

impl Origin {
    /// The value of the table's `origin` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Bulk => "bulk",
            Origin::Api => "api",
        }
    }
}

/// A row's stable key: the registration number, a row id ([`super::ids`]) or a URL.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    /// An integer key (registration number, row id).
    Int(i64),
    /// A text key (a document's URL).
    Text(String),
}

impl Key {
    /// The key as the `changes` record names a row.
    pub fn to_text(&self) -> String {
        match self {
            Key::Int(i) => i.to_string(),
            Key::Text(t) => t.clone(),
        }
    }
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
    fn column_result(v: ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        match v {
            ValueRef::Integer(i) => Ok(Key::Int(i)),
            other => Ok(Key::Text(String::column_result(other)?)),
        }
    }
}

/// One row ready for the database: its stable key, its content columns, and a hash of them.
pub struct Row {
    /// The value of the table's key column.
    pub key: Key,
    /// The content columns, in [`Table::columns`] order.
    pub values: Vec<Value>,
    /// [`hash_values`] of `values`, stored as `row_hash`.
    pub hash: i64,
}

impl Row {
    /// A row with its hash computed.
    pub fn new(key: Key, values: Vec<Value>) -> Row {
        let hash = hash_values(&values);
        Row { key, values, hash }
    }
}

/// A table's shape as the reconciler needs it. Besides these columns the table has
/// `row_hash`, `first_seen_at`, `changed_at` and `removed_at` (see `migrations/`).
pub struct Table {
    /// The table's name.
    pub name: &'static str,
    /// The key column.
    pub key: &'static str,
    /// The content columns, in the order of [`Row::values`].
    pub columns: &'static [&'static str],
    /// Whether rows record where they came from (bulk file or API); see [`Origin`].
    pub has_origin: bool,
}

/// One row a load inserted, updated or removed: its key and its values (in the table's column
/// order) before and after.
#[derive(Debug, Clone)]
pub struct RowChange {
    /// The row's key ([`Key::to_text`]).
    pub key: String,
    /// The values before the load; `None` for an inserted row.
    pub before: Option<Vec<Value>>,
    /// The values after the load; `None` for a removed row.
    pub after: Option<Vec<Value>>,
    /// The row had been removed upstream and is listed again.
    pub reappeared: bool,
}

/// What [`reconcile`] did to which rows, for the `changes` record.
pub struct Reconciled {
    /// How many rows were inserted, updated, unchanged and removed.
    pub counts: LoadCounts,
    /// The table was empty before this load (a first sync): its rows are not listed one by one.
    pub first_load: bool,
    /// The table held live rows of another origin (a bulk load: rows learned from the API).
    pub other_origin: bool,
    /// Each inserted (unless `first_load`), updated and removed row.
    pub changes: Vec<RowChange>,
}

/// What a table holds for one key before the load.
#[derive(Debug, Clone, Copy)]
struct Held {
    hash: i64,
    removed: bool,
    /// The row came from the load's [`Origin`] (always, for a table without origins).
    same_origin: bool,
}

/// Reconciles `rows` with `table`. Rows of `origin` that exist in the table but not in `rows`
/// are marked removed when `mark_removed` (a full file); a partial input (one API response)
/// passes false. `extra_insert` gives columns set only when a row is first inserted, with
/// each row's value. Each inserted, updated and removed row is returned with its values
/// before and after, for the `changes` record written in the same transaction.
pub fn reconcile(
    tx: &Transaction,
    table: &Table,
    rows: &[Row],
    extra_insert: &[(&str, Vec<Value>)],
    origin: Origin,
    mark_removed: bool,
    now: &str,
) -> rusqlite::Result<Reconciled> {
    let existing = read_existing(tx, table, origin)?;
    let mut done = Reconciled {
        counts: LoadCounts::default(),
        first_load: existing.is_empty(),
        other_origin: existing.values().any(|h| !h.removed && !h.same_origin),
        changes: Vec::new(),
    };
    // Loading into an empty table (the first sync), SQLite builds an index faster in one sort
    // afterwards than row by row; the index definitions come back from sqlite_master, so the
    // schema stays in the migrations.
    let rebuild_indexes = if existing.is_empty() && rows.len() > 1000 {
        suspend_indexes(tx, table.name)?
    } else {
        Vec::new()
    };
    let mut writer = Writer::new(tx, table, extra_insert, origin)?;
    let seen = writer.write(rows, &existing, now, &mut done)?;
    for sql in &rebuild_indexes {
        tx.execute(sql, [])?;
    }
    if mark_removed {
        writer.mark_removed(&existing, &seen, now, &mut done)?;
    }
    Ok(done)
}

/// What `table` holds: key → hash, removed or not, from `origin` or not.
fn read_existing(
    tx: &Transaction,
    table: &Table,
    origin: Origin,
) -> rusqlite::Result<HashMap<Key, Held>> {
    let origin_expr = if table.has_origin {
        "origin = ?1"
    } else {
        "?1 = ?1"
    };
    let mut existing = HashMap::new();
    let mut stmt = tx.prepare(&format!(
        "SELECT {}, row_hash, removed_at IS NOT NULL, {origin_expr} FROM {}",
        table.key, table.name
    ))?;
    let mut q = stmt.query([origin.as_str()])?;
    while let Some(r) = q.next()? {
        let held = Held {
            hash: r.get(1)?,
            removed: r.get(2)?,
            same_origin: r.get(3)?,
        };
        existing.insert(r.get(0)?, held);
    }
    Ok(existing)
}

/// The statements one reconcile writes with.
struct Writer<'t> {
    tx: &'t Connection,
    table: &'t Table,
    insert: BatchInsert<'t>,
    update: Statement<'t>,
    /// Reads the values a changed or removed row had, just before it is overwritten: few rows
    /// change between two syncs, so one keyed read each costs little.
    read_old: Statement<'t>,
    extras: usize,
}

impl<'t> Writer<'t> {
    fn new(
        tx: &'t Connection,
        table: &'t Table,
        extra_insert: &'t [(&'t str, Vec<Value>)],
        origin: Origin,
    ) -> rusqlite::Result<Self> {
        let n = table.columns.len();
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
        let insert = BatchInsert::new(tx, table, extra_insert, origin)?;
        let update = tx.prepare(&update_sql)?;
        let read_old = tx.prepare(&format!(
            "SELECT {cols} FROM {t} WHERE {k} = ?1",
            cols = table.columns.join(", "),
            t = table.name,
            k = table.key,
        ))?;
        Ok(Writer {
            tx,
            table,
            insert,
            update,
            read_old,
            extras: extra_insert.len(),
        })
    }

    fn old_values(&mut self, key: &Key) -> rusqlite::Result<Vec<Value>> {
        let n = self.table.columns.len();
        self.read_old
            .query_row([key], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())
    }

    /// Inserts the new rows and updates the changed ones; returns the keys of every row given.
    fn write<'r>(
        &mut self,
        rows: &'r [Row],
        existing: &HashMap<Key, Held>,
        now: &str,
        done: &mut Reconciled,
    ) -> rusqlite::Result<HashSet<&'r Key>> {
        let mut seen: HashSet<&Key> = HashSet::with_capacity(rows.len());
        let mut params: Vec<&dyn rusqlite::ToSql> =
            Vec::with_capacity(self.table.columns.len() + 3 + self.extras);
        // Write in key order: row ids are hashes, and inserting them in file order would land
        // each row on a random B-tree page (page splits and cache misses were a third of a
        // first load, measured with callgrind); in order, each insert appends.
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.sort_unstable_by(|&a, &b| rows[a].key.cmp(&rows[b].key));
        for i in order {
            let r = &rows[i];
            seen.insert(&r.key);
            let old = existing.get(&r.key);
            if matches!(old, Some(h) if !h.removed && h.hash == r.hash) {
                done.counts.unchanged += 1;
                continue;
            }
            if let Some(held) = old {
                params.clear();
                params.push(&r.key);
                params.extend(r.values.iter().map(|v| v as &dyn rusqlite::ToSql));
                params.push(&r.hash);
                params.push(&now);
                let before = self.old_values(&r.key)?;
                self.update.execute(params.as_slice())?;
                done.counts.updated += 1;
                done.changes.push(RowChange {
                    key: r.key.to_text(),
                    before: Some(before),
                    after: Some(r.values.clone()),
                    reappeared: held.removed,
                });
            } else {
                self.insert.push(i, rows, now)?;
                done.counts.inserted += 1;
                if !existing.is_empty() {
                    done.changes.push(RowChange {
                        key: r.key.to_text(),
                        before: None,
                        after: Some(r.values.clone()),
                        reappeared: false,
                    });
                }
            }
        }
        self.insert.finish(rows, now)?;
        Ok(seen)
    }

    /// Marks removed the live rows of the load's origin that the load did not list.
    fn mark_removed(
        &mut self,
        existing: &HashMap<Key, Held>,
        seen: &HashSet<&Key>,
        now: &str,
        done: &mut Reconciled,
    ) -> rusqlite::Result<()> {
        let mut remove = self.tx.prepare(&format!(
            "UPDATE {} SET removed_at = ?2, changed_at = ?2 WHERE {} = ?1",
            self.table.name, self.table.key
        ))?;
        let mut gone: Vec<&Key> = existing
            .iter()
            .filter(|(key, h)| !h.removed && h.same_origin && !seen.contains(key))
            .map(|(key, _)| key)
            .collect();
        gone.sort_unstable();
        for key in gone {
            let before = self.old_values(key)?;
            remove.execute(params![key, now])?;
            done.counts.removed += 1;
            done.changes.push(RowChange {
                key: key.to_text(),
                before: Some(before),
                after: None,
                reappeared: false,
            });
        }
        Ok(())
    }
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

/// How many rows of `table` are current (not marked removed) and came from `origin`: those a
/// full file of that origin would mark removed if it lacked them.
pub fn live_rows(conn: &Connection, table: &Table, origin: Origin) -> rusqlite::Result<i64> {
    let origin = if table.has_origin {
        format!(" AND origin = '{}'", origin.as_str())
    } else {
        String::new()
    };
    conn.query_row(
        &format!(
            "SELECT count(*) FROM {} WHERE removed_at IS NULL{origin}",
            table.name
        ),
        [],
        |r| r.get(0),
    )
}

/// Replaces what `rejects` holds for `source` with `rows` (line or index, raw text, reason):
/// rejects describe the current state of a source, so each load of it replaces them. Call it
/// inside the load's transaction.
pub fn replace_rejects<'a>(
    tx: &rusqlite::Transaction,
    source: &str,
    run_id: Option<i64>,
    rows: impl IntoIterator<Item = (i64, &'a str, &'a str)>,
) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM rejects WHERE source = ?1", [source])?;
    let mut stmt = tx.prepare(
        "INSERT INTO rejects (source, line, raw, reason, run_id) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (line, raw, reason) in rows {
        stmt.execute(rusqlite::params![source, line, raw, reason, run_id])?;
    }
    Ok(())
}

/// Rebuilds the full-text index `fts` (an external-content FTS5 table, see
/// `migrations/0005_search.sql`) from its table, after a load changed it.
pub fn rebuild_fts(tx: &Transaction, fts: &str) -> rusqlite::Result<()> {
    tx.execute(&format!("INSERT INTO {fts}({fts}) VALUES ('rebuild')"), [])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::ids;

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
        // The shape of `documents` (fara::store): a URL key, 7 columns, an origin.
        let documents = Table {
            name: "documents",
            key: "url",
            columns: &["a", "b", "c", "d", "e", "f", "g"],
            has_origin: true,
        };
        let extra = [("status", vec![Value::Null])];
        let sql = BatchInsert::sql(&documents, &extra, Origin::Bulk, 2);
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
