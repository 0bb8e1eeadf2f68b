//! Who represents a country now: the registrants active today with an active foreign
//! principal from that country, each with its principals (from–to), its latest agreement's fee
//! and term and its reported receipts by year; and the takedowns whose origin or target
//! includes the country. What `faralink country` and the web's `/countries/{code}` show.
//!
//! For: reading one country's view out of the database. Not for: rendering it (the command
//! and the web page do), nor deciding what a country is (`country`).

use rusqlite::{Connection, params};
use serde::Serialize;

use crate::money::{YearTotal, receipts_by_year_from};

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
    pub name: String,
    pub country: Option<String>,
    pub registration_date: Option<String>,
    pub termination_date: Option<String>,
    /// True while DOJ lists no termination.
    pub active: bool,
}

/// The latest agreement (by the filing's stamp date) read for one of the country's principals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgreementSummary {
    pub document_url: String,
    pub date_stamped: Option<String>,
    pub foreign_principal: Option<String>,
    pub fee_amount: Option<f64>,
    pub fee_currency: Option<String>,
    pub fee_period: Option<String>,
    pub term_start: Option<String>,
    pub term_end: Option<String>,
    pub term_months: Option<f64>,
}

/// A registrant representing (or, in the history, having represented) the country.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountryRegistrant {
    pub registration_number: i64,
    pub name: String,
    pub registration_date: Option<String>,
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
    pub takedown_id: String,
    pub platform: String,
    pub announced_on: String,
    pub network_name: Option<String>,
    pub attributed_to: Option<String>,
    /// `origin`, `target` or `origin;target`: how the country figures in it.
    pub role: String,
    pub source_url: Option<String>,
}

/// Everything about one country.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountryView {
    pub country_code: String,
    pub name: String,
    /// Registrants active today with an active principal from the country.
    pub registrants: Vec<CountryRegistrant>,
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

/// A registrant with a principal of the country: number, name, registered, terminated, and
/// whether it represents the country today.
type FirmRow = (i64, String, Option<String>, Option<String>, bool);

/// Loads the view of the country `query` names; `all` adds the history.
pub fn load(conn: &Connection, query: &str, all: bool) -> Result<CountryView, CountryError> {
    let (code, name) = resolve(query)?;
    let today = jiff::Zoned::now().date().to_string();
    // Every registrant with a principal of the country, and whether it is current: the
    // registrant and at least one of those principals active today.
    let mut stmt = conn.prepare_cached(
        "SELECT r.registration_number, r.name, r.registration_date, r.termination_date,
                max(r.removed_at IS NULL AND (r.termination_date IS NULL OR r.termination_date > ?2)
                    AND fp.removed_at IS NULL
                    AND (fp.termination_date IS NULL OR fp.termination_date > ?2)) AS current,
                max(coalesce(fp.termination_date, fp.registration_date, ''))
         FROM foreign_principals fp
         JOIN registrants r ON r.registration_number = fp.registration_number
         WHERE fp.country_code = ?1
         GROUP BY r.registration_number
         ORDER BY r.name COLLATE NOCASE, r.registration_number",
    )?;
    let firms: Vec<FirmRow> = stmt
        .query_map(params![code, today], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut registrants = Vec::new();
    let mut history = Vec::new();
    for (reg, firm, from, to, current) in firms {
        if !current && !all {
            continue;
        }
        let entry = registrant(conn, code, &today, reg, firm, from, to)?;
        if current {
            registrants.push(entry);
        } else {
            history.push(entry);
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

fn registrant(
    conn: &Connection,
    code: &str,
    today: &str,
    reg: i64,
    name: String,
    registration_date: Option<String>,
    termination_date: Option<String>,
) -> rusqlite::Result<CountryRegistrant> {
    let mut stmt = conn.prepare_cached(
        "SELECT fp.name, fp.country, fp.registration_date, fp.termination_date,
                fp.removed_at IS NULL AND (fp.termination_date IS NULL OR fp.termination_date > ?3)
         FROM foreign_principals fp
         WHERE fp.registration_number = ?1 AND fp.country_code = ?2
         ORDER BY 5 DESC, fp.registration_date DESC, fp.name",
    )?;
    let principals: Vec<PrincipalPeriod> = stmt
        .query_map(params![reg, code, today], |r| {
            Ok(PrincipalPeriod {
                name: r.get(0)?,
                country: r.get(1)?,
                registration_date: r.get(2)?,
                termination_date: r.get(3)?,
                active: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(CountryRegistrant {
        registration_number: reg,
        name,
        registration_date,
        termination_date,
        principals,
        agreements: latest_agreements(conn, reg, code)?,
        receipts_by_year: receipts_by_year_from(conn, reg, code)?,
    })
}

/// The latest agreement per principal of the country (by the document's stamp date).
fn latest_agreements(
    conn: &Connection,
    reg: i64,
    code: &str,
) -> rusqlite::Result<Vec<AgreementSummary>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.document_url, d.date_stamped, coalesce(fp.name, a.foreign_principal),
                a.fee_amount, a.fee_currency, a.fee_period, a.term_start, a.term_end,
                a.term_months, fp.id
         FROM agreements a
         JOIN foreign_principals fp ON fp.id = a.foreign_principal_id
         LEFT JOIN documents d ON d.url = a.document_url
         WHERE a.registration_number = ?1 AND fp.country_code = ?2
           AND (a.fee_amount IS NOT NULL OR a.term_start IS NOT NULL OR a.term_months IS NOT NULL)
         ORDER BY fp.id, d.date_stamped DESC, a.document_url DESC",
    )?;
    let mut out: Vec<AgreementSummary> = Vec::new();
    let mut last: Option<i64> = None;
    let rows = stmt.query_map(params![reg, code], |r| {
        Ok((
            r.get::<_, i64>(9)?,
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
        let (fp, a) = row?;
        if last != Some(fp) {
            out.push(a);
            last = Some(fp);
        }
    }
    out.sort_by(|a, b| b.date_stamped.cmp(&a.date_stamped));
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
