//! Meta's threat-research repository (github.com/facebook/threat-research): which networks Meta
//! took down, when, how big, and whom it attributed them to, read from the files the
//! repository publishes.
//!
//! The repository has three kinds of files we use, and two ways of listing them:
//! - `index.json` lists the 2020–2023 reports (id, `reported_ds`, the about.fb.com post, the
//!   indicator CSV/JSON paths). Its CSVs are plain indicator lists
//!   (`indicator_type,indicator_value,comment,ds`) with no counts; only the reports whose
//!   indicators are marked "CIB" are takedowns of influence networks (the rest are malware and
//!   hacking reports, reported as skipped).
//! - `README.md`'s "Published Threat Indicators" table lists the H2 2025+ network summaries
//!   (`indicators/meta-h1-2026-*.md`): Meta's own "Network Summary" paragraph, with the
//!   template sentences for counts, followers, ad spend and attribution.
//! - The Q1 2023 – H1 2026 kill-chain CSVs (`Tactic,Technique,Procedure,Indicator[,Notes]`)
//!   carry counts as rows ("0.9.1 Acquiring Facebook assets,21 accounts"). No file in the
//!   repository lists them, so [`fetch_meta`] reads one only when `index.json` names it;
//!   [`parse_killchain_csv`] and [`killchain_takedown`] read any you have.
//!
//! For: pure parsers (bytes in, [`Takedown`]s out) and one fetch through [`Fetcher`]. Not for:
//! storing (`takedowns::store`), deciding how a harvest's failures end a sync (`sync`), or
//! matching takedowns to FARA registrants.

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::Takedown;
use super::phrases::{
    self, AdSpend, AssetCounts, capitalise, countries_in_words, country_codes, find_attribution,
    origin_in, parse_ad_spend, parse_asset_list, parse_followers, removed_counts, sentences, slug,
    split_list, strip_md_links, targets_in,
};
use crate::fetch::{FetchError, Fetched, Fetcher};

/// The platform name every record here carries.
pub const PLATFORM: &str = "Meta";

/// Where a repository file can be read by people, for `source_url` when the index gives no
/// report URL. A citation, not a fetch base: fetching goes through the `meta` source's base.
pub const REPO_BLOB_URL: &str = "https://github.com/facebook/threat-research/blob/main/";

/// What went wrong reading Meta's repository.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MetaError {
    /// A file is not valid in its own format (JSON that does not parse, a broken CSV). The
    /// message names the file; re-run later or report it if upstream stays broken.
    #[error("{file}: {message}")]
    Malformed { file: String, message: String },
    /// A file parsed but lacks something we rely on: Meta changed the layout. Nothing from
    /// the file is used; the parser needs updating for the new layout.
    #[error("{file}: layout changed: {element} is missing")]
    Layout { file: String, element: String },
    /// The request failed after its retries (network, timeouts, 5xx).
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// The server answered with a final non-success status.
    #[error("{location}: HTTP {status}")]
    Status { location: String, status: u16 },
    /// `--from DIR` has no such file: the source (or this network) is skipped, not failed.
    #[error("{location}: no such file in the local directory")]
    Missing { location: String },
}

/// A reporting period when Meta gives no day: "H1 2026", "Q2 2023", "Q2-3 2025".
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Period {
    /// Half-year `n` (1 or 2) of `year`.
    Half { year: i32, n: u8 },
    /// Quarters `from..=to` of `year` ("Q2-3 2025" is 2 to 3).
    Quarter { year: i32, from: u8, to: u8 },
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
    pub json_files: Vec<String>,
    pub md_files: Vec<String>,
    /// Origin and target names as the listing gives them ("Belarus, Russia"; "Sub-Saharan Africa").
    pub origin: Vec<String>,
    pub targets: Vec<String>,
}

