//! The values takedown reports and datasets write by hand, turned into what the `takedowns`
//! table stores: places into ISO 3166-1 alpha-2 codes (or region text), dates into ISO 8601,
//! counts into integers and money into an amount, a currency and (for US dollars) USD.
//!
//! For: the cells of an import file or of a parsed platform report, one value at a time.
//! Pure: no I/O. Not for: splitting a whole row or deciding which column a value belongs to
//! (see `takedowns::import`), nor guessing: a value it cannot read is an `Err` with the reason,
//! never a plausible default.
//!
//! The facts live in data files, embedded at build time: `data/demonyms.csv` ("Iranian" → IR)
//! and `data/regions.csv` ("Latin America" is a region, not a country). Country names and
//! codes themselves come from [`crate::country::country_code`].

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use crate::country::{country_code, known_non_country};

const DEMONYMS_CSV: &str = include_str!("../../data/demonyms.csv");
const REGIONS_CSV: &str = include_str!("../../data/regions.csv");

/// Where a network came from or whom it targeted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// An ISO 3166-1 alpha-2 code.
    Country(&'static str),
    /// A region that is not one country ("Francophone Africa"), as written.
    Region(String),
}

/// A list of places split into codes and regions, each in first-seen order without repeats.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Places {
    pub countries: Vec<String>,
    pub regions: Vec<String>,
}

/// An advertising spend as stated, and in USD when it was stated in USD.
#[derive(Debug, Clone, PartialEq)]
pub struct Money {
    /// The amount in the stated currency's major units.
    pub amount: f64,
    /// ISO 4217.
    pub currency: &'static str,
    /// The amount in US dollars; `None` for other currencies (faralink keeps no exchange rates,
    /// so it does not convert).
    pub usd: Option<f64>,
    /// What the amount means when it is not exact ("upper bound: stated as less than ...").
    pub note: Option<String>,
}

struct Tables {
    /// Lower-case demonym → code.
    demonyms: HashMap<String, &'static str>,
    /// Lower-case region names.
    regions: HashSet<String>,
    /// Lower-case words that make a value ending in them a region ("West Africa").
    region_words: HashSet<String>,
}

static TABLES: LazyLock<Tables> = LazyLock::new(load);

fn data_rows(text: &'static str, file: &str) -> Vec<(&'static str, &'static str)> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| {
            l.split_once(',')
                .map(|(a, b)| (a.trim(), b.trim()))
                .unwrap_or_else(|| panic!("{file}: bad line {l:?}"))
        })
        .collect()
}

fn load() -> Tables {
    let demonyms = data_rows(DEMONYMS_CSV, "data/demonyms.csv")
        .into_iter()
        .map(|(d, code)| (d.to_lowercase(), code))
        .collect();
    let mut regions = HashSet::new();
    let mut region_words = HashSet::new();
    for (name, kind) in data_rows(REGIONS_CSV, "data/regions.csv") {
        match kind {
            "word" => region_words.insert(name.to_lowercase()),
            "name" => regions.insert(name.to_lowercase()),
            other => panic!("data/regions.csv: unknown kind {other:?} for {name:?}"),
        };
    }
    Tables {
        demonyms,
        regions,
        region_words,
    }
}

/// Suffixes reports hang on a country ("Russia-based", "Iran-linked").
const PLACE_SUFFIXES: &[&str] = &[
    "-based",
    " based",
    "-linked",
    " linked",
    "-origin",
    "-backed",
    "-affiliated",
    "-run",
];

