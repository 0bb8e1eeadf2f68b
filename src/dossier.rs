//! The dossier of one registrant: the firm, its other registrations, its foreign principals,
//! its filings, the agreements read out of them and the takedowns linked to it, read from the
//! database in one go and rendered for a terminal, as JSON (the contract's `show` shape) or as
//! Markdown a reporter can paste into a story memo.
//!
//! For: `faralink show` and the web UI's firm page. Not for: deciding links (the matcher) or
//! finding a firm by name (`search`; `resolve` here only chooses among its hits).

use std::fmt::Write as _;
use std::io::{self, Write};

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::matcher::DEFAULT_MIN_SCORE;
use crate::search::{HitKind, SearchOptions, search};

/// What every dossier says first, in every format.
pub const NOTICE: &str = "Registering under FARA is lawful and is not evidence of wrongdoing: \
the Act requires disclosure, and this is what was disclosed. A link to a takedown is a lead for \
a reporter to verify against the sources, not a finding.";

/// Errors reading a dossier.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DossierError {
    /// No registrant has this number; `faralink search` finds one by name.
    #[error("no registrant with registration number {0}; try `faralink search NAME`")]
    NotFound(i64),
    /// SQLite failed reading the database.
    #[error("reading the dossier failed: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The name search failed.
    #[error(transparent)]
    Search(#[from] crate::search::SearchError),
}

/// The firm itself.
#[derive(Debug, Clone, Serialize)]
pub struct Registrant {
    pub registration_number: i64,
    pub name: String,
    pub business_name: Option<String>,
    pub registration_date: Option<String>,
    pub termination_date: Option<String>,
    /// Address lines, city, state and zip in one line.
    pub address: Option<String>,
    /// Set when the row disappeared from DOJ's files (kept, never deleted).
    pub removed_at: Option<String>,
    /// The registration's page on DOJ's FARA eFile site (set by [`Dossier::with_fara_base`]).
    pub efile_url: Option<String>,
}

