//! The template sentences platforms use when they announce a takedown, turned into numbers and
//! names: "We removed 65 Facebook accounts, 161 Pages and four Instagram accounts", "About
//! 1,200 accounts followed one or more of these Pages", "Around $3,600 in spending for ads ...
//! paid for mostly in US dollars", "our investigation found links to \<entity>".
//!
//! For: the Meta repository summaries (`meta`) and the newsroom / TAG scrapers (`newsroom`),
//! which word these facts the same way. Not for: finding those sentences in a page (each
//! parser knows its layout) or deciding what a missing figure means (it stays `None`).
//!
//! Everything here is deliberately literal: a phrase we do not recognise gives `None`, never a
//! guess. The number and money helpers are private to the takedown parsers; they may be
//! unified with the FARA agreement parser's later.

use std::sync::LazyLock;

use regex::Regex;

/// A count written as digits ("1,326", "21") or as a small English number word ("four", "a").
///
/// Meta's 2019 posts spell small numbers out: "12 events and four Instagram accounts".
pub(crate) fn parse_count(word: &str) -> Option<i64> {
    let w = word.trim().trim_end_matches(['.', ',']);
    if w.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        let digits: String = w.chars().filter(|c| *c != ',').collect();
        return digits.parse().ok();
    }
    const WORDS: &[(&str, i64)] = &[
        ("a", 1),
        ("an", 1),
        ("one", 1),
        ("two", 2),
        ("three", 3),
        ("four", 4),
        ("five", 5),
        ("six", 6),
        ("seven", 7),
        ("eight", 8),
        ("nine", 9),
        ("ten", 10),
        ("eleven", 11),
        ("twelve", 12),
        ("thirteen", 13),
        ("fourteen", 14),
        ("fifteen", 15),
        ("sixteen", 16),
        ("seventeen", 17),
        ("eighteen", 18),
        ("nineteen", 19),
        ("twenty", 20),
        ("thirty", 30),
        ("forty", 40),
        ("fifty", 50),
    ];
    let lower = w.to_ascii_lowercase();
    WORDS.iter().find(|(n, _)| *n == lower).map(|(_, v)| *v)
}

/// The number-word alternatives for regexes, longest first so "fourteen" beats "four".
const NUMBER: &str = r"\d[\d,]*|fourteen|thirteen|fifteen|sixteen|seventeen|eighteen|nineteen|eleven|twelve|twenty|thirty|forty|fifty|three|seven|eight|four|five|nine|one|two|six|ten|an|a";

/// Asset counts from a "We removed ..." / "Presence on Facebook and Instagram: ..." list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct AssetCounts {
    pub fb_accounts: Option<i64>,
    pub fb_pages: Option<i64>,
    pub fb_groups: Option<i64>,
    pub ig_accounts: Option<i64>,
    pub events: Option<i64>,
}

impl AssetCounts {
    pub fn is_empty(&self) -> bool {
        *self == AssetCounts::default()
    }
}

static ASSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b({NUMBER})\s+(Facebook\s+accounts?|Instagram\s+accounts?|accounts?\s+on\s+Instagram|(?:Facebook\s+)?Pages?|(?:Facebook\s+)?Groups?|events?|accounts?)\b"
    ))
    .unwrap()
});

/// Reads "65 Facebook accounts, 161 Pages, 23 Groups, 12 events and four Instagram accounts".
///
/// A bare "N accounts" counts as Facebook accounts: Meta's lists name Instagram explicitly and
/// say "accounts" alone only for Facebook ("We removed 21 accounts and 88 Pages").
pub(crate) fn parse_asset_list(text: &str) -> AssetCounts {
    let mut c = AssetCounts::default();
    for cap in ASSET.captures_iter(text) {
        let Some(n) = parse_count(&cap[1]) else {
            continue;
        };
        let kind = cap[2].to_ascii_lowercase();
        // "954 Facebook Pages" (Q2 2023 Spamouflage) is Pages, not accounts.
        let slot = if kind.contains("instagram") {
            &mut c.ig_accounts
        } else if kind.contains("page") {
            &mut c.fb_pages
        } else if kind.contains("group") {
            &mut c.fb_groups
        } else if kind.starts_with("facebook") || kind.starts_with("account") {
            &mut c.fb_accounts
        } else {
            &mut c.events
        };
        // The first mention wins: later ones in the same sentence are sub-counts.
        slot.get_or_insert(n);
    }
    c
}

