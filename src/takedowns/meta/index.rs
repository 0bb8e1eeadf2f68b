//! The repository's two listings: `index.json` (the 2020–2023 reports) and the README's
//! "Published Threat Indicators" table (the network summaries), read into [`IndexEntry`]s, and
//! the ids, dates and citations built from them.
//!
//! For: listing what the repository holds. Not for: reading the files listed
//! ([`super::summary`], [`super::killchain`], [`super::legacy`]).

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::error::MetaError;
use crate::takedowns::phrases::{slug, split_list};

/// The platform name every record here carries.
pub const PLATFORM: &str = "Meta";

/// Where a repository file can be read by people, for `source_url` when the index gives no
/// report URL. A citation, not a fetch base: fetching goes through the `meta` source's base.
pub const REPO_BLOB_URL: &str = "https://github.com/facebook/threat-research/blob/main/";

/// A reporting period when Meta gives no day: "H1 2026", "Q2 2023", "Q2-3 2025".
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Period {
    /// Half-year `n` (1 or 2) of `year`.
    Half {
        /// The year.
        year: i32,
        /// 1 or 2.
        n: u8,
    },
    /// Quarters `from..=to` of `year` ("Q2-3 2025" is 2 to 3).
    Quarter {
        /// The year.
        year: i32,
        /// The first quarter (1..=4).
        from: u8,
        /// The last quarter (`from` for one quarter).
        to: u8,
    },
}

impl Period {
    /// Reads "H1 2026", "Q1 2023", "Q1_2023", "Q2-3_2025" (case and `_`/space do not matter).
    pub fn parse(s: &str) -> Option<Period> {
        static RE: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?i)^\s*([HQ])([1-4])(?:-([1-4]))?[\s_]+(\d{4})(?:\D|$)").unwrap()
        });
        let c = RE.captures(s)?;
        let n: u8 = c[2].parse().ok()?;
        let year: i32 = c[4].parse().ok()?;
        if c[1].eq_ignore_ascii_case("h") {
            (n <= 2 && c.get(3).is_none()).then_some(Period::Half { year, n })
        } else {
            let to = c.get(3).map_or(Some(n), |m| m.as_str().parse().ok())?;
            Some(Period::Quarter { year, from: n, to })
        }
    }

    /// The first day of the period. Used as `announced_on` when Meta gives only a period:
    /// the contract needs a date, and the period start is the one date we can defend (the
    /// takedown was announced in or after it). Consumers that care read [`Period`] instead.
    pub fn start_date(&self) -> String {
        let (year, month) = match *self {
            Period::Half { year, n } => (year, if n == 1 { 1 } else { 7 }),
            Period::Quarter { year, from, .. } => (year, 3 * (from as i32 - 1) + 1),
        };
        format!("{year:04}-{month:02}-01")
    }

    /// `2026-h1`, `2023-q1`, `2025-q2-3`: the id part.
    pub fn slug(&self) -> String {
        match *self {
            Period::Half { year, n } => format!("{year}-h{n}"),
            Period::Quarter { year, from, to } if from == to => format!("{year}-q{from}"),
            Period::Quarter { year, from, to } => format!("{year}-q{from}-{to}"),
        }
    }
}

/// One report (or one network summary) as the repository lists it.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct IndexEntry {
    /// `index.json`'s id (`2022_09_removing_coordinated_inauthentic_behavior_from_china_and_russia`)
    /// or the summary's file stem (`meta-h1-2026-china-based-cib-network`).
    pub id: String,
    /// The report title where the listing gives one (README table).
    pub title: Option<String>,
    /// The day Meta reported it (`index.json`'s `reported_ds`), ISO 8601.
    pub reported_on: Option<String>,
    /// The period, when only that is known (README's "H1 2026").
    pub period: Option<Period>,
    /// Meta's report pages (about.fb.com); `TBD` placeholders are dropped.
    pub reference_urls: Vec<String>,
    /// Paths relative to the repository root.
    pub csv_files: Vec<String>,
    /// JSON indicator files, relative to the repository root.
    pub json_files: Vec<String>,
    /// Markdown network summaries, relative to the repository root.
    pub md_files: Vec<String>,
    /// Origin and target names as the listing gives them ("Belarus, Russia"; "Sub-Saharan Africa").
    pub origin: Vec<String>,
    /// Target names as the listing gives them.
    pub targets: Vec<String>,
}

impl IndexEntry {
    /// `announced_on`: the reported day, else the period's first day.
    pub(super) fn announced_on(&self) -> Option<String> {
        self.reported_on
            .clone()
            .or_else(|| self.period.map(|p| p.start_date()))
    }

