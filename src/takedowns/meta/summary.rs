//! The Markdown network summaries (`indicators/meta-h1-2026-*.md`): Meta's own "Network
//! Summary" paragraphs, with the template sentences for counts, followers, ad spend and
//! attribution.
//!
//! For: one summary file into its takedowns (one per case study). Not for: finding the
//! summaries ([`super::parse_readme_index`]).

use std::sync::LazyLock;

use regex::Regex;

use super::error::MetaError;
use super::index::{IndexEntry, PLATFORM};
use crate::takedowns::Takedown;
use crate::takedowns::phrases::{
    country_codes, find_attribution, origin_in, parse_ad_spend, parse_followers, removed_counts,
    sentences, split_list, strip_md_links, targets_in,
};

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
    let title = title(&lines, entry)
        .ok_or_else(|| layout("the `# Indicators of Compromise: <network>` title"))?;
    let section =
        network_summary(&lines).ok_or_else(|| layout("the `## ... Network Summary` section"))?;
    let (origin, targets) = header_countries(text, entry);
    let networks = case_studies(&section);
    let summary = Summary {
        entry,
        file: &file,
        announced_on: &announced_on,
        title: &title,
        origin: &origin,
        targets: &targets,
        several: networks.len() > 1,
    };
    let mut out = Vec::new();
    for (i, (case, body)) in networks.iter().enumerate() {
        let t = summary.network(i, case.as_deref(), body).ok_or_else(|| {
            layout(&format!(
                "{}a \"We removed|actioned N Facebook accounts ...\" sentence",
                case.as_ref().map(|c| format!("{c}: ")).unwrap_or_default()
            ))
        })?;
        out.push(t);
    }
    Ok(out)
}

/// The network's name: the `# Indicators of Compromise: <network>` title, else the listing's.
fn title(lines: &[&str], entry: &IndexEntry) -> Option<String> {
    lines
        .iter()
        .find_map(|l| l.strip_prefix("# "))
        .map(|t| {
            t.trim()
                .trim_start_matches("Indicators of Compromise:")
                .trim()
                .to_string()
        })
        .or_else(|| entry.title.clone())
}

/// The lines of the `## ... Network Summary` section, up to the next `## ` heading.
fn network_summary<'t>(lines: &[&'t str]) -> Option<Vec<&'t str>> {
    let start = lines
        .iter()
        .position(|l| l.starts_with("## ") && l.contains("Network Summary"))?;
    Some(
        lines[start + 1..]
            .iter()
            .take_while(|l| !l.starts_with("## "))
            .copied()
            .collect(),
    )
}

/// Origin and target names: from the sentence every summary opens with when it is there,
/// else the listing's.
fn header_countries(text: &str, entry: &IndexEntry) -> (Vec<String>, Vec<String>) {
    // "Meta disrupted a Belarus, Russia-based Coordinated Inauthentic Behavior (CIB) network
    // targeting Poland." — the one sentence every summary opens with.
    static HEADER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)Meta disrupted an? (.+?)-based .*?network targeting (.+?)\.(?:\s|$)")
            .unwrap()
    });
    match HEADER.captures(text) {
        Some(c) => (split_list(&c[1]), split_list(&c[2])),
        None => (entry.origin.clone(), entry.targets.clone()),
    }
}

/// The section split into case studies (`### Case Study N`, each with its text) when there
/// are several; else the whole section as one network. Shared text before them is context.
fn case_studies(section: &[&str]) -> Vec<(Option<String>, String)> {
    let mut parts: Vec<(Option<String>, Vec<&str>)> = vec![(None, Vec::new())];
    for l in section {
        if let Some(h) = l
            .strip_prefix("### ")
            .filter(|h| h.to_ascii_lowercase().starts_with("case study"))
        {
            parts.push((Some(h.trim().to_string()), Vec::new()));
        } else {
            parts.last_mut().expect("never empty").1.push(l);
        }
    }
    if parts.len() > 2 {
        parts
            .into_iter()
            .skip(1)
            .map(|(h, ls)| (h, ls.join("\n")))
            .collect()
    } else {
        vec![(None, section.join("\n"))]
    }
}

/// What one summary file says of all its networks.
struct Summary<'a> {
    entry: &'a IndexEntry,
    file: &'a str,
    announced_on: &'a str,
    title: &'a str,
    origin: &'a [String],
    targets: &'a [String],
    /// Several case studies: each gets its own id (`-cs1`) and name.
    several: bool,
}

impl Summary<'_> {
    /// The takedown of network `i` (case study `case`, text `body`); `None` when the text
    /// states neither counts nor an attribution (the layout changed).
    fn network(&self, i: usize, case: Option<&str>, body: &str) -> Option<Takedown> {
        let body = strip_md_links(body);
        let ss = sentences(&body);
        let counts = ss.iter().find_map(|s| removed_counts(s));
        let attribution = find_attribution(&ss);
        if counts.is_none() && attribution.is_none() {
            return None;
        }
        let counts = counts.unwrap_or_default();
        let followers = parse_followers(&body);
        let ad = ss
            .iter()
            .filter(|s| is_ad_sentence(s))
            .find_map(|s| parse_ad_spend(s));
        let (mut o, mut t) = (self.origin.to_vec(), self.targets.to_vec());
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
            Some(c) if self.several => (
                format!("{}-cs{}", self.entry.takedown_id(), i + 1),
                format!("{} — {c}", self.title),
            ),
            _ => (self.entry.takedown_id(), self.title.to_string()),
        };
        let mut t = Takedown {
            takedown_id: id,
            platform: PLATFORM.into(),
            announced_on: self.announced_on.to_string(),
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
            source_url: Some(self.entry.source_url(self.file)),
            ..Default::default()
        };
        if let Some(a) = &ad {
            a.apply_to(&mut t);
        }
        Some(t)
    }
}

/// A sentence about advertising, where the ad spend is read from.
fn is_ad_sentence(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    l.contains("spending for ads")
        || l.contains("ad spend")
        || l.contains("paid advertising")
        || l.contains("spent")
        || l.starts_with("advertising:")
}