static REMOVED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(removed|actioned|took down|taken down|terminated)\b(.*?)(?:\bfor violating\b|$)",
    )
    .unwrap()
});

/// The asset counts of a "We removed|actioned N Facebook accounts, ... for violating our
/// policy" sentence, or `None` when `sentence` is not one.
pub(crate) fn removed_counts(sentence: &str) -> Option<AssetCounts> {
    if !sentence.to_ascii_lowercase().contains("facebook")
        && !sentence.to_ascii_lowercase().contains("instagram")
    {
        return None;
    }
    let cap = REMOVED.captures(sentence)?;
    let c = parse_asset_list(&cap[2]);
    (!c.is_empty()).then_some(c)
}

/// Who followed or joined what, from "About 1,200 accounts followed one or more of these
/// Pages, about 4,200 accounts joined at least one of these Groups and around 300 people
/// followed one or more of these Instagram accounts".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Followers {
    pub pages: Option<i64>,
    pub groups: Option<i64>,
    pub instagram: Option<i64>,
}

impl Followers {
    /// The sum of every figure given, as the contract's single `followers` column holds it
    /// (DFRLab's trackers add them the same way). `None` when no figure was given.
    pub fn total(&self) -> Option<i64> {
        let v: Vec<i64> = [self.pages, self.groups, self.instagram]
            .into_iter()
            .flatten()
            .collect();
        (!v.is_empty()).then(|| v.iter().sum())
    }
}

static FOLLOWED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(\d[\d,]*(?:\.\d+)?(?:\s*(?:million|thousand))?|no)\s+(?:accounts?|people|users)\s+(?:followed|joined)\s+(?:one or more of\s+|at least one of\s+)?(?:these|this|the)\s+(Instagram\s+accounts?|Pages?|Groups?)",
    )
    .unwrap()
});

/// Every follower figure in `text` (all sentences of one network).
pub(crate) fn parse_followers(text: &str) -> Followers {
    let mut f = Followers::default();
    for cap in FOLLOWED.captures_iter(text) {
        // "No accounts followed these Instagram accounts." (Meta Q4 2023, China) is a stated zero.
        let n = if cap[1].eq_ignore_ascii_case("no") {
            Some(0)
        } else {
            parse_amount(&cap[1]).map(|v| v.round() as i64)
        };
        let Some(n) = n else { continue };
        let kind = cap[2].to_ascii_lowercase();
        let slot = if kind.starts_with("instagram") {
            &mut f.instagram
        } else if kind.starts_with("page") {
            &mut f.pages
        } else {
            &mut f.groups
        };
        slot.get_or_insert(n);
    }
    f
}

/// How a stated ad spend relates to the real one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum SpendBound {
    /// "Around $3,600", "About $1,650", "$20": the figure itself.
    About,
    /// "less than $316,000": an upper bound.
    LessThan,
    /// "more than $1 million": a lower bound.
    MoreThan,
    /// "did not engage in paid advertising", "There was no ad spend": a stated zero.
    None,
}

/// An ad-spend statement: the US-dollar figure Meta gives and the currencies the ads were
/// "paid for mostly in" (Meta converts to USD; the currencies hint at who paid).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AdSpend {
    /// The figure in US dollars, as Meta states it.
    pub usd: f64,
    /// How the figure relates to the real spend.
    pub bound: SpendBound,
    /// The currencies the ads were "paid for mostly in" (ISO 4217), in the order given.
    pub currencies: Vec<String>,
}