/// One place: a country name, code, DOJ spelling or demonym ("Iranian", "Russia-based", "UAE",
/// "U.S.") becomes its code; a region ("Latin America") stays text. Empty is `Ok(None)`;
/// anything else is `Err("unknown country ...")`.
pub fn place(raw: &str) -> Result<Option<Place>, String> {
    let text = raw.trim().trim_matches(|c: char| c == '"' || c == '\'');
    if text.is_empty() {
        return Ok(None);
    }
    let lower = text.to_lowercase();
    let mut core = lower.as_str();
    for suffix in PLACE_SUFFIXES {
        if let Some(s) = core.strip_suffix(suffix) {
            core = s.trim();
            break;
        }
    }
    let core = core.strip_prefix("the ").unwrap_or(core).trim();
    if let Some(code) = country_code(core) {
        return Ok(Some(Place::Country(code)));
    }
    let t = &*TABLES;
    if let Some(code) = t
        .demonyms
        .get(core)
        .or_else(|| core.strip_suffix('s').and_then(|c| t.demonyms.get(c)))
    {
        return Ok(Some(Place::Country(code)));
    }
    let last_word = core
        .rsplit(|c: char| c.is_whitespace() || c == '-')
        .next()
        .unwrap_or(core);
    if t.regions.contains(core)
        || known_non_country(core).is_some()
        || (t.region_words.contains(last_word))
    {
        return Ok(Some(Place::Region(text.to_string())));
    }
    Err(format!("unknown country {text:?}"))
}

/// A list of places separated by any of `separators` (the import format uses `;`). Every
/// unknown value is named in the error.
pub fn places(raw: &str, separators: &[char]) -> Result<Places, String> {
    let mut out = Places::default();
    let mut unknown = Vec::new();
    for part in raw.split(|c| separators.contains(&c)) {
        match place(part) {
            Ok(Some(Place::Country(c))) => {
                if !out.countries.iter().any(|x| x == c) {
                    out.countries.push(c.to_string());
                }
            }
            Ok(Some(Place::Region(r))) => {
                if !out.regions.contains(&r) {
                    out.regions.push(r);
                }
            }
            Ok(None) => {}
            Err(e) => unknown.push(e),
        }
    }
    if unknown.is_empty() {
        Ok(out)
    } else {
        Err(unknown.join(", "))
    }
}

/// Earliest and latest years accepted: takedown reports begin in 2017; a year outside this
/// range is a typo.
const YEARS: std::ops::RangeInclusive<i16> = 1900..=2100;

/// Month names, lower case, January first.
pub(crate) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_number(word: &str) -> Option<i8> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(&w) || (w == "sept" && *m == "september"))
        .map(|i| i as i8 + 1)
}

/// A date as `YYYY-MM-DD`, from `YYYY-MM-DD`, `MM/DD/YYYY`, `September 1, 2020`,
/// `Sept. 1, 2020` or `1 September 2020`. Empty is `Ok(None)`; a date that is not on the
/// calendar is an `Err`.
pub fn date(raw: &str) -> Result<Option<String>, String> {
    let s = raw.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if s.contains('/') {
        return crate::dates::us_date_to_iso(s);
    }
    let bad = || {
        format!("{s:?} is not a date (expected YYYY-MM-DD, MM/DD/YYYY or \"September 1, 2020\")")
    };
    let (y, m, d): (&str, i8, &str) =
        if s.len() == 10 && s.is_ascii() && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-' {
            let m: i8 = s[5..7].parse().map_err(|_| bad())?;
            (&s[..4], m, &s[8..])
        } else {
            let words: Vec<&str> = s
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|w| !w.is_empty())
                .collect();
            match words.as_slice() {
                [m, d, y] if month_number(m).is_some() => (y, month_number(m).unwrap_or(0), d),
                [d, m, y] if month_number(m).is_some() => (y, month_number(m).unwrap_or(0), d),
                _ => return Err(bad()),
            }
        };
    let d = d.trim_end_matches(|c: char| c.is_ascii_alphabetic()); // "1st"
    if y.len() != 4
        || !y.bytes().all(|b| b.is_ascii_digit())
        || !d.bytes().all(|b| b.is_ascii_digit())
        || d.is_empty()
        || d.len() > 2
    {
        return Err(bad());
    }
    let year: i16 = y.parse().map_err(|_| bad())?;
    let day: i8 = d.parse().map_err(|_| bad())?;
    if !YEARS.contains(&year) {
        return Err(format!(
            "{s:?} has year {year}, outside {}..={}",
            YEARS.start(),
            YEARS.end()
        ));
    }
    let date = jiff::civil::Date::new(year, m, day)
        .map_err(|_| format!("{s:?} is not a calendar date"))?;
    Ok(Some(date.to_string()))
}

