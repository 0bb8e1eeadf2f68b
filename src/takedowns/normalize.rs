//! The values takedown reports and datasets write by hand, turned into what the `takedowns`
//! table stores: places into ISO 3166-1 alpha-2 codes (or region text), dates into ISO 8601,
//! counts into integers and money into an amount, a currency and (for US dollars) USD.
//!
//! For: the cells of an import file or of a parsed platform report, one value at a time.
//! Pure: no I/O. Not for: splitting a whole row or deciding which column a value belongs to
//! (see `takedowns::import`), nor guessing: a value it cannot read is an `Err` with the reason,
//! never a plausible default. A cell of places ([`places`]) never fails: what is not a place
//! faralink knows is kept as written, with the regions, and listed so the caller can warn.
//!
//! The facts live in data files, embedded at build time: `data/demonyms.csv` ("Iranian" → IR)
//! and `data/regions.csv` ("Latin America" is a region, not a country). Country names and
//! codes themselves come from [`crate::text::country::country_code`].

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use crate::text::country::{country_code, known_non_country};

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

/// Cells that say "no value" rather than naming a place.
const NO_VALUE: &[&str] = &[
    "-",
    "--",
    "–",
    "—",
    "?",
    "n/a",
    "na",
    "n.a.",
    "none",
    "nil",
    "tbd",
    "unspecified",
    "not specified",
    "not stated",
];

/// Characters people put between the places of one cell: `Russia; Iran`, `Burma/Myanmar`,
/// `UK, US`, `US & UK`, `US | UK`, `US + UK`, one per line.
const SEPARATOR_CHARS: &[char] = &[';', ',', '/', '&', '|', '+', '\n', '\r', '\t'];

/// Words people put between places (`Russia and Iran`, `Russia or Belarus`, `and/or`).
const SEPARATOR_WORDS: &[&str] = &["and/or", "and", "or"];

/// A cell of places, read: codes, regions as written, and which values were not places
/// faralink knows (kept among the regions as written, so nothing is lost).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Places {
    pub countries: Vec<String>,
    pub regions: Vec<String>,
    /// Values that are neither a known country nor a known region, as written. They are in
    /// `regions` too; the caller warns about them.
    pub unknown: Vec<String>,
}

impl Places {
    fn add(&mut self, p: Place) {
        match p {
            Place::Country(c) => {
                if !self.countries.iter().any(|x| x == c) {
                    self.countries.push(c.to_string());
                }
            }
            Place::Region(r) => {
                if !self.regions.contains(&r) {
                    self.regions.push(r);
                }
            }
        }
    }

    fn add_unknown(&mut self, text: &str) {
        let text = text.to_string();
        if !self.unknown.contains(&text) {
            self.unknown.push(text.clone());
        }
        self.add(Place::Region(text));
    }
}

/// One cell of places as people write it, never an error: every country named comes out as
/// its code, every region as written, and what is neither is kept as region text and listed
/// in [`Places::unknown`].
///
/// - Separators: `;`, `,`, `/`, `&`, `|`, `+`, line breaks, and the words `and`, `or`,
///   `and/or`. A name that holds one of them is kept whole (`Bosnia and Herzegovina`,
///   `Venezuela, Bolivarian Republic of`, `Trinidad & Tobago`): the longest run of pieces that
///   is one country wins.
/// - Qualifiers: parentheses (`Egypt (Cairo)` → EG, `UK (registered) / Russia (run)` → GB, RU;
///   a parenthesis that names countries adds them: `Gulf states (Saudi Arabia, UAE)`), and
///   words around a country (`registered in the UK`, `possibly Iran`, `Russia?`).
/// - `n/a`, `none`, `-`, `unspecified` name nothing.
pub fn places(raw: &str) -> Places {
    let mut out = Places::default();
    read_cell(raw, &mut out);
    out
}

fn read_cell(raw: &str, out: &mut Places) {
    let pieces = split_pieces(raw);
    let mut i = 0;
    while i < pieces.len() {
        // The longest run of pieces from i that is one place ("Bosnia and Herzegovina").
        let joined = (i + 1..pieces.len()).rev().find_map(|j| {
            let text = &raw[pieces[i].0..pieces[j].1];
            whole_place(text)
                .or_else(|| region_phrase(text, &pieces[i..=j], raw).map(Some))
                .map(|p| (j, p))
        });
        if let Some((j, p)) = joined {
            if let Some(p) = p {
                out.add(p);
            }
            i = j + 1;
            continue;
        }
        let (start, end) = pieces[i];
        read_piece(&raw[start..end], out);
        i += 1;
    }
}