/// Another registration of the same firm (or one it was known as), from the matcher's
/// `registrant_relations`.
#[derive(Debug, Clone, Serialize)]
pub struct Related {
    pub registration_number: i64,
    pub name: Option<String>,
    pub reason: String,
    pub kind: Option<String>,
    pub registration_date: Option<String>,
    pub termination_date: Option<String>,
    /// Its page on DOJ's FARA eFile site (set by [`Dossier::with_fara_base`]).
    pub efile_url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Principal {
    pub name: String,
    pub country: Option<String>,
    pub country_code: Option<String>,
    pub registration_date: Option<String>,
    pub termination_date: Option<String>,
    pub address: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// The PDF's address; a `fara-public-office:` pseudo-URL for a filing only on paper at DOJ.
    pub url: String,
    pub document_type: Option<String>,
    pub date_stamped: Option<String>,
    pub foreign_principal_name: Option<String>,
    pub status: String,
}

/// Fields read out of an Exhibit AB (the `agreements` table).
#[derive(Debug, Clone, Serialize)]
pub struct Agreement {
    pub document_url: String,
    pub foreign_principal: Option<String>,
    pub fee_amount: Option<f64>,
    pub fee_currency: Option<String>,
    pub fee_period: Option<String>,
    pub term_start: Option<String>,
    pub term_end: Option<String>,
    pub term_months: Option<f64>,
    pub scope: Option<String>,
    /// The text each field came from.
    pub evidence: serde_json::Value,
    pub confidence: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Payment {
    pub document_url: String,
    pub foreign_principal: Option<String>,
    pub date: Option<String>,
    pub amount: Option<f64>,
    pub currency: Option<String>,
    pub purpose: Option<String>,
}

/// A takedown linked to this firm: one row per takedown, however many of the firm's names and
/// principals link it (the others are in `links` and in `evidence`). Only signal is listed:
/// links at or above [`DEFAULT_MIN_SCORE`] and links a person has reviewed; see [`is_listed`].
#[derive(Debug, Clone, Serialize)]
pub struct TakedownLink {
    /// The row's lead link: a confirmed one, else the best unreviewed one, else the best
    /// rejected one. A verdict given on the web page applies to every link of the row.
    pub link_id: i64,
    pub takedown_id: String,
    pub platform: Option<String>,
    pub announced_on: Option<String>,
    pub network_name: Option<String>,
    pub source_url: Option<String>,
    /// The lead link's principal.
    pub foreign_principal: Option<String>,
    pub kind: String,
    pub score: f64,
    /// The latest verdict a person gave on the lead link: confirmed, rejected, or null (not
    /// reviewed).
    pub verdict: Option<String>,
    /// The lead link's evidence, then one `also_linked` entry (weight 0) per other link.
    pub evidence: serde_json::Value,
    /// Every principal the takedown is linked through, lead first.
    pub foreign_principals: Vec<String>,
    /// Every listed link of this takedown, lead first.
    pub links: Vec<LinkRef>,
}

/// One link merged into a [`TakedownLink`] row.
#[derive(Debug, Clone, Serialize)]
pub struct LinkRef {
    pub link_id: i64,
    pub foreign_principal: Option<String>,
    pub kind: String,
    pub score: f64,
    pub verdict: Option<String>,
}

/// Whether a link is listed wherever a takedown is shown as linked to a firm (dossier, web
/// page and timeline, review queue): at or above the threshold, or reviewed by a person. A
/// `context` link (a country in common, from older versions) is never a lead on its own.
pub fn is_listed(kind: &str, score: f64, verdict: Option<&str>) -> bool {
    verdict.is_some() || (kind != "context" && score >= DEFAULT_MIN_SCORE)
}

/// Everything `show` prints about one registrant. Field names follow the contract.
#[derive(Debug, Clone, Serialize)]
pub struct Dossier {
    pub notice: &'static str,
    pub registrant: Registrant,
    pub related_registrations: Vec<Related>,
    pub foreign_principals: Vec<Principal>,
    pub documents: Vec<Document>,
    pub agreements: Vec<Agreement>,
    pub payments: Vec<Payment>,
    /// Reported receipts per principal, calendar year and currency (`money`), with the
    /// statements they came from.
    pub receipts_by_year: Vec<crate::money::YearTotal>,
    pub takedowns: Vec<TakedownLink>,
    /// The threshold `takedowns` was listed at.
    pub min_score: f64,
    /// Links of this registrant left out of `takedowns`: under the threshold and not
    /// reviewed (`faralink links --registrant N --min-score 0` lists them).
    pub unlisted_links: i64,
}

/// What a name or number given to `show` points at.
#[derive(Debug)]
pub enum Resolved {
    /// A registration number, or a name that fits one registration.
    One(i64),
    /// A name that fits one firm with several registrations: `opened` is its active
    /// registration, else its most recent; `others` its other registrations that the name
    /// found (the dossier lists every one under related registrations).
    Firm {
        opened: Candidate,
        others: Vec<Candidate>,
    },
    /// The name fits several firms equally: one candidate per firm (its active or most
    /// recent registration).
    Ambiguous(Vec<Candidate>),
    NotFound,
}

#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    pub registration_number: i64,
    pub name: String,
    pub registration_date: Option<String>,
    pub termination_date: Option<String>,
    pub score: f64,
    /// Not terminated (and still in DOJ's files).
    pub active: bool,
    /// How many of the firm's registrations the name found, this one included.
    pub registrations: usize,
}

impl Candidate {
    fn of(h: &crate::search::Hit, registrations: usize) -> Option<Candidate> {
        Some(Candidate {
            registration_number: h.registration_number?,
            name: h.name.clone(),
            registration_date: h.registration_date.clone(),
            termination_date: h.termination_date.clone(),
            score: h.score,
            active: h.active == Some(true),
            registrations,
        })
    }
}

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
    let registrant = conn
        .query_row(
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
        .ok_or(DossierError::NotFound(reg))?;

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

    let foreign_principals = conn
        .prepare(
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
        .collect::<Result<Vec<_>, _>>()?;

    let documents = conn
        .prepare(
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
        .collect::<Result<Vec<_>, _>>()?;

    let agreements = conn
        .prepare(
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
        .collect::<Result<Vec<_>, _>>()?;

    let payments = conn
        .prepare(
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
        .collect::<Result<Vec<_>, _>>()?;

    let (takedowns, unlisted_links) = linked_takedowns(conn, reg)?;

    Ok(Dossier {
        notice: NOTICE,
        registrant,
        related_registrations: related,
        foreign_principals,
        documents,
        agreements,
        payments,
        receipts_by_year: crate::money::receipts_by_year(conn, reg)?,
        takedowns,
        min_score: DEFAULT_MIN_SCORE,
        unlisted_links,
    })
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

/// The registration's page on DOJ's FARA eFile site under `base` (the configured FARA base,
/// `https://efile.fara.gov` by default): the form eFile's own registrant browse links use.
pub fn efile_url(base: &str, registration_number: i64) -> String {
    format!(
        "{}/ords/fara/f?p=1381:200:::NO:RP,200:P200_REG_NUMBER:{registration_number}",
        base.trim_end_matches('/')
    )
}

impl Dossier {
    /// Sets the eFile link of the registration and of each related one, under `base`.
    pub fn with_fara_base(mut self, base: &str) -> Dossier {
        self.registrant.efile_url = Some(efile_url(base, self.registrant.registration_number));
        for r in &mut self.related_registrations {
            r.efile_url = Some(efile_url(base, r.registration_number));
        }
        self
    }
}

/// Terminal styles: ANSI only when asked (a TTY without NO_COLOR), and the terminal's width
/// when stdout is one: cells wrap to it. `width: None` (a pipe, a file) wraps and cuts nothing.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: Option<usize>,
}

impl Style {
    fn bold(&self, s: &str) -> String {
        if self.color {
            format!("\x1b[1m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn dim(&self, s: &str) -> String {
        if self.color {
            format!("\x1b[2m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn heading(&self, s: &str) -> String {
        if self.color {
            format!("\x1b[1;36m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    /// `text` as lines starting with `indent`, wrapped to the terminal when there is one.
    fn para(&self, indent: &str, text: &str) -> String {
        let text = one_line(text);
        match self.width {
            None => format!("{indent}{text}"),
            Some(w) => wrap(&text, w.saturating_sub(indent.chars().count()).max(20))
                .lines()
                .map(|l| format!("{indent}{l}"))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }
}

fn or_dash(v: &Option<String>) -> String {
    v.as_deref()
        .filter(|s| !s.is_empty())
        .unwrap_or("—")
        .to_string()
}

/// Scraped text on one line (DOJ's names hold line breaks and runs of spaces).
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An aligned plain-text table: a header row, then rows, columns padded to the widest cell.
/// Nothing is cut: on a terminal (`style.width`) the widest columns are narrowed and their
/// cells wrap onto more lines; elsewhere every cell is printed whole.
fn table(
    out: &mut dyn Write,
    style: Style,
    header: &[&str],
    rows: &[Vec<String>],
) -> io::Result<()> {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| one_line(c)).collect())
        .collect();
    let natural: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.chars().count())
                .chain([header[i].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let widths = match style.width {
        None => natural.clone(),
        Some(w) => fit_columns(
            &natural,
            header,
            w.saturating_sub(2 + 2 * (header.len() - 1)),
        ),
    };
    let print = |out: &mut dyn Write, cells: &[String], dim: bool| -> io::Result<()> {
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .zip(&widths)
            .map(|(c, &w)| {
                if style.width.is_some() && c.chars().count() > w {
                    wrap(c, w).lines().map(str::to_string).collect()
                } else {
                    vec![c.clone()]
                }
            })
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        for line in 0..height {
            let n = wrapped.len();
            let text = wrapped
                .iter()
                .enumerate()
                .map(|(i, lines)| {
                    let c = lines.get(line).map_or("", String::as_str);
                    if i + 1 == n {
                        c.to_string()
                    } else {
                        let pad = widths[i].saturating_sub(c.chars().count());
                        format!("{c}{}", " ".repeat(pad))
                    }
                })
                .collect::<Vec<_>>()
                .join("  ");
            let text = text.trim_end();
            if dim {
                writeln!(out, "  {}", style.dim(text))?;
            } else {
                writeln!(out, "  {text}")?;
            }
        }
        Ok(())
    };
    let head: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    print(out, &head, true)?;
    for r in &rows {
        print(out, r, false)?;
    }
    Ok(())
}

/// Column widths that fit `room` characters: columns that fit their fair share keep their
/// width, the rest share what is left (never narrower than their header or 8 characters).
fn fit_columns(natural: &[usize], header: &[&str], room: usize) -> Vec<usize> {
    if natural.iter().sum::<usize>() <= room {
        return natural.to_vec();
    }
    let mut widths = vec![0; natural.len()];
    let mut order: Vec<usize> = (0..natural.len()).collect();
    order.sort_by_key(|&i| natural[i]);
    let mut left = room;
    for (k, &i) in order.iter().enumerate() {
        let share = left / (natural.len() - k);
        let floor = header[i].chars().count().max(8).min(natural[i]);
        widths[i] = natural[i].min(share).max(floor);
        left = left.saturating_sub(widths[i]);
    }
    widths
}

fn fee_text(a: &Agreement) -> String {
    match a.fee_amount {
        None => "—".into(),
        Some(f) => {
            let amount = if f.fract() == 0.0 {
                group_thousands(f as i64)
            } else {
                format!("{f:.2}")
            };
            let period = match a.fee_period.as_deref() {
                Some("total") | None => String::new(),
                Some(p) => format!(" per {p}"),
            };
            format!(
                "{} {amount}{period}",
                a.fee_currency.as_deref().unwrap_or("")
            )
            .trim()
            .to_string()
        }
    }
}

fn group_thousands(n: i64) -> String {
    let grouped = crate::money::thousands(n.unsigned_abs());
    if n < 0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

fn term_text(a: &Agreement) -> String {
    match (&a.term_start, &a.term_end, a.term_months) {
        (None, None, None) => "—".into(),
        (s, e, m) => {
            let mut t = format!("{} to {}", or_dash(s), or_dash(e));
            if let Some(m) = m {
                let _ = write!(t, " ({m} months)");
            }
            t
        }
    }
}

/// A period as a reader says it: "2019-12-11 – 2020-03-01", "since 2017-04-28" while nothing
/// ends it (not "to <today>"), and an end DOJ filed before the start shown as filed, flagged.
pub fn period(from: &Option<String>, to: &Option<String>) -> String {
    match (
        from.as_deref().filter(|s| !s.is_empty()),
        to.as_deref().filter(|s| !s.is_empty()),
    ) {
        (None, None) => "—".into(),
        (Some(f), None) => format!("since {f}"),
        (None, Some(t)) => format!("— – {t}"),
        (Some(f), Some(t)) if t < f => {
            format!("{f} – {t} (as DOJ filed it: the end is before the start)")
        }
        (Some(f), Some(t)) => format!("{f} – {t}"),
    }
}

/// The parts of a dossier that can be empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Related,
    Principals,
    Agreements,
    Takedowns,
    Documents,
}

/// Documents downloaded (whether or not their text could be read).
fn fetched(d: &Dossier) -> usize {
    d.documents
        .iter()
        .filter(|x| matches!(x.status.as_str(), "fetched" | "needs_ocr"))
        .count()
}

/// Why a section is empty, or (for documents) why none of them was read yet: every format
/// says the same, with the command that fills it. None when there is nothing to explain.
pub fn empty_note(d: &Dossier, section: Section) -> Option<String> {
    let n = d.registrant.registration_number;
    let fetch =
        format!("no documents fetched yet: run `faralink sync --only documents --registrant {n}`");
    let list =
        "no documents listed yet: DOJ's list of filings comes with `faralink sync --only fara`";
    match section {
        Section::Related => d.related_registrations.is_empty().then(|| {
            "none found: no other registration under this name or its former, trade or business names".into()
        }),
        Section::Principals => d.foreign_principals.is_empty().then(|| {
            "none: DOJ's foreign principals file lists none for this registration".into()
        }),
        Section::Agreements => d.agreements.is_empty().then(|| {
            if d.documents.is_empty() {
                list.to_string()
            } else if fetched(d) == 0 {
                fetch.clone()
            } else if !d
                .documents
                .iter()
                .any(|x| x.document_type.as_deref() == Some("Exhibit AB"))
            {
                format!(
                    "none: no Exhibit AB among the {} documents listed",
                    d.documents.len()
                )
            } else {
                "none read: no fee, term or scope was found in the Exhibit AB text (see the PDFs under Documents)".into()
            }
        }),
        Section::Takedowns => d.takedowns.is_empty().then(|| {
            if d.unlisted_links > 0 {
                format!(
                    "no link at or above score {}; {} weaker {} not leads (`faralink links --registrant {n} --min-score 0` lists {})",
                    d.min_score,
                    d.unlisted_links,
                    if d.unlisted_links == 1 { "link is" } else { "links are" },
                    if d.unlisted_links == 1 { "it" } else { "them" },
                )
            } else {
                "none: no takedown in the database names this firm or one of its principals".into()
            }
        }),
        Section::Documents => {
            if d.documents.is_empty() {
                Some(list.to_string())
            } else if fetched(d) == 0 {
                Some(fetch)
            } else {
                None
            }
        }
    }
}

/// "not reviewed" for a link nobody judged.
fn verdict_text(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("not reviewed")
}

/// The dossier for a reader at a terminal.
pub fn render_terminal(d: &Dossier, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let r = &d.registrant;
    writeln!(
        out,
        "{}",
        style.bold(&format!(
            "{} — FARA registration {}",
            one_line(&r.name),
            r.registration_number
        ))
    )?;
    if let Some(b) = &r.business_name {
        writeln!(out, "{}", style.para("  business name  ", b))?;
    }
    writeln!(
        out,
        "  registered     {}",
        period(&r.registration_date, &r.termination_date)
    )?;
    if let Some(a) = &r.address {
        writeln!(out, "{}", style.para("  address        ", a))?;
    }
    if let Some(u) = &r.efile_url {
        writeln!(out, "  DOJ eFile      {u}")?;
    }
    if let Some(x) = &r.removed_at {
        writeln!(out, "  no longer in DOJ's files since {x}")?;
    }
    writeln!(out)?;
    let notice = match style.width {
        Some(w) => wrap(NOTICE, w.min(92)),
        None => wrap(NOTICE, 92),
    };
    writeln!(out, "{}", style.dim(&notice))?;

    let section = |out: &mut dyn Write, title: &str, n: usize| -> io::Result<()> {
        writeln!(out)?;
        writeln!(out, "{}", style.heading(&format!("{title} ({n})")))
    };
    let note = |out: &mut dyn Write, s: Section| -> io::Result<()> {
        match empty_note(d, s) {
            Some(t) => writeln!(out, "{}", style.para("  ", &t)),
            None => Ok(()),
        }
    };

    section(out, "Related registrations", d.related_registrations.len())?;
    note(out, Section::Related)?;
    if !d.related_registrations.is_empty() {
        let rows: Vec<Vec<String>> = d
            .related_registrations
            .iter()
            .map(|x| {
                vec![
                    x.registration_number.to_string(),
                    x.name.clone().unwrap_or_else(|| "—".into()),
                    period(&x.registration_date, &x.termination_date),
                    x.reason.clone(),
                ]
            })
            .collect();
        table(
            out,
            style,
            &["reg", "name", "registered", "why related"],
            &rows,
        )?;
        for x in &d.related_registrations {
            if let Some(u) = &x.efile_url {
                writeln!(
                    out,
                    "  {} {}: {u}",
                    style.dim("DOJ eFile"),
                    x.registration_number
                )?;
            }
        }
    }

    section(out, "Foreign principals", d.foreign_principals.len())?;
    note(out, Section::Principals)?;
    if !d.foreign_principals.is_empty() {
        let rows: Vec<Vec<String>> = d
            .foreign_principals
            .iter()
            .map(|p| {
                vec![
                    p.name.clone(),
                    or_dash(&p.country),
                    or_dash(&p.country_code),
                    period(&p.registration_date, &p.termination_date),
                ]
            })
            .collect();
        table(
            out,
            style,
            &["principal", "country", "code", "represented"],
            &rows,
        )?;
    }

    section(out, "Agreements (read from Exhibit AB)", d.agreements.len())?;
    note(out, Section::Agreements)?;
    if !d.agreements.is_empty() {
        let rows: Vec<Vec<String>> = d
            .agreements
            .iter()
            .map(|a| {
                vec![
                    a.foreign_principal.clone().unwrap_or_else(|| "—".into()),
                    fee_text(a),
                    term_text(a),
                    a.scope.clone().unwrap_or_else(|| "—".into()),
                ]
            })
            .collect();
        table(out, style, &["client", "fee", "term", "scope"], &rows)?;
        for a in &d.agreements {
            writeln!(out, "  {} {}", style.dim("source"), a.document_url)?;
        }
    }

    if !d.receipts_by_year.is_empty() {
        section(
            out,
            "Receipts by year (reported, 14(a))",
            d.receipts_by_year.len(),
        )?;
        for y in &d.receipts_by_year {
            writeln!(
                out,
                "  {}  {:<20} {} ({} receipt{})",
                y.year.map_or("????".into(), |y| y.to_string()),
                crate::money::format_amount(y.amount, y.currency.as_deref()),
                y.foreign_principal.as_deref().unwrap_or("?"),
                y.receipts,
                if y.receipts == 1 { "" } else { "s" }
            )?;
            for u in &y.documents {
                writeln!(out, "        {} {u}", style.dim("statement"))?;
            }
        }
    }

    if !d.payments.is_empty() {
        section(out, "Payments", d.payments.len())?;
        let rows: Vec<Vec<String>> = d
            .payments
            .iter()
            .map(|p| {
                vec![
                    or_dash(&p.date),
                    p.amount.map_or("—".into(), |a| {
                        format!("{} {a:.2}", p.currency.as_deref().unwrap_or(""))
                    }),
                    p.foreign_principal.clone().unwrap_or_else(|| "—".into()),
                    p.purpose.clone().unwrap_or_default(),
                ]
            })
            .collect();
        table(out, style, &["date", "amount", "from", "purpose"], &rows)?;
    }

    section(out, "Linked takedowns (leads to verify)", d.takedowns.len())?;
    note(out, Section::Takedowns)?;
    for t in &d.takedowns {
        let head = format!(
            "link {} · {} {} · {} · {} {:.2} · {}",
            t.link_id,
            or_dash(&t.platform),
            or_dash(&t.announced_on),
            t.network_name.as_deref().unwrap_or(&t.takedown_id),
            t.kind,
            t.score,
            verdict_text(&t.verdict)
        );
        writeln!(out, "{}", style.para("  ", &head))?;
        if !t.foreign_principals.is_empty() {
            writeln!(
                out,
                "{}",
                style.para(
                    "      ",
                    &format!("via {}", t.foreign_principals.join("; "))
                )
            )?;
        }
        for e in t.evidence.as_array().into_iter().flatten() {
            let line = format!(
                "{:+.2} {}: {}",
                e["weight"].as_f64().unwrap_or(0.0),
                e["feature"].as_str().unwrap_or(""),
                e["detail"].as_str().unwrap_or("")
            );
            writeln!(out, "{}", style.para("      ", &line))?;
        }
        let report = t.source_url.as_deref().unwrap_or("—");
        writeln!(
            out,
            "      {} {} {report}",
            style.dim("report"),
            t.takedown_id
        )?;
    }

    section(out, "Documents", d.documents.len())?;
    note(out, Section::Documents)?;
    if !d.documents.is_empty() {
        let rows: Vec<Vec<String>> = d
            .documents
            .iter()
            .map(|x| {
                vec![
                    or_dash(&x.date_stamped),
                    x.document_type.clone().unwrap_or_else(|| "—".into()),
                    x.status.clone(),
                    x.url.clone(),
                ]
            })
            .collect();
        table(out, style, &["stamped", "type", "status", "source"], &rows)?;
    }
    Ok(())
}

/// Wraps `text` at word boundaries to lines of at most `width` characters; a word longer
/// than a line (a URL) gets a line of its own, whole.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for w in text.split_whitespace() {
        let n = w.chars().count();
        if line > 0 && line + 1 + n > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(w);
        line += n;
    }
    out
}

/// Markdown text from scraped data, made inert: line breaks and pipes would break a table,
/// and markup characters would turn a name into a link, emphasis or live HTML in the memo
/// (`<script>`, `[x](javascript:...)`). HTML's specials become entities, Markdown's get a
/// backslash; the text reads the same once rendered.
fn md(s: &str) -> String {
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(joined.len());
    for c in joined.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A note with a command in backticks, as Markdown: the command stays code, the rest inert.
fn md_note(s: &str) -> String {
    s.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("`{part}`")
            } else {
                let lead = if part.starts_with(char::is_whitespace) {
                    " "
                } else {
                    ""
                };
                let trail = if part.ends_with(char::is_whitespace) && !part.trim().is_empty() {
                    " "
                } else {
                    ""
                };
                format!("{lead}{}{trail}", md(part))
            }
        })
        .collect::<Vec<_>>()
        .join("")
}

/// A link to a document, or its text when it is not online (public-office pseudo-URL).
fn md_link(label: &str, url: &str) -> String {
    if url.starts_with("http://") || url.starts_with("https://") {
        format!(
            "[{}]({})",
            md(label),
            url.replace(' ', "%20")
                .replace('(', "%28")
                .replace(')', "%29")
                .replace('<', "%3C")
                .replace('>', "%3E")
        )
    } else {
        format!("{} (not online: {})", md(label), md(url))
    }
}

/// The dossier as Markdown for a story memo: every fact next to its source.
pub fn render_markdown(d: &Dossier, out: &mut dyn Write) -> io::Result<()> {
    let r = &d.registrant;
    writeln!(
        out,
        "# {} (FARA registration {})\n",
        md(&r.name),
        r.registration_number
    )?;
    writeln!(out, "> {NOTICE}\n")?;
    if let Some(b) = &r.business_name {
        writeln!(out, "- **Business name:** {}", md(b))?;
    }
    writeln!(
        out,
        "- **Registered:** {}",
        period(&r.registration_date, &r.termination_date)
    )?;
    if let Some(a) = &r.address {
        writeln!(out, "- **Address:** {}", md(a))?;
    }
    match &r.efile_url {
        Some(u) => writeln!(
            out,
            "- **Source:** {}, registration {} (US Department of Justice)\n",
            md_link("FARA eFile", u),
            r.registration_number
        )?,
        None => writeln!(
            out,
            "- **Source:** FARA eFile, registration {} (US Department of Justice)\n",
            r.registration_number
        )?,
    }
    let note = |out: &mut dyn Write, s: Section| -> io::Result<()> {
        match empty_note(d, s) {
            Some(t) => {
                // A sentence in a memo: capitalised ("No documents fetched yet: ...").
                let mut c = t.chars();
                let t = c
                    .next()
                    .map_or(String::new(), |f| f.to_uppercase().chain(c).collect());
                writeln!(out, "{}.\n", md_note(&t))
            }
            None => Ok(()),
        }
    };

    writeln!(out, "## Related registrations\n")?;
    note(out, Section::Related)?;
    if !d.related_registrations.is_empty() {
        writeln!(out, "| Registration | Name | Registered | Why related |")?;
        writeln!(out, "|---|---|---|---|")?;
        for x in &d.related_registrations {
            let reg = match &x.efile_url {
                Some(u) => md_link(&x.registration_number.to_string(), u),
                None => x.registration_number.to_string(),
            };
            writeln!(
                out,
                "| {} | {} | {} | {} |",
                reg,
                md(x.name.as_deref().unwrap_or("—")),
                period(&x.registration_date, &x.termination_date),
                md(&x.reason)
            )?;
        }
        writeln!(out)?;
    }

    writeln!(out, "## Foreign principals\n")?;
    note(out, Section::Principals)?;
    if !d.foreign_principals.is_empty() {
        writeln!(out, "| Principal | Country | Represented |")?;
        writeln!(out, "|---|---|---|")?;
        for p in &d.foreign_principals {
            writeln!(
                out,
                "| {} | {} | {} |",
                md(&p.name),
                md(&or_dash(&p.country)),
                period(&p.registration_date, &p.termination_date)
            )?;
        }
        writeln!(out)?;
    }

    writeln!(out, "## Agreements\n")?;
    note(out, Section::Agreements)?;
    if !d.agreements.is_empty() {
        writeln!(out, "| Client | Fee | Term | Scope | Source |")?;
        writeln!(out, "|---|---|---|---|---|")?;
        for a in &d.agreements {
            writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                md(a.foreign_principal.as_deref().unwrap_or("—")),
                md(&fee_text(a)),
                md(&term_text(a)),
                md(a.scope.as_deref().unwrap_or("—")),
                md_link("Exhibit AB", &a.document_url)
            )?;
        }
        writeln!(
            out,
            "\nFields are read automatically from the PDF text; check each against the source.\n"
        )?;
    }

    if !d.receipts_by_year.is_empty() {
        writeln!(out, "## Receipts by year\n")?;
        writeln!(out, "| Year | Principal | Amount | Receipts | Statements |")?;
        writeln!(out, "|---|---|---|---|---|")?;
        for y in &d.receipts_by_year {
            let links: Vec<String> = y
                .documents
                .iter()
                .enumerate()
                .map(|(i, u)| md_link(&format!("{}", i + 1), u))
                .collect();
            writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                y.year.map_or("—".into(), |y| y.to_string()),
                md(y.foreign_principal.as_deref().unwrap_or("—")),
                crate::money::format_amount(y.amount, y.currency.as_deref()),
                y.receipts,
                links.join(" ")
            )?;
        }
        writeln!(
            out,
            "\nAs reported in supplemental statements; currencies are never summed together.\n"
        )?;
    }

    if !d.payments.is_empty() {
        writeln!(out, "## Payments\n")?;
        writeln!(out, "| Date | Amount | From | Purpose | Source |")?;
        writeln!(out, "|---|---|---|---|---|")?;
        for p in &d.payments {
            writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                or_dash(&p.date),
                p.amount.map_or("—".into(), |a| format!(
                    "{} {a:.2}",
                    p.currency.as_deref().unwrap_or("")
                )),
                md(p.foreign_principal.as_deref().unwrap_or("—")),
                md(p.purpose.as_deref().unwrap_or("")),
                md_link("filing", &p.document_url)
            )?;
        }
        writeln!(out)?;
    }

    writeln!(out, "## Linked takedowns\n")?;
    note(out, Section::Takedowns)?;
    if !d.takedowns.is_empty() {
        writeln!(
            out,
            "Each link is a lead for a reporter to verify against the platform's report, not a finding. \
             Listed: links scoring at least {} and links a person reviewed.\n",
            d.min_score
        )?;
        for t in &d.takedowns {
            let report = match &t.source_url {
                Some(u) => md_link(&t.takedown_id, u),
                None => md(&t.takedown_id),
            };
            writeln!(
                out,
                "### {} ({}, {})\n",
                md(t.network_name.as_deref().unwrap_or(&t.takedown_id)),
                md(&or_dash(&t.platform)),
                or_dash(&t.announced_on)
            )?;
            writeln!(
                out,
                "- **Link {}:** {}, score {:.2}, {}",
                t.link_id,
                t.kind,
                t.score,
                verdict_text(&t.verdict)
            )?;
            if !t.foreign_principals.is_empty() {
                let via: Vec<String> = t.foreign_principals.iter().map(|p| md(p)).collect();
                writeln!(out, "- **Through:** {}", via.join("; "))?;
            }
            writeln!(out, "- **Report:** {report}")?;
            writeln!(out, "- **Evidence:**")?;
            for e in t.evidence.as_array().into_iter().flatten() {
                writeln!(
                    out,
                    "  - {:+.2} {}: {}",
                    e["weight"].as_f64().unwrap_or(0.0),
                    md(e["feature"].as_str().unwrap_or("")),
                    md(e["detail"].as_str().unwrap_or(""))
                )?;
            }
            writeln!(out)?;
        }
    }

    writeln!(out, "## Documents\n")?;
    note(out, Section::Documents)?;
    if !d.documents.is_empty() {
        for x in &d.documents {
            writeln!(
                out,
                "- {} {}",
                or_dash(&x.date_stamped),
                md_link(x.document_type.as_deref().unwrap_or("document"), &x.url)
            )?;
        }
    }
    Ok(())
}

/// The candidates of an ambiguous name, for a person to choose from.
pub fn render_candidates(query: &str, c: &[Candidate], out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{query:?} fits {} firms about equally; run `faralink show NUMBER` with one of:",
        c.len()
    )?;
    for x in c {
        let more = match x.registrations {
            0 | 1 => String::new(),
            n => format!("; {n} registrations of this firm match"),
        };
        writeln!(
            out,
            "  {:>5}  {}  ({}{more})",
            x.registration_number,
            x.name,
            period(&x.registration_date, &x.termination_date)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn markdown_text_from_scraped_data_is_inert() {
        let m = super::md("<script>alert(1)</script> [x](javascript:alert(1)) **b** | p\nq");
        assert_eq!(
            m,
            "&lt;script&gt;alert(1)&lt;/script&gt; \\[x\\](javascript:alert(1)) \\*\\*b\\*\\* \\| p q"
        );
        let l = super::md_link("PDF", "https://efile.fara.gov/docs/a).pdf<b>");
        assert_eq!(l, "[PDF](https://efile.fara.gov/docs/a%29.pdf%3Cb%3E)");
    }

    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(group_thousands(1_500_000), "1,500,000");
        assert_eq!(group_thousands(950), "950");
    }

    #[test]
    fn markdown_cells_cannot_break_tables() {
        assert_eq!(md("a | b\nc"), "a \\| b c");
    }

    #[test]
    fn periods_read_since_and_flag_an_end_before_the_start() {
        let s = |x: &str| Some(x.to_string());
        assert_eq!(period(&s("2017-04-28"), &None), "since 2017-04-28");
        assert_eq!(
            period(&s("2019-12-11"), &s("2020-03-01")),
            "2019-12-11 – 2020-03-01"
        );
        // European Centre For a Modern Ukraine, as DOJ filed it for Mercury (6170).
        assert_eq!(
            period(&s("2017-04-28"), &s("2014-05-08")),
            "2017-04-28 – 2014-05-08 (as DOJ filed it: the end is before the start)"
        );
    }

    #[test]
    fn a_table_wraps_on_a_terminal_and_cuts_nothing_anywhere() {
        let long = "Ministry of Foreign Affairs of the Government of Somaliland (through an invented intermediary)";
        let url = "https://efile.fara.gov/docs/6766-Exhibit-AB-20191211-1.pdf";
        let rows = vec![vec![long.to_string(), "SOMALILAND".into(), url.to_string()]];
        let render = |width| {
            let mut out = Vec::new();
            table(
                &mut out,
                Style {
                    color: false,
                    width,
                },
                &["principal", "country", "source"],
                &rows,
            )
            .unwrap();
            String::from_utf8(out).unwrap()
        };
        // Not a terminal: every cell whole, on one line.
        let piped = render(None);
        assert!(piped.contains(long) && piped.contains(url), "{piped}");
        assert!(!piped.contains('…'));
        // A terminal 60 wide: lines fit but for the unbreakable URL, and every word is there.
        let tty = render(Some(60));
        assert!(!tty.contains('…'));
        for line in tty.lines().filter(|l| !l.contains("https://")) {
            assert!(line.chars().count() <= 60, "{line:?}\n{tty}");
        }
        assert!(tty.contains(url), "{tty}");
        let words: Vec<&str> = tty.split_whitespace().collect();
        for w in long.split_whitespace() {
            assert!(words.contains(&w), "{w} lost:\n{tty}");
        }
    }

    #[test]
    fn the_notice_is_plain() {
        assert!(NOTICE.contains("lawful"));
        assert!(NOTICE.contains("not a finding"));
    }
}
