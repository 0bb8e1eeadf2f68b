//! HTML takedown announcements: Meta Newsroom posts on Coordinated Inauthentic Behavior
//! (2018–2021: "Removing Coordinated Inauthentic Behavior From \<Country>" and the monthly
//! "\<Month> \<Year> Coordinated Inauthentic Behavior Report") and Google Threat Analysis Group
//! quarterly bulletins ("TAG Bulletin: Q3 2020").
//!
//! For: turning one page into its takedowns, and fetching a list of pages through
//! [`Fetcher`]. Not for: discovering which pages exist (callers pass paths; [`KNOWN_CIB_POSTS`]
//! and [`KNOWN_TAG_BULLETINS`] are the ones we know), PDFs (the August 2020 CIB report is a PDF
//! and needs the document pipeline), or the Meta repository (see `meta`).
//!
//! Both page kinds are read as a sequence of text blocks (headings, paragraphs, list items)
//! in document order, so the parsers depend on the template wording, not on CSS classes that
//! change with every site redesign. A page without the elements we key on is an error naming
//! the page and the element; nothing from it is returned.

use std::sync::LazyLock;

use regex::Regex;
use scraper::{ElementRef, Html, Selector};

use super::Takedown;
use super::meta::FileFailure;
use super::normalize::{self, MONTHS};
use super::phrases::{
    capitalise, country_codes, find_attribution, origin_in, parse_ad_spend, parse_asset_list,
    parse_followers, removed_counts, sentences, slug, split_list, targets_in,
};
use crate::fetch::{FetchError, Fetched, Fetcher};

/// Newsroom CIB posts we know of, relative to the `meta-newsroom` base (about.fb.com).
pub const KNOWN_CIB_POSTS: &[&str] = &[
    "news/2019/05/removing-coordinated-inauthentic-behavior-from-israel",
    "news/2019/12/removing-coordinated-inauthentic-behavior-from-georgia-vietnam-and-the-us",
    "news/2020/10/removing-coordinated-inauthentic-behavior-september-report",
    "news/2021/05/april-2021-coordinated-inauthentic-behavior-report",
    "news/2021/07/june-2021-coordinated-inauthentic-behavior-report",
];

/// TAG bulletins we know of, relative to the `google-tag` base (blog.google).
pub const KNOWN_TAG_BULLETINS: &[&str] = &[
    "threat-analysis-group/tag-bulletin-q1-2020",
    "threat-analysis-group/tag-bulletin-q3-2020",
    "threat-analysis-group/tag-bulletin-q2-2022",
];

/// What went wrong with one page.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PageError {
    /// The page lacks an element we rely on: the site changed its layout or template
    /// wording. Nothing from the page is used; the parser needs updating.
    #[error("{page}: layout changed: {element} is missing")]
    Layout {
        /// The page's URL (or path).
        page: String,
        /// What is missing (a heading, the template sentence).
        element: String,
    },
    /// The request failed after its retries.
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// A final non-success status (404 when a post moved, 403 when blocked).
    #[error("{location}: HTTP {status}")]
    Status {
        /// The URL (or path) asked for.
        location: String,
        /// The HTTP status.
        status: u16,
    },
    /// `--from DIR` has no such file.
    #[error("{location}: no such file in the local directory")]
    Missing {
        /// The path asked for.
        location: String,
    },
}

/// One page's text blocks, in document order.
struct Page {
    url: String,
    title: Option<String>,
    published: Option<String>,
    canonical: Option<String>,
    blocks: Vec<Block>,
}

#[derive(Debug)]
struct Block {
    heading: bool,
    text: String,
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("static selector")
}

fn text_of(el: ElementRef) -> String {
    el.text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" ,", ",")
        .replace(" .", ".")
        .replace(" :", ":")
}