impl IndexEntry {
    /// `announced_on`: the reported day, else the period's first day.
    fn announced_on(&self) -> Option<String> {
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
    fn source_url(&self, file: &str) -> String {
        self.reference_urls
            .first()
            .cloned()
            .unwrap_or_else(|| format!("{REPO_BLOB_URL}{file}"))
    }
}

fn join_id(parts: &[&str]) -> String {
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

const INDEX: &str = "index.json";
const README: &str = "README.md";

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

fn clean_urls(urls: Vec<String>) -> Vec<String> {
    urls.into_iter()
        .map(|u| u.trim().to_string())
        .filter(|u| u.starts_with("http"))
        .collect()
}

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

fn cells(line: &str) -> Vec<String> {
    let t = line.trim().trim_start_matches('|').trim_end_matches('|');
    t.split('|').map(|c| c.trim().to_string()).collect()
}

/// Reads one Markdown network summary (`indicators/meta-h1-2026-*.md`) into its takedowns:
/// one, or one per "### Case Study N" when the summary holds several networks (H2 2025
/// Russia 2 has two, with their own counts).
///
/// Requires the "Network Summary" section and, in it, a "We removed|actioned N Facebook
/// accounts ..." sentence or at least an attribution; without them the file's layout changed.
/// Any other figure the text does not state stays `None`.
pub fn parse_summary_md(text: &str, entry: &IndexEntry) -> Result<Vec<Takedown>, MetaError> {
    let file = entry
        .md_files
        .first()
        .cloned()
        .unwrap_or_else(|| format!("{}.md", entry.id));
    let layout = |element: &str| MetaError::Layout {
        file: file.clone(),
        element: element.into(),
    };
    let announced_on = entry
        .announced_on()
        .ok_or_else(|| layout("a report date or period in the listing"))?;
    let lines: Vec<&str> = text.lines().collect();
    let title = lines
        .iter()
        .find_map(|l| l.strip_prefix("# "))
        .map(|t| {
            t.trim()
                .trim_start_matches("Indicators of Compromise:")
                .trim()
                .to_string()
        })
        .or_else(|| entry.title.clone())
        .ok_or_else(|| layout("the `# Indicators of Compromise: <network>` title"))?;
    let start = lines
        .iter()
        .position(|l| l.starts_with("## ") && l.contains("Network Summary"))
        .ok_or_else(|| layout("the `## ... Network Summary` section"))?;
    let section: Vec<&str> = lines[start + 1..]
        .iter()
        .take_while(|l| !l.starts_with("## "))
        .copied()
        .collect();

    // "Meta disrupted a Belarus, Russia-based Coordinated Inauthentic Behavior (CIB) network
    // targeting Poland." — the one sentence every summary opens with.
    static HEADER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)Meta disrupted an? (.+?)-based .*?network targeting (.+?)\.(?:\s|$)")
            .unwrap()
    });
    let (mut origin, mut targets) = (entry.origin.clone(), entry.targets.clone());
    if let Some(c) = HEADER.captures(text) {
        origin = split_list(&c[1]);
        targets = split_list(&c[2]);
    }

    // Split into case studies when there are several; shared text before them is context.
    let mut parts: Vec<(Option<String>, Vec<&str>)> = vec![(None, Vec::new())];
    for l in &section {
        if let Some(h) = l
            .strip_prefix("### ")
            .filter(|h| h.to_ascii_lowercase().starts_with("case study"))
        {
            parts.push((Some(h.trim().to_string()), Vec::new()));
        } else {
            parts.last_mut().expect("never empty").1.push(l);
        }
    }
    let networks: Vec<(Option<String>, String)> = if parts.len() > 2 {
        parts
            .into_iter()
            .skip(1)
            .map(|(h, ls)| (h, ls.join("\n")))
            .collect()
    } else {
        vec![(None, section.join("\n"))]
    };

    let mut out = Vec::new();
    for (i, (case, body)) in networks.iter().enumerate() {
        let body = strip_md_links(body);
        let ss = sentences(&body);
        let counts = ss.iter().find_map(|s| removed_counts(s));
        let attribution = find_attribution(&ss);
        if counts.is_none() && attribution.is_none() {
            return Err(layout(&format!(
                "{}a \"We removed|actioned N Facebook accounts ...\" sentence",
                case.as_ref().map(|c| format!("{c}: ")).unwrap_or_default()
            )));
        }
        let counts = counts.unwrap_or_default();
        let followers = parse_followers(&body);
        let ad = ss
            .iter()
            .filter(|s| is_ad_sentence(s))
            .find_map(|s| parse_ad_spend(s));
        let (mut o, mut t) = (origin.clone(), targets.clone());
        if o.is_empty() {
            o = origin_in(&ss);
        }
        if country_codes(&t).is_empty() {
            // "Sub-Saharan Africa" names no country, but the body often lists some:
            // "targeted audiences in Sub-Saharan Africa, including Angola, Ghana, Kenya, and
            // South Africa" (H1 2026, Russia 1).
            t.extend(targets_in(&ss));
        }
        let summary = body
            .split('\n')
            .find(|p| removed_counts(p).is_some())
            .or_else(|| {
                body.split('\n')
                    .find(|p| !p.trim().is_empty() && !p.starts_with('#'))
            })
            .map(|p| p.trim().to_string());
        let (id, name) = match case {
            Some(c) if networks.len() > 1 => (
                format!("{}-cs{}", entry.takedown_id(), i + 1),
                format!("{title} — {c}"),
            ),
            _ => (entry.takedown_id(), title.clone()),
        };
        let mut t = Takedown {
            takedown_id: id,
            platform: PLATFORM.into(),
            announced_on: announced_on.clone(),
            network_name: Some(name),
            attributed_to: attribution.iter().map(|(_, e)| e.clone()).collect(),
            origin_countries: country_codes(&o),
            target_countries: country_codes(&t),
            fb_accounts: counts.fb_accounts,
            fb_pages: counts.fb_pages,
            fb_groups: counts.fb_groups,
            ig_accounts: counts.ig_accounts,
            other_accounts: None,
            followers: followers.total(),
            ad_spend_usd: None,
            attribution_text: attribution.map(|(s, _)| s),
            summary,
            source_url: Some(entry.source_url(&file)),
            ..Default::default()
        };
        if let Some(a) = &ad {
            a.apply_to(&mut t);
        }
        out.push(t);
    }
    Ok(out)
}

