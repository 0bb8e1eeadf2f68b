//! The matcher's effectful half: reads registrants, principals and takedowns from the database,
//! runs [`super::match_all`], and writes `links` and `registrant_relations` in one transaction
//! (a failed match leaves both as they were).
//!
//! Link ids stay the same across re-matches: a link is upserted by its natural key
//! (`registration_number|foreign_principal|takedown_id|kind`, column `link_key`). A link the
//! matcher no longer proposes is deleted unless someone judged it; a judged link stays with its
//! last score and evidence, and its verdict. A rejected link is never proposed again: it keeps
//! its row (so its id and verdict survive) and `links` lists it only on request.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::{Inputs, Link, Principal, Registrant, Takedown, match_all};

/// Errors of a match run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MatchError {
    /// Reading the inputs or writing links failed; nothing was changed.
    #[error("database error while matching: {0}")]
    Db(#[from] rusqlite::Error),
    /// `review` named a link id that does not exist; `faralink links` lists the ids.
    #[error("no link with id {0}; `faralink links --min-score 0` lists every link id")]
    UnknownLink(i64),
}

/// What a match run changed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MatchReport {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// Unjudged links the matcher no longer proposes.
    pub removed: u64,
    pub relations: u64,
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

/// Writes one match run's links and relations.
pub fn store(
    conn: &mut Connection,
    links: &[Link],
    relations: &[super::Relation],
    run_id: Option<i64>,
) -> Result<MatchReport, MatchError> {
    let now = crate::db::now_rfc3339();
    let tx = conn.transaction()?;
    let before = match run_id {
        Some(_) => Some(crate::changes::LinkSnapshot::take(&tx)?),
        None => None,
    };
    let mut report = MatchReport::default();
    {
        // The links already there, by key: id, score and a hash of the evidence and of the
        // principal's name as filed (so a re-match compares without a query per link and
        // writes only what changed).
        let hash = |evidence: &str, principal: Option<&str>| {
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            h.update(evidence.as_bytes());
            h.update(&[0]);
            h.update(principal.unwrap_or("").as_bytes());
            h.digest()
        };
        let mut existing: std::collections::HashMap<String, (i64, f64, u64)> =
            std::collections::HashMap::new();
        {
            let mut st = tx.prepare(
                "SELECT link_key, link_id, score, evidence, foreign_principal FROM links",
            )?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                let key: Option<String> = r.get(0)?;
                let evidence: Option<String> = r.get(3)?;
                let principal: Option<String> = r.get(4)?;
                if let Some(key) = key {
                    existing.insert(
                        key,
                        (
                            r.get(1)?,
                            r.get(2)?,
                            hash(evidence.as_deref().unwrap_or(""), principal.as_deref()),
                        ),
                    );
                }
            }
        }
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
        let mut seen = std::collections::HashSet::with_capacity(links.len());
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
                Some(&(_, score, h))
                    if score == link.score
                        && h == hash(&evidence, link.foreign_principal.as_deref()) =>
                {
                    // No write: a re-match of an unchanged registry touches nothing.
                    report.unchanged += 1;
                }
                Some(&(id, _, _)) => {
                    update.execute(params![
                        id,
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
        // Links no longer proposed go, unless someone judged them.
        let judged: std::collections::HashSet<i64> = tx
            .prepare("SELECT DISTINCT link_id FROM judgements")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut delete = tx.prepare_cached("DELETE FROM links WHERE link_id = ?1")?;
        for (key, (id, _, _)) in &existing {
            if !seen.contains(key) && !judged.contains(id) {
                delete.execute([id])?;
                report.removed += 1;
            }
        }
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
        report.relations = relations.len() as u64;
    }
    if let (Some(before), Some(run_id)) = (before, run_id) {
        before.record(&tx, run_id, "links")?;
    }
    tx.commit()?;
    Ok(report)
}

/// A person's verdict on a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Confirmed,
    Rejected,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Confirmed => "confirmed",
            Verdict::Rejected => "rejected",
        }
    }
}

/// Records a verdict on a link (the latest verdict is the one that counts).
pub fn review(
    conn: &Connection,
    link_id: i64,
    verdict: Verdict,
    note: Option<&str>,
) -> Result<(), MatchError> {
    let exists: Option<i64> = conn
        .query_row(
            "SELECT link_id FROM links WHERE link_id = ?1",
            [link_id],
            |r| r.get(0),
        )
        .optional()?;
    if exists.is_none() {
        return Err(MatchError::UnknownLink(link_id));
    }
    conn.execute(
        "INSERT INTO judgements (link_id, verdict, note, decided_at) VALUES (?1, ?2, ?3, ?4)",
        params![link_id, verdict.as_str(), note, crate::db::now_rfc3339()],
    )?;
    Ok(())
}