impl Page {
    fn parse(html: &str, url: &str) -> Page {
        let doc = Html::parse_document(html);
        let meta = |prop: &str| {
            doc.select(&sel(&format!(
                "meta[property=\"{prop}\"], meta[name=\"{prop}\"]"
            )))
            .find_map(|m| m.value().attr("content").map(str::to_string))
        };
        let title = doc
            .select(&sel("h1"))
            .map(text_of)
            .find(|t| !t.is_empty())
            .or_else(|| meta("og:title"));
        let published = meta("article:published_time")
            .or_else(|| {
                doc.select(&sel("time[datetime]"))
                    .find_map(|t| t.value().attr("datetime").map(str::to_string))
            })
            .and_then(|d| iso_day(&d));
        let canonical = doc
            .select(&sel("link[rel=\"canonical\"]"))
            .find_map(|l| l.value().attr("href").map(str::to_string))
            .or_else(|| meta("og:url"));
        // The article when there is one, else the whole body: headers, menus and footers
        // then add blocks, but none of them carries the template sentences we key on.
        let root = doc
            .select(&sel("article"))
            .next()
            .or_else(|| doc.select(&sel("main")).next())
            .unwrap_or_else(|| doc.root_element());
        let blocks_sel = sel("h2, h3, h4, p, li");
        let mut blocks = Vec::new();
        for el in root.select(&blocks_sel) {
            // A <p> inside an <li> (or an <li> inside an <li>) is already in its parent's text.
            let nested = el
                .ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| matches!(a.value().name(), "li" | "p"));
            if nested {
                continue;
            }
            let text = text_of(el);
            if text.is_empty() {
                continue;
            }
            let name = el.value().name();
            // "<p><strong>United States</strong></p>": a heading in all but name.
            let bold_only = name == "p"
                && text.len() < 120
                && el
                    .select(&sel("strong, b"))
                    .next()
                    .is_some_and(|b| text_of(b) == text);
            blocks.push(Block {
                heading: name.starts_with('h') || bold_only,
                text,
            });
        }
        Page {
            url: url.to_string(),
            title,
            published,
            canonical,
            blocks,
        }
    }

    fn layout(&self, element: &str) -> PageError {
        PageError::Layout {
            page: self.url.clone(),
            element: element.into(),
        }
    }
}

/// "2020-09-01T17:00:00+00:00" → "2020-09-01".
fn iso_day(s: &str) -> Option<String> {
    let d = s.get(..10)?;
    jiff::civil::Date::strptime("%Y-%m-%d", d)
        .ok()
        .map(|_| d.to_string())
}

/// Section headings that are not a network's name.
fn generic_heading(h: &str) -> bool {
    let l = h.to_ascii_lowercase();
    [
        "what we",
        "what we’ve found",
        "coordinated inauthentic behavior",
        "summary",
        "findings",
        "networks removed",
        "related",
        "see more",
        "sample",
    ]
    .iter()
    .any(|g| l.starts_with(g))
}