impl AdSpend {
    /// The fields of [`Takedown`](super::Takedown) this statement fills: the USD figure, the
    /// amount and currency as stated (Meta states dollars), and a note for bounds and for the
    /// currencies the ads were paid in.
    pub fn apply_to(&self, t: &mut super::Takedown) {
        t.ad_spend_usd = Some(self.usd);
        t.ad_spend_amount = Some(self.usd);
        t.ad_spend_currency = Some("USD".into());
        let bound = match self.bound {
            SpendBound::LessThan => Some("an upper bound: the platform said \"less than\""),
            SpendBound::MoreThan => Some("a lower bound: the platform said \"more than\""),
            SpendBound::None => Some("the platform said there was no paid advertising"),
            SpendBound::About => None,
        };
        let paid = (!self.currencies.is_empty())
            .then(|| format!("paid for mostly in {}", self.currencies.join(", ")));
        let note: Vec<String> = bound.map(str::to_string).into_iter().chain(paid).collect();
        t.ad_spend_note = (!note.is_empty()).then(|| note.join("; "));
    }
}

static SPEND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(less than|under|more than|over|about|around|approximately|roughly)?\s*(?:US\s?)?\$\s?(\d[\d,]*(?:\.\d+)?(?:\s*(?:million|thousand|k)\b)?)|(\d[\d,]*(?:\.\d+)?)\s*USD\b",
    )
    .unwrap()
});

static PAID_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)paid for\s+(?:mostly|primarily|mainly|largely)?\s*in\s+([^.;]+)").unwrap()
});

/// Reads an advertising sentence. `None` when it states no figure (including Meta's
/// unfilled template "Around $xx in spending for ads", Q4 2024 China).
pub(crate) fn parse_ad_spend(text: &str) -> Option<AdSpend> {
    let lower = text.to_ascii_lowercase();
    if lower.contains("did not engage in paid advertising")
        || lower.contains("no ad spend")
        || lower.contains("did not run ads")
        || lower.contains("did not run any ads")
    {
        return Some(AdSpend {
            usd: 0.0,
            bound: SpendBound::None,
            currencies: Vec::new(),
        });
    }
    let cap = SPEND.captures(text)?;
    let (bound, amount) = match (cap.get(2), cap.get(3)) {
        (Some(a), _) => {
            let bound = match cap
                .get(1)
                .map(|m| m.as_str().to_ascii_lowercase())
                .as_deref()
            {
                Some("less than" | "under") => SpendBound::LessThan,
                Some("more than" | "over") => SpendBound::MoreThan,
                _ => SpendBound::About,
            };
            (bound, a.as_str())
        }
        (None, Some(a)) => (SpendBound::About, a.as_str()),
        _ => return None,
    };
    let usd = parse_amount(amount)?;
    let currencies = PAID_IN
        .captures(text)
        .map(|c| split_list(cut_clause(&c[1])))
        .unwrap_or_default();
    Some(AdSpend {
        usd,
        bound,
        currencies,
    })
}

/// "1,650" → 1650, "1.2 million" → 1 200 000, "3.9 million" → 3 900 000, "15k" → 15 000.
fn parse_amount(s: &str) -> Option<f64> {
    let s = s.trim().to_ascii_lowercase();
    let (num, mult) = if let Some(n) = s.strip_suffix("million") {
        (n, 1e6)
    } else if let Some(n) = s.strip_suffix("thousand") {
        (n, 1e3)
    } else if let Some(n) = s.strip_suffix('k') {
        (n, 1e3)
    } else {
        (s.as_str(), 1.0)
    };
    let digits: String = num.trim().chars().filter(|c| *c != ',').collect();
    digits.parse::<f64>().ok().map(|v| v * mult)
}