/// Words before a number that do not change it ("about 3,000") or make it a bound.
const QUALIFIERS: &[&str] = &[
    "approximately",
    "approx.",
    "approx",
    "about",
    "around",
    "roughly",
    "nearly",
    "almost",
    "an estimated",
    "estimated",
    "some",
    "over",
    "more than",
    "fewer than",
    "less than",
    "under",
    "below",
    "up to",
    "at least",
    "at most",
    "just over",
    "just under",
    "~",
    "<",
    ">",
];

const NUMBER_WORDS: [&str; 21] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];

/// Strips the qualifiers in front of a number and says which one bounded it.
fn strip_qualifiers(s: &str) -> (&str, Option<&'static str>) {
    let mut rest = s.trim();
    let mut bound = None;
    'outer: loop {
        for q in QUALIFIERS {
            if let Some(r) = rest.strip_prefix(q)
                && (q.ends_with(['~', '<', '>', '.'])
                    || r.is_empty()
                    || r.starts_with([' ', '$'])
                    || !r.starts_with(char::is_alphanumeric))
            {
                bound = match *q {
                    "less than" | "fewer than" | "under" | "below" | "up to" | "at most" | "<"
                    | "just under" => Some("upper bound"),
                    "over" | "more than" | "at least" | ">" | "just over" => Some("lower bound"),
                    _ => bound.or(Some("approximate")),
                };
                rest = r.trim_start();
                continue 'outer;
            }
        }
        return (rest, bound);
    }
}

/// Reads a leading number: `1,234`, `3.6 million`, `3k`, `1.2M`. Returns it and the rest.
fn leading_number(s: &str) -> Option<(f64, &str)> {
    let end = s
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(s.len());
    let digits = s[..end].trim_end_matches(['.', ',']);
    if digits.is_empty() || !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // Thousands separators must group by three ("1,234"), so "1,2" is not read as 12.
    let (head, tail) = digits.split_once('.').unwrap_or((digits, ""));
    let groups: Vec<&str> = head.split(',').collect();
    if groups.len() > 1
        && (groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3))
    {
        return None;
    }
    if tail.contains([',', '.']) {
        return None;
    }
    let mut value: f64 = digits.replace(',', "").parse().ok()?;
    let rest = s[digits.len()..].trim_start_matches('+');
    let lower = rest.trim_start().to_lowercase();
    let (mult, consumed) = [
        ("billion", 1e9),
        ("bn", 1e9),
        ("million", 1e6),
        ("mln", 1e6),
        ("m", 1e6),
        ("thousand", 1e3),
        ("k", 1e3),
    ]
    .iter()
    .find(|(w, _)| {
        lower.starts_with(w) && !lower[w.len()..].starts_with(|c: char| c.is_alphanumeric())
    })
    .map_or((1.0, 0), |(w, m)| {
        (*m, rest.len() - rest.trim_start().len() + w.len())
    });
    value *= mult;
    Some((value, &rest[consumed..]))
}

/// A count: `1,234`, `about 3,000`, `1.1 million`, `four Instagram accounts` (number words up
/// to twenty), `12`. Words after the number are ignored. Empty is `Ok(None)`.
pub fn count(raw: &str) -> Result<Option<i64>, String> {
    let s = raw.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let lower = s.to_lowercase();
    let (rest, _) = strip_qualifiers(&lower);
    let bad = || format!("{s:?} is not a count");
    if let Some((n, _)) = leading_number(rest) {
        if n.fract() != 0.0 || !(0.0..=1e15).contains(&n) {
            return Err(bad());
        }
        return Ok(Some(n as i64));
    }
    let first = rest
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    if rest[first.len()..].starts_with('-') {
        // "twenty-one": past the words we read; a wrong number is worse than none.
        return Err(bad());
    }
    NUMBER_WORDS
        .iter()
        .position(|w| *w == first)
        .map(|n| Some(n as i64))
        .ok_or_else(bad)
}