fn is_ad_sentence(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    l.contains("spending for ads")
        || l.contains("ad spend")
        || l.contains("paid advertising")
        || l.contains("spent")
        || l.starts_with("advertising:")
}

/// The figures a kill-chain CSV states as rows.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct KillchainFigures {
    pub fb_accounts: Option<i64>,
    pub fb_pages: Option<i64>,
    pub fb_groups: Option<i64>,
    pub ig_accounts: Option<i64>,
    /// Page followers + Group members + Instagram followers, where given.
    pub followers: Option<i64>,
    pub ad_spend: Option<AdSpend>,
    /// How many indicator rows the file has (all procedures).
    pub rows: usize,
}

/// An indicator CSV's header, trimmed and lower-cased (Meta's 2024 files spell `"Tactic "`).
struct Header<'a> {
    file: &'a str,
    names: Vec<String>,
}

impl Header<'_> {
    /// The position of column `n`, or a layout error naming `shown` and the file.
    fn column(&self, n: &str, shown: &str) -> Result<usize, MetaError> {
        self.names
            .iter()
            .position(|h| h == n)
            .ok_or_else(|| MetaError::Layout {
                file: self.file.into(),
                element: format!("the `{shown}` column"),
            })
    }
}

/// A flexible CSV reader over an indicator file, and its header.
fn indicator_csv<'a, 'b>(
    name: &'a str,
    bytes: &'b [u8],
) -> Result<(csv::Reader<&'b [u8]>, Header<'a>), MetaError> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(strip_bom(bytes));
    let names = rdr
        .headers()
        .map_err(|e| MetaError::Malformed {
            file: name.into(),
            message: e.to_string(),
        })?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    Ok((rdr, Header { file: name, names }))
}

/// Reads a Q1 2023+ kill-chain indicator CSV (`Tactic,Technique,Procedure,Indicator[,Comments|Notes]`).
///
/// Counts come from procedure rows "0.9.1 Acquiring Facebook assets" ("21 accounts",
/// "88 Pages", "1 Group") and "0.9.2 Acquiring Instagram accounts" ("7 Instagram accounts"),
/// ad spend from "7.1.1 Advertising to promote content", followers from 7.2.2–7.2.4. Header
/// quirks seen upstream: `"Tactic "` with a trailing space (2024 files), `Commernts`.
/// A combined figure ("About 120 accounts on Facebook and Instagram", Q1 2023 Pakistan APT)
/// cannot be split and is left out.
pub fn parse_killchain_csv(name: &str, bytes: &[u8]) -> Result<KillchainFigures, MetaError> {
    let (mut rdr, header) = indicator_csv(name, bytes)?;
    let malformed = |e: csv::Error| MetaError::Malformed {
        file: name.into(),
        message: e.to_string(),
    };
    let col = |n: &str| header.column(n, &capitalise(n));
    let (c_proc, c_ind) = (col("procedure")?, col("indicator")?);
    col("tactic")?;
    let mut f = KillchainFigures::default();
    let mut fol = phrases::Followers::default();
    for rec in rdr.records() {
        let rec = rec.map_err(malformed)?;
        f.rows += 1;
        let procedure = rec.get(c_proc).unwrap_or("").trim();
        let indicator = rec.get(c_ind).unwrap_or("").trim();
        let code = procedure.split_whitespace().next().unwrap_or("");
        let combined = indicator
            .to_ascii_lowercase()
            .contains("facebook and instagram");
        match code {
            "0.9.1" if !combined => {
                let c = parse_asset_list(indicator);
                set_first(&mut f.fb_accounts, c.fb_accounts);
                set_first(&mut f.fb_pages, c.fb_pages);
                set_first(&mut f.fb_groups, c.fb_groups);
                set_first(&mut f.ig_accounts, c.ig_accounts);
                // Typo seen upstream: "15 acounts" (Q2-3 2025 Moldova).
                if c == AssetCounts::default() {
                    set_first(&mut f.fb_accounts, leading_count(indicator, "acount"));
                }
            }
            "0.9.2" if !combined => {
                // Here a bare "N accounts" is Instagram accounts: the procedure says so.
                let c = parse_asset_list(indicator);
                set_first(&mut f.ig_accounts, c.ig_accounts.or(c.fb_accounts));
            }
            "7.1.1" if f.ad_spend.is_none() => f.ad_spend = parse_ad_spend(indicator),
            "7.2.2" | "7.2.3" | "7.2.4" => {
                let p = parse_followers(indicator);
                set_first(&mut fol.pages, p.pages);
                set_first(&mut fol.groups, p.groups);
                set_first(&mut fol.instagram, p.instagram);
                // "5,200 accounts followed one or more of these Instagram accounts." has no
                // "About"; parse_followers reads it. Procedure codes fix the kind when the
                // text names none.
            }
            _ => {}
        }
    }
    f.followers = fol.total();
    Ok(f)
}

