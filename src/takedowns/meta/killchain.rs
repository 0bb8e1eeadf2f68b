//! The Q1 2023 – H1 2026 kill-chain CSVs (`Tactic,Technique,Procedure,Indicator[,Notes]`),
//! whose rows carry the counts ("0.9.1 Acquiring Facebook assets,21 accounts").
//!
//! For: the figures of one kill-chain file, and the takedown it stands for alone. Not for:
//! finding the files (no listing names them; [`super::fetch_meta`] reads one only when
//! `index.json` does).

use std::sync::LazyLock;

use regex::Regex;

use super::error::MetaError;
use super::index::{PLATFORM, Period, REPO_BLOB_URL, join_id};
use super::indicator_csv::indicator_csv;
use crate::takedowns::Takedown;
use crate::takedowns::phrases::{
    self, AdSpend, AssetCounts, capitalise, countries_in_words, parse_ad_spend, parse_asset_list,
    parse_followers, slug,
};

/// The figures a kill-chain CSV states as rows.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct KillchainFigures {
    /// Facebook accounts (procedure 0.9.1).
    pub fb_accounts: Option<i64>,
    /// Facebook Pages (0.9.1).
    pub fb_pages: Option<i64>,
    /// Facebook Groups (0.9.1).
    pub fb_groups: Option<i64>,
    /// Instagram accounts (0.9.2, or 0.9.1 when it names them).
    pub ig_accounts: Option<i64>,
    /// Page followers + Group members + Instagram followers, where given.
    pub followers: Option<i64>,
    /// The advertising spend (7.1.1).
    pub ad_spend: Option<AdSpend>,
    /// How many indicator rows the file has (all procedures).
    pub rows: usize,
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

/// `N word...` at the start of `s`: N, when the second word starts with `word`.
fn leading_count(s: &str, word: &str) -> Option<i64> {
    let mut it = s.split_whitespace();
    let n = phrases::parse_count(it.next()?)?;
    it.next()?
        .to_ascii_lowercase()
        .starts_with(word)
        .then_some(n)
}

/// Fills `slot` unless it holds a figure already (the first row stating one wins).
fn set_first(slot: &mut Option<i64>, v: Option<i64>) {
    if slot.is_none() {
        *slot = v;
    }
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