/// Cuts a trailing clause that is not part of a list: "Hong Kong Dollars, Chinese Yuan, likely
/// to appear more legitimate" → "Hong Kong Dollars, Chinese Yuan".
fn cut_clause(s: &str) -> &str {
    let mut end = s.len();
    for stop in [
        ", likely",
        ", to ",
        " to amplify",
        ", which",
        " with the",
        ", with",
        " likely",
    ] {
        if let Some(i) = s.find(stop) {
            end = end.min(i);
        }
    }
    s[..end].trim()
}

/// "A, B, and C" / "A and B" → ["A", "B", "C"].
pub(crate) fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .flat_map(|part| part.split(" and "))
        .map(|p| p.trim().trim_start_matches("and ").trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Splits prose into sentences: at ". ", "! ", "? " before a capital letter or a quote, and at
/// line ends. Abbreviations like "U.S." are not split because no space follows the inner dots.
pub(crate) fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut start = 0;
        let bytes = line.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if matches!(bytes[i], b'.' | b'!' | b'?')
                && bytes.get(i + 1) == Some(&b' ')
                && line[i + 1..]
                    .trim_start()
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c == '"' || c == '“')
                // "Gen. Smith", "St. Louis": a short capitalised word before the dot is an abbreviation.
                && !is_abbreviation(&line[start..i])
            {
                push_sentence(&mut out, &line[start..=i]);
                start = i + 1;
            }
            i += 1;
        }
        push_sentence(&mut out, &line[start..]);
    }
    out
}

fn is_abbreviation(before: &str) -> bool {
    let last = before.rsplit(' ').next().unwrap_or("");
    matches!(
        last,
        "Mr" | "Mrs" | "Ms" | "Dr" | "St" | "Gen" | "Inc" | "Co" | "Jr" | "Sr"
    )
}

fn push_sentence(out: &mut Vec<String>, s: &str) {
    let s = s.trim();
    if !s.is_empty() {
        out.push(s.to_string());
    }
}

/// The attribution phrases platforms use, most specific first. Group 1 is the entity.
static ATTRIBUTION: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        // "Although the people behind this activity attempted to conceal their identities and
        // coordination, our investigation found links to CLS Strategies, a strategic
        // communications firm in the US" (Meta, September 2020).
        r"(?i)\binvestigation\s+(?:found|revealed|identified|uncovered)\s+(?:direct\s+)?links?\s+to\s+(.+)",
        // "We attribute this activity with high confidence to Ruposters, a news aggregator
        // based in Moscow" (Meta H1 2026, Russia 2).
        r"(?i)\battribute[sd]?\s+(?:this|these|the)\s+[\w\s-]*?\s+to\s+(.+)",
        // "we took down a network attributed to the Pakistani military's Inter-Services Public
        // Relations (ISPR) wing" (Meta H1 2026, Pakistan).
        // Not "bylines falsely attributed to real individuals" (H1 2026, Russia 1): the
        // subject must be the network.
        r"(?i)\b(?:network|operation|activity|campaign)\s+attributed\s+to\s+(.+)",
        // "Our internal investigation revealed links to Belarus and Russia" (Meta H2 2025).
        r"(?i)\brevealed\s+(?:direct\s+)?links?\s+to\s+(.+)",
        // "leveraged local freelancers, likely working on behalf of individuals in Russia"
        // (Meta H2 2025, Russia case study 1).
        r"(?i)\bworking\s+on\s+behalf\s+of\s+(.+)",
        // "signals that linked the activity to individuals in Iran" (Meta H1 2026, Iran 1).
        r"(?i)\blinked\s+(?:the|this)\s+(?:activity|network|operation)\s+to\s+(.+)",
        // "The campaign was linked to the PR firm Estraterra and was sharing content in
        // Spanish" (Google TAG bulletins).
        r"(?i)\b(?:campaign|activity|network)\s+(?:was|is)\s+linked\s+to\s+(.+)",
        // "We found evidence of this campaign being tied to the digital marketing firm New
        // Waves based in Cairo" (TAG Q1 2020).
        r"(?i)\bbeing\s+tied\s+to\s+(.+)",
        // "We removed 675 Facebook accounts ... in Iraq and Iran that targeted audiences in
        // Iraq and were linked to Al-Maaref Radio in Iraq" (Meta, June 2021 report).
        r"(?i)\b(?:were|was)\s+linked\s+to\s+(.+)",
    ]
    .iter()
    .map(|p| Regex::new(p).unwrap())
    .collect()
});