    /// `meta-<year>-<month or period>-<slug>`: `meta-2022-09-removing-coordinated-...`,
    /// `meta-2026-h1-china-based-cib-network`. Stable across syncs: built from the listing only.
    pub fn takedown_id(&self) -> String {
        static HEAD: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?i)^(?:meta[-_])?(?:([hq][1-4](?:-[1-4])?)[-_](\d{4})|(\d{4})[-_](\d{2}))[-_]?(.*)$").unwrap()
        });
        if let Some(c) = HEAD.captures(&self.id) {
            let rest = slug(c.get(5).map_or("", |m| m.as_str()));
            let head = match (c.get(1), c.get(2), c.get(3), c.get(4)) {
                (Some(p), Some(y), _, _) => {
                    format!("{}-{}", y.as_str(), p.as_str().to_ascii_lowercase())
                }
                (_, _, Some(y), Some(m)) => format!("{}-{}", y.as_str(), m.as_str()),
                _ => String::new(),
            };
            return join_id(&["meta", &head, &rest]);
        }
        // "2022_malicious_mobile_apps": a year only.
        join_id(&["meta", &slug(&self.id)])
    }

    /// The Meta report page when the listing gives one, else the repository file.
    pub(super) fn source_url(&self, file: &str) -> String {
        self.reference_urls
            .first()
            .cloned()
            .unwrap_or_else(|| format!("{REPO_BLOB_URL}{file}"))
    }
}

/// The non-empty parts joined by `-`.
pub(super) fn join_id(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("-")
}

#[derive(Deserialize)]
struct RawEntry {
    id: Option<String>,
    reported_ds: Option<String>,
    added_ds: Option<String>,
    reference_urls: Option<Vec<String>>,
    indicators: Option<RawIndicators>,
}

#[derive(Deserialize)]
struct RawIndicators {
    csv_files: Option<Vec<String>>,
    json_files: Option<Vec<String>>,
}

/// The listing of the 2020–2023 reports.
pub(super) const INDEX: &str = "index.json";
/// The repository's README, whose table lists the network summaries.
pub(super) const README: &str = "README.md";

/// Reads `index.json`: every entry needs `id`, a `reported_ds` day and `indicators` with at
/// least one CSV or JSON file; one entry without them fails the whole file (a layout change
/// is not half-imported).
pub fn parse_index(bytes: &[u8]) -> Result<Vec<IndexEntry>, MetaError> {
    let raw: Vec<RawEntry> = serde_json::from_slice(bytes).map_err(|e| MetaError::Malformed {
        file: INDEX.into(),
        message: format!("not a JSON array of reports: {e}"),
    })?;
    let layout = |i: usize, id: &Option<String>, what: &str| MetaError::Layout {
        file: INDEX.into(),
        element: format!(
            "entry {} ({}): {what}",
            i + 1,
            id.as_deref().unwrap_or("no id")
        ),
    };
    let mut out = Vec::with_capacity(raw.len());
    for (i, r) in raw.into_iter().enumerate() {
        let Some(id) = r.id.clone().filter(|s| !s.trim().is_empty()) else {
            return Err(layout(i, &r.id, "`id`"));
        };
        let reported = r
            .reported_ds
            .as_deref()
            .or(r.added_ds.as_deref())
            .filter(|d| is_iso_date(d))
            .ok_or_else(|| layout(i, &r.id, "`reported_ds` (YYYY-MM-DD)"))?;
        let ind = r
            .indicators
            .ok_or_else(|| layout(i, &r.id, "`indicators`"))?;
        let csv_files = ind.csv_files.unwrap_or_default();
        let json_files = ind.json_files.unwrap_or_default();
        if csv_files.is_empty() && json_files.is_empty() {
            return Err(layout(
                i,
                &r.id,
                "`indicators.csv_files` or `indicators.json_files`",
            ));
        }
        out.push(IndexEntry {
            id,
            reported_on: Some(reported.to_string()),
            reference_urls: clean_urls(r.reference_urls.unwrap_or_default()),
            csv_files,
            json_files,
            ..IndexEntry::default()
        });
    }
    Ok(out)
}

/// The report URLs, trimmed; `TBD` and other placeholders dropped.
fn clean_urls(urls: Vec<String>) -> Vec<String> {
    urls.into_iter()
        .map(|u| u.trim().to_string())
        .filter(|u| u.starts_with("http"))
        .collect()
}

