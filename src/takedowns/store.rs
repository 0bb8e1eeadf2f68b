//! Takedown records into the `takedowns` table: upserts by `takedown_id`, the rejected rows
//! into `rejects`, and the `takedowns_fts` index rebuilt when anything changed, all in one
//! transaction (a failed load leaves the table as it was).
//!
//! For: `takedowns import` (a file a person gives), the curated dataset built into faralink
//! ([`load_curated`], run by `sync`) and reading the rows back ([`list`]). Not for: parsing
//! (see `takedowns::import`) or deciding links (the matcher).
//!
//! Rows are never deleted: a row missing from a later file stays, as FARA rows do. A row whose
//! values are all the same as stored is counted unchanged and not written, so importing the
//! same file twice reports 0 inserted, 0 updated.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Transaction, params, params_from_iter};
use serde::Serialize;
use sha2::Digest;

use super::Takedown;
use super::import::{self, ImportError, Parsed};
use crate::db::LoadCounts;

/// The columns a load writes and compares, in order: the contract's import columns, then
/// ours (`first_seen_at`/`changed_at` are bookkeeping, not compared).
static COLUMNS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    let ours = [
        "origin_regions",
        "target_regions",
        "ad_spend_amount",
        "ad_spend_currency",
        "ad_spend_note",
        "source",
        "origin_as_written",
        "target_as_written",
        "import_notes",
    ];
    import::COLUMNS.iter().chain(ours.iter()).copied().collect()
});

/// The `rejects.source` of the curated dataset, and its `source_state` / `sync_runs` name.
pub const CURATED_SOURCE: &str = "takedowns:curated";

/// Errors storing takedowns.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The input could not be read at all (the error names the file and line).
    #[error(transparent)]
    Import(#[from] ImportError),
    /// SQLite failed; nothing of this load was kept.
    #[error("database error storing takedowns: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// What loading the curated dataset did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CuratedLoad {
    /// Rows new, updated, unchanged and removed.
    pub counts: LoadCounts,
    /// Why nothing was loaded, when the content was the same as last time.
    pub note: Option<String>,
    /// SHA-256 of the dataset's bytes, to tell a changed dataset from the same one.
    pub sha256: String,
}

fn list_text(items: &[String]) -> Value {
    if items.is_empty() {
        Value::Null
    } else {
        Value::Text(items.join(";"))
    }
}

fn opt_text(s: &Option<String>) -> Value {
    s.clone().map_or(Value::Null, Value::Text)
}

fn opt_int(n: Option<i64>) -> Value {
    n.map_or(Value::Null, Value::Integer)
}

fn opt_real(n: Option<f64>) -> Value {
    n.map_or(Value::Null, Value::Real)
}

/// A takedown as the values of [`COLUMNS`].
fn row_values(t: &Takedown, source: &str) -> Vec<Value> {
    vec![
        Value::Text(t.takedown_id.clone()),
        Value::Text(t.platform.clone()),
        Value::Text(t.announced_on.clone()),
        opt_text(&t.network_name),
        list_text(&t.attributed_to),
        list_text(&t.origin_countries),
        list_text(&t.target_countries),
        opt_int(t.fb_accounts),
        opt_int(t.fb_pages),
        opt_int(t.fb_groups),
        opt_int(t.ig_accounts),
        opt_int(t.other_accounts),
        opt_int(t.followers),
        opt_real(t.ad_spend_usd),
        opt_text(&t.attribution_text),
        opt_text(&t.summary),
        opt_text(&t.source_url),
        list_text(&t.origin_regions),
        list_text(&t.target_regions),
        opt_real(t.ad_spend_amount),
        opt_text(&t.ad_spend_currency),
        opt_text(&t.ad_spend_note),
        Value::Text(source.to_string()),
        opt_text(&t.origin_as_written),
        opt_text(&t.target_as_written),
        opt_text(&t.import_notes),
    ]
}

/// Stores parsed takedowns in one transaction. `row_source` goes into `takedowns.source`
/// (`import:<file name>`); the rejects replace those of `reject_source`
/// (`takedowns:import:<file name>`).
pub fn store(
    conn: &mut Connection,
    parsed: &Parsed,
    row_source: &str,
    reject_source: &str,
    run_id: Option<i64>,
) -> Result<LoadCounts, StoreError> {
    let tx = conn.transaction()?;
    let counts = store_in(&tx, parsed, row_source, reject_source, run_id)?;
    tx.commit()?;
    Ok(counts)
}

