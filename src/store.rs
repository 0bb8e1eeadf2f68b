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

use rusqlite::types::Value;
use rusqlite::{Transaction, params};
use sha2::{Digest, Sha256};

use crate::fara::bulk::{
    Address, ForeignPrincipal, Parsed, ParsedFile, Registrant, RegistrantDoc, Reject, ShortForm,
};
use crate::names;

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

/// A row's stable key: the registration number, or a text key (row_key, url).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
    hash: String,
}

/// A table's shape as the reconciler needs it.
struct Table {
    name: &'static str,
    key: &'static str,
    columns: &'static [&'static str],
    /// Columns set only when a row is first inserted (documents' fetch status belongs to the
    /// documents stage once it has moved past listed / not_online).
    has_origin: bool,
}

fn text(s: &Option<String>) -> Value {
    s.as_ref().map_or(Value::Null, |s| Value::Text(s.clone()))
}

fn hash_values(values: &[Value]) -> String {
    let mut h = Sha256::new();
    for v in values {
        match v {
            Value::Null => h.update([0u8]),
            Value::Integer(i) => {
                h.update([1u8]);
                h.update(i.to_le_bytes());
            }
            Value::Real(r) => {
                h.update([2u8]);
                h.update(r.to_le_bytes());
            }
            Value::Text(t) => {
                h.update([3u8]);
                h.update((t.len() as u64).to_le_bytes());
                h.update(t.as_bytes());
            }
            Value::Blob(b) => {
                h.update([4u8]);
                h.update(b);
            }
        }
    }
    hex::encode(&h.finalize()[..16])
}

fn row(key: Key, values: Vec<Value>) -> Row {
    let hash = hash_values(&values);
    Row { key, values, hash }
}

fn address(a: &Address) -> [Value; 5] {
    [
        text(&a.address_1),
        text(&a.address_2),
        text(&a.city),
        text(&a.state),
        text(&a.zip),
    ]
}

/// Counts occurrences of a natural key so identical keys stay distinct and stable: the n-th
/// row with key K in file order is always `K|n`.
#[derive(Default)]
struct Occurrences(HashMap<String, u32>);

impl Occurrences {
    fn key(&mut self, natural: String) -> String {
        let n = self.0.entry(natural.clone()).or_insert(0);
        *n += 1;
        format!("{natural}|{n}")
    }
}