/// A `YYYY-MM-DD` calendar date.
fn is_iso_date(s: &str) -> bool {
    jiff::civil::Date::strptime("%Y-%m-%d", s).is_ok()
}

/// Reads the README's "Published Threat Indicators" table
/// (`| Date | Report | Origin | Targets |`, one row per network summary, the report cell a
/// link to `.../blob/main/indicators/<name>.md`).
pub fn parse_readme_index(text: &str) -> Result<Vec<IndexEntry>, MetaError> {
    let layout = |element: &str| MetaError::Layout {
        file: README.into(),
        element: element.into(),
    };
    let start = text
        .lines()
        .position(|l| l.starts_with('#') && l.contains("Published Threat Indicators"))
        .ok_or_else(|| layout("the \"Published Threat Indicators\" heading"))?;
    let mut rows = text
        .lines()
        .skip(start + 1)
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| l.trim_start().starts_with('|'));
    let header = rows
        .next()
        .map(cells)
        .ok_or_else(|| layout("the table under \"Published Threat Indicators\""))?;
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
            .ok_or_else(|| layout(&format!("the table's `{name}` column")))
    };
    let (c_date, c_report) = (col("Date")?, col("Report")?);
    let (c_origin, c_targets) = (col("Origin").ok(), col("Targets").ok());
    static LINK: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\[([^\]]+)\]\(([^)]+)\)$").unwrap());
    let mut out = Vec::new();
    for (n, line) in rows.enumerate() {
        let c = cells(line);
        if c.iter()
            .all(|x| x.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
        {
            continue; // the |---|---| separator
        }
        let row_err = |what: &str| layout(&format!("table row {}: {what}", n + 1));
        let period = c
            .get(c_date)
            .and_then(|d| Period::parse(d))
            .ok_or_else(|| row_err("a Date like \"H1 2026\""))?;
        let link = c
            .get(c_report)
            .and_then(|r| LINK.captures(r))
            .ok_or_else(|| row_err("a Report link [title](url)"))?;
        let url = &link[2];
        let path = url
            .split_once("/blob/main/")
            .map(|(_, p)| p)
            .unwrap_or(url)
            .trim_start_matches("./");
        if !path.ends_with(".md") || path.starts_with("http") {
            return Err(row_err("a link to an .md file in the repository"));
        }
        let stem = path
            .rsplit('/')
            .next()
            .unwrap_or(path)
            .trim_end_matches(".md");
        let list = |i: Option<usize>| {
            i.and_then(|i| c.get(i))
                .map(|s| split_list(s))
                .unwrap_or_default()
        };
        out.push(IndexEntry {
            id: stem.to_string(),
            title: Some(link[1].trim().to_string()),
            period: Some(period),
            md_files: vec![path.to_string()],
            origin: list(c_origin),
            targets: list(c_targets),
            ..IndexEntry::default()
        });
    }
    if out.is_empty() {
        return Err(layout(
            "any row in the \"Published Threat Indicators\" table",
        ));
    }
    Ok(out)
}

/// A Markdown table row's cells, trimmed.
fn cells(line: &str) -> Vec<String> {
    let t = line.trim().trim_start_matches('|').trim_end_matches('|');
    t.split('|').map(|c| c.trim().to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        assert_eq!(
            Period::parse("H1 2026"),
            Some(Period::Half { year: 2026, n: 1 })
        );
        assert_eq!(Period::parse("H2 2025").unwrap().start_date(), "2025-07-01");
        let p = Period::parse("Q2-3_2025_BELARUS").unwrap();
        assert_eq!(p.slug(), "2025-q2-3");
        assert_eq!(p.start_date(), "2025-04-01");
        assert_eq!(Period::parse("H3 2025"), None);
    }

    #[test]
    fn ids() {
        let e = IndexEntry {
            id: "2022_09_removing_coordinated_inauthentic_behavior_from_china_and_russia".into(),
            ..IndexEntry::default()
        };
        assert_eq!(
            e.takedown_id(),
            "meta-2022-09-removing-coordinated-inauthentic-behavior-from-china-and-russia"
        );
        let e = IndexEntry {
            id: "meta-h1-2026-russia-based-cib-network-2".into(),
            ..IndexEntry::default()
        };
        assert_eq!(e.takedown_id(), "meta-2026-h1-russia-based-cib-network-2");
        let e = IndexEntry {
            id: "2022_malicious_mobile_apps".into(),
            ..IndexEntry::default()
        };
        assert_eq!(e.takedown_id(), "meta-2022-malicious-mobile-apps");
    }
}