/// The first attribution in `sentences`: the sentence verbatim and the entity it names.
pub(crate) fn find_attribution(sentences: &[String]) -> Option<(String, String)> {
    for re in ATTRIBUTION.iter() {
        for s in sentences {
            if let Some(cap) = re.captures(s) {
                let entity = entity_name(&cap[1]);
                if !entity.is_empty() {
                    return Some((s.clone(), entity));
                }
            }
        }
    }
    None
}

/// The entity as the platform named it, without the description that follows: "Ruposters, a
/// news aggregator based in Moscow ..." → "Ruposters"; "employees of RT, a Russian
/// state-controlled media entity" → "employees of RT". A comma alone does not end the name:
/// "the Gagauz Executive Committee in Gagauzia, Moldova" stays whole.
pub(crate) fn entity_name(raw: &str) -> String {
    let mut end = raw.len();
    for stop in [
        ", a ",
        ", an ",
        ", the ",
        ", which",
        ", who",
        ", indicating",
        ", with ",
        ", likely",
        " and was ",
        " and is ",
        " and were ",
        // "linked to a U.S.-based PR firm, CLS Strategies, and posted content in Spanish"
        // (TAG Q3 2020).
        ", and ",
        " and posted ",
        " and shared ",
        " and uploaded ",
        " with a public history",
        " with high confidence",
        "; ",
    ] {
        if let Some(i) = raw.find(stop) {
            end = end.min(i);
        }
    }
    raw[..end]
        .trim()
        .trim_end_matches(['.', ',', ';', ':'])
        .trim()
        .to_string()
}

/// Lower-case ASCII words joined by `-`, for stable ids: "CLS Strategies" → "cls-strategies".
pub(crate) fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let c = match c {
            'ü' | 'Ü' => 'u',
            'ö' | 'Ö' => 'o',
            'ä' | 'Ä' => 'a',
            'é' | 'è' | 'É' => 'e',
            'ô' => 'o',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// ISO codes of the names in `names` that are countries; regions ("Sub-Saharan Africa") and
/// audiences are left out rather than guessed.
pub(crate) fn country_codes<S: AsRef<str>>(names: &[S]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in names {
        if let Some(code) = crate::text::country::country_code(n.as_ref().trim())
            && !out.iter().any(|c| c == code)
        {
            out.push(code.to_string());
        }
    }
    out
}

/// "The network originated in Iran and ..." / "originating in China that ..." / "originated
/// in the country of Georgia" (Meta, December 2019).
pub(crate) fn origin_in(ss: &[String]) -> Vec<String> {
    static RE: LazyLock<Vec<Regex>> = LazyLock::new(|| {
        [
            r"\boriginat(?:ed|ing)\s+(?:in|from)\s+(?:the\s+country\s+of\s+|the\s+)?([A-Z][\w ,]+?)(?:\s+(?:and|that|which)\s+(?:primarily\s+)?(?:target|focus)|[.;]|$)",
            // "We removed 447 Facebook accounts ... from Palestine that targeted primarily
            // Palestine" / "... in Iraq and Iran that targeted audiences in Iraq" (Meta 2021).
            r"\b(?:accounts|Groups|Pages)\s+(?:from|in)\s+(?:the\s+)?([A-Z][\w ,]+?)\s+(?:that|which)\s+(?:primarily\s+)?target",
            // "domestic-focused coordinated inauthentic behavior in Iraq" (Meta, September 2019).
            r"(?i:inauthentic behavior)\s+in\s+(?:the\s+)?([A-Z][\w ,]+?)(?:[.;]|$)",
        ]
        .iter()
        .map(|p| Regex::new(p).unwrap())
        .collect()
    });
    RE.iter()
        .find_map(|re| {
            ss.iter()
                .find_map(|s| re.captures(s).map(|c| split_list(&c[1])))
        })
        .unwrap_or_default()
}

/// "... targeted audiences in Taiwan", "focused on Venezuela, Mexico and Bolivia", and the
/// countries after "including" in "targeted audiences in approximately 20 countries,
/// including Ukraine, Moldova, Armenia, and several nations across Africa".
pub(crate) fn targets_in(ss: &[String]) -> Vec<String> {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:targeted|targeting|focused on)\s+(?:primarily\s+)?(?:audiences\s+in\s+)?([\w ,-]+?)(?:,?\s+including\s+([^.;]+))?(?:[.;]|$)").unwrap()
    });
    ss.iter()
        .find_map(|s| {
            RE.captures(s).map(|c| {
                // "targeted primarily Palestine, and to a lesser extent Lebanon, Turkey".
                let mut v = split_list(&c[1].replace("to a lesser extent ", ""));
                if let Some(m) = c.get(2) {
                    v.extend(split_list(m.as_str()));
                }
                v
            })
        })
        .unwrap_or_default()
}

