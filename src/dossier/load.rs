//! Reading a dossier: which registration a name or number points at ([`resolve`]), and
//! everything the database holds about it ([`load`]), one query per section.
//!
//! For: the reads of a dossier. Not for: wording or layout (`text`, `terminal`, `markdown`).

use rusqlite::{Connection, OptionalExtension};

use super::{
    Agreement, Candidate, Document, Dossier, DossierError, LinkRef, NOTICE, Payment, Principal,
    Registrant, Related, Resolved, TakedownLink, is_listed,
};
use crate::matcher::DEFAULT_MIN_SCORE;
use crate::search::{HitKind, SearchOptions, search};

/// Finds the registrant `query` names: a registration number, or a name. A name resolves to a
/// firm when one firm fits it clearly better than the rest; its registrations
/// ("CLS Strategies": 6766, 6523, 5774; "Hill & Knowlton": 2574, 2740 and the active 3301)
/// are one firm ([`crate::search`] groups them), which opens at its active registration, else
/// its most recent. Only a name that different firms fit about equally lists candidates.
pub fn resolve(conn: &Connection, query: &str) -> Result<Resolved, DossierError> {
    let q = query.trim();
    if let Ok(n) = q.trim_start_matches('#').parse::<i64>() {
        let exists: Option<i64> = conn
            .query_row(
                "SELECT registration_number FROM registrants WHERE registration_number = ?1",
                [n],
                |r| r.get(0),
            )
            .optional()?;
        return Ok(exists.map_or(Resolved::NotFound, Resolved::One));
    }
    let opts = SearchOptions {
        limit: 20,
        kinds: vec![HitKind::Registrant],
    };
    let hits = search(conn, q, &opts)?;
    let Some(top) = hits.first() else {
        return Ok(Resolved::NotFound);
    };
    let firm_of = |h: &crate::search::Hit| h.firm.or(h.registration_number);
    // Near-equals of the best, by firm (hits list a firm's lead first).
    let mut firms: Vec<(i64, Vec<&crate::search::Hit>)> = Vec::new();
    for h in hits
        .iter()
        .filter(|h| h.score >= top.score - 0.05 && h.score >= 0.6)
    {
        let Some(f) = firm_of(h) else { continue };
        match firms.iter_mut().find(|(g, _)| *g == f) {
            Some((_, members)) => members.push(h),
            None => firms.push((f, vec![h])),
        }
    }
    Ok(match firms.as_slice() {
        [] => Resolved::Ambiguous(
            hits.iter()
                .take(5)
                .filter_map(|h| Candidate::of(h, 1))
                .collect(),
        ),
        [(_, members)] if members.len() == 1 => match Candidate::of(members[0], 1) {
            Some(c) => Resolved::One(c.registration_number),
            None => Resolved::NotFound,
        },
        [(lead, members)] => {
            let opened = members
                .iter()
                .find(|h| h.registration_number == Some(*lead))
                .unwrap_or(&members[0]);
            let n = members.len();
            Resolved::Firm {
                opened: Candidate::of(opened, n).ok_or(DossierError::NotFound(*lead))?,
                others: members
                    .iter()
                    .filter(|h| h.registration_number != opened.registration_number)
                    .filter_map(|h| Candidate::of(h, n))
                    .collect(),
            }
        }
        several => Resolved::Ambiguous(
            several
                .iter()
                .filter_map(|(_, members)| Candidate::of(members[0], members.len()))
                .collect(),
        ),
    })
}

fn table_exists(conn: &Connection, name: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?1",
        [name],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n > 0)
}

fn address(parts: &[Option<String>]) -> Option<String> {
    let joined = parts
        .iter()
        .flatten()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    (!joined.is_empty()).then_some(joined)
}

fn json_or_text(raw: Option<String>) -> serde_json::Value {
    match raw {
        None => serde_json::Value::Null,
        Some(s) => serde_json::from_str(&s).unwrap_or(serde_json::Value::String(s)),
    }
}

/// Reads the dossier of registration `reg`.
pub fn load(conn: &Connection, reg: i64) -> Result<Dossier, DossierError> {
    let registrant = registrant(conn, reg)?;
    let (takedowns, unlisted_links) = linked_takedowns(conn, reg)?;
    Ok(Dossier {
        notice: NOTICE,
        registrant,
        related_registrations: related_registrations(conn, reg)?,
        foreign_principals: foreign_principals(conn, reg)?,
        documents: documents(conn, reg)?,
        agreements: agreements(conn, reg)?,
        payments: payments(conn, reg)?,
        receipts_by_year: crate::money::receipts_by_year(conn, reg)?,
        takedowns,
        min_score: DEFAULT_MIN_SCORE,
        unlisted_links,
    })
}