/// Byte spans of the pieces of a cell, split at separators outside parentheses.
fn split_pieces(raw: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let mut chars = raw.char_indices().peekable();
    let push = |spans: &mut Vec<(usize, usize)>, s: usize, e: usize| {
        if !raw[s..e].trim().is_empty() {
            spans.push((s, e));
        }
    };
    while let Some((i, c)) = chars.next() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if SEPARATOR_CHARS.contains(&c) => {
                // "and/or": the word test below takes it whole.
                push(&mut spans, start, i);
                start = i + c.len_utf8();
            }
            c if c.is_whitespace() => {
                let rest = &raw[i + c.len_utf8()..];
                let word = SEPARATOR_WORDS.iter().find(|w| {
                    rest.len() > w.len()
                        && rest.is_char_boundary(w.len())
                        && rest[..w.len()].eq_ignore_ascii_case(w)
                        && rest[w.len()..].starts_with(char::is_whitespace)
                });
                if let Some(w) = word {
                    push(&mut spans, start, i);
                    start = i + c.len_utf8() + w.len();
                    // Skip the word's characters.
                    while chars.peek().is_some_and(|(j, _)| *j < start) {
                        chars.next();
                    }
                }
            }
            _ => {}
        }
    }
    push(&mut spans, start, raw.len());
    spans
}

/// A run of several pieces read as one value: `Some(Some(place))` when it is one country or a
/// listed region name, `Some(None)` when it says "no value" (`n/a`), `None` otherwise.
fn whole_place(text: &str) -> Option<Option<Place>> {
    let t = clean(text);
    if is_no_value(t) {
        return Some(None);
    }
    let core = t.to_lowercase();
    let core = core
        .strip_prefix("the ")
        .unwrap_or(&core)
        .trim()
        .to_string();
    if let Some(code) = country_code(&core) {
        return Some(Some(Place::Country(code)));
    }
    if TABLES.regions.contains(&core) || known_non_country(&core).is_some() {
        return Some(Some(Place::Region(t.to_string())));
    }
    // "Bolivia (Plurinational State of)" is one country however it is punctuated.
    let outer = strip_brackets(t).0;
    if outer != t {
        return country_code(outer.trim()).map(|c| Some(Place::Country(c)));
    }
    None
}

/// A run of pieces that reads as one region ("West and Central Africa", "Middle East & North
/// Africa"): it ends in a region word and none of its pieces is a country ("Russia and Central
/// Asia" is Russia and a region).
fn region_phrase(text: &str, pieces: &[(usize, usize)], raw: &str) -> Option<Place> {
    // Only "and" and "&" join a region's words; "West Africa; Francophone Africa" is two.
    let joined_by_and = pieces.windows(2).all(|w| {
        let between = raw[w[0].1..w[1].0].trim();
        between.eq_ignore_ascii_case("and") || between == "&"
    });
    if !joined_by_and {
        return None;
    }
    let Ok(Some(Place::Region(r))) = place(clean(text)) else {
        return None;
    };
    let has_country = pieces
        .iter()
        .any(|&(s, e)| matches!(place(clean(&raw[s..e])), Ok(Some(Place::Country(_)))));
    (!has_country).then_some(Place::Region(r))
}

fn clean(text: &str) -> &str {
    text.trim()
        .trim_matches(|c: char| c == '"' || c == '\'' || c == '*' || c == '?')
        .trim()
}

fn is_no_value(text: &str) -> bool {
    text.is_empty() || NO_VALUE.iter().any(|v| v.eq_ignore_ascii_case(text))
}

/// The text outside brackets, and the text inside each pair.
fn strip_brackets(text: &str) -> (String, Vec<String>) {
    let mut outer = String::new();
    let mut inners = Vec::new();
    let mut depth = 0usize;
    let mut inner = String::new();
    for c in text.chars() {
        match c {
            '(' | '[' => {
                if depth > 0 {
                    inner.push(c);
                }
                depth += 1;
            }
            ')' | ']' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    inners.push(std::mem::take(&mut inner));
                    outer.push(' ');
                } else {
                    inner.push(c);
                }
            }
            c if depth > 0 => inner.push(c),
            c => outer.push(c),
        }
    }
    if !inner.is_empty() {
        inners.push(inner); // an unclosed "(": its text is still read
    }
    let outer = outer.split_whitespace().collect::<Vec<_>>().join(" ");
    (outer, inners)
}