/// Countries named in a run of words with no separators, longest name first: "Venezuela US"
/// → VE, US; "Togo Burkina Faso" → TG, BF (Meta's kill-chain file names,
/// `Q1_2023_Togo_Burkina_Faso-based_CIB_network.csv`).
pub(crate) fn countries_in_words(s: &str) -> Vec<String> {
    let words: Vec<&str> = s.split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let found = (1..=4.min(words.len() - i)).rev().find_map(|n| {
            crate::text::country::country_code(&words[i..i + n].join(" ")).map(|c| (n, c))
        });
        match found {
            Some((n, code)) => {
                if !out.iter().any(|c| c == code) {
                    out.push(code.to_string());
                }
                i += n;
            }
            None => i += 1,
        }
    }
    out
}

/// Removes Markdown link syntax, keeping the text: "[August 2024](https://...)" → "August 2024".
pub(crate) fn strip_md_links(s: &str) -> String {
    static LINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[([^\]]*)\]\([^)]*\)").unwrap());
    LINK.replace_all(s, "$1").into_owned()
}

/// "june" → "June".
pub(super) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_in_words_and_digits() {
        let c = parse_asset_list(
            "65 Facebook accounts, 161 Pages, 23 Groups, 12 events and four Instagram accounts",
        );
        assert_eq!(c.fb_accounts, Some(65));
        assert_eq!(c.fb_pages, Some(161));
        assert_eq!(c.fb_groups, Some(23));
        assert_eq!(c.events, Some(12));
        assert_eq!(c.ig_accounts, Some(4));
        let c = removed_counts("We actioned 154 Facebook accounts, 23 Pages, and 1 Instagram account for violating our policy against Coordinated Inauthentic Behavior.").unwrap();
        assert_eq!(
            (c.fb_accounts, c.fb_pages, c.fb_groups, c.ig_accounts),
            (Some(154), Some(23), None, Some(1))
        );
        assert_eq!(parse_count("1,326"), Some(1326));
        assert_eq!(parse_asset_list("954 Facebook Pages").fb_pages, Some(954));
        // 2018 wording: "74 Pages, 70 accounts, and 3 groups on Facebook, as well as 76
        // accounts on Instagram".
        let c = parse_asset_list(
            "74 Pages, 70 accounts, and 3 groups on Facebook, as well as 76 accounts on Instagram",
        );
        assert_eq!(
            (c.fb_pages, c.fb_accounts, c.fb_groups, c.ig_accounts),
            (Some(74), Some(70), Some(3), Some(76))
        );
        assert_eq!(parse_count("fourteen"), Some(14));
        assert_eq!(parse_count("several"), None);
    }

    #[test]
    fn followers_are_summed_by_kind() {
        let f = parse_followers(
            "About 6,300 accounts followed one or more of these Pages, about 27,400 accounts followed one or more of these Groups, and about 119,400 accounts followed one or more of these Instagram accounts.",
        );
        assert_eq!(
            (f.pages, f.groups, f.instagram),
            (Some(6300), Some(27400), Some(119_400))
        );
        assert_eq!(f.total(), Some(153_100));
        let f = parse_followers("around 1,200 accounts joined this Group");
        assert_eq!(f.groups, Some(1200));
        assert_eq!(
            parse_followers("No accounts followed these Instagram accounts.").instagram,
            Some(0)
        );
        assert_eq!(Followers::default().total(), None);
    }

    #[test]
    fn ad_spend_variants() {
        let a = parse_ad_spend("Around $3,600 in spending for ads on Facebook and Instagram, paid for mostly in US dollars.").unwrap();
        assert_eq!((a.usd, a.bound), (3600.0, SpendBound::About));
        assert_eq!(a.currencies, vec!["US dollars"]);
        let a = parse_ad_spend("Advertising: less than $316,000 in spending for ads").unwrap();
        assert_eq!((a.usd, a.bound), (316_000.0, SpendBound::LessThan));
        let a = parse_ad_spend(
            "The network did not engage in paid advertising, instead relying on organic content",
        )
        .unwrap();
        assert_eq!((a.usd, a.bound), (0.0, SpendBound::None));
        let a = parse_ad_spend("Around $1.2 million in spending for ads on Facebook, paid for mostly in Vietnamese dongs.").unwrap();
        assert_eq!(a.usd, 1_200_000.0);
        let a = parse_ad_spend("The network engaged in around $15,000 in spending for ads on Facebook and Instagram, paid for mostly in Hong Kong Dollars, Chinese Yuan, Taiwan New Dollars, likely to appear more legitimate.").unwrap();
        assert_eq!(
            a.currencies,
            vec!["Hong Kong Dollars", "Chinese Yuan", "Taiwan New Dollars"]
        );
        assert_eq!(
            parse_ad_spend("About 20 USD in spending for ads on Facebook").map(|a| a.usd),
            Some(20.0)
        );
        // Meta's unfilled template (Q4 2024, China) is no figure at all.
        assert_eq!(
            parse_ad_spend("Around $xx in spending for ads, paid for mostly in xx"),
            None
        );
    }

    #[test]
    fn attribution_entities() {
        let s = sentences(
            "Although the people behind this activity attempted to conceal their identities and coordination, our investigation found links to CLS Strategies, a strategic communications firm in the US. They posted in Spanish.",
        );
        let (text, entity) = find_attribution(&s).unwrap();
        assert!(text.starts_with("Although the people"));
        assert!(text.ends_with("firm in the US."));
        assert_eq!(entity, "CLS Strategies");
        let s = sentences(
            "We attribute this activity with high confidence to Ruposters, a news aggregator based in Moscow with a public history of servicing government-related contracts.",
        );
        assert_eq!(find_attribution(&s).unwrap().1, "Ruposters");
        let s = sentences(
            "Our internal investigation revealed direct links to individuals associated with the Gagauz Executive Committee in Gagauzia, Moldova. ",
        );
        assert_eq!(
            find_attribution(&s).unwrap().1,
            "individuals associated with the Gagauz Executive Committee in Gagauzia, Moldova"
        );
    }

    #[test]
    fn sentences_keep_abbreviations() {
        let s = sentences("It was run from the U.S. and Ecuador. Then it stopped.");
        assert_eq!(s.len(), 2);
        assert_eq!(
            slug("Q2 2023 Türkiye-based CIB network 1"),
            "q2-2023-turkiye-based-cib-network-1"
        );
    }
}
