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

/// A link between this firm (or one of its principals) and a takedown.
#[derive(Debug, Clone, Serialize)]
pub struct TakedownLink {
    pub link_id: i64,
    pub takedown_id: String,
    pub platform: Option<String>,
    pub announced_on: Option<String>,
    pub network_name: Option<String>,
    pub source_url: Option<String>,
    pub foreign_principal: Option<String>,
    pub kind: String,
    pub score: f64,
    /// The latest verdict a person gave: confirmed, rejected, or null (not reviewed).
    pub verdict: Option<String>,
    pub evidence: serde_json::Value,
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
    pub takedowns: Vec<TakedownLink>,
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

    let takedowns = conn
        .prepare(
            "SELECT l.link_id, l.takedown_id, t.platform, t.announced_on, t.network_name,
                    t.source_url, l.foreign_principal, l.kind, l.score,
                    (SELECT j.verdict FROM judgements j WHERE j.link_id = l.link_id
                      ORDER BY j.decided_at DESC, j.id DESC LIMIT 1),
                    l.evidence
             FROM links l LEFT JOIN takedowns t ON t.takedown_id = l.takedown_id
             WHERE l.registration_number = ?1
             ORDER BY l.score DESC, t.announced_on, l.link_id",
        )?
        .query_map([reg], |r| {
            Ok(TakedownLink {
                link_id: r.get(0)?,
                takedown_id: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                platform: r.get(2)?,
                announced_on: r.get(3)?,
                network_name: r.get(4)?,
                source_url: r.get(5)?,
                foreign_principal: r.get(6)?,
                kind: r.get(7)?,
                score: r.get(8)?,
                verdict: r.get(9)?,
                evidence: json_or_text(r.get(10)?),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;

    Ok(Dossier {
        notice: NOTICE,
        registrant,
        related_registrations: related,
        foreign_principals,
        documents,
        agreements,
        payments,
        takedowns,
    })
}

/// Terminal styles: ANSI only when asked (a TTY without NO_COLOR).
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
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
}

fn or_dash(v: &Option<String>) -> String {
    v.as_deref()
        .filter(|s| !s.is_empty())
        .unwrap_or("—")
        .to_string()
}

/// Cuts a cell to `max` characters, marking the cut.
fn cut(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        s
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// An aligned plain-text table: a header row, then rows, columns padded to the widest cell.
fn table(
    out: &mut dyn Write,
    style: Style,
    header: &[&str],
    rows: &[Vec<String>],
) -> io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: Vec<String>| -> String {
        let n = cells.len();
        cells
            .into_iter()
            .enumerate()
            .map(|(i, c)| {
                if i + 1 == n {
                    c
                } else {
                    let pad = widths[i].saturating_sub(c.chars().count());
                    format!("{c}{}", " ".repeat(pad))
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
    };
    let head = line(header.iter().map(|h| h.to_string()).collect());
    writeln!(out, "  {}", style.dim(&head))?;
    for r in rows {
        writeln!(out, "  {}", line(r.clone()))?;
    }
    Ok(())
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
    let s = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
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

fn dates(from: &Option<String>, to: &Option<String>) -> String {
    match to {
        Some(t) => format!("{} – {t}", or_dash(from)),
        None => format!("{} – active", or_dash(from)),
    }
}

/// The dossier for a reader at a terminal.
pub fn render_terminal(d: &Dossier, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let r = &d.registrant;
    writeln!(
        out,
        "{}",
        style.bold(&format!(
            "{} — FARA registration {}",
            r.name, r.registration_number
        ))
    )?;
    if let Some(b) = &r.business_name {
        writeln!(out, "  business name  {b}")?;
    }
    writeln!(
        out,
        "  registered     {}",
        dates(&r.registration_date, &r.termination_date)
    )?;
    if let Some(a) = &r.address {
        writeln!(out, "  address        {a}")?;
    }
    if let Some(x) = &r.removed_at {
        writeln!(out, "  no longer in DOJ's files since {x}")?;
    }
    writeln!(out)?;
    writeln!(out, "{}", style.dim(&wrap(NOTICE, 92)))?;

    let section = |out: &mut dyn Write, title: &str, n: usize| -> io::Result<()> {
        writeln!(out)?;
        writeln!(out, "{}", style.heading(&format!("{title} ({n})")))
    };

    section(out, "Related registrations", d.related_registrations.len())?;
    if !d.related_registrations.is_empty() {
        let rows: Vec<Vec<String>> = d
            .related_registrations
            .iter()
            .map(|x| {
                vec![
                    x.registration_number.to_string(),
                    cut(x.name.as_deref().unwrap_or("—"), 48),
                    dates(&x.registration_date, &x.termination_date),
                    cut(&x.reason, 60),
                ]
            })
            .collect();
        table(
            out,
            style,
            &["reg", "name", "registered", "why related"],
            &rows,
        )?;
    }

    section(out, "Foreign principals", d.foreign_principals.len())?;
    if !d.foreign_principals.is_empty() {
        let rows: Vec<Vec<String>> = d
            .foreign_principals
            .iter()
            .map(|p| {
                vec![
                    cut(&p.name, 56),
                    cut(&or_dash(&p.country), 24),
                    or_dash(&p.country_code),
                    dates(&p.registration_date, &p.termination_date),
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
    if !d.agreements.is_empty() {
        let rows: Vec<Vec<String>> = d
            .agreements
            .iter()
            .map(|a| {
                vec![
                    cut(a.foreign_principal.as_deref().unwrap_or("—"), 40),
                    fee_text(a),
                    term_text(a),
                    cut(a.scope.as_deref().unwrap_or("—"), 50),
                ]
            })
            .collect();
        table(out, style, &["client", "fee", "term", "scope"], &rows)?;
        for a in &d.agreements {
            writeln!(out, "  {} {}", style.dim("source"), a.document_url)?;
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
                    cut(p.foreign_principal.as_deref().unwrap_or("—"), 40),
                    cut(p.purpose.as_deref().unwrap_or(""), 40),
                ]
            })
            .collect();
        table(out, style, &["date", "amount", "from", "purpose"], &rows)?;
    }

    section(out, "Linked takedowns (leads to verify)", d.takedowns.len())?;
    if !d.takedowns.is_empty() {
        let rows: Vec<Vec<String>> = d
            .takedowns
            .iter()
            .map(|t| {
                vec![
                    t.link_id.to_string(),
                    or_dash(&t.platform),
                    or_dash(&t.announced_on),
                    cut(t.network_name.as_deref().unwrap_or(&t.takedown_id), 40),
                    t.kind.clone(),
                    format!("{:.2}", t.score),
                    t.verdict.clone().unwrap_or_else(|| "not reviewed".into()),
                ]
            })
            .collect();
        table(
            out,
            style,
            &[
                "link",
                "platform",
                "announced",
                "network",
                "kind",
                "score",
                "verdict",
            ],
            &rows,
        )?;
        let mut seen: Vec<&str> = Vec::new();
        for t in &d.takedowns {
            if let Some(u) = &t.source_url
                && !seen.contains(&t.takedown_id.as_str())
            {
                seen.push(&t.takedown_id);
                writeln!(out, "  {} {}: {u}", style.dim("report"), t.takedown_id)?;
            }
        }
    }

    section(out, "Documents", d.documents.len())?;
    if !d.documents.is_empty() {
        let rows: Vec<Vec<String>> = d
            .documents
            .iter()
            .map(|x| {
                vec![
                    or_dash(&x.date_stamped),
                    cut(x.document_type.as_deref().unwrap_or("—"), 28),
                    x.url.clone(),
                ]
            })
            .collect();
        table(out, style, &["stamped", "type", "source"], &rows)?;
    }
    Ok(())
}

/// Wraps `text` at word boundaries to lines of at most `width` characters.
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
        dates(&r.registration_date, &r.termination_date)
    )?;
    if let Some(a) = &r.address {
        writeln!(out, "- **Address:** {}", md(a))?;
    }
    writeln!(
        out,
        "- **Source:** FARA eFile, registration {} (US Department of Justice)\n",
        r.registration_number
    )?;

    writeln!(out, "## Related registrations\n")?;
    if d.related_registrations.is_empty() {
        writeln!(out, "None found.\n")?;
    } else {
        writeln!(out, "| Registration | Name | Registered | Why related |")?;
        writeln!(out, "|---|---|---|---|")?;
        for x in &d.related_registrations {
            writeln!(
                out,
                "| {} | {} | {} | {} |",
                x.registration_number,
                md(x.name.as_deref().unwrap_or("—")),
                dates(&x.registration_date, &x.termination_date),
                md(&x.reason)
            )?;
        }
        writeln!(out)?;
    }

    writeln!(out, "## Foreign principals\n")?;
    if d.foreign_principals.is_empty() {
        writeln!(out, "None listed.\n")?;
    } else {
        writeln!(out, "| Principal | Country | Represented |")?;
        writeln!(out, "|---|---|---|")?;
        for p in &d.foreign_principals {
            writeln!(
                out,
                "| {} | {} | {} |",
                md(&p.name),
                md(&or_dash(&p.country)),
                dates(&p.registration_date, &p.termination_date)
            )?;
        }
        writeln!(out)?;
    }

    writeln!(out, "## Agreements\n")?;
    if d.agreements.is_empty() {
        writeln!(
            out,
            "No agreement fields read (documents not synced, or none filed online).\n"
        )?;
    } else {
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
    if d.takedowns.is_empty() {
        writeln!(out, "None linked.\n")?;
    } else {
        writeln!(
            out,
            "Each link is a lead for a reporter to verify against the platform's report, not a finding.\n"
        )?;
        writeln!(
            out,
            "| Link | Platform | Announced | Network | Kind | Score | Verdict | Report |"
        )?;
        writeln!(out, "|---|---|---|---|---|---|---|---|")?;
        for t in &d.takedowns {
            let report = match &t.source_url {
                Some(u) => md_link(&t.takedown_id, u),
                None => md(&t.takedown_id),
            };
            writeln!(
                out,
                "| {} | {} | {} | {} | {} | {:.2} | {} | {} |",
                t.link_id,
                md(&or_dash(&t.platform)),
                or_dash(&t.announced_on),
                md(t.network_name.as_deref().unwrap_or("—")),
                t.kind,
                t.score,
                t.verdict.as_deref().unwrap_or("not reviewed"),
                report
            )?;
        }
        writeln!(out)?;
    }

    writeln!(out, "## Documents\n")?;
    if d.documents.is_empty() {
        writeln!(out, "None listed.")?;
    } else {
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
            dates(&x.registration_date, &x.termination_date)
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
    fn the_notice_is_plain() {
        assert!(NOTICE.contains("lawful"));
        assert!(NOTICE.contains("not a finding"));
    }
}
