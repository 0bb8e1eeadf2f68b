//! DFRLab's Foreign Interference Attribution Tracker CSV (`DFRLab_interference2020.csv`):
//! the attributions a platform made become takedowns, the others rejects naming who made them.
//!
//! For: [`parse_dfrlab_fiat`]. Not for: the import format itself ([`super::contract`]).

use std::collections::HashMap;

use super::error::{ImportError, RowError};
use super::rows::{Parsed, Rows, takedown_from};
use super::table::{CsvTable, csv_line};
use crate::takedowns::normalize;

/// The FIAT columns faralink reads.
const FIAT_COLUMNS: [&str; 20] = [
    "case_hash",
    "case_id",
    "source",
    "source_category",
    "disinformant",
    "disinformant_nation",
    "short_title",
    "short_description",
    "attribution_url",
    "attribution_date",
    "announced_date",
    "url",
    "fb_accounts_total",
    "fb_pages_total",
    "fb_groups_total",
    "ig_accounts_total",
    "fb_pages_followers_total",
    "fb_groups_followers_total",
    "ig_followers_total",
    "budget_usd_total",
];

/// FIAT's `source_category` of the rows that are a platform's own statement. The tracker also
/// lists attributions by governments, media and researchers; those are not takedowns.
const FIAT_PLATFORM_CATEGORY: &str = "Technology Company";

/// FIAT values that name no country ("unspecified", "Multiple, unlisted"): dropped from lists.
const FIAT_NO_VALUE: [&str; 7] = [
    "unspecified",
    "n/a",
    "multiple",
    "unlisted",
    "foreign countries",
    "unknown",
    "none",
];

/// FIAT's comma lists ("Russia, China, Iran", "Russia and/or China") as `;` lists.
pub(super) fn fiat_list(raw: &str) -> String {
    raw.replace("and/or", ",")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty() && !FIAT_NO_VALUE.contains(&s.to_lowercase().as_str()))
        .collect::<Vec<_>>()
        .join(";")
}

/// The targets in a FIAT `case_id` ("Russia >>> United States, United Kingdom 2020": the
/// countries after the arrows, without the year).
pub(super) fn fiat_targets(case_id: &str) -> String {
    let Some((_, rest)) = case_id.split_once(">>") else {
        return String::new();
    };
    let rest = rest.trim_start_matches('>').trim();
    let rest = match rest.rsplit_once(' ') {
        Some((head, year)) if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) => head,
        _ if rest.len() == 4 && rest.bytes().all(|b| b.is_ascii_digit()) => "",
        _ => rest,
    };
    fiat_list(rest)
}

/// DFRLab's Foreign Interference Attribution Tracker CSV. Each record is one attribution; the
/// ones a platform made (`source_category` "Technology Company") become takedowns:
///
/// | takedown column | FIAT column |
/// |---|---|
/// | `takedown_id` | `dfrlab-fiat-` + `case_hash` (lower case) |
/// | `platform` | `source` |
/// | `announced_on` | `announced_date`, else `attribution_date` |
/// | `network_name` | `short_title` |
/// | `attributed_to` | `disinformant` (comma list) |
/// | `origin_countries` | `disinformant_nation` (comma list) |
/// | `target_countries` | the countries after `>>` in `case_id` |
/// | `fb_accounts`, `fb_pages`, `fb_groups`, `ig_accounts` | `fb_accounts_total`, `fb_pages_total`, `fb_groups_total`, `ig_accounts_total` |
/// | `followers` | `fb_pages_followers_total` + `fb_groups_followers_total` + `ig_followers_total` |
/// | `ad_spend_usd` | `budget_usd_total` |
/// | `summary` | `short_description` |
/// | `source_url` | `url` (the platform's statement), else `attribution_url` |
///
/// Attributions by anyone else (governments, media, researchers) are rejects naming who made
/// them, so every record of the file is accounted for.
pub fn parse_dfrlab_fiat(bytes: &[u8], file: &str) -> Result<Parsed, ImportError> {
    let table = CsvTable::read(bytes, file, &FIAT_COLUMNS)?;
    let index = table.require(&FIAT_COLUMNS, file)?;
    let mut out = Rows::default();
    for (line, rec) in &table.records {
        let raw = csv_line(rec);
        let get = |c: &str| index.get(c).and_then(|&i| rec.get(i)).unwrap_or("").trim();
        let category = get("source_category");
        if category != FIAT_PLATFORM_CATEGORY {
            let who = get("source");
            let reason = if category.is_empty() {
                format!("not a platform takedown: source {who:?} has no source_category")
            } else {
                format!("not a platform takedown: source {who:?} has source_category {category:?}")
            };
            out.reject(*line, raw, reason);
            continue;
        }
        // The three follower counts summed. One that cannot be read makes the sum unknown:
        // the unreadable value goes into `followers` as written, so the row still loads and
        // the value is warned about and kept in import_notes like any other.
        let mut sum: Option<i64> = None;
        let mut unreadable: Option<String> = None;
        for col in [
            "fb_pages_followers_total",
            "fb_groups_followers_total",
            "ig_followers_total",
        ] {
            match normalize::count(get(col)) {
                Ok(Some(n)) => sum = Some(sum.unwrap_or(0) + n),
                Ok(None) => {}
                Err(_) => {
                    unreadable.get_or_insert_with(|| format!("{} ({col})", get(col)));
                }
            }
        }
        let followers =
            unreadable.unwrap_or_else(|| sum.map(|n| n.to_string()).unwrap_or_default());
        let hash = get("case_hash");
        let announced = match get("announced_date") {
            "" => get("attribution_date"),
            d => d,
        };
        let source_url = match get("url") {
            "" => get("attribution_url"),
            u => u,
        };
        let cells: HashMap<&str, String> = [
            (
                "takedown_id",
                if hash.is_empty() {
                    String::new()
                } else {
                    format!("dfrlab-fiat-{}", hash.to_lowercase())
                },
            ),
            ("platform", get("source").to_string()),
            ("announced_on", announced.to_string()),
            ("network_name", get("short_title").to_string()),
            ("attributed_to", fiat_list(get("disinformant"))),
            ("origin_countries", fiat_list(get("disinformant_nation"))),
            ("target_countries", fiat_targets(get("case_id"))),
            ("fb_accounts", get("fb_accounts_total").to_string()),
            ("fb_pages", get("fb_pages_total").to_string()),
            ("fb_groups", get("fb_groups_total").to_string()),
            ("ig_accounts", get("ig_accounts_total").to_string()),
            ("followers", followers),
            ("ad_spend_usd", get("budget_usd_total").to_string()),
            ("summary", get("short_description").to_string()),
            ("source_url", source_url.to_string()),
        ]
        .into_iter()
        .collect();
        let cell = |c: &str| cells.get(c).map_or("", String::as_str);
        let row = takedown_from(cell, &[';']).map_err(|e| {
            if hash.is_empty() {
                RowError::NoFiatCaseHash(Box::new(e))
            } else {
                e
            }
        });
        out.push(*line, raw, row);
    }
    Ok(out.finish())
}