/// The registrant row itself; [`DossierError::NotFound`] when there is none.
fn registrant(conn: &Connection, reg: i64) -> Result<Registrant, DossierError> {
    conn.query_row(
        "SELECT registration_number, name, business_name, registration_date, termination_date,
                    address_1, address_2, city, state, zip, removed_at
             FROM registrants WHERE registration_number = ?1",
        [reg],
        |r| {
            Ok(Registrant {
                registration_number: r.get(0)?,
                name: r.get(1)?,
                business_name: r
                    .get::<_, Option<String>>(2)?
                    .filter(|b| !b.trim().is_empty()),
                registration_date: r.get(3)?,
                termination_date: r.get(4)?,
                address: address(&[r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?]),
                removed_at: r.get(10)?,
                efile_url: None,
            })
        },
    )
    .optional()?
    .ok_or(DossierError::NotFound(reg))
}

/// The registration's other registrations, one line each (the first reason), most recent
/// first.
fn related_registrations(conn: &Connection, reg: i64) -> Result<Vec<Related>, DossierError> {
    // registrant_relations comes with the matcher (issue #5); an older database has none.
    let mut related = Vec::new();
    if table_exists(conn, "registrant_relations")? {
        let mut stmt = conn.prepare(
            "SELECT rr.related_number, r.name, rr.reason, rr.kind, r.registration_date, r.termination_date
             FROM registrant_relations rr
             LEFT JOIN registrants r ON r.registration_number = rr.related_number
             WHERE rr.registration_number = ?1
             ORDER BY r.registration_date DESC, rr.related_number",
        )?;
        let rows = stmt.query_map([reg], |r| {
            Ok(Related {
                registration_number: r.get(0)?,
                name: r.get(1)?,
                reason: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                kind: r.get(3)?,
                registration_date: r.get(4)?,
                termination_date: r.get(5)?,
                efile_url: None,
            })
        })?;
        for r in rows {
            let r = r?;
            // One line per registration, the first reason (the matcher may relate two
            // registrations for several reasons).
            if !related
                .iter()
                .any(|x: &Related| x.registration_number == r.registration_number)
            {
                related.push(r);
            }
        }
    }
    Ok(related)
}

/// Its foreign principals still in DOJ's files, oldest first.
fn foreign_principals(conn: &Connection, reg: i64) -> Result<Vec<Principal>, DossierError> {
    conn.prepare(
        "SELECT name, country, country_code, registration_date, termination_date,
                    address_1, address_2, city, state, zip
             FROM foreign_principals WHERE registration_number = ?1 AND removed_at IS NULL
             ORDER BY registration_date, name",
    )?
    .query_map([reg], |r| {
        Ok(Principal {
            name: r.get(0)?,
            country: r.get(1)?,
            country_code: r.get(2)?,
            registration_date: r.get(3)?,
            termination_date: r.get(4)?,
            address: address(&[r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?]),
        })
    })?
    .collect::<Result<Vec<_>, _>>()
    .map_err(DossierError::from)
}

/// Its filings still in DOJ's files, by date stamped.
fn documents(conn: &Connection, reg: i64) -> Result<Vec<Document>, DossierError> {
    conn.prepare(
        "SELECT url, document_type, date_stamped, foreign_principal_name, status
             FROM documents WHERE registration_number = ?1 AND removed_at IS NULL
             ORDER BY date_stamped, url",
    )?
    .query_map([reg], |r| {
        Ok(Document {
            url: r.get(0)?,
            document_type: r.get(1)?,
            date_stamped: r.get(2)?,
            foreign_principal_name: r.get(3)?,
            status: r.get(4)?,
        })
    })?
    .collect::<Result<Vec<_>, _>>()
    .map_err(DossierError::from)
}

/// The agreements read out of its Exhibits AB, in the order the documents were stamped.
fn agreements(conn: &Connection, reg: i64) -> Result<Vec<Agreement>, DossierError> {
    conn.prepare(
        "SELECT a.document_url, coalesce(fp.name, a.foreign_principal), a.fee_amount,
                    a.fee_currency, a.fee_period, a.term_start, a.term_end, a.term_months,
                    a.scope, a.evidence, a.confidence
             FROM agreements a LEFT JOIN foreign_principals fp ON fp.id = a.foreign_principal_id
             LEFT JOIN documents d ON d.url = a.document_url
             WHERE a.registration_number = ?1
             ORDER BY d.date_stamped, a.id",
    )?
    .query_map([reg], |r| {
        Ok(Agreement {
            document_url: r.get(0)?,
            foreign_principal: r.get(1)?,
            fee_amount: r.get(2)?,
            fee_currency: r.get(3)?,
            fee_period: r.get(4)?,
            term_start: r.get(5)?,
            term_end: r.get(6)?,
            term_months: r.get(7)?,
            scope: r.get(8)?,
            evidence: json_or_text(r.get(9)?),
            confidence: r.get(10)?,
        })
    })?
    .collect::<Result<Vec<_>, _>>()
    .map_err(DossierError::from)
}

