//! Who represents a country now: the registrants active today with an active foreign
//! principal from that country, each with its principals (from–to), its latest agreement's fee
//! and term and its reported receipts by year; and the takedowns whose origin or target
//! includes the country. What `faralink country` and the web's `/countries/{code}` show.
//!
//! For: reading one country's view out of the database. Not for: rendering it (the command
//! and the web page do), nor deciding what a country is (`country`).

use std::collections::HashMap;

use rusqlite::{Connection, params};
use serde::Serialize;

use crate::money::{MoneyBy, MoneyFilter, YearTotal, totals};

/// Why a country view could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CountryError {
    /// The name or code is not a country faralink knows (`data/countries.csv`): check the
    /// spelling, or give the ISO 3166-1 alpha-2 code.
    #[error("no country {0:?}: give a country's name or its ISO 3166-1 alpha-2 code (e.g. QA)")]
    Unknown(String),
    /// The database could not be read.
    #[error("reading the country view failed: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// A foreign principal of the country, with its period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrincipalPeriod {
    /// The principal's name as DOJ lists it.
    pub name: String,
    /// Its country as DOJ spells it.
    pub country: Option<String>,
    /// When the registrant registered it (ISO).
    pub registration_date: Option<String>,
    /// When it was terminated (ISO), if it was.
    pub termination_date: Option<String>,
    /// True while DOJ lists no termination.
    pub active: bool,
}

/// The latest agreement (by the filing's stamp date) read for one of the country's principals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgreementSummary {
    /// The filing the agreement was read from.
    pub document_url: String,
    /// DOJ's stamp date on the filing (ISO).
    pub date_stamped: Option<String>,
    /// The principal it names.
    pub foreign_principal: Option<String>,
    /// The fee, in `fee_currency`, never converted.
    pub fee_amount: Option<f64>,
    /// ISO 4217 code of the fee.
    pub fee_currency: Option<String>,
    /// `total`, `month`, `hour`, ... as read.
    pub fee_period: Option<String>,
    /// The term's first day (ISO), as read.
    pub term_start: Option<String>,
    /// The term's last day (ISO), as read.
    pub term_end: Option<String>,
    /// The term's length in months, as read.
    pub term_months: Option<f64>,
}

/// A registrant representing (or, in the history, having represented) the country.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountryRegistrant {
    /// DOJ's registration number.
    pub registration_number: i64,
    /// The registrant's name.
    pub name: String,
    /// When it registered (ISO).
    pub registration_date: Option<String>,
    /// When its registration was terminated (ISO), if it was.
    pub termination_date: Option<String>,
    /// The registrant's principals from this country, active ones first.
    pub principals: Vec<PrincipalPeriod>,
    /// The latest agreement per principal of this country, where one was read.
    pub agreements: Vec<AgreementSummary>,
    /// Receipts from this country's principals per principal, year and currency.
    pub receipts_by_year: Vec<YearTotal>,
}

/// A takedown whose origin or target includes the country.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountryTakedown {
    /// faralink's id of the takedown.
    pub takedown_id: String,
    /// The platform that took the network down.
    pub platform: String,
    /// When it was announced (ISO).
    pub announced_on: String,
    /// The network's name, as the platform gave it.
    pub network_name: Option<String>,
    /// Whom the platform attributed it to.
    pub attributed_to: Option<String>,
    /// `origin`, `target` or `origin;target`: how the country figures in it.
    pub role: String,
    /// The platform's report.
    pub source_url: Option<String>,
}

/// Everything about one country.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountryView {
    /// ISO 3166-1 alpha-2 code.
    pub country_code: String,
    /// The country's name.
    pub name: String,
    /// Registrants active today with an active principal from the country.
    pub registrants: Vec<CountryRegistrant>,
    /// Takedowns whose origin or target includes the country.
    pub takedowns: Vec<CountryTakedown>,
    /// With `--all`: registrants that represented the country before (the registration or
    /// every principal of the country terminated). Absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<CountryRegistrant>>,
}