fn leading_count(s: &str, word: &str) -> Option<i64> {
    let mut it = s.split_whitespace();
    let n = phrases::parse_count(it.next()?)?;
    it.next()?
        .to_ascii_lowercase()
        .starts_with(word)
        .then_some(n)
}

fn set_first(slot: &mut Option<i64>, v: Option<i64>) {
    if slot.is_none() {
        *slot = v;
    }
}

fn strip_bom(b: &[u8]) -> &[u8] {
    b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b)
}

/// A takedown from a kill-chain CSV alone, named and dated from its path
/// (`indicators/csv/Q1_2023/Q1_2023_Venezuela_US-based_CIB_network.csv` →
/// `meta-2023-q1-venezuela-us-based-cib-network`, announced on the period's first day).
/// `None` when the file states no asset count (APT and espionage files: not influence networks).
pub fn killchain_takedown(path: &str, bytes: &[u8]) -> Result<Option<Takedown>, MetaError> {
    let f = parse_killchain_csv(path, bytes)?;
    let stem = path
        .rsplit('/')
        .next()
        .unwrap_or(path)
        .trim_end_matches(".csv")
        .trim();
    // "Q2-3_2025_GithubIOCs - Q2-3_2025_BELARUS_BASED_CIB_NETWORK": the name is the last part.
    let stem = stem.rsplit(" - ").next().unwrap_or(stem);
    let stem = stem.rsplit("_-_").next().unwrap_or(stem);
    let period = Period::parse(stem).ok_or_else(|| MetaError::Layout {
        file: path.into(),
        element: "a period (Q1_2023, H1_2026) at the start of the file name".into(),
    })?;
    if f.fb_accounts.is_none() && f.fb_pages.is_none() && f.ig_accounts.is_none() {
        return Ok(None);
    }
    static PERIOD: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)^[HQ][1-4](?:-[1-4])?[\s_]+\d{4}[\s_]*").unwrap());
    let name = PERIOD
        .replace(stem, "")
        .replace('_', " ")
        .trim()
        .to_string();
    // "Venezuela US-based CIB network", "RUSSIA-BASED CIB NETWORK 1", "Spamouflage China
    // based CIB updated": the countries are the words before "based". "MOLDOVA MADAGASCAR
    // TARGETING" names targets, not an origin, and gives none.
    let lower = name.to_ascii_lowercase();
    let origin = ["-based", " based"]
        .iter()
        .find_map(|b| lower.find(b))
        .map(|i| countries_in_words(&name[..i]))
        .unwrap_or_default();
    Ok(Some(Takedown {
        takedown_id: join_id(&["meta", &period.slug(), &slug(&name)]),
        platform: PLATFORM.into(),
        announced_on: period.start_date(),
        network_name: Some(name),
        origin_countries: origin,
        fb_accounts: f.fb_accounts,
        fb_pages: f.fb_pages,
        fb_groups: f.fb_groups,
        ig_accounts: f.ig_accounts,
        followers: f.followers,
        ad_spend_usd: f.ad_spend.map(|a| a.usd),
        source_url: Some(format!("{REPO_BLOB_URL}{path}")),
        ..Takedown::default()
    }))
}

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