const REGISTRANTS: Table = Table {
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

const FOREIGN_PRINCIPALS: Table = Table {
    name: "foreign_principals",
    key: "row_key",
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

const SHORT_FORMS: Table = Table {
    name: "short_forms",
    key: "row_key",
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

const DOCUMENTS: Table = Table {
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

fn registrant_row(r: &Registrant) -> Row {
    let mut v = vec![
        Value::Text(r.name.clone()),
        text(&r.business_name),
        text(&r.registration_date),
        text(&r.termination_date),
    ];
    v.extend(address(&r.address));
    row(Key::Int(r.registration_number), v)
}

fn foreign_principal_row(fp: &ForeignPrincipal, occ: &mut Occurrences) -> Row {
    let key = occ.key(format!(
        "{}|{}|{}",
        fp.registration_number,
        fp.name,
        fp.registration_date.as_deref().unwrap_or("")
    ));
    let mut v = vec![
        Value::Integer(fp.registration_number),
        Value::Text(fp.registrant_name.clone()),
        text(&fp.registrant_date),
        Value::Text(fp.name.clone()),
        text(&fp.country),
        fp.country_code
            .map_or(Value::Null, |c| Value::Text(c.to_string())),
        text(&fp.registration_date),
        text(&fp.termination_date),
    ];
    v.extend(address(&fp.address));
    row(Key::Text(key), v)
}

fn short_form_row(s: &ShortForm, occ: &mut Occurrences) -> Row {
    let key = occ.key(format!(
        "{}|{}|{}|{}",
        s.registration_number,
        s.last_name,
        s.first_name.as_deref().unwrap_or(""),
        s.short_form_date.as_deref().unwrap_or("")
    ));
    let mut v = vec![
        Value::Integer(s.registration_number),
        Value::Text(s.registrant_name.clone()),
        Value::Text(s.last_name.clone()),
        text(&s.first_name),
        text(&s.short_form_date),
        text(&s.termination_date),
        text(&s.registration_date),
    ];
    v.extend(address(&s.address));
    row(Key::Text(key), v)
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
            let k = occ.key(natural);
            // Occurrences joins with '|'; a pseudo-URL reads better with '-'.
            k.replacen('|', "-", 1)
        }
    };
    let v = vec![
        Value::Integer(d.registration_number),
        Value::Text(d.registrant_name.clone()),
        text(&d.document_type),
        text(&d.date_stamped),
        text(&d.short_form_name),
        text(&d.foreign_principal_name),
        text(&d.foreign_principal_country),
    ];
    (row(Key::Text(url), v), d.status)
}

/// Reconciles `rows` with `table`. Rows of `origin` that exist in the table but not in `rows`
/// are marked removed when `mark_removed` (a full file); a partial input (one API response)
/// passes false.
fn reconcile(
    tx: &Transaction,
    table: &Table,
    rows: &[Row],
    extra_insert: &[(&str, Vec<Value>)],
    origin: Origin,
    mark_removed: bool,
    now: &str,
) -> rusqlite::Result<LoadCounts> {
    let mut counts = LoadCounts::default();
    let origin_filter = if table.has_origin {
        format!(" WHERE origin = '{}'", origin.as_str())
    } else {
        String::new()
    };
    let mut existing: HashMap<Key, (String, bool)> = HashMap::new();
    {
        let mut stmt = tx.prepare(&format!(
            "SELECT {}, row_hash, removed_at IS NOT NULL FROM {}",
            table.key, table.name
        ))?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            existing.insert(r.get::<_, Key>(0)?, (r.get(1)?, r.get(2)?));
        }
    }
    let extra_cols: String = extra_insert.iter().map(|(c, _)| format!(", {c}")).collect();
    let n = table.columns.len();
    let origin_col = if table.has_origin { ", origin" } else { "" };
    let origin_val = if table.has_origin {
        format!(", '{}'", origin.as_str())
    } else {
        String::new()
    };
    let placeholders: String = (0..n + 2 + extra_insert.len())
        .map(|i| format!(", ?{}", i + 2))
        .collect();
    let insert_sql = format!(
        "INSERT INTO {t} ({k}, {cols}, row_hash, first_seen_at{extra_cols}, last_seen_at{origin_col}) VALUES (?1{placeholders}, ?{now_idx}{origin_val})",
        t = table.name,
        k = table.key,
        cols = table.columns.join(", "),
        now_idx = n + 3,
    );
    let set: String = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ?{}, ", i + 2))
        .collect();
    let update_sql = format!(
        "UPDATE {t} SET {set}row_hash = ?{h}, last_seen_at = ?{now}, removed_at = NULL{origin_set} WHERE {k} = ?1",
        t = table.name,
        k = table.key,
        h = n + 2,
        now = n + 3,
        origin_set = if table.has_origin {
            format!(", origin = '{}'", origin.as_str())
        } else {
            String::new()
        },
    );
    let mut insert = tx.prepare(&insert_sql)?;
    let mut update = tx.prepare(&update_sql)?;
    let mut seen: HashSet<&Key> = HashSet::with_capacity(rows.len());
    for (i, r) in rows.iter().enumerate() {
        seen.insert(&r.key);
        match existing.get(&r.key) {
            Some((hash, false)) if *hash == r.hash => counts.unchanged += 1,
            Some(_) => {
                let mut p: Vec<&dyn rusqlite::ToSql> = vec![&r.key];
                p.extend(r.values.iter().map(|v| v as &dyn rusqlite::ToSql));
                p.push(&r.hash);
                p.push(&now);
                update.execute(p.as_slice())?;
                counts.updated += 1;
            }
            None => {
                let mut p: Vec<&dyn rusqlite::ToSql> = vec![&r.key];
                p.extend(r.values.iter().map(|v| v as &dyn rusqlite::ToSql));
                p.push(&r.hash);
                p.push(&now);
                for (_, vals) in extra_insert {
                    p.push(&vals[i]);
                }
                insert.execute(p.as_slice())?;
                counts.inserted += 1;
            }
        }
    }
    if mark_removed {
        let mut remove = tx.prepare(&format!(
            "UPDATE {} SET removed_at = ?2 WHERE {} = ?1 AND removed_at IS NULL",
            table.name, table.key
        ))?;
        let in_origin: HashSet<Key> = if table.has_origin {
            let mut stmt = tx.prepare(&format!(
                "SELECT {} FROM {}{origin_filter}",
                table.key, table.name
            ))?;
            stmt.query_map([], |r| r.get::<_, Key>(0))?
                .collect::<Result<_, _>>()?
        } else {
            existing.keys().cloned().collect()
        };
        for (key, (_, removed)) in &existing {
            if !removed && !seen.contains(key) && in_origin.contains(key) {
                remove.execute(params![key, now])?;
                counts.removed += 1;
            }
        }
        // Everything this file listed was seen now; one statement instead of a write per row.
        tx.execute(
            &format!(
                "UPDATE {} SET last_seen_at = ?1 WHERE removed_at IS NULL{}",
                table.name,
                if table.has_origin {
                    format!(" AND origin = '{}'", origin.as_str())
                } else {
                    String::new()
                }
            ),
            [now],
        )?;
    }
    Ok(counts)
}

/// Context of one load: which source, which run, when.
pub struct LoadContext<'a> {
    pub source: &'a str,
    pub run_id: i64,
    pub now: &'a str,
}

