//! Totals of the money registrants reported receiving (supplemental statements, item 14(a),
//! the `payments` table) per country, registrant or foreign principal, calendar year and
//! currency: what `faralink money`, the country page and the dossier show.
//!
//! For: reading `payments` and summing it. Not for: reading the statements (that is
//! `documents`), nor converting currencies: an amount in euros is never added to one in
//! dollars, each currency is its own row.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params_from_iter};
use serde::Serialize;

/// What the totals are grouped by (besides year and currency).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MoneyBy {
    /// The foreign principal's country (`country_code`; empty when the receipt's principal
    /// was not matched to a listed principal).
    #[default]
    Country,
    /// The registrant (registration number).
    Registrant,
    /// The foreign principal, as matched to DOJ's list, else as the statement names it.
    Principal,
}

/// Which receipts count.
#[derive(Debug, Clone, Default)]
pub struct MoneyFilter {
    /// What the totals are per.
    pub by: MoneyBy,
    /// Only receipts dated in this calendar year.
    pub year: Option<i64>,
    /// Only receipts from principals of this country (ISO 3166-1 alpha-2).
    pub country_code: Option<String>,
    /// Only receipts of this registration number.
    pub registration_number: Option<i64>,
}

/// One total: a key, a calendar year and a currency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MoneyRow {
    /// Set for [`MoneyBy::Country`] (null: principal not matched to a country).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// Set for [`MoneyBy::Registrant`], and for [`MoneyBy::Principal`] (the principal's
    /// registration).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registration_number: Option<i64>,
    /// Set for [`MoneyBy::Principal`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub foreign_principal: Option<String>,
    /// The key's name: the country's, the registrant's or the principal's.
    pub name: Option<String>,
    /// Calendar year of receipt; null when the statement gave no readable date.
    pub year: Option<i64>,
    /// ISO 4217 code, as the statement gave the amount.
    pub currency: Option<String>,
    /// The sum of the receipts, in `currency`'s major units.
    pub amount: f64,
    /// How many receipts were summed.
    pub receipts: i64,
    /// The statements the receipts came from (their URLs).
    pub documents: Vec<String>,
}

/// The totals the filter asks for: largest first within each year, years newest first.
///
/// Per country (without a registrant), read from the totals the database keeps (see
/// `country_totals`); otherwise one pass over the matching receipts, summed here rather
/// than by SQL's `GROUP BY` with `group_concat(DISTINCT …)`, which sorted every receipt and
/// built a distinct set per group in temporary B-trees (BENCHMARKS.md, "Money totals").
pub fn totals(conn: &Connection, f: &MoneyFilter) -> rusqlite::Result<Vec<MoneyRow>> {
    let mut out = if f.by == MoneyBy::Country && f.registration_number.is_none() {
        country_totals(conn, f)?
    } else {
        summed(conn, f)?
    };
    name_keys(conn, f.by, &mut out)?;
    out.sort_by(|a, b| {
        (a.year.is_none(), std::cmp::Reverse(a.year))
            .cmp(&(b.year.is_none(), std::cmp::Reverse(b.year)))
            .then(b.amount.total_cmp(&a.amount))
            .then_with(|| a.country_code.cmp(&b.country_code))
            .then(a.registration_number.cmp(&b.registration_number))
            .then_with(|| a.foreign_principal.cmp(&b.foreign_principal))
            .then_with(|| a.currency.cmp(&b.currency))
    });
    Ok(out)
}