/// One piece of a cell (no separators outside brackets).
fn read_piece(piece: &str, out: &mut Places) {
    let text = clean(piece);
    if is_no_value(text) {
        return;
    }
    if let Ok(Some(p)) = place(text) {
        out.add(p);
        return;
    }
    if text.contains(['(', '[']) {
        let (outer, inners) = strip_brackets(text);
        let mut inside = Places::default();
        for inner in &inners {
            read_cell(inner, &mut inside);
        }
        // A parenthesis adds places only when all it says is places ("(Saudi Arabia, UAE)");
        // otherwise it is a qualifier ("(Cairo)", "(registered)") and the cell as written
        // keeps it.
        let inside_is_places = inside.unknown.is_empty()
            && !(inside.countries.is_empty() && inside.regions.is_empty());
        let mut around = Places::default();
        if !clean(&outer).is_empty() {
            read_piece(&outer, &mut around);
        }
        let around_is_places = around.unknown.is_empty()
            && !(around.countries.is_empty() && around.regions.is_empty());
        if around_is_places || inside_is_places {
            for p in [around, inside] {
                if p.unknown.is_empty() {
                    merge(out, p);
                }
            }
            return;
        }
    }
    if let Some(found) = countries_in_words(text) {
        for code in found {
            out.add(Place::Country(code));
        }
        return;
    }
    let words = words_of(text);
    let t = &*TABLES;
    if words.iter().any(|(w, _)| {
        let w = w.to_lowercase();
        t.region_words.contains(&w) || t.regions.contains(&w)
    }) {
        out.add(Place::Region(text.to_string()));
        return;
    }
    out.add_unknown(text);
}

fn merge(out: &mut Places, p: Places) {
    for c in p.countries {
        if !out.countries.contains(&c) {
            out.countries.push(c);
        }
    }
    for r in p.regions {
        if !out.regions.contains(&r) {
            out.regions.push(r);
        }
    }
}

/// Words of a piece (split at blanks and hyphens), each with whether it was written as an
/// abbreviation (all capitals, or with dots: `UK`, `U.S.`).
fn words_of(text: &str) -> Vec<(String, bool)> {
    text.split(|c: char| c.is_whitespace() || c == '-' || c == '–')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.'))
        // Country matching ignores "the" anyway; dropped here so that "in the" is "in".
        .filter(|w| !w.is_empty() && !w.eq_ignore_ascii_case("the"))
        .map(|w| {
            let letters: String = w.chars().filter(|c| c.is_alphabetic()).collect();
            // "UK", or letters each followed by a dot ("U.S.", "u.k.").
            let dotted = w.contains('.') && w.split('.').all(|seg| seg.chars().count() <= 1);
            let abbrev = !letters.is_empty() && (letters.chars().all(char::is_uppercase) || dotted);
            (w.to_string(), abbrev)
        })
        .collect()
}

/// Countries named among other words ("registered in the UK", "possibly Iran", "Russian
/// government"): runs of up to five words, longest first, left to right. A word of three
/// letters or fewer counts only when written as an abbreviation (`UK`, `U.S.`), so "in", "to"
/// and "and" are not India, Tonga and Andorra.
fn countries_in_words(text: &str) -> Option<Vec<&'static str>> {
    let words = words_of(text);
    let t = &*TABLES;
    let mut found = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let mut hit = None;
        let mut region = None;
        for len in (1..=5.min(words.len() - i)).rev() {
            let run = &words[i..i + len];
            if len == 1 {
                let (w, abbrev) = &run[0];
                let letters = w.chars().filter(|c| c.is_alphabetic()).count();
                if letters <= 3 && !abbrev {
                    continue;
                }
            }
            let key = run
                .iter()
                .map(|(w, _)| w.to_lowercase())
                .collect::<Vec<_>>()
                .join(" ");
            if t.regions.contains(&key) {
                // "South America" is a region, not "America".
                region = Some(len);
                break;
            }
            let code = country_code(&key).or_else(|| {
                t.demonyms
                    .get(&key)
                    .or_else(|| key.strip_suffix('s').and_then(|k| t.demonyms.get(k)))
                    .copied()
            });
            if let Some(code) = code {
                hit = Some((code, len));
                break;
            }
        }
        match hit {
            Some((code, len)) => {
                if !found.contains(&code) {
                    found.push(code);
                }
                i += len;
            }
            None => i += region.unwrap_or(1),
        }
    }
    (!found.is_empty()).then_some(found)
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