/// Reads any indicator CSV named in `index.json`: the kill-chain layout gives counts, the
/// legacy layout a CIB marker.
fn index_csv_takedowns(
    entry: &IndexEntry,
    path: &str,
    bytes: &[u8],
) -> Result<Option<Takedown>, MetaError> {
    let first = String::from_utf8_lossy(strip_bom(bytes))
        .lines()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if first.starts_with("tactic") {
        let Some(mut t) = killchain_takedown(path, bytes)? else {
            return Ok(None);
        };
        t.takedown_id = entry.takedown_id();
        if let Some(d) = entry.announced_on() {
            t.announced_on = d;
        }
        t.source_url = Some(entry.source_url(path));
        return Ok(Some(t));
    }
    let ind = parse_legacy_csv(path, bytes)?;
    Ok(legacy_takedown(entry, &ind))
}

/// A file that could not be used, and why; the rest of the harvest is unaffected.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FileFailure {
    /// Path relative to the repository root.
    pub path: String,
    pub reason: String,
}

/// Everything one [`fetch_meta`] run found.
#[derive(Debug, Default, serde::Serialize)]
pub struct MetaHarvest {
    pub takedowns: Vec<Takedown>,
    /// Files that failed (fetch error, layout change); nothing from them is in `takedowns`.
    pub failures: Vec<FileFailure>,
    /// Reports that are not influence-network takedowns (malware, hacking), with why.
    pub skipped: Vec<FileFailure>,
}

/// Reads Meta's repository through `fetcher` (base: the `meta` source, e.g.
/// `https://raw.githubusercontent.com/facebook/threat-research/main`): `index.json` and each
/// report's first CSV (or JSON), then `README.md`'s table and each network summary.
///
/// `index.json` is required: an error there (missing, HTTP error, layout change) is returned
/// and nothing is harvested. Any other file that fails is recorded in
/// [`MetaHarvest::failures`] with its path and reason, and the others continue.
pub async fn fetch_meta(fetcher: &Fetcher) -> Result<MetaHarvest, MetaError> {
    let index = get_body(fetcher, INDEX).await?;
    let entries = parse_index(&index)?;
    let mut h = MetaHarvest::default();
    for e in &entries {
        let (path, is_json) = match (e.csv_files.first(), e.json_files.first()) {
            (Some(p), _) => (p.clone(), false),
            (None, Some(p)) => (p.clone(), true),
            (None, None) => continue, // parse_index refuses these
        };
        let result = async {
            let bytes = get_body(fetcher, &path).await?;
            if is_json {
                legacy_from_json(e, &path, &bytes)
            } else {
                index_csv_takedowns(e, &path, &bytes)
            }
        }
        .await;
        match result {
            Ok(Some(t)) => h.takedowns.push(t),
            Ok(None) => h.skipped.push(FileFailure {
                path,
                reason: format!(
                    "{}: no indicator is marked CIB (not an influence-network takedown)",
                    e.id
                ),
            }),
            Err(err) => h.failures.push(FileFailure {
                path,
                reason: err.to_string(),
            }),
        }
    }
    let readme = match get_body(fetcher, README).await {
        Ok(b) => parse_readme_index(&String::from_utf8_lossy(&b)),
        Err(e) => Err(e),
    };
    match readme {
        Ok(list) => {
            for e in &list {
                let path = e.md_files[0].clone();
                let result = async {
                    let bytes = get_body(fetcher, &path).await?;
                    let text = std::str::from_utf8(&bytes).map_err(|err| MetaError::Malformed {
                        file: path.clone(),
                        message: format!("not UTF-8: {err}"),
                    })?;
                    parse_summary_md(text, e)
                }
                .await;
                match result {
                    Ok(ts) => h.takedowns.extend(ts),
                    Err(err) => h.failures.push(FileFailure {
                        path,
                        reason: err.to_string(),
                    }),
                }
            }
        }
        Err(err) => h.failures.push(FileFailure {
            path: README.into(),
            reason: err.to_string(),
        }),
    }
    Ok(h)
}

fn legacy_from_json(
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

async fn get_body(fetcher: &Fetcher, rel: &str) -> Result<bytes::Bytes, MetaError> {
    match fetcher.get(rel, None).await? {
        Fetched::Body { bytes, .. } => Ok(bytes),
        Fetched::Status { status, .. } => Err(MetaError::Status {
            location: fetcher.location(rel),
            status,
        }),
        Fetched::Missing => Err(MetaError::Missing {
            location: fetcher.location(rel),
        }),
        // We never send validators, so a 304 is a server bug; treat it as a failed fetch.
        Fetched::NotModified => Err(MetaError::Status {
            location: fetcher.location(rel),
            status: 304,
        }),
    }
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