fn replace_rejects(
    tx: &Transaction,
    ctx: &LoadContext,
    rejects: &[Reject],
) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM rejects WHERE source = ?1", [ctx.source])?;
    let mut stmt = tx.prepare(
        "INSERT INTO rejects (source, line, raw, reason, run_id) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for r in rejects {
        stmt.execute(params![
            ctx.source,
            r.line as i64,
            r.raw,
            r.reason,
            ctx.run_id
        ])?;
    }
    Ok(())
}

fn replace_notes<T>(
    tx: &Transaction,
    ctx: &LoadContext,
    rows: &[Parsed<T>],
) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM load_notes WHERE source = ?1", [ctx.source])?;
    let mut stmt =
        tx.prepare("INSERT INTO load_notes (source, line, field, raw_value, note, run_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
    for r in rows {
        for i in &r.issues {
            stmt.execute(params![
                ctx.source,
                r.line as i64,
                i.field,
                i.raw_value,
                i.note,
                ctx.run_id
            ])?;
        }
    }
    Ok(())
}

/// Picks one row per registration number. DOJ lists 5769 (O'Malley, Sheila) twice, identical
/// but for the termination date (08/01/2008 and 09/19/2006, the latter equal to the
/// registration date, most likely a data-entry slip). Keeping a fixed choice stops re-runs
/// flip-flopping; we keep the row with the latest termination (none = still active), the
/// first in file order on a tie, and reject the others with a reason naming the kept line.
fn dedupe_registrants(file: &ParsedFile<Registrant>) -> (Vec<&Parsed<Registrant>>, Vec<Reject>) {
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
    let mut kept = Vec::with_capacity(best.len());
    let mut rejects = Vec::new();
    for (i, r) in file.rows.iter().enumerate() {
        let b = best[&r.value.registration_number];
        if b == i {
            kept.push(r);
        } else {
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

/// Loads a full `FARA_All_Registrants` file.
pub fn load_registrants(
    tx: &Transaction,
    ctx: &LoadContext,
    file: &ParsedFile<Registrant>,
) -> rusqlite::Result<LoadCounts> {
    let (kept, mut rejects) = dedupe_registrants(file);
    rejects.extend(file.rejects.iter().cloned());
    let rows: Vec<Row> = kept.iter().map(|r| registrant_row(&r.value)).collect();
    let mut counts = reconcile(tx, &REGISTRANTS, &rows, &[], Origin::Bulk, true, ctx.now)?;
    finish(tx, ctx, &rejects, &file.rows, &mut counts)?;
    rebuild_name_parts(tx, NameSource::Registrants)?;
    tx.execute(
        "INSERT INTO registrants_fts(registrants_fts) VALUES ('rebuild')",
        [],
    )?;
    Ok(counts)
}

/// Loads a full `FARA_All_ForeignPrincipals` file.
pub fn load_foreign_principals(
    tx: &Transaction,
    ctx: &LoadContext,
    file: &ParsedFile<ForeignPrincipal>,
) -> rusqlite::Result<LoadCounts> {
    let mut occ = Occurrences::default();
    let rows: Vec<Row> = file
        .rows
        .iter()
        .map(|r| foreign_principal_row(&r.value, &mut occ))
        .collect();
    let mut counts = reconcile(
        tx,
        &FOREIGN_PRINCIPALS,
        &rows,
        &[],
        Origin::Bulk,
        true,
        ctx.now,
    )?;
    finish(tx, ctx, &file.rejects, &file.rows, &mut counts)?;
    rebuild_name_parts(tx, NameSource::ForeignPrincipals)?;
    tx.execute(
        "INSERT INTO foreign_principals_fts(foreign_principals_fts) VALUES ('rebuild')",
        [],
    )?;
    Ok(counts)
}

/// Loads a full `FARA_All_ShortForms` file.
pub fn load_short_forms(
    tx: &Transaction,
    ctx: &LoadContext,
    file: &ParsedFile<ShortForm>,
) -> rusqlite::Result<LoadCounts> {
    let mut occ = Occurrences::default();
    let rows: Vec<Row> = file
        .rows
        .iter()
        .map(|r| short_form_row(&r.value, &mut occ))
        .collect();
    let mut counts = reconcile(tx, &SHORT_FORMS, &rows, &[], Origin::Bulk, true, ctx.now)?;
    finish(tx, ctx, &file.rejects, &file.rows, &mut counts)?;
    Ok(counts)
}

/// Loads a full `FARA_All_RegistrantDocs` file.
pub fn load_registrant_docs(
    tx: &Transaction,
    ctx: &LoadContext,
    file: &ParsedFile<RegistrantDoc>,
) -> rusqlite::Result<LoadCounts> {
    let docs: Vec<&RegistrantDoc> = file.rows.iter().map(|r| &r.value).collect();
    let mut counts = load_docs(tx, &docs, Origin::Bulk, true, ctx.now)?;
    finish(tx, ctx, &file.rejects, &file.rows, &mut counts)?;
    tx.execute(
        "INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')",
        [],
    )?;
    Ok(counts)
}

fn load_docs(
    tx: &Transaction,
    docs: &[&RegistrantDoc],
    origin: Origin,
    full: bool,
    now: &str,
) -> rusqlite::Result<LoadCounts> {
    let mut occ = Occurrences::default();
    let mut rows = Vec::with_capacity(docs.len());
    let mut statuses = Vec::with_capacity(docs.len());
    // The same URL listed twice would be one document; keep the first listing.
    let mut urls = HashSet::new();
    for d in docs {
        let (r, status) = document_row(d, &mut occ);
        if urls.insert(r.key.clone()) {
            rows.push(r);
            statuses.push(Value::Text(status.to_string()));
        }
    }
    let counts = reconcile(
        tx,
        &DOCUMENTS,
        &rows,
        &[("status", statuses.clone())],
        origin,
        full,
        now,
    )?;
    // A document DOJ moves online (not_online → listed) or back; fetch states are left alone.
    let mut stmt = tx.prepare(
        "UPDATE documents SET status = ?2 WHERE url = ?1 AND status IN ('listed', 'not_online') AND status <> ?2",
    )?;
    for (r, s) in rows.iter().zip(&statuses) {
        stmt.execute(params![r.key, s])?;
    }
    Ok(counts)
}

fn finish<T>(
    tx: &Transaction,
    ctx: &LoadContext,
    rejects: &[Reject],
    rows: &[Parsed<T>],
    counts: &mut LoadCounts,
) -> rusqlite::Result<()> {
    replace_rejects(tx, ctx, rejects)?;
    replace_notes(tx, ctx, rows)?;
    counts.rejected = rejects.len() as u64;
    counts.repaired = rows.iter().filter(|r| r.repaired).count() as u64;
    Ok(())
}

/// Rows learned from the API for registrations the bulk files do not list yet.
pub fn upsert_api_registrants(
    tx: &Transaction,
    now: &str,
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
                fresh.push(registrant_row(r));
            }
        }
    }
    let counts = reconcile(tx, &REGISTRANTS, &fresh, &[], Origin::Api, false, now)?;
    if counts.inserted + counts.updated > 0 {
        rebuild_name_parts(tx, NameSource::Registrants)?;
        tx.execute(
            "INSERT INTO registrants_fts(registrants_fts) VALUES ('rebuild')",
            [],
        )?;
    }
    Ok(counts)
}