/// Per country, read from the totals the database keeps as receipts change
/// (`money_country_totals`, migrations/0010_money_totals.sql): a few thousand rows, where
/// summing read every receipt.
fn country_totals(conn: &Connection, f: &MoneyFilter) -> rusqlite::Result<Vec<MoneyRow>> {
    let mut wh = vec!["1".to_string()];
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    if let Some(y) = f.year {
        args.push(y.into());
        wh.push(format!("year = ?{}", args.len()));
    }
    if let Some(c) = &f.country_code {
        args.push(c.clone().into());
        wh.push(format!("country_code = ?{}", args.len()));
    }
    let sql = format!(
        "SELECT country_code, year, currency, amount_milli, receipts, documents
         FROM money_country_totals WHERE {}",
        wh.join(" AND ")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(args))?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let milli: i64 = r.get(3)?;
        let mut documents: Vec<String> = r
            .get_ref(5)?
            .as_str()?
            .split('\n')
            .filter(|u| !u.is_empty())
            .map(str::to_string)
            .collect();
        documents.sort_unstable();
        out.push(MoneyRow {
            country_code: r.get(0)?,
            registration_number: None,
            foreign_principal: None,
            name: None,
            year: r.get(1)?,
            currency: r.get(2)?,
            amount: milli as f64 / 1000.0,
            receipts: r.get(4)?,
            documents,
        });
    }
    Ok(out)
}

/// Any grouping, summed here in one pass over the matching receipts.
fn summed(conn: &Connection, f: &MoneyFilter) -> rusqlite::Result<Vec<MoneyRow>> {
    let mut wh = vec!["p.amount IS NOT NULL".to_string()];
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    if let Some(y) = f.year {
        args.push(format!("{y:04}").into());
        wh.push(format!("substr(p.date, 1, 4) = ?{}", args.len()));
    }
    if let Some(c) = &f.country_code {
        args.push(c.clone().into());
        wh.push(format!("fp.country_code = ?{}", args.len()));
    }
    if let Some(r) = f.registration_number {
        args.push(r.into());
        wh.push(format!("p.registration_number = ?{}", args.len()));
    }
    let sql = format!(
        "SELECT fp.country_code, p.registration_number, fp.id, fp.name, p.foreign_principal,
                substr(p.date, 1, 4), p.currency, p.amount, p.document_url
         FROM payments p
         LEFT JOIN foreign_principals fp ON fp.id = p.foreign_principal_id
         WHERE {}",
        wh.join(" AND ")
    );
    let mut groups: HashMap<GroupKey, Group> = HashMap::new();
    let mut docs: HashMap<String, usize> = HashMap::new();
    let mut doc_urls: Vec<String> = Vec::new();
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(args))?;
    while let Some(r) = rows.next()? {
        let year: Option<i64> = r.get_ref(5)?.as_str_or_null()?.and_then(|y| y.parse().ok());
        let currency: Option<String> = r.get(6)?;
        let (who, name) = match f.by {
            MoneyBy::Country => (Who::Country(r.get(0)?), None),
            MoneyBy::Registrant => (Who::Registrant(r.get(1)?), None),
            MoneyBy::Principal => {
                let reg: Option<i64> = r.get(1)?;
                let fp: Option<i64> = r.get(2)?;
                let listed: Option<String> = r.get(3)?;
                let filed: Option<String> = r.get(4)?;
                let key = match fp {
                    Some(id) => PrincipalKey::Listed(id),
                    None => {
                        PrincipalKey::Filed(filed.as_deref().unwrap_or("").trim().to_lowercase())
                    }
                };
                (Who::Principal(reg, key), listed.or(filed))
            }
        };
        let amount: f64 = r.get(7)?;
        let url = r.get_ref(8)?.as_str()?;
        let doc = match docs.get(url) {
            Some(&i) => i,
            None => {
                doc_urls.push(url.to_string());
                docs.insert(url.to_string(), doc_urls.len() - 1);
                doc_urls.len() - 1
            }
        };
        let g = groups
            .entry(GroupKey {
                who,
                year,
                currency,
            })
            .or_default();
        g.amount += amount;
        g.receipts += 1;
        if !g.documents.contains(&doc) {
            g.documents.push(doc);
        }
        if g.name.is_none() {
            g.name = name;
        }
    }
    let out: Vec<MoneyRow> = groups
        .into_iter()
        .map(|(k, g)| {
            let mut documents: Vec<String> =
                g.documents.iter().map(|&i| doc_urls[i].clone()).collect();
            documents.sort();
            let (country_code, registration_number, foreign_principal) = match k.who {
                Who::Country(c) => (c, None, None),
                Who::Registrant(r) => (None, r, None),
                Who::Principal(r, _) => (None, r, g.name.clone()),
            };
            MoneyRow {
                country_code,
                registration_number,
                foreign_principal,
                name: g.name,
                year: k.year,
                currency: k.currency,
                amount: g.amount,
                receipts: g.receipts,
                documents,
            }
        })
        .collect();
    Ok(out)
}