/// Reads a Meta Newsroom CIB post: one takedown per network section.
///
/// A network starts at a paragraph with a "We removed N Facebook accounts ..." sentence (or
/// at a "Presence on Facebook and Instagram: ..." bullet not preceded by one) and runs to the
/// next such paragraph or heading. Its bullets "Presence on Facebook and Instagram:",
/// "Followers:" and "Advertising:" give the figures (the bullet wins over the prose when both
/// give counts). Requires a title, a publication date and at least one network.
pub fn parse_newsroom_post(html: &str, page_url: &str) -> Result<Vec<Takedown>, PageError> {
    let page = Page::parse(html, page_url);
    page.title
        .as_ref()
        .ok_or_else(|| page.layout("the post title (<h1>)"))?;
    let announced_on = page.published.clone().ok_or_else(|| {
        page.layout("the publication date (article:published_time or <time datetime>)")
    })?;

    struct Net<'a> {
        heading: Option<&'a str>,
        blocks: Vec<&'a Block>,
    }
    let mut nets: Vec<Net> = Vec::new();
    let mut last_heading: Option<&str> = None;
    let mut open = false;
    for b in &page.blocks {
        if b.heading {
            last_heading = Some(&b.text);
            open = false;
            continue;
        }
        // A presence bullet opens a network only when no "We removed" paragraph did.
        let starts = removed_counts_in(&b.text).is_some() || (is_presence(&b.text) && !open);
        if starts {
            nets.push(Net {
                heading: last_heading.take().filter(|h| !generic_heading(h)),
                blocks: vec![b],
            });
            open = true;
        } else if open {
            nets.last_mut().expect("open implies one").blocks.push(b);
        }
    }
    if nets.is_empty() {
        return Err(page.layout(
            "a network section (\"We removed N Facebook accounts ...\" or \"Presence on Facebook and Instagram: ...\")",
        ));
    }

    let (year, month) = (&announced_on[..4], &announced_on[5..7]);
    let mut out: Vec<Takedown> = Vec::new();
    for net in &nets {
        let text: Vec<&str> = net.blocks.iter().map(|b| b.text.as_str()).collect();
        let ss: Vec<String> = text.iter().flat_map(|t| sentences(t)).collect();
        let presence = text
            .iter()
            .find(|t| is_presence(t))
            .map(|t| parse_asset_list(t.split_once(':').map_or(*t, |(_, r)| r)));
        let counts = presence
            .filter(|c| !c.is_empty())
            .or_else(|| ss.iter().find_map(|s| removed_counts(s)))
            .ok_or_else(|| page.layout("a network's asset counts"))?;
        let followers = text
            .iter()
            .find(|t| t.to_ascii_lowercase().starts_with("followers"))
            .map(|t| parse_followers(t))
            .unwrap_or_else(|| parse_followers(&text.join(" ")));
        let ad = text
            .iter()
            .find(|t| t.to_ascii_lowercase().starts_with("advertising"))
            .and_then(|t| parse_ad_spend(t))
            .or_else(|| {
                ss.iter()
                    .filter(|s| s.contains("spending for ads") || s.contains("paid advertising"))
                    .find_map(|s| parse_ad_spend(s))
            });
        let attribution = find_attribution(&ss);
        let origin = country_codes(&origin_in(&ss));
        let targets = country_codes(&targets_in(&ss));
        // 2021 monthly reports label each network: "1. Iraq, Iran: We removed 675 ...".
        static LABEL: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^(?:\d+\.\s*)?([^:.]{2,60}):\s*(?:Today,\s*)?[Ww]e removed").unwrap()
        });
        let label = LABEL.captures(text[0]).map(|c| c[1].trim().to_string());
        let name = label
            .or_else(|| net.heading.map(str::to_string))
            .or_else(|| attribution.as_ref().map(|(_, e)| e.clone()))
            .or_else(|| {
                (!origin.is_empty()).then(|| format!("Network from {}", origin.join(", ")))
            });
        let base = join(&[
            "meta",
            year,
            month,
            &slug(name.as_deref().unwrap_or("network")),
        ]);
        let id = unique(&out, base);
        let mut t = Takedown {
            takedown_id: id,
            platform: "Meta".into(),
            announced_on: announced_on.clone(),
            network_name: name,
            attributed_to: attribution.iter().map(|(_, e)| e.clone()).collect(),
            origin_countries: origin,
            target_countries: targets,
            fb_accounts: counts.fb_accounts,
            fb_pages: counts.fb_pages,
            fb_groups: counts.fb_groups,
            ig_accounts: counts.ig_accounts,
            other_accounts: None,
            followers: followers.total(),
            ad_spend_usd: None,
            attribution_text: attribution.map(|(s, _)| s),
            summary: text
                .iter()
                .find(|t| !is_bullet_label(t))
                .map(|t| t.to_string()),
            source_url: Some(page.canonical.clone().unwrap_or_else(|| page.url.clone())),
            ..Default::default()
        };
        if let Some(a) = &ad {
            a.apply_to(&mut t);
        }
        out.push(t);
    }
    Ok(out)
}

fn removed_counts_in(text: &str) -> Option<()> {
    sentences(text)
        .iter()
        .find_map(|s| removed_counts(s))
        .map(|_| ())
}

fn is_presence(t: &str) -> bool {
    t.to_ascii_lowercase().starts_with("presence on facebook")
}

fn is_bullet_label(t: &str) -> bool {
    let l = t.to_ascii_lowercase();
    ["presence on", "followers:", "advertising:", "events:"]
        .iter()
        .any(|p| l.starts_with(p))
}

