//! The 2020–2023 indicator files `index.json` lists (`indicator_type,indicator_value,comment,ds`
//! CSVs, or the same as JSON): no counts, but a CIB marker and the countries Meta named in
//! comments.
//!
//! For: reading those files and the takedown a CIB report stands for. Not for: the listing
//! itself ([`super::index`]).

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::error::MetaError;
use super::index::{IndexEntry, PLATFORM};
use super::indicator_csv::indicator_csv;
use crate::takedowns::Takedown;
use crate::takedowns::phrases::{capitalise, country_codes, split_list};

/// What a 2020–2023 indicator CSV (`indicator_type,indicator_value,comment,ds`) says about
/// its report: how many indicators of each type, and the comments Meta gave them.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct LegacyIndicators {
    /// (type, count), in first-seen order.
    pub types: Vec<(String, usize)>,
    /// Distinct comments, in first-seen order ("Germany-targeting CIB domain", "CIB: Russia").
    pub comments: Vec<String>,
}

impl LegacyIndicators {
    /// True when Meta marked any indicator as part of Coordinated Inauthentic Behavior.
    pub fn is_cib(&self) -> bool {
        self.comments.iter().any(|c| c.contains("CIB"))
    }
}

/// Reads a 2020–2023 indicator CSV. Requires its four columns.
pub fn parse_legacy_csv(name: &str, bytes: &[u8]) -> Result<LegacyIndicators, MetaError> {
    let (mut rdr, header) = indicator_csv(name, bytes)?;
    let malformed = |e: csv::Error| MetaError::Malformed {
        file: name.into(),
        message: e.to_string(),
    };
    let col = |n: &str| header.column(n, n);
    let (c_type, c_comment) = (col("indicator_type")?, col("comment")?);
    col("indicator_value")?;
    let mut out = LegacyIndicators::default();
    for rec in rdr.records() {
        let rec = rec.map_err(malformed)?;
        let t = rec.get(c_type).unwrap_or("").trim().to_string();
        match out.types.iter_mut().find(|(k, _)| *k == t) {
            Some((_, n)) => *n += 1,
            None => out.types.push((t, 1)),
        }
        let c = rec.get(c_comment).unwrap_or("").trim();
        if !c.is_empty() && !out.comments.iter().any(|x| x == c) {
            out.comments.push(c.to_string());
        }
    }
    Ok(out)
}

/// The takedown an `index.json` report stands for, when its indicators are marked CIB.
///
/// These files have no counts; what they add is the day, Meta's post and the countries Meta
/// itself named in comments ("Germany-targeting CIB domain" → target DE; "CIB: Russia" →
/// origin RU). `None` for malware and hacking reports.
pub fn legacy_takedown(entry: &IndexEntry, ind: &LegacyIndicators) -> Option<Takedown> {
    if !ind.is_cib() {
        return None;
    }
    static TARGETING: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^([A-Z][\w ]+?)-targeting CIB").unwrap());
    // "CIB: Costa Rica, El Salvador" and "CIB: Russia, Ukraine" (Q1 2022) label a network by
    // the countries it ran from; "China: CIB Petition" (September 2022) likewise.
    static ORIGIN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(?:CIB:\s*([^;]+)$|([A-Z][\w ]+?):\s*CIB\b)").unwrap());
    let mut targets = Vec::new();
    let mut origins = Vec::new();
    for c in &ind.comments {
        if let Some(m) = TARGETING.captures(c) {
            targets.push(m[1].to_string());
        }
        if let Some(m) = ORIGIN.captures(c) {
            origins.extend(split_list(m.get(1).or(m.get(2)).map_or("", |x| x.as_str())));
        }
    }
    let file = entry.csv_files.first().or(entry.json_files.first())?;
    let title = entry
        .reference_urls
        .first()
        .and_then(|u| u.trim_end_matches('/').rsplit('/').next())
        .map(|s| capitalise(&s.replace('-', " ")))
        .unwrap_or_else(|| entry.id.replace('_', " "));
    let counts: Vec<String> = ind.types.iter().map(|(t, n)| format!("{n} {t}")).collect();
    Some(Takedown {
        takedown_id: entry.takedown_id(),
        platform: PLATFORM.into(),
        announced_on: entry.announced_on()?,
        network_name: Some(title),
        origin_countries: country_codes(&origins),
        target_countries: country_codes(&targets),
        summary: Some(format!(
            "Indicators published by Meta: {}. Comments: {}.",
            counts.join(", "),
            ind.comments.join("; ")
        )),
        source_url: Some(entry.source_url(file)),
        ..Takedown::default()
    })
}

/// Reads a 2020–2023 indicator JSON file (rows with `indicator_type` and `comment`) into the
/// takedown its report stands for, when it is marked CIB.
pub(super) fn legacy_from_json(
    entry: &IndexEntry,
    path: &str,
    bytes: &[u8],
) -> Result<Option<Takedown>, MetaError> {
    #[derive(Deserialize)]
    struct Row {
        indicator_type: Option<String>,
        comment: Option<String>,
    }
    let rows: Vec<Row> = serde_json::from_slice(bytes).map_err(|e| MetaError::Malformed {
        file: path.into(),
        message: e.to_string(),
    })?;
    let mut ind = LegacyIndicators::default();
    for r in rows {
        let t = r.indicator_type.ok_or_else(|| MetaError::Layout {
            file: path.into(),
            element: "`indicator_type`".into(),
        })?;
        match ind.types.iter_mut().find(|(k, _)| *k == t) {
            Some((_, n)) => *n += 1,
            None => ind.types.push((t, 1)),
        }
        if let Some(c) = r
            .comment
            .filter(|c| !c.is_empty() && !ind.comments.contains(c))
        {
            ind.comments.push(c);
        }
    }
    Ok(legacy_takedown(entry, &ind))
}