/// Foreign principals of one registration learned from the API.
pub fn upsert_api_foreign_principals(
    tx: &Transaction,
    now: &str,
    rows: &[ForeignPrincipal],
) -> rusqlite::Result<LoadCounts> {
    let mut occ = Occurrences::default();
    let rows: Vec<Row> = rows
        .iter()
        .map(|r| foreign_principal_row(r, &mut occ))
        .collect();
    let counts = reconcile(tx, &FOREIGN_PRINCIPALS, &rows, &[], Origin::Api, false, now)?;
    if counts.inserted + counts.updated > 0 {
        rebuild_name_parts(tx, NameSource::ForeignPrincipals)?;
        tx.execute(
            "INSERT INTO foreign_principals_fts(foreign_principals_fts) VALUES ('rebuild')",
            [],
        )?;
    }
    Ok(counts)
}

/// Documents of one registration learned from the API.
pub fn upsert_api_documents(
    tx: &Transaction,
    now: &str,
    docs: &[RegistrantDoc],
) -> rusqlite::Result<LoadCounts> {
    let refs: Vec<&RegistrantDoc> = docs.iter().collect();
    load_docs(tx, &refs, Origin::Api, false, now)
}

/// Which names `name_parts` derives from.
#[derive(Debug, Clone, Copy)]
enum NameSource {
    Registrants,
    ForeignPrincipals,
}