fn join(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("-")
}

/// `base`, or `base-2`, `base-3`... when a page has two networks with the same name.
fn unique(done: &[Takedown], base: String) -> String {
    if !done.iter().any(|t| t.takedown_id == base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !done.iter().any(|t| &t.takedown_id == id))
        .expect("unbounded")
}

/// Reads a Google TAG bulletin: one takedown per "We terminated N YouTube channels ... linked
/// to \<X>" item.
///
/// Requires the "TAG Bulletin: Q\<n> \<year>" title, a date (the intro's "It was last updated on
/// \<Month D, YYYY>", else the publication date) and at least one item. `announced_on` is that
/// date: everything on the page had been announced by then, while the month heading only
/// says when the accounts were terminated (kept in `summary`). Counts of YouTube channels,
/// advertising, AdSense and Play accounts and blogs add up to `other_accounts`; blocked
/// domains are not accounts and are left out.
pub fn parse_tag_bulletin(html: &str, page_url: &str) -> Result<Vec<Takedown>, PageError> {
    let page = Page::parse(html, page_url);
    static TITLE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)TAG Bulletin:?\s*Q([1-4])\s+(\d{4})").unwrap());
    let title = page.title.clone().unwrap_or_default();
    let t = TITLE
        .captures(&title)
        .ok_or_else(|| page.layout("the \"TAG Bulletin: Q<n> <year>\" title"))?;
    let (quarter, year) = (t[1].to_string(), t[2].to_string());
    static UPDATED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)last updated on ([A-Z][a-z]+ \d{1,2}, \d{4})").unwrap());
    let announced_on = page
        .blocks
        .iter()
        .find_map(|b| {
            UPDATED
                .captures(&b.text)
                .and_then(|c| normalize::date(&c[1]).ok().flatten())
        })
        .or_else(|| page.published.clone())
        .ok_or_else(|| {
            page.layout("the \"It was last updated on <date>\" line or a publication date")
        })?;

    static LINKED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)influence operations?\s+linked\s+to\s+(.+?)\.(?:\s|$)").unwrap()
    });
    static ASSETS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(\d[\d,]*)\s+(YouTube channels?|YouTube accounts?|advertising accounts?|Ads accounts?|AdSense accounts?|Play developers?(?:\s+accounts?)?|Blogger blogs?|blogs?|Drive accounts?|Gmail accounts?|domains?)\b").unwrap()
    });
    let mut month: Option<usize> = None;
    let mut out: Vec<Takedown> = Vec::new();
    for b in &page.blocks {
        let lower = b.text.to_ascii_lowercase();
        if let Some(m) = MONTHS
            .iter()
            .position(|m| lower.trim_end_matches(':') == *m)
        {
            month = Some(m + 1);
            continue;
        }
        // "We banned 1 Play developer and terminated 68 YouTube channels as part of ..."
        // (TAG Q1 2020) is an item too.
        if !(lower.starts_with("we ")
            && lower.contains("terminated")
            && lower.contains("influence operation"))
        {
            continue;
        }
        let ss = sentences(&b.text);
        let mut other = None::<i64>;
        let mut parts = Vec::new();
        for c in ASSETS.captures_iter(&ss[0]) {
            let n: i64 = c[1].replace(',', "").parse().unwrap_or(0);
            parts.push(format!("{n} {}", &c[2]));
            if !c[2].to_ascii_lowercase().starts_with("domain") {
                *other.get_or_insert(0) += n;
            }
        }
        let linked: Vec<String> = LINKED
            .captures(&b.text)
            .map(|c| split_list(&c[1]))
            .unwrap_or_default();
        let origin = country_codes(&linked);
        // "linked to the Internet Research Agency": a name that is no country is an entity.
        let mut attributed: Vec<String> = linked
            .iter()
            .filter(|n| crate::text::country::country_code(n).is_none())
            .cloned()
            .collect();
        let campaign = find_attribution(&ss[1..]);
        if let Some((_, e)) = &campaign {
            attributed.push(firm_name(e));
        }
        let attribution_text = campaign
            .map(|(s, _)| s)
            .or_else(|| (!attributed.is_empty()).then(|| ss[0].clone()));
        let when = month.map_or_else(|| format!("q{quarter}"), |m| format!("{m:02}"));
        let subject = if linked.is_empty() {
            "network".to_string()
        } else {
            slug(&linked.join(" "))
        };
        let id = unique(&out, join(&["google", &year, &when, &subject]));
        out.push(Takedown {
            takedown_id: id,
            platform: "Google".into(),
            announced_on: announced_on.clone(),
            network_name: (!linked.is_empty())
                .then(|| format!("Influence operation linked to {}", linked.join(", "))),
            attributed_to: attributed,
            origin_countries: origin,
            other_accounts: other,
            attribution_text,
            summary: Some(match month {
                Some(m) => format!("{} {year}: {}", capitalise(MONTHS[m - 1]), b.text),
                None => b.text.clone(),
            }),
            source_url: Some(page.canonical.clone().unwrap_or_else(|| page.url.clone())),
            ..Takedown::default()
        });
    }
    if out.is_empty() {
        return Err(page.layout("any \"We terminated N YouTube channels ...\" item"));
    }
    Ok(out)
}