/// The payments read out of its filings, by date.
fn payments(conn: &Connection, reg: i64) -> Result<Vec<Payment>, DossierError> {
    conn.prepare(
        "SELECT document_url, foreign_principal, date, amount, currency, purpose
             FROM payments WHERE registration_number = ?1 ORDER BY date, id",
    )?
    .query_map([reg], |r| {
        Ok(Payment {
            document_url: r.get(0)?,
            foreign_principal: r.get(1)?,
            date: r.get(2)?,
            amount: r.get(3)?,
            currency: r.get(4)?,
            purpose: r.get(5)?,
        })
    })?
    .collect::<Result<Vec<_>, _>>()
    .map_err(DossierError::from)
}

/// One link as read, before rows are merged.
struct LinkRead {
    member: LinkRef,
    takedown_id: String,
    platform: Option<String>,
    announced_on: Option<String>,
    network_name: Option<String>,
    source_url: Option<String>,
    evidence: serde_json::Value,
}

/// Confirmed first, then unreviewed, then rejected; best score first within each.
fn lead_rank(verdict: Option<&str>) -> u8 {
    match verdict {
        Some("confirmed") => 0,
        None => 1,
        _ => 2,
    }
}

/// The takedowns linked to registration `reg`, one row per takedown (see [`TakedownLink`]),
/// and how many links were left out as under the threshold.
fn linked_takedowns(conn: &Connection, reg: i64) -> Result<(Vec<TakedownLink>, i64), DossierError> {
    let read = conn
        .prepare(
            "SELECT l.link_id, l.takedown_id, t.platform, t.announced_on, t.network_name,
                    t.source_url, l.foreign_principal, l.kind, l.score,
                    (SELECT j.verdict FROM judgements j WHERE j.link_id = l.link_id
                      ORDER BY j.decided_at DESC, j.id DESC LIMIT 1),
                    l.evidence
             FROM links l LEFT JOIN takedowns t ON t.takedown_id = l.takedown_id
             WHERE l.registration_number = ?1",
        )?
        .query_map([reg], |r| {
            Ok(LinkRead {
                member: LinkRef {
                    link_id: r.get(0)?,
                    foreign_principal: r.get(6)?,
                    kind: r.get(7)?,
                    score: r.get(8)?,
                    verdict: r.get(9)?,
                },
                takedown_id: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                platform: r.get(2)?,
                announced_on: r.get(3)?,
                network_name: r.get(4)?,
                source_url: r.get(5)?,
                evidence: json_or_text(r.get(10)?),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let (mut listed, unlisted): (Vec<LinkRead>, Vec<LinkRead>) = read
        .into_iter()
        .partition(|l| is_listed(&l.member.kind, l.member.score, l.member.verdict.as_deref()));
    listed.sort_by(|a, b| {
        let (a, b) = (&a.member, &b.member);
        lead_rank(a.verdict.as_deref())
            .cmp(&lead_rank(b.verdict.as_deref()))
            .then(b.score.total_cmp(&a.score))
            .then(a.link_id.cmp(&b.link_id))
    });
    let mut rows: Vec<TakedownLink> = Vec::new();
    for l in listed {
        if let Some(row) = rows.iter_mut().find(|r| r.takedown_id == l.takedown_id) {
            // Merged into the row of a better link to the same takedown.
            let m = &l.member;
            let via = match &m.foreign_principal {
                Some(p) => format!("principal \"{p}\""),
                None => "the firm's own name".to_string(),
            };
            let verdict = m.verdict.as_deref().unwrap_or("not reviewed");
            if let Some(items) = row.evidence.as_array_mut() {
                items.push(serde_json::json!({
                    "feature": "also_linked",
                    "detail": format!(
                        "also linked through {via} (link {}, {}, score {:.2}, {verdict})",
                        m.link_id, m.kind, m.score
                    ),
                    "weight": 0.0,
                }));
            }
            if let Some(p) = &m.foreign_principal
                && !row.foreign_principals.contains(p)
            {
                row.foreign_principals.push(p.clone());
            }
            row.links.push(l.member);
            continue;
        }
        let m = l.member;
        rows.push(TakedownLink {
            link_id: m.link_id,
            takedown_id: l.takedown_id,
            platform: l.platform,
            announced_on: l.announced_on,
            network_name: l.network_name,
            source_url: l.source_url,
            foreign_principal: m.foreign_principal.clone(),
            kind: m.kind.clone(),
            score: m.score,
            verdict: m.verdict.clone(),
            evidence: match l.evidence {
                v @ serde_json::Value::Array(_) => v,
                serde_json::Value::Null => serde_json::Value::Array(vec![]),
                other => serde_json::Value::Array(vec![other]),
            },
            foreign_principals: m.foreign_principal.iter().cloned().collect(),
            links: vec![m],
        });
    }
    Ok((rows, unlisted.len() as i64))
}