/// Rebuilds one source's rows of `name_parts` from the current names: the parts are derived
/// data, so deriving them again from the table, in the same transaction, is simpler and safer
/// than patching them row by row.
fn rebuild_name_parts(tx: &Transaction, which: NameSource) -> rusqlite::Result<()> {
    let (source, select) = match which {
        NameSource::Registrants => (
            "fara:registrants",
            "SELECT registration_number, NULL, name, business_name FROM registrants WHERE removed_at IS NULL",
        ),
        NameSource::ForeignPrincipals => (
            "fara:foreign_principals",
            "SELECT registration_number, row_key, name, NULL FROM foreign_principals WHERE removed_at IS NULL",
        ),
    };
    tx.execute("DELETE FROM name_parts WHERE source = ?1", [source])?;
    let mut insert = tx.prepare(
        "INSERT INTO name_parts (source, registration_number, row_key, name, part, kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut stmt = tx.prepare(select)?;
    let mut q = stmt.query([])?;
    while let Some(r) = q.next()? {
        let reg: i64 = r.get(0)?;
        let key: Option<String> = r.get(1)?;
        let name: String = r.get(2)?;
        let business: Option<String> = r.get(3)?;
        let parts = names::split_name(&name);
        let mut put = |part: &str, kind: &str| {
            insert
                .execute(params![source, reg, key, name, part, kind])
                .map(|_| ())
        };
        put(&parts.name, "name")?;
        for p in &parts.former_names {
            put(p, "former")?;
        }
        for p in &parts.trade_names {
            put(p, "trade")?;
        }
        for p in &parts.intermediaries {
            put(p, "intermediary")?;
        }
        if let Some(b) = &business {
            put(&names::split_name(b).name, "business_name")?;
        }
    }
    Ok(())
}