/// "a U.S.-based PR firm, CLS Strategies" → "CLS Strategies": TAG puts the description first
/// and the name after a comma. Anything else is kept as TAG wrote it.
fn firm_name(e: &str) -> String {
    match e.rsplit_once(", ") {
        Some((descr, name))
            if ["firm", "company", "agency", "group"]
                .iter()
                .any(|w| descr.to_ascii_lowercase().ends_with(w)) =>
        {
            name.to_string()
        }
        _ => e.to_string(),
    }
}

/// Everything one page-list fetch found.
#[derive(Debug, Default, serde::Serialize)]
pub struct PageHarvest {
    /// The takedowns read, in page order.
    pub takedowns: Vec<Takedown>,
    /// Pages that failed (fetch error, layout change), with why; nothing from them is used.
    pub failures: Vec<FileFailure>,
}

/// Which parser a page list needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// A Meta newsroom post (about.fb.com) announcing CIB takedowns.
    MetaNewsroom,
    /// A Google Threat Analysis Group quarterly bulletin.
    GoogleTag,
}

/// Fetches and parses each of `paths` (relative to the fetcher's base: `meta-newsroom` or
/// `google-tag`); a page that fails is recorded and the others continue.
pub async fn fetch_pages(fetcher: &Fetcher, kind: PageKind, paths: &[&str]) -> PageHarvest {
    let mut h = PageHarvest::default();
    for path in paths {
        let url = fetcher.location(path);
        let result = async {
            let bytes = match fetcher.get(path, None).await? {
                Fetched::Body { bytes, .. } => bytes,
                Fetched::Status { status, .. } => {
                    return Err(PageError::Status {
                        location: url.clone(),
                        status,
                    });
                }
                Fetched::Missing => {
                    return Err(PageError::Missing {
                        location: url.clone(),
                    });
                }
                Fetched::NotModified => {
                    return Err(PageError::Status {
                        location: url.clone(),
                        status: 304,
                    });
                }
            };
            let html = String::from_utf8_lossy(&bytes);
            match kind {
                PageKind::MetaNewsroom => parse_newsroom_post(&html, &url),
                PageKind::GoogleTag => parse_tag_bulletin(&html, &url),
            }
        }
        .await;
        match result {
            Ok(ts) => h.takedowns.extend(ts),
            Err(e) => h.failures.push(FileFailure {
                path: path.to_string(),
                reason: e.to_string(),
            }),
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn firm_names() {
        assert_eq!(
            firm_name("a U.S.-based PR firm, CLS Strategies"),
            "CLS Strategies"
        );
        assert_eq!(
            firm_name("the PR firm Estraterra"),
            "the PR firm Estraterra"
        );
    }

    #[test]
    fn dates() {
        assert_eq!(
            normalize::date("November 12, 2020").unwrap().as_deref(),
            Some("2020-11-12")
        );
        assert_eq!(
            iso_day("2020-09-01T17:00:00+00:00").as_deref(),
            Some("2020-09-01")
        );
    }
}
