//! Storing parsed FARA records: the FARA tables (`registrants`, `foreign_principals`,
//! `short_forms`, `documents`) as the reconcile engine sees them, the rows built from parsed
//! records, and what is derived from those tables (`name_parts`, the full-text indexes).
//!
//! A full bulk file is prepared first ([`prepare_registrants`] and its siblings: no database,
//! so it can run on another core while the previous file is written), then applied inside the
//! caller's transaction ([`apply`]). Rows learned from the API go in with the `upsert_api_*`
//! functions. Either way the rows are reconciled, not replaced (see [`crate::db::reconcile`]),
//! and each changed row is recorded in `changes`.
//!
//! For: every write to the FARA tables, `name_parts`, and the FARA sources' `rejects` and
//! `load_notes` after a bulk load. Not for: fetching or parsing (see `fetch`,
//! [`super::bulk`], [`super::api`]), the engine itself (see `db::reconcile`), or deciding
//! whether to load at all (see `sync`).

use std::collections::{HashMap, HashSet};

use rusqlite::types::Value;
use rusqlite::{Connection, Transaction, params};

use super::bulk::{
    Address, BulkKind, FieldIssue, ForeignPrincipal, Parsed, ParsedFile, Registrant, RegistrantDoc,
    Reject, ShortForm,
};
use crate::db::ids::{self, name_key};
use crate::db::reconcile::{
    self, Key, LoadContext, LoadCounts, Origin, Reconciled, Row, Table, hash_values,
};
use crate::text::names;

fn text(s: Option<String>) -> Value {
    s.map_or(Value::Null, Value::Text)
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
    Row::new(Key::Int(r.registration_number), v)
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
    Row::new(Key::Int(0), v)
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
    principal_key(
        value_int(v.first()),
        value_text(v.get(3)).unwrap_or(""),
        value_text(v.get(6)),
    )
}

/// A short form row's natural key, from its values in [`SHORT_FORMS`]' column order.
fn short_form_natural_key(v: &[Value]) -> String {
    short_form_key(
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
    Row::new(Key::Int(0), v)
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
    (Row::new(Key::Text(url), v), d.status)
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
    reconcile::live_rows(conn, t, Origin::Bulk)
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
    let done = reconcile::reconcile(
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

/// Rebuilds what `derived` says is derived from a table a load changed.
fn rebuild_derived(
    tx: &Transaction,
    derived: Derived,
    from_file: Option<FromFile>,
) -> rusqlite::Result<()> {
    if let Some(which) = derived.name_parts {
        rebuild_name_parts(tx, which, from_file)?;
    }
    if let Some(fts) = derived.fts {
        reconcile::rebuild_fts(tx, fts)?;
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
    apply_api(
        tx,
        ctx,
        &REGISTRANTS,
        &fresh,
        &[],
        Derived {
            name_parts: Some(NameSource::Registrants),
            fts: Some("registrants_fts"),
        },
    )
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
    apply_api(
        tx,
        ctx,
        &FOREIGN_PRINCIPALS,
        &rows,
        &[],
        Derived {
            name_parts: Some(NameSource::ForeignPrincipals),
            fts: Some("foreign_principals_fts"),
        },
    )
}

/// Documents of one registration learned from the API.
pub fn upsert_api_documents(
    tx: &Transaction,
    ctx: &LoadContext,
    docs: &[RegistrantDoc],
) -> rusqlite::Result<LoadCounts> {
    let refs: Vec<&RegistrantDoc> = docs.iter().collect();
    let (rows, statuses) = document_rows(&refs);
    apply_api(
        tx,
        ctx,
        &DOCUMENTS,
        &rows,
        &[("status", statuses)],
        Derived {
            name_parts: None,
            fts: Some("documents_fts"),
        },
    )
}

/// Writes one registration's rows learned from the API (never marking others removed),
/// records the changes, and rebuilds what is derived from the table when anything changed.
fn apply_api(
    tx: &Transaction,
    ctx: &LoadContext,
    table: &Table,
    rows: &[Row],
    extra_insert: &[(&str, Vec<Value>)],
    derived: Derived,
) -> rusqlite::Result<LoadCounts> {
    let done = reconcile::reconcile(tx, table, rows, extra_insert, Origin::Api, false, ctx.now)?;
    record(tx, ctx, table, &done)?;
    let counts = done.counts;
    if counts.inserted + counts.updated > 0 {
        rebuild_derived(tx, derived, None)?;
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
/// The natural key of a foreign principal: registration number, [`name_key`] of the name,
/// registration date (`migrations/0009_json_safe_ids.sql` builds the same in SQL).
pub fn principal_key(
    registration_number: i64,
    name: &str,
    registration_date: Option<&str>,
) -> String {
    format!(
        "{registration_number}|{}|{}",
        name_key(name),
        registration_date.unwrap_or("")
    )
}

/// The natural key of a short form (a person registered under a registration):
/// registration number, [`name_key`] of the last and first names, short form date.
pub fn short_form_key(
    registration_number: i64,
    last_name: &str,
    first_name: Option<&str>,
    short_form_date: Option<&str>,
) -> String {
    format!(
        "{registration_number}|{}|{}|{}",
        name_key(last_name),
        name_key(first_name.unwrap_or("")),
        short_form_date.unwrap_or("")
    )
}