/// The country a name or code names (`"Qatar"`, `"qa"`, `"State of Qatar"`).
pub fn resolve(query: &str) -> Result<(&'static str, &'static str), CountryError> {
    let code = crate::text::country::country_code(query.trim())
        .ok_or_else(|| CountryError::Unknown(query.to_string()))?;
    let name = crate::text::country::countries()
        .iter()
        .find(|c| c.code == code)
        .map_or(code, |c| c.name);
    Ok((code, name))
}

/// Loads the view of the country `query` names, as of today; `all` adds the history.
pub fn load(conn: &Connection, query: &str, all: bool) -> Result<CountryView, CountryError> {
    load_on(conn, query, all, &today())
}

/// Today's date (YYYY-MM-DD), the day principals and registrations are judged active on.
pub fn today() -> String {
    jiff::Zoned::now().date().to_string()
}

/// [`load`] as of `today` (YYYY-MM-DD). A handful of queries for the whole country, whatever
/// the number of its registrants: its principals with their registrants, its agreements, its
/// receipts and its takedowns, each read once and grouped per registrant here.
pub fn load_on(
    conn: &Connection,
    query: &str,
    all: bool,
    today: &str,
) -> Result<CountryView, CountryError> {
    let (code, name) = resolve(query)?;
    // Every principal of the country with its registrant, registrants in display order and
    // each one's principals active ones first. A registrant is current when it and at least
    // one of these principals are active today.
    let mut stmt = conn.prepare_cached(
        "SELECT r.registration_number, r.name, r.registration_date, r.termination_date,
                r.removed_at IS NULL AND (r.termination_date IS NULL OR r.termination_date > ?2),
                fp.name, fp.country, fp.registration_date, fp.termination_date,
                fp.removed_at IS NULL AND (fp.termination_date IS NULL OR fp.termination_date > ?2)
                    AS active
         FROM foreign_principals fp
         JOIN registrants r ON r.registration_number = fp.registration_number
         WHERE fp.country_code = ?1
         ORDER BY r.name COLLATE NOCASE, r.registration_number,
                  active DESC, fp.registration_date DESC, fp.name",
    )?;
    let mut firms: Vec<(CountryRegistrant, bool)> = Vec::new();
    let mut rows = stmt.query(params![code, today])?;
    while let Some(r) = rows.next()? {
        let reg: i64 = r.get(0)?;
        let principal = PrincipalPeriod {
            name: r.get(5)?,
            country: r.get(6)?,
            registration_date: r.get(7)?,
            termination_date: r.get(8)?,
            active: r.get(9)?,
        };
        let current = r.get::<_, bool>(4)? && principal.active;
        match firms.last_mut() {
            Some((firm, cur)) if firm.registration_number == reg => {
                *cur |= current;
                firm.principals.push(principal);
            }
            _ => firms.push((
                CountryRegistrant {
                    registration_number: reg,
                    name: r.get(1)?,
                    registration_date: r.get(2)?,
                    termination_date: r.get(3)?,
                    principals: vec![principal],
                    agreements: Vec::new(),
                    receipts_by_year: Vec::new(),
                },
                current,
            )),
        }
    }
    drop(rows);
    firms.retain(|(_, current)| *current || all);
    let mut agreements = latest_agreements(conn, code)?;
    let mut receipts = receipts_by_registrant(conn, code)?;
    let mut registrants = Vec::new();
    let mut history = Vec::new();
    for (mut firm, current) in firms {
        let reg = firm.registration_number;
        firm.agreements = agreements.remove(&reg).unwrap_or_default();
        firm.receipts_by_year = receipts.remove(&reg).unwrap_or_default();
        if current {
            registrants.push(firm);
        } else {
            history.push(firm);
        }
    }
    // The most recently terminated first in the history.
    history.sort_by(|a, b| {
        latest_end(b)
            .cmp(&latest_end(a))
            .then(a.registration_number.cmp(&b.registration_number))
    });
    Ok(CountryView {
        country_code: code.to_string(),
        name: name.to_string(),
        registrants,
        takedowns: takedowns(conn, code)?,
        history: all.then_some(history),
    })
}

fn latest_end(r: &CountryRegistrant) -> Option<&str> {
    r.principals
        .iter()
        .filter_map(|p| p.termination_date.as_deref())
        .max()
        .or(r.termination_date.as_deref())
}