/// Whose receipts a total sums.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Who {
    Country(Option<String>),
    Registrant(Option<i64>),
    Principal(Option<i64>, PrincipalKey),
}

/// A principal matched to DOJ's list (its id), else its name as the statement gave it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum PrincipalKey {
    Listed(i64),
    Filed(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct GroupKey {
    who: Who,
    year: Option<i64>,
    currency: Option<String>,
}

#[derive(Debug, Default)]
struct Group {
    name: Option<String>,
    amount: f64,
    receipts: i64,
    /// Indexes into the run's list of statement URLs (a few per group).
    documents: Vec<usize>,
}

/// The key's name: the country's from our list (not DOJ's spelling), the registrant's.
fn name_keys(conn: &Connection, by: MoneyBy, rows: &mut [MoneyRow]) -> rusqlite::Result<()> {
    match by {
        MoneyBy::Country => {
            let names: HashMap<&str, &str> = crate::text::country::countries()
                .iter()
                .map(|c| (c.code, c.name))
                .collect();
            for row in rows {
                if let Some(code) = &row.country_code
                    && let Some(name) = names.get(code.as_str())
                {
                    row.name = Some(name.to_string());
                }
            }
        }
        MoneyBy::Registrant => {
            let mut stmt =
                conn.prepare_cached("SELECT name FROM registrants WHERE registration_number = ?1")?;
            let mut names: HashMap<i64, Option<String>> = HashMap::new();
            for row in rows {
                if let Some(n) = row.registration_number {
                    let name = match names.get(&n) {
                        Some(name) => name.clone(),
                        None => {
                            let name: Option<String> =
                                stmt.query_row([n], |r| r.get(0)).optional()?;
                            names.insert(n, name.clone());
                            name
                        }
                    };
                    row.name = name;
                }
            }
        }
        MoneyBy::Principal => {}
    }
    Ok(())
}

/// Receipts of one principal in one calendar year and currency (the dossier's and the country
/// page's "receipts by year").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearTotal {
    /// The principal the receipts came from, as filed.
    pub foreign_principal: Option<String>,
    /// Calendar year of receipt; none when the date was not read.
    pub year: Option<i64>,
    /// ISO 4217 code; amounts of different currencies are never summed.
    pub currency: Option<String>,
    /// The sum of the receipts, in `currency`.
    pub amount: f64,
    /// How many receipts.
    pub receipts: i64,
    /// The statements they were read from (URLs).
    pub documents: Vec<String>,
}

/// A registrant's receipts per principal, year and currency, years newest first.
pub fn receipts_by_year(
    conn: &Connection,
    registration_number: i64,
) -> rusqlite::Result<Vec<YearTotal>> {
    let rows = totals(
        conn,
        &MoneyFilter {
            by: MoneyBy::Principal,
            registration_number: Some(registration_number),
            ..MoneyFilter::default()
        },
    )?;
    Ok(rows.into_iter().map(YearTotal::from).collect())
}

impl From<MoneyRow> for YearTotal {
    /// A [`MoneyBy::Principal`] row as one principal's year.
    fn from(r: MoneyRow) -> YearTotal {
        YearTotal {
            foreign_principal: r.foreign_principal,
            year: r.year,
            currency: r.currency,
            amount: r.amount,
            receipts: r.receipts,
            documents: r.documents,
        }
    }
}
