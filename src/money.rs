//! Totals of the money registrants reported receiving (supplemental statements, item 14(a),
//! the `payments` table) per country, registrant or foreign principal, calendar year and
//! currency: what `faralink money`, the country page and the dossier show.
//!
//! For: reading `payments` and summing it. Not for: reading the statements (that is
//! `documents`), nor converting currencies: an amount in euros is never added to one in
//! dollars, each currency is its own row.

use rusqlite::{Connection, params_from_iter};
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
pub fn totals(conn: &Connection, f: &MoneyFilter) -> rusqlite::Result<Vec<MoneyRow>> {
    let mut wh = vec!["p.amount IS NOT NULL".to_string()];
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    if let Some(y) = f.year {
        args.push(y.into());
        wh.push(format!(
            "CAST(substr(p.date, 1, 4) AS INTEGER) = ?{}",
            args.len()
        ));
    }
    if let Some(c) = &f.country_code {
        args.push(c.clone().into());
        wh.push(format!("fp.country_code = ?{}", args.len()));
    }
    if let Some(r) = f.registration_number {
        args.push(r.into());
        wh.push(format!("p.registration_number = ?{}", args.len()));
    }
    // key columns, the name, and the GROUP BY key.
    let (key, name, group) = match f.by {
        MoneyBy::Country => (
            "fp.country_code, NULL, NULL",
            "max(fp.country)",
            "fp.country_code",
        ),
        MoneyBy::Registrant => (
            "NULL, p.registration_number, NULL",
            "max(r.name)",
            "p.registration_number",
        ),
        MoneyBy::Principal => (
            "NULL, p.registration_number, coalesce(fp.name, p.foreign_principal)",
            "coalesce(fp.name, p.foreign_principal)",
            "p.registration_number, coalesce(CAST(fp.id AS TEXT), lower(trim(p.foreign_principal)))",
        ),
    };
    let sql = format!(
        "SELECT {key}, {name}, CAST(substr(p.date, 1, 4) AS INTEGER) AS year, p.currency,
                sum(p.amount), count(*), group_concat(DISTINCT p.document_url)
         FROM payments p
         LEFT JOIN foreign_principals fp ON fp.id = p.foreign_principal_id
         LEFT JOIN registrants r ON r.registration_number = p.registration_number
         WHERE {}
         GROUP BY {group}, year, p.currency
         ORDER BY year IS NULL, year DESC, sum(p.amount) DESC, 1, 2, 3",
        wh.join(" AND ")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(args), |r| {
        let docs: Option<String> = r.get(8)?;
        Ok(MoneyRow {
            country_code: r.get(0)?,
            registration_number: r.get(1)?,
            foreign_principal: r.get(2)?,
            name: r.get(3)?,
            year: r.get(4)?,
            currency: r.get(5)?,
            amount: r.get(6)?,
            receipts: r.get(7)?,
            documents: split_documents(docs),
        })
    })?;
    let mut out: Vec<MoneyRow> = rows.collect::<rusqlite::Result<_>>()?;
    if f.by == MoneyBy::Country {
        // The country's name from our list, not DOJ's spelling of it.
        for row in &mut out {
            if let Some(code) = &row.country_code
                && let Some(c) = crate::country::countries().iter().find(|c| c.code == code)
            {
                row.name = Some(c.name.to_string());
            }
        }
    }
    Ok(out)
}

fn split_documents(docs: Option<String>) -> Vec<String> {
    let mut v: Vec<String> = docs
        .unwrap_or_default()
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    v.sort();
    v
}

/// Receipts of one principal in one calendar year and currency (the dossier's and the country
/// page's "receipts by year").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearTotal {
    pub foreign_principal: Option<String>,
    pub year: Option<i64>,
    pub currency: Option<String>,
    pub amount: f64,
    pub receipts: i64,
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
    Ok(rows
        .into_iter()
        .map(|r| YearTotal {
            foreign_principal: r.foreign_principal,
            year: r.year,
            currency: r.currency,
            amount: r.amount,
            receipts: r.receipts,
            documents: r.documents,
        })
        .collect())
}

/// A registrant's receipts from principals of one country, per year and currency (the
/// country page).
pub fn receipts_by_year_from(
    conn: &Connection,
    registration_number: i64,
    country_code: &str,
) -> rusqlite::Result<Vec<YearTotal>> {
    let rows = totals(
        conn,
        &MoneyFilter {
            by: MoneyBy::Principal,
            registration_number: Some(registration_number),
            country_code: Some(country_code.to_string()),
            ..MoneyFilter::default()
        },
    )?;
    Ok(rows
        .into_iter()
        .map(|r| YearTotal {
            foreign_principal: r.foreign_principal,
            year: r.year,
            currency: r.currency,
            amount: r.amount,
            receipts: r.receipts,
            documents: r.documents,
        })
        .collect())
}

/// A whole number grouped in thousands with commas: `1,234,567`. The one grouper for
/// amounts and counts (`format_amount`, the web pages).
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An amount with its currency, grouped in thousands with two decimals where it has cents:
/// `USD 90,000`, `EUR 18,000.50`. Never converted.
pub fn format_amount(amount: f64, currency: Option<&str>) -> String {
    let cents = (amount * 100.0).round() as i64;
    let whole = cents / 100;
    let frac = (cents % 100).abs();
    let grouped = thousands(whole.unsigned_abs());
    let sign = if cents < 0 { "-" } else { "" };
    let number = if frac == 0 {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac:02}")
    };
    format!("{} {number}", currency.unwrap_or("???"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_grouped_and_never_converted() {
        assert_eq!(format_amount(90000.0, Some("USD")), "USD 90,000");
        assert_eq!(format_amount(18000.5, Some("EUR")), "EUR 18,000.50");
        assert_eq!(format_amount(1234567.891, Some("GBP")), "GBP 1,234,567.89");
        assert_eq!(format_amount(12.0, None), "??? 12");
        assert_eq!(format_amount(-1234.5, Some("USD")), "USD -1,234.50");
    }

    #[test]
    fn thousands_are_grouped_from_the_right() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(123_456_789), "123,456,789");
    }
}
