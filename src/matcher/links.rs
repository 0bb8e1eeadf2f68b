//! Reading the stored links back, and a person's verdict on one: what `faralink links`,
//! `review`, the dossier and the web pages show.
//!
//! For: listing links best first with related registrations marked ([`list_links`]), and
//! recording verdicts in `judgements` ([`review`]). Not for: proposing or storing links
//! ([`super::store`]); a judged link's survival across re-matches is the store's rule.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::error::MatchError;

/// A person's verdict on a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The link is right: listed first, whatever its score.
    Confirmed,
    /// The link is wrong: never proposed again, listed only on request.
    Rejected,
}

impl Verdict {
    /// The verdict as `judgements.verdict` stores it.
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
    /// The link's id, stable across re-matches (`review` names it).
    pub link_id: i64,
    /// The registration linked.
    pub registration_number: Option<i64>,
    /// The registrant's name, when the registration is still in `registrants`.
    pub registrant_name: Option<String>,
    /// The principal's name as filed, for `principal` and `context` links.
    pub foreign_principal: Option<String>,
    /// The takedown linked.
    pub takedown_id: String,
    /// The takedown's platform, when the takedown is still in `takedowns`.
    pub platform: Option<String>,
    /// The takedown's announcement date (ISO).
    pub announced_on: Option<String>,
    /// `attribution`, `principal` or `context`.
    pub kind: String,
    /// The sum of the evidence weights, at most 1.
    pub score: f64,
    /// The latest verdict (`confirmed` or `rejected`), if anyone judged the link.
    pub verdict: Option<String>,
    /// The evidence, `[{feature, detail, weight}]`.
    pub evidence: serde_json::Value,
    /// Registrations of the same firm (or a proposed predecessor) that have a higher-ranked
    /// link in this list: `[{registration_number, kind, reason}]`.
    pub related_to: Vec<RelatedRef>,
}

/// A pointer from one listed link's registrant to a related, better-ranked one.
#[derive(Debug, Clone, Serialize)]
pub struct RelatedRef {
    /// The related registration.
    pub registration_number: i64,
    /// The relation's kind (`same_name`, `initials`, ...: [`super::Relation::kind`]).
    pub kind: String,
    /// Why the two are related.
    pub reason: String,
}

/// Which links to list.
#[derive(Debug, Clone, Default)]
pub struct LinkFilter {
    /// Only this registration's links.
    pub registrant: Option<i64>,
    /// Only this takedown's links.
    pub takedown: Option<String>,
    /// Links under this score are left out (but confirmed links and related registrations'
    /// links, see [`list_links`]).
    pub min_score: f64,
    /// List rejected links too.
    pub include_rejected: bool,
}

/// The links that pass `filter`, best first: confirmed links, then by score. A link under the
/// threshold is listed too when its registrant is related to a listed link's registrant in
/// the same takedown (so 5774, 6523 and 4953 show up beside 6766), marked in `related_to`.
pub fn list_links(conn: &Connection, filter: &LinkFilter) -> Result<Vec<LinkRow>, MatchError> {
    let mut rows = read_links(conn, filter)?;
    if !filter.include_rejected {
        rows.retain(|r| r.verdict.as_deref() != Some("rejected"));
    }
    rank(&mut rows);
    with_related(conn, rows, filter.min_score)
}

/// Every link of the filter's registration and takedown, unsorted, `related_to` empty.
fn read_links(conn: &Connection, filter: &LinkFilter) -> Result<Vec<LinkRow>, MatchError> {
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
    let rows = st
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
    Ok(rows)
}

/// Best first: confirmed links, then by score, then by id.
fn rank(rows: &mut [LinkRow]) {
    let rank = |r: &LinkRow| (r.verdict.as_deref() == Some("confirmed"), r.score);
    rows.sort_by(|a, b| {
        let (ca, sa) = rank(a);
        let (cb, sb) = rank(b);
        cb.cmp(&ca)
            .then(sb.total_cmp(&sa))
            .then(a.link_id.cmp(&b.link_id))
    });
}

/// The rows that pass `min_score` (or are confirmed), and under it a related registration's
/// link for a takedown already listed, each with `related_to` filled.
fn with_related(
    conn: &Connection,
    rows: Vec<LinkRow>,
    min_score: f64,
) -> Result<Vec<LinkRow>, MatchError> {
    let passes = |r: &LinkRow| r.score >= min_score || r.verdict.as_deref() == Some("confirmed");
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