/// Receipts from the country's principals per registrant: per principal, year and currency,
/// in [`crate::money::totals`]' order.
fn receipts_by_registrant(
    conn: &Connection,
    code: &str,
) -> rusqlite::Result<HashMap<i64, Vec<YearTotal>>> {
    let rows = totals(
        conn,
        &MoneyFilter {
            by: MoneyBy::Principal,
            country_code: Some(code.to_string()),
            ..MoneyFilter::default()
        },
    )?;
    let mut out: HashMap<i64, Vec<YearTotal>> = HashMap::new();
    for r in rows {
        let Some(reg) = r.registration_number else {
            continue;
        };
        out.entry(reg).or_default().push(YearTotal::from(r));
    }
    Ok(out)
}

/// The latest agreement per registrant and principal of the country (by the document's
/// stamp date), per registrant, latest first.
fn latest_agreements(
    conn: &Connection,
    code: &str,
) -> rusqlite::Result<HashMap<i64, Vec<AgreementSummary>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.document_url, d.date_stamped, coalesce(fp.name, a.foreign_principal),
                a.fee_amount, a.fee_currency, a.fee_period, a.term_start, a.term_end,
                a.term_months, fp.id, a.registration_number
         FROM agreements a
         JOIN foreign_principals fp ON fp.id = a.foreign_principal_id
         LEFT JOIN documents d ON d.url = a.document_url
         WHERE fp.country_code = ?1 AND a.registration_number IS NOT NULL
           AND (a.fee_amount IS NOT NULL OR a.term_start IS NOT NULL OR a.term_months IS NOT NULL)
         ORDER BY a.registration_number, fp.id, d.date_stamped DESC, a.document_url DESC",
    )?;
    let mut out: HashMap<i64, Vec<AgreementSummary>> = HashMap::new();
    let mut last: Option<(i64, i64)> = None;
    let rows = stmt.query_map(params![code], |r| {
        Ok((
            (r.get::<_, i64>(10)?, r.get::<_, i64>(9)?),
            AgreementSummary {
                document_url: r.get(0)?,
                date_stamped: r.get(1)?,
                foreign_principal: r.get(2)?,
                fee_amount: r.get(3)?,
                fee_currency: r.get(4)?,
                fee_period: r.get(5)?,
                term_start: r.get(6)?,
                term_end: r.get(7)?,
                term_months: r.get(8)?,
            },
        ))
    })?;
    for row in rows {
        let (key, a) = row?;
        if last != Some(key) {
            out.entry(key.0).or_default().push(a);
            last = Some(key);
        }
    }
    for list in out.values_mut() {
        list.sort_by(|a, b| b.date_stamped.cmp(&a.date_stamped));
    }
    Ok(out)
}

fn takedowns(conn: &Connection, code: &str) -> rusqlite::Result<Vec<CountryTakedown>> {
    let mut stmt = conn.prepare_cached(
        "SELECT takedown_id, platform, announced_on, network_name, attributed_to, source_url,
                instr(';' || coalesce(origin_countries, '') || ';', ';' || ?1 || ';') > 0,
                instr(';' || coalesce(target_countries, '') || ';', ';' || ?1 || ';') > 0
         FROM takedowns
         WHERE instr(';' || coalesce(origin_countries, '') || ';', ';' || ?1 || ';') > 0
            OR instr(';' || coalesce(target_countries, '') || ';', ';' || ?1 || ';') > 0
         ORDER BY announced_on DESC, takedown_id",
    )?;
    stmt.query_map([code], |r| {
        let origin: bool = r.get(6)?;
        let target: bool = r.get(7)?;
        Ok(CountryTakedown {
            takedown_id: r.get(0)?,
            platform: r.get(1)?,
            announced_on: r.get(2)?,
            network_name: r.get(3)?,
            attributed_to: r.get(4)?,
            role: match (origin, target) {
                (true, true) => "origin;target",
                (true, false) => "origin",
                _ => "target",
            }
            .to_string(),
            source_url: r.get(5)?,
        })
    })?
    .collect()
}