/// A date as `YYYY-MM-DD`, from `YYYY-MM-DD` (also `2020-9-1`, `2020/09/01` and a timestamp
/// `2020-09-01T00:00:00Z`), `MM/DD/YYYY`, `D.M.YYYY`, `September 1, 2020`, `Sept. 1, 2020`,
/// `1 September 2020` or `1-Sep-2020`. Empty is `Ok(None)`; a date that is not on the
/// calendar is an `Err`. `DD/MM/YYYY` is not guessed: with slashes the month comes first.
pub fn date(raw: &str) -> Result<Option<String>, String> {
    let mut s = raw.trim();
    if s.is_empty() {
        return Ok(None);
    }
    // A timestamp from a JSON export or a spreadsheet ("2020-09-01T00:00:00Z",
    // "2020-09-01 00:00:00"): the day is the date.
    if s.len() > 10
        && s.is_char_boundary(10)
        && s[10..].starts_with(['T', ' '])
        && s.as_bytes()[4] == b'-'
    {
        s = &s[..10];
    }
    let bad = || {
        format!("{s:?} is not a date (expected YYYY-MM-DD, MM/DD/YYYY or \"September 1, 2020\")")
    };
    if s.contains('/') {
        // "2020/09/01" is year first; anything else with slashes is American.
        let parts: Vec<&str> = s.split('/').collect();
        if let [y, m, d] = parts.as_slice()
            && y.len() == 4
        {
            let m: i8 = m.parse().map_err(|_| bad())?;
            return finish(s, y, m, d);
        }
        // `DateError` as text until this parser has a typed error of its own.
        return crate::text::dates::us_date_to_iso(s).map_err(|e| e.to_string());
    }
    let (y, m, d): (&str, i8, &str) =
        if s.len() == 10 && s.is_ascii() && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-' {
            let m: i8 = s[5..7].parse().map_err(|_| bad())?;
            (&s[..4], m, &s[8..])
        } else if let [d, m, y] = s.split('.').collect::<Vec<_>>().as_slice()
            && y.len() == 4
            && m.len() <= 2
        {
            // "1.9.2020": day first, as written where dots separate a date.
            (y, m.parse().map_err(|_| bad())?, d)
        } else {
            // "September 1, 2020", "1 Sept. 2020", "1-Sep-2020" (a spreadsheet's format).
            let words: Vec<&str> = s
                .split(|c: char| c.is_whitespace() || c == ',' || c == '-')
                .filter(|w| !w.is_empty())
                .collect();
            match words.as_slice() {
                [m, d, y] if month_number(m).is_some() => (y, month_number(m).unwrap_or(0), d),
                [d, m, y] if month_number(m).is_some() => (y, month_number(m).unwrap_or(0), d),
                // "2020-9-1"
                [y, m, d]
                    if y.len() == 4 && m.len() <= 2 && m.bytes().all(|b| b.is_ascii_digit()) =>
                {
                    (y, m.parse().map_err(|_| bad())?, d)
                }
                _ => return Err(bad()),
            }
        };
    finish(s, y, m, d)
}