fn store_in(
    tx: &Transaction,
    parsed: &Parsed,
    row_source: &str,
    reject_source: &str,
    run_id: Option<i64>,
) -> rusqlite::Result<LoadCounts> {
    let now = crate::db::now_rfc3339();
    let cols = COLUMNS.join(", ");
    let mut select = tx.prepare(&format!(
        "SELECT {cols} FROM takedowns WHERE takedown_id = ?1"
    ))?;
    let marks: Vec<String> = (1..=COLUMNS.len()).map(|i| format!("?{i}")).collect();
    let n = COLUMNS.len();
    let mut insert = tx.prepare(&format!(
        "INSERT INTO takedowns ({cols}, first_seen_at, changed_at) VALUES ({}, ?{}, ?{})",
        marks.join(", "),
        n + 1,
        n + 1
    ))?;
    let sets: Vec<String> = COLUMNS
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, c)| format!("{c} = ?{}", i + 1))
        .collect();
    let mut update = tx.prepare(&format!(
        "UPDATE takedowns SET {}, changed_at = ?{} WHERE takedown_id = ?1",
        sets.join(", "),
        n + 1
    ))?;
    let mut counts = LoadCounts::default();
    // Changes are recorded for sync runs; a load into an empty table is one `loaded` row.
    let first_load: bool =
        tx.query_row("SELECT NOT EXISTS (SELECT 1 FROM takedowns)", [], |r| {
            r.get(0)
        })?;
    let record = |before: Option<&[Value]>, after: &[Value]| -> rusqlite::Result<()> {
        match run_id {
            Some(run) if !first_load => crate::changes::record_takedown(
                tx,
                run,
                reject_source,
                &now,
                &COLUMNS,
                before,
                after,
            ),
            _ => Ok(()),
        }
    };
    for t in &parsed.takedowns {
        let values = row_values(t, row_source);
        let old: Option<Vec<Value>> = select
            .query_row([&t.takedown_id], |r| {
                (0..n).map(|i| r.get::<_, Value>(i)).collect()
            })
            .optional()?;
        let mut args = values.clone();
        args.push(Value::Text(now.clone()));
        match old {
            None => {
                insert.execute(params_from_iter(&args))?;
                counts.inserted += 1;
                record(None, &values)?;
            }
            Some(old) if old == values => counts.unchanged += 1,
            Some(old) => {
                update.execute(params_from_iter(&args))?;
                counts.updated += 1;
                record(Some(&old), &values)?;
            }
        }
    }
    if let Some(run) = run_id
        && first_load
        && counts.inserted > 0
    {
        crate::changes::record_first_load(
            tx,
            run,
            reject_source,
            &now,
            "takedowns",
            counts.inserted,
        )?;
    }
    // Rejects describe the current state of a source: replaced by each load of it.
    crate::db::replace_rejects(
        tx,
        reject_source,
        run_id,
        parsed
            .rejects
            .iter()
            .map(|r| (r.line as i64, r.raw.as_str(), r.reason.as_str())),
    )?;
    counts.rejected = parsed.rejects.len() as u64;
    if counts.inserted + counts.updated > 0 {
        tx.execute(
            "INSERT INTO takedowns_fts(takedowns_fts) VALUES ('rebuild')",
            [],
        )?;
    }
    Ok(counts)
}

/// Loads the curated dataset (CSV in the import format, built into faralink from
/// `data/takedowns.csv`) as sync source `source_name` (normally [`CURATED_SOURCE`]); its rows
/// get `takedowns.source = 'curated'`. Content the same as last time (same sha256 in
/// `source_state`) is not parsed again: every row is counted unchanged.
pub fn load_curated(
    conn: &mut Connection,
    run_id: i64,
    csv_bytes: &[u8],
    source_name: &str,
) -> Result<CuratedLoad, StoreError> {
    let sha256 = hex::encode(sha2::Sha256::digest(csv_bytes));
    let prev: Option<(Option<String>, Option<i64>)> = conn
        .query_row(
            "SELECT sha256, row_count FROM source_state WHERE source = ?1",
            [source_name],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((Some(old), rows)) = &prev
        && *old == sha256
    {
        return Ok(CuratedLoad {
            counts: LoadCounts {
                unchanged: rows.unwrap_or(0) as u64,
                ..LoadCounts::default()
            },
            note: Some(format!(
                "same content as the last load (sha256 {})",
                &sha256[..12]
            )),
            sha256,
        });
    }
    let parsed = import::parse_csv(csv_bytes, "data/takedowns.csv")?;
    let tx = conn.transaction()?;
    let counts = store_in(&tx, &parsed, "curated", source_name, Some(run_id))?;
    let now = crate::db::now_rfc3339();
    let header = std::str::from_utf8(csv_bytes)
        .ok()
        .and_then(|t| t.trim_start_matches('\u{feff}').lines().next())
        .map(str::to_string);
    tx.execute(
        "INSERT INTO source_state (source, location, sha256, header, encoding, row_count, rejected, repaired, fetched_at, loaded_at)
         VALUES (?1, ?2, ?3, ?4, 'UTF-8', ?5, ?6, 0, ?7, ?7)
         ON CONFLICT(source) DO UPDATE SET location = ?2, sha256 = ?3, header = ?4, encoding = 'UTF-8',
           row_count = ?5, rejected = ?6, repaired = 0, fetched_at = ?7, loaded_at = ?7",
        params![
            source_name,
            "data/takedowns.csv (built into faralink)",
            sha256,
            header,
            parsed.takedowns.len() as i64,
            parsed.rejects.len() as i64,
            now
        ],
    )?;
    tx.commit()?;
    Ok(CuratedLoad {
        counts,
        note: None,
        sha256,
    })
}

/// A stored takedown and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredTakedown {
    /// The takedown as stored.
    #[serde(flatten)]
    pub takedown: Takedown,
    /// `curated`, `import:<file name>`, `meta`, ...
    pub source: Option<String>,
}