/// A link as `links` and the dossier show it.
#[derive(Debug, Clone, Serialize)]
pub struct LinkRow {
    pub link_id: i64,
    pub registration_number: Option<i64>,
    pub registrant_name: Option<String>,
    pub foreign_principal: Option<String>,
    pub takedown_id: String,
    pub platform: Option<String>,
    pub announced_on: Option<String>,
    pub kind: String,
    pub score: f64,
    pub verdict: Option<String>,
    pub evidence: serde_json::Value,
    /// Registrations of the same firm (or a proposed predecessor) that have a higher-ranked
    /// link in this list: `[{registration_number, kind, reason}]`.
    pub related_to: Vec<RelatedRef>,
}

/// A pointer from one listed link's registrant to a related, better-ranked one.
#[derive(Debug, Clone, Serialize)]
pub struct RelatedRef {
    pub registration_number: i64,
    pub kind: String,
    pub reason: String,
}

/// Which links to list.
#[derive(Debug, Clone, Default)]
pub struct LinkFilter {
    pub registrant: Option<i64>,
    pub takedown: Option<String>,
    pub min_score: f64,
    /// List rejected links too.
    pub include_rejected: bool,
}

/// The links that pass `filter`, best first: confirmed links, then by score. A link under the
/// threshold is listed too when its registrant is related to a listed link's registrant in
/// the same takedown (so 5774, 6523 and 4953 show up beside 6766), marked in `related_to`.
pub fn list_links(conn: &Connection, filter: &LinkFilter) -> Result<Vec<LinkRow>, MatchError> {
    let mut st = conn.prepare(
        "SELECT l.link_id, l.registration_number, r.name, l.foreign_principal, l.takedown_id,
                t.platform, t.announced_on, l.kind, l.score,
                (SELECT verdict FROM judgements j WHERE j.link_id = l.link_id
                  ORDER BY j.decided_at DESC, j.id DESC LIMIT 1) AS verdict,
                l.evidence
         FROM links l
         LEFT JOIN registrants r ON r.registration_number = l.registration_number
         LEFT JOIN takedowns t ON t.takedown_id = l.takedown_id
         WHERE (?1 IS NULL OR l.registration_number = ?1)
           AND (?2 IS NULL OR l.takedown_id = ?2)",
    )?;
    let mut rows = st
        .query_map(params![filter.registrant, filter.takedown], |r| {
            let evidence: Option<String> = r.get(10)?;
            Ok(LinkRow {
                link_id: r.get(0)?,
                registration_number: r.get(1)?,
                registrant_name: r.get(2)?,
                foreign_principal: r.get(3)?,
                takedown_id: r.get(4)?,
                platform: r.get(5)?,
                announced_on: r.get(6)?,
                kind: r.get(7)?,
                score: r.get(8)?,
                verdict: r.get(9)?,
                evidence: evidence
                    .and_then(|e| serde_json::from_str(&e).ok())
                    .unwrap_or(serde_json::Value::Array(vec![])),
                related_to: Vec::new(),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    if !filter.include_rejected {
        rows.retain(|r| r.verdict.as_deref() != Some("rejected"));
    }
    let rank = |r: &LinkRow| (r.verdict.as_deref() == Some("confirmed"), r.score);
    rows.sort_by(|a, b| {
        let (ca, sa) = rank(a);
        let (cb, sb) = rank(b);
        cb.cmp(&ca)
            .then(sb.total_cmp(&sa))
            .then(a.link_id.cmp(&b.link_id))
    });
    let passes =
        |r: &LinkRow| r.score >= filter.min_score || r.verdict.as_deref() == Some("confirmed");
    let mut rel = conn.prepare_cached(
        "SELECT related_number, kind, reason FROM registrant_relations WHERE registration_number = ?1",
    )?;
    let mut out: Vec<LinkRow> = Vec::new();
    for mut row in rows {
        // Related registrations with a better link already listed for the same takedown.
        if let Some(n) = row.registration_number {
            let related = rel
                .query_map([n], |r| {
                    Ok(RelatedRef {
                        registration_number: r.get(0)?,
                        kind: r.get(1)?,
                        reason: r.get(2)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            row.related_to = related
                .into_iter()
                .filter(|rr| {
                    out.iter().any(|o| {
                        o.takedown_id == row.takedown_id
                            && o.registration_number == Some(rr.registration_number)
                    })
                })
                .collect();
        }
        let already_listed = out.iter().any(|o| {
            o.takedown_id == row.takedown_id && o.registration_number == row.registration_number
        });
        // A related registration's link comes along under the threshold, but never a
        // `context` one (a country in common, judged under an older version): no lead.
        if passes(&row) || (!row.related_to.is_empty() && !already_listed && row.kind != "context")
        {
            out.push(row);
        }
    }
    Ok(out)
}
