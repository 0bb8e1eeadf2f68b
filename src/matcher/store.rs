//! The matcher's effectful half: reads registrants, principals and takedowns from the database,
//! runs [`super::match_all`], and writes `links` and `registrant_relations` in one transaction
//! (a failed match leaves both as they were).
//!
//! Link ids stay the same across re-matches: a link is upserted by its natural key
//! (`registration_number|foreign_principal|takedown_id|kind`, column `link_key`). A link the
//! matcher no longer proposes is deleted unless someone judged it; a judged link stays with its
//! last score and evidence, and its verdict. A rejected link is never proposed again: it keeps
//! its row (so its id and verdict survive) and `links` lists it only on request.
//!
//! For: the matcher's reads and writes (`links`, `registrant_relations`, and the `changes`
//! record of a sync's links). Not for: listing links or recording verdicts
//! ([`super::links`]), or the matching itself ([`super::match_all`]).

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, Transaction, params};
use serde::Serialize;

use super::error::MatchError;
use super::inputs::{Inputs, Principal, Registrant, Takedown};
use super::match_all;
use super::outcome::{Link, Relation};

/// What a match run changed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MatchReport {
    /// Links proposed for the first time.
    pub inserted: u64,
    /// Links proposed again with another score, evidence or principal name.
    pub updated: u64,
    /// Links proposed again as they were (not written).
    pub unchanged: u64,
    /// Unjudged links the matcher no longer proposes.
    pub removed: u64,
    /// Relations stored (both directions count).
    pub relations: u64,
    /// The time [`match_all`] took, without reading and writing.
    pub seconds_matching: f64,
}