/// Currency markers, longest first so `US$` wins over `$`.
const CURRENCIES: &[(&str, &str)] = &[
    ("us$", "USD"),
    ("usd", "USD"),
    ("us dollars", "USD"),
    ("dollars", "USD"),
    ("c$", "CAD"),
    ("cad", "CAD"),
    ("a$", "AUD"),
    ("aud", "AUD"),
    ("$", "USD"),
    ("€", "EUR"),
    ("eur", "EUR"),
    ("euros", "EUR"),
    ("euro", "EUR"),
    ("£", "GBP"),
    ("gbp", "GBP"),
    ("pounds", "GBP"),
    ("₹", "INR"),
    ("inr", "INR"),
    ("rupees", "INR"),
    ("rs.", "INR"),
    ("₽", "RUB"),
    ("rub", "RUB"),
    ("rubles", "RUB"),
    ("roubles", "RUB"),
    ("ils", "ILS"),
    ("₪", "ILS"),
    ("brl", "BRL"),
    ("r$", "BRL"),
];

fn currency_prefix(s: &str) -> Option<(&'static str, &str)> {
    let mut best: Option<(&'static str, usize)> = None;
    for (marker, code) in CURRENCIES {
        if s.starts_with(marker) && best.is_none_or(|(_, n)| marker.len() > n) {
            best = Some((code, marker.len()));
        }
    }
    best.map(|(code, n)| (code, s[n..].trim_start()))
}

fn currency_suffix(s: &str) -> Option<&'static str> {
    let s = s.trim().trim_end_matches('.');
    let mut best: Option<(&'static str, usize)> = None;
    for (marker, code) in CURRENCIES {
        if marker.chars().all(char::is_alphabetic)
            && let Some(head) = s.strip_prefix(marker)
            && (head.is_empty() || head.starts_with([' ', ',', ';', '(']))
            && best.is_none_or(|(_, n)| marker.len() > n)
        {
            best = Some((code, marker.len()));
        }
    }
    best.map(|(c, _)| c)
}

/// An advertising spend: `$3.6 million`, `US$9,500`, `less than $316,000` (an upper bound, so
/// noted), `€50,000` (kept in euros, no USD), `30000` (a bare number is USD: the column is
/// `ad_spend_usd`), `did not engage in paid advertising` (0). Empty is `Ok(None)`.
pub fn money(raw: &str) -> Result<Option<Money>, String> {
    let s = raw.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let lower = s.to_lowercase();
    if (lower.contains("did not")
        || lower.contains("no paid")
        || lower.starts_with("no ")
        || lower.contains("not run"))
        && (lower.contains("advertis") || lower.contains(" ads"))
    {
        return Ok(Some(Money {
            amount: 0.0,
            currency: "USD",
            usd: Some(0.0),
            note: Some(format!("stated: {s}")),
        }));
    }
    let bad = || format!("{s:?} is not an amount of money");
    let (rest, bound) = strip_qualifiers(&lower);
    let (prefix_currency, rest) = match currency_prefix(rest) {
        Some((c, r)) => (Some(c), r),
        None => (None, rest),
    };
    let (amount, after) = leading_number(rest).ok_or_else(bad)?;
    let currency = match (prefix_currency, currency_suffix(after)) {
        (Some(a), Some(b)) if a != b => {
            return Err(format!("{s:?} names two currencies ({a} and {b})"));
        }
        (Some(a), _) => a,
        (None, Some(b)) => b,
        (None, None) => "USD",
    };
    Ok(Some(Money {
        amount,
        currency,
        usd: (currency == "USD").then_some(amount),
        note: bound.map(|b| format!("{b}: stated as {s:?}")),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> Option<Place> {
        place(s).unwrap()
    }

    #[test]
    fn places_from_names_codes_and_demonyms() {
        for (raw, want) in [
            ("Iranian", "IR"),
            ("Russia-based", "RU"),
            ("Russia based", "RU"),
            ("Iran-linked", "IR"),
            ("UAE", "AE"),
            ("Saudi", "SA"),
            ("US", "US"),
            ("U.S.", "US"),
            ("UK", "GB"),
            ("United Kingdom", "GB"),
            ("Venezuela", "VE"),
            ("MX", "MX"),
            ("bo", "BO"),
            ("the Philippines", "PH"),
            ("Emirati", "AE"),
            ("Egyptian", "EG"),
            ("Americans", "US"),
            ("North Korean", "KP"),
            ("Macedonia", "MK"),
        ] {
            assert_eq!(code(raw), Some(Place::Country(want)), "{raw}");
        }
        assert_eq!(place("  ").unwrap(), None);
    }

    #[test]
    fn regions_stay_text() {
        for raw in [
            "Francophone Africa",
            "Latin America",
            "Middle East",
            "Sub-Saharan Africa",
            "West Africa",
            "Eastern Europe",
            "NATO",
            "European Union",
        ] {
            assert_eq!(code(raw), Some(Place::Region(raw.into())), "{raw}");
        }
    }

    #[test]
    fn unknown_places_are_errors() {
        let e = place("Atlantis").unwrap_err();
        assert!(
            e.contains("unknown country") && e.contains("Atlantis"),
            "{e}"
        );
        assert!(place("Internet Research Agency").is_err());
    }

    #[test]
    fn lists_split_codes_from_regions() {
        let p = places("Venezuela; MX;Bolivia;Latin America; VE", &[';']).unwrap();
        assert_eq!(p.countries, ["VE", "MX", "BO"]);
        assert_eq!(p.regions, ["Latin America"]);
        let e = places("Iran; Atlantis; Narnia", &[';']).unwrap_err();
        assert!(e.contains("Atlantis") && e.contains("Narnia"), "{e}");
    }

    #[test]
    fn dates_in_every_phrasing() {
        for raw in [
            "2020-09-01",
            "09/01/2020",
            "9/1/2020",
            "September 1, 2020",
            "Sept. 1, 2020",
            "Sep 1 2020",
            "1 September 2020",
            "1st September 2020",
        ] {
            assert_eq!(date(raw), Ok(Some("2020-09-01".into())), "{raw}");
        }
        assert_eq!(date(""), Ok(None));
        for bad in [
            "2020-02-30",
            "September 31, 2020",
            "soon",
            "2020",
            "13/01/2020",
            "Smarch 1, 2020",
            "0200-01-01",
        ] {
            assert!(date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn counts_in_every_phrasing() {
        for (raw, want) in [
            ("1,234", 1234),
            ("about 3,000", 3000),
            ("approximately 55", 55),
            ("four Instagram accounts", 4),
            ("Twenty", 20),
            ("zero", 0),
            ("12", 12),
            ("1.1 million", 1_100_000),
            ("3k", 3000),
            ("more than 2,000 accounts", 2000),
            ("55 Facebook accounts", 55),
        ] {
            assert_eq!(count(raw), Ok(Some(want)), "{raw}");
        }
        assert_eq!(count(" "), Ok(None));
        for bad in ["many", "1,2", "3.5", "twenty-one", "-4", "1,2345"] {
            assert!(count(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn money_in_every_phrasing() {
        let m = money("$3.6 million").unwrap().unwrap();
        assert_eq!(
            (m.amount, m.currency, m.usd, m.note),
            (3_600_000.0, "USD", Some(3_600_000.0), None)
        );
        let m = money("US$9,500").unwrap().unwrap();
        assert_eq!((m.amount, m.currency, m.usd), (9500.0, "USD", Some(9500.0)));
        let m = money("less than $316,000").unwrap().unwrap();
        assert_eq!((m.amount, m.usd), (316_000.0, Some(316_000.0)));
        assert!(m.note.unwrap().contains("upper bound"));
        let m = money("did not engage in paid advertising")
            .unwrap()
            .unwrap();
        assert_eq!((m.amount, m.currency, m.usd), (0.0, "USD", Some(0.0)));
        let m = money("about $1,500 USD").unwrap().unwrap();
        assert_eq!((m.amount, m.usd), (1500.0, Some(1500.0)));
        assert!(m.note.unwrap().contains("approximate"));
        let m = money("30000").unwrap().unwrap();
        assert_eq!((m.currency, m.usd), ("USD", Some(30000.0)));
        // Other currencies are kept as stated, never converted by guess.
        let m = money("€50,000").unwrap().unwrap();
        assert_eq!((m.amount, m.currency, m.usd), (50_000.0, "EUR", None));
        let m = money("1.2 million rubles").unwrap().unwrap();
        assert_eq!((m.amount, m.currency, m.usd), (1_200_000.0, "RUB", None));
        let m = money("£20k").unwrap().unwrap();
        assert_eq!((m.amount, m.currency), (20_000.0, "GBP"));
        assert_eq!(money(""), Ok(None));
        assert!(money("a lot").is_err());
        assert!(money("$").is_err());
    }
}