/// A date from its year, month and day as written; `s` names it in errors.
fn finish(s: &str, y: &str, m: i8, d: &str) -> Result<Option<String>, String> {
    let bad = || {
        format!("{s:?} is not a date (expected YYYY-MM-DD, MM/DD/YYYY or \"September 1, 2020\")")
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
/// to twenty), `12`. Words after the number are ignored. Empty, `n/a`, `-`, `unknown` are
/// `Ok(None)`.
pub fn count(raw: &str) -> Result<Option<i64>, String> {
    let s = raw.trim();
    if is_no_value(s) || s.eq_ignore_ascii_case("unknown") {
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
    if is_no_value(s) || s.eq_ignore_ascii_case("unknown") {
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
        let p = places("Venezuela; MX;Bolivia;Latin America; VE");
        assert_eq!(p.countries, ["VE", "MX", "BO"]);
        assert_eq!(p.regions, ["Latin America"]);
        assert!(p.unknown.is_empty());
        // What is not a place is kept as written, among the regions, and reported.
        let p = places("Iran; Atlantis; Narnia");
        assert_eq!(p.countries, ["IR"]);
        assert_eq!(p.regions, ["Atlantis", "Narnia"]);
        assert_eq!(p.unknown, ["Atlantis", "Narnia"]);
    }

    /// Issue 16: a researcher's cells, as written, rejected whole rows ("Egypt (Cairo)").
    #[test]
    fn cells_as_people_write_them() {
        for (raw, codes, regions) in [
            ("Egypt (Cairo)", &["EG"][..], &[][..]),
            ("UK (registered) / Russia (run)", &["GB", "RU"], &[]),
            ("the Sahel", &[], &["the Sahel"]),
            ("Burma/Myanmar", &["MM"], &[]),
            ("Congo (Kinshasa)", &["CD"], &[]),
            ("Iran (Islamic Republic of)", &["IR"], &[]),
            ("Bolivia (Plurinational State of)", &["BO"], &[]),
            ("Venezuela, Bolivarian Republic of", &["VE"], &[]),
            (
                "Venezuela, Bolivarian Republic of, Colombia",
                &["VE", "CO"],
                &[],
            ),
            ("Bosnia and Herzegovina, Serbia", &["BA", "RS"], &[]),
            ("Trinidad & Tobago and Jamaica", &["TT", "JM"], &[]),
            ("US & UK", &["US", "GB"], &[]),
            ("Russia and/or China", &["RU", "CN"], &[]),
            ("Russia and Central Asia", &["RU"], &["Central Asia"]),
            ("U.S.", &["US"], &[]),
            ("the UK", &["GB"], &[]),
            ("registered in the UK", &["GB"], &[]),
            ("possibly Iran?", &["IR"], &[]),
            (
                "Gulf states (Saudi Arabia, UAE)",
                &["SA", "AE"],
                &["Gulf states"],
            ),
            ("Russian government", &["RU"], &[]),
            ("n/a", &[], &[]),
            ("N/A; Iran", &["IR"], &[]),
            ("global", &[], &["global"]),
            ("multiple", &[], &["multiple"]),
            ("South America", &[], &["South America"]),
            // World Bank and UN spellings, as copied from their data.
            ("Iran, Islamic Rep.; Egypt, Arab Rep.", &["IR", "EG"], &[]),
            ("Korea, Dem. People's Rep.", &["KP"], &[]),
            ("Hong Kong SAR, China", &["HK"], &[]),
            ("China, Taiwan Province of", &["TW"], &[]),
            ("Dem. Rep. Congo", &["CD"], &[]),
            ("U.K.", &["GB"], &[]),
            ("India (Kashmir)", &["IN"], &["Kashmir"]),
            // Real cells from DFRLab's "Dichotomies of Disinformation" dataset.
            (
                "Bangladesh; West and Central Africa",
                &["BD"],
                &["West and Central Africa"],
            ),
            ("Baltic States", &[], &["Baltic States"]),
            (
                "Middle East and North Africa",
                &[],
                &["Middle East and North Africa"],
            ),
            (
                "West Africa; Francophone Africa & Mali",
                &["ML"],
                &["West Africa", "Francophone Africa"],
            ),
        ] {
            let p = places(raw);
            let codes: Vec<String> = codes.iter().map(|c| c.to_string()).collect();
            let regions: Vec<String> = regions.iter().map(|r| r.to_string()).collect();
            assert_eq!((p.countries, p.regions), (codes, regions), "{raw}");
            assert!(p.unknown.is_empty(), "{raw}: {:?}", p.unknown);
        }
    }

    /// Every cell made of up to four of these pieces reads without a panic (byte slicing on
    /// multi-byte letters, unbalanced brackets, separators at the ends) and keeps everything
    /// that is not a country.
    #[test]
    fn any_cell_reads_without_panic() {
        const PIECES: [&str; 16] = [
            "(", ")", "/", ",", " and ", "é", "Ü", "U.S.", "the ", "-", "–", ";", "[", "Congo",
            "St", " ",
        ];
        let n = PIECES.len();
        for i in 0..n.pow(4) {
            let cell: String = (0..4).map(|k| PIECES[(i / n.pow(k)) % n]).collect();
            let p = places(&cell);
            for u in &p.unknown {
                assert!(p.regions.contains(u), "{cell:?}: {p:?}");
            }
            let _ = date(&cell);
        }
    }

    #[test]
    fn short_words_are_not_codes_inside_phrases() {
        // "in" is India's code and "and" Andorra's alpha-3: only capitals make them codes.
        let p = places("based in Moscow");
        assert_eq!(p.countries, Vec::<String>::new());
        assert_eq!(p.unknown, ["based in Moscow"]);
        assert_eq!(places("run from the US").countries, ["US"]);
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
            "2020-09-01T00:00:00Z",
            "2020-09-01 14:03:00",
            "2020/09/01",
            "1.9.2020",
            "01.09.2020",
            "1-Sep-2020",
            "2020-9-1",
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