/// Reads the matcher's inputs from the database.
pub fn read_inputs(conn: &Connection) -> Result<Inputs, MatchError> {
    let mut st = conn.prepare(
        "SELECT registration_number, name, business_name, registration_date, termination_date
         FROM registrants WHERE removed_at IS NULL",
    )?;
    let registrants = st
        .query_map([], |row| {
            Ok(Registrant::from_filed(
                row.get(0)?,
                &row.get::<_, String>(1)?,
                row.get::<_, Option<String>>(2)?.as_deref(),
                row.get::<_, Option<String>>(3)?.as_deref(),
                row.get::<_, Option<String>>(4)?.as_deref(),
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut st = conn.prepare(
        "SELECT id, registration_number, name, country_code, registration_date, termination_date
         FROM foreign_principals WHERE removed_at IS NULL",
    )?;
    let principals = st
        .query_map([], |row| {
            Ok(Principal::from_filed(
                row.get(0)?,
                row.get(1)?,
                &row.get::<_, String>(2)?,
                row.get::<_, Option<String>>(3)?.as_deref(),
                row.get::<_, Option<String>>(4)?.as_deref(),
                row.get::<_, Option<String>>(5)?.as_deref(),
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut st = conn.prepare(
        "SELECT takedown_id, announced_on, attributed_to, origin_countries, target_countries
         FROM takedowns",
    )?;
    let takedowns = st
        .query_map([], |row| {
            Ok(Takedown::from_row(
                row.get(0)?,
                row.get::<_, Option<String>>(1)?.as_deref(),
                row.get::<_, Option<String>>(2)?.as_deref(),
                row.get::<_, Option<String>>(3)?.as_deref(),
                row.get::<_, Option<String>>(4)?.as_deref(),
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Inputs {
        registrants,
        principals,
        takedowns,
        today: Some(jiff::Zoned::now().date()),
    })
}

/// Runs the matcher over the database and stores its links and relations, in one transaction.
/// With a sync's `run_id`, what the run changed in `links` (new, re-scored, dropped) goes to
/// the `changes` record in that same transaction, so a kill cannot separate the two.
pub fn run(conn: &mut Connection, run_id: Option<i64>) -> Result<MatchReport, MatchError> {
    let t_read = std::time::Instant::now();
    let inputs = read_inputs(conn)?;
    tracing::debug!("matcher: inputs read in {:?}", t_read.elapsed());
    let t0 = std::time::Instant::now();
    let outcome = match_all(&inputs);
    let seconds_matching = t0.elapsed().as_secs_f64();
    let t_store = std::time::Instant::now();
    let mut report = store(conn, &outcome.links, &outcome.relations, run_id)?;
    tracing::debug!("matcher: stored in {:?}", t_store.elapsed());
    report.seconds_matching = seconds_matching;
    Ok(report)
}

/// Writes one match run's links and relations, in one transaction. With a sync's `run_id`,
/// what changed in `links` is recorded in `changes` in that same transaction.
pub fn store(
    conn: &mut Connection,
    links: &[Link],
    relations: &[Relation],
    run_id: Option<i64>,
) -> Result<MatchReport, MatchError> {
    let now = crate::db::now_rfc3339();
    let tx = conn.transaction()?;
    let before = match run_id {
        Some(_) => Some(crate::changes::LinkSnapshot::take(&tx)?),
        None => None,
    };
    let mut report = MatchReport::default();
    let existing = existing_links(&tx)?;
    let seen = upsert_links(&tx, links, &existing, &now, &mut report)?;
    report.removed = drop_unproposed(&tx, &existing, &seen)?;
    report.relations = replace_relations(&tx, relations)?;
    if let (Some(before), Some(run_id)) = (before, run_id) {
        before.record(&tx, run_id, "links", super::DEFAULT_MIN_SCORE)?;
    }
    tx.commit()?;
    Ok(report)
}

/// A stored link as a re-match compares it: its id, its score and [`link_hash`].
struct Stored {
    id: i64,
    score: f64,
    hash: u64,
}

/// A hash of a link's evidence and of its principal's name as filed, so a re-match compares
/// without a query per link and writes only what changed.
fn link_hash(evidence: &str, principal: Option<&str>) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(evidence.as_bytes());
    h.update(&[0]);
    h.update(principal.unwrap_or("").as_bytes());
    h.digest()
}

/// The links already stored, by natural key (rows without a key are left alone).
fn existing_links(tx: &Transaction<'_>) -> Result<HashMap<String, Stored>, MatchError> {
    let mut existing = HashMap::new();
    let mut st =
        tx.prepare("SELECT link_key, link_id, score, evidence, foreign_principal FROM links")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let key: Option<String> = r.get(0)?;
        let evidence: Option<String> = r.get(3)?;
        let principal: Option<String> = r.get(4)?;
        if let Some(key) = key {
            existing.insert(
                key,
                Stored {
                    id: r.get(1)?,
                    score: r.get(2)?,
                    hash: link_hash(evidence.as_deref().unwrap_or(""), principal.as_deref()),
                },
            );
        }
    }
    Ok(existing)
}

/// Inserts new links and updates changed ones (an unchanged link is not written); counts
/// them in `report` and returns the keys proposed.
fn upsert_links(
    tx: &Transaction<'_>,
    links: &[Link],
    existing: &HashMap<String, Stored>,
    now: &str,
    report: &mut MatchReport,
) -> Result<HashSet<String>, MatchError> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO links (registration_number, foreign_principal, foreign_principal_id,
            takedown_id, kind, score, evidence, link_key, first_seen_at, matched_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
    )?;
    let mut update = tx.prepare_cached(
        "UPDATE links SET score = ?2, evidence = ?3, foreign_principal_id = ?4, matched_at = ?5,
            foreign_principal = ?6
         WHERE link_id = ?1",
    )?;
    let mut seen = HashSet::with_capacity(links.len());
    for link in links {
        let key = link.key();
        let evidence = serde_json::to_string(&link.evidence).unwrap_or_else(|_| "[]".into());
        match existing.get(&key) {
            None => {
                insert.execute(params![
                    link.registration_number,
                    link.foreign_principal,
                    link.foreign_principal_id,
                    link.takedown_id,
                    link.kind.as_str(),
                    link.score,
                    evidence,
                    key,
                    now
                ])?;
                report.inserted += 1;
            }
            Some(old)
                if old.score == link.score
                    && old.hash == link_hash(&evidence, link.foreign_principal.as_deref()) =>
            {
                // No write: a re-match of an unchanged registry touches nothing.
                report.unchanged += 1;
            }
            Some(old) => {
                update.execute(params![
                    old.id,
                    link.score,
                    evidence,
                    link.foreign_principal_id,
                    now,
                    link.foreign_principal
                ])?;
                report.updated += 1;
            }
        }
        seen.insert(key);
    }
    Ok(seen)
}

/// Deletes the links no longer proposed, unless someone judged them; returns how many.
fn drop_unproposed(
    tx: &Transaction<'_>,
    existing: &HashMap<String, Stored>,
    seen: &HashSet<String>,
) -> Result<u64, MatchError> {
    let judged: HashSet<i64> = tx
        .prepare("SELECT DISTINCT link_id FROM judgements")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut delete = tx.prepare_cached("DELETE FROM links WHERE link_id = ?1")?;
    let mut removed = 0;
    for (key, old) in existing {
        if !seen.contains(key) && !judged.contains(&old.id) {
            delete.execute([old.id])?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Replaces every relation with this run's; returns how many.
fn replace_relations(tx: &Transaction<'_>, relations: &[Relation]) -> Result<u64, MatchError> {
    tx.execute("DELETE FROM registrant_relations", [])?;
    let mut rel = tx.prepare_cached(
        "INSERT INTO registrant_relations (registration_number, related_number, kind, reason, score)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for r in relations {
        rel.execute(params![
            r.registration_number,
            r.related_number,
            r.kind,
            r.reason,
            r.score
        ])?;
    }
    Ok(relations.len() as u64)
}