fn split_list(s: Option<String>) -> Vec<String> {
    s.map(|s| {
        s.split(';')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect()
    })
    .unwrap_or_default()
}

/// Every takedown, newest announcement first (then by id).
pub fn list(conn: &Connection) -> rusqlite::Result<Vec<StoredTakedown>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {} FROM takedowns ORDER BY announced_on DESC, takedown_id",
        COLUMNS.join(", ")
    ))?;
    let rows = stmt.query_map([], stored_row)?;
    rows.collect()
}

/// One takedown by id, as [`list`] gives it.
pub fn get(conn: &Connection, takedown_id: &str) -> rusqlite::Result<Option<StoredTakedown>> {
    conn.query_row(
        &format!(
            "SELECT {} FROM takedowns WHERE takedown_id = ?1",
            COLUMNS.join(", ")
        ),
        [takedown_id],
        stored_row,
    )
    .optional()
}

/// A row selected as `COLUMNS`.
fn stored_row(r: &rusqlite::Row) -> rusqlite::Result<StoredTakedown> {
    Ok(StoredTakedown {
        takedown: Takedown {
            takedown_id: r.get(0)?,
            platform: r.get(1)?,
            announced_on: r.get(2)?,
            network_name: r.get(3)?,
            attributed_to: split_list(r.get(4)?),
            origin_countries: split_list(r.get(5)?),
            target_countries: split_list(r.get(6)?),
            fb_accounts: r.get(7)?,
            fb_pages: r.get(8)?,
            fb_groups: r.get(9)?,
            ig_accounts: r.get(10)?,
            other_accounts: r.get(11)?,
            followers: r.get(12)?,
            ad_spend_usd: r.get(13)?,
            attribution_text: r.get(14)?,
            summary: r.get(15)?,
            source_url: r.get(16)?,
            origin_regions: split_list(r.get(17)?),
            target_regions: split_list(r.get(18)?),
            ad_spend_amount: r.get(19)?,
            ad_spend_currency: r.get(20)?,
            ad_spend_note: r.get(21)?,
            origin_as_written: r.get(23)?,
            target_as_written: r.get(24)?,
            import_notes: r.get(25)?,
        },
        source: r.get(22)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &[u8] = b"takedown_id,platform,announced_on,target_countries,fb_accounts\n\
        a,Meta,2020-09-01,VE;MX,55\n\
        b,Meta,bad,,\n";

    #[test]
    fn upserts_are_idempotent_and_rejects_replace() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = crate::db::open(&dir.path().join("t.db")).unwrap();
        let p = import::parse_csv(CSV, "t.csv").unwrap();
        let c = store(
            &mut conn,
            &p,
            "import:t.csv",
            "takedowns:import:t.csv",
            None,
        )
        .unwrap();
        assert_eq!(
            (c.inserted, c.updated, c.unchanged, c.rejected),
            (1, 0, 0, 1)
        );
        let c = store(
            &mut conn,
            &p,
            "import:t.csv",
            "takedowns:import:t.csv",
            None,
        )
        .unwrap();
        assert_eq!(
            (c.inserted, c.updated, c.unchanged, c.rejected),
            (0, 0, 1, 1)
        );
        let n: i64 = conn
            .query_row("SELECT count(*) FROM rejects", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
        let rows = list(&conn).unwrap();
        assert_eq!(rows[0].takedown.target_countries, ["VE", "MX"]);
        assert_eq!(rows[0].source.as_deref(), Some("import:t.csv"));
        let hits: i64 = conn
            .query_row(
                "SELECT count(*) FROM takedowns_fts WHERE takedowns_fts MATCH 'x' ",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(hits, 0);
    }

    #[test]
    fn curated_loads_once_per_content() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = crate::db::open(&dir.path().join("t.db")).unwrap();
        let l = load_curated(&mut conn, 1, CSV, CURATED_SOURCE).unwrap();
        assert_eq!((l.counts.inserted, l.counts.rejected), (1, 1));
        let l = load_curated(&mut conn, 2, CSV, CURATED_SOURCE).unwrap();
        assert_eq!(
            (l.counts.inserted, l.counts.updated, l.counts.unchanged),
            (0, 0, 1)
        );
        assert!(l.note.unwrap().contains("same content"));
    }
}
