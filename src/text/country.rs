//! Country names and codes: what DOJ files as "Country/Location Represented" (and what
//! takedown imports give as names or codes) turned into ISO 3166-1 alpha-2 codes.
//!
//! For: one lookup, [`country_code`], shared by the FARA parsers and the takedown import, so a
//! principal and a takedown about the same country meet on the same code. Not for: deciding
//! whether two records are linked (the matcher does that) or regions and organisations,
//! which have no code on purpose (see [`known_non_country`]).
//!
//! The facts live in two data files, embedded at build time: `data/countries.csv` (every
//! code, its ISO name and the other spellings) and `data/country_non_codes.csv` (the DOJ
//! values that get no code, each with why).

use std::collections::HashMap;
use std::sync::LazyLock;

const COUNTRIES_CSV: &str = include_str!("../../data/countries.csv");
const NON_CODES_CSV: &str = include_str!("../../data/country_non_codes.csv");

/// A country as listed in `data/countries.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// The ISO 3166-1 alpha-2 code, upper case (`BO`; `XK` for Kosovo, which ISO reserves).
    pub code: &'static str,
    /// The ISO short name (`Bolivia, Plurinational State of`).
    pub name: &'static str,
}

struct Tables {
    countries: Vec<Country>,
    /// Normalised spelling → code.
    by_key: HashMap<String, &'static str>,
    /// Normalised DOJ value → why it has no code.
    non_codes: HashMap<String, &'static str>,
    /// Spellings that would map to two different codes (must stay empty; see the tests).
    #[cfg_attr(not(test), expect(dead_code))]
    conflicts: Vec<String>,
}

static TABLES: LazyLock<Tables> = LazyLock::new(load);

fn data_lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
}

fn load() -> Tables {
    let mut countries = Vec::new();
    let mut by_key: HashMap<String, &'static str> = HashMap::new();
    let mut conflicts = Vec::new();
    for line in data_lines(COUNTRIES_CSV) {
        let [code, name, aliases] = csv_fields(line)
            .try_into()
            .unwrap_or_else(|f| panic!("data/countries.csv: bad line {line:?} ({f:?})"));
        countries.push(Country { code, name });
        let spellings = [code, name]
            .into_iter()
            .chain(aliases.split(';').filter(|a| !a.trim().is_empty()));
        for spelling in spellings {
            let key = normalise(spelling);
            if spelling == code && key != code.to_ascii_lowercase() {
                // "ST" normalises to "saint": codes are found by `country_code` directly.
                continue;
            }
            match by_key.get(&key) {
                Some(existing) if *existing != code => {
                    conflicts.push(format!("{spelling:?}: {existing} and {code}"))
                }
                _ => {
                    by_key.insert(key, code);
                }
            }
        }
    }
    let mut non_codes = HashMap::new();
    for line in data_lines(NON_CODES_CSV) {
        let [value, why] = csv_fields(line)
            .try_into()
            .unwrap_or_else(|f| panic!("data/country_non_codes.csv: bad line {line:?} ({f:?})"));
        let key = normalise(value);
        if let Some(code) = by_key.get(&key) {
            conflicts.push(format!("{value:?} is both {code} and a non-country"));
        }
        non_codes.insert(key, why);
    }
    Tables {
        countries,
        by_key,
        non_codes,
        conflicts,
    }
}

/// Splits one line of our own data files: comma-separated, a field may be `"quoted"` (with
/// `""` for a quote; none of our values needs one, so doubled quotes are not unescaped).
fn csv_fields(line: &'static str) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut rest = line;
    loop {
        if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted.find('"').unwrap_or(quoted.len());
            out.push(&quoted[..end]);
            rest = quoted.get(end + 1..).unwrap_or("");
            match rest.strip_prefix(',') {
                Some(r) => rest = r,
                None => return out,
            }
        } else {
            match rest.split_once(',') {
                Some((field, r)) => {
                    out.push(field);
                    rest = r;
                }
                None => {
                    out.push(rest);
                    return out;
                }
            }
        }
    }
}

/// The ISO 3166-1 alpha-2 code for a country name, DOJ spelling, alpha-2 or alpha-3 code.
///
/// Case, accents, punctuation, extra blanks, `&`/`and`, `St.`/`Saint` and `the` do not matter:
/// `"BOSNIA & HERZEGOVINA"`, `"Bosnia and Herzegovina"` and `"ba"` all give `Some("BA")`.
/// Regions, organisations and dissolved states give `None` (see [`known_non_country`]).
pub fn country_code(raw: &str) -> Option<&'static str> {
    // A bare code is looked up as a code: normalising would read "ST" (São Tomé) as "saint".
    let trimmed = raw.trim();
    if trimmed.len() == 2 && trimmed.bytes().all(|b| b.is_ascii_alphabetic()) {
        let upper = trimmed.to_ascii_uppercase();
        if let Some(c) = TABLES.countries.iter().find(|c| c.code == upper) {
            return Some(c.code);
        }
    }
    let key = normalise(raw);
    if key.is_empty() || TABLES.non_codes.contains_key(&key) {
        return None;
    }
    TABLES.by_key.get(&key).copied()
}

/// Why a value that looks like a country deliberately has no code (`"USSR"` → "dissolved in
/// 1991 into 15 states"), or `None` when the value is not one of those.
pub fn known_non_country(raw: &str) -> Option<&'static str> {
    TABLES.non_codes.get(&normalise(raw)).copied()
}

/// Every country of `data/countries.csv`.
pub fn countries() -> &'static [Country] {
    &TABLES.countries
}

/// The matching key: lower case, accents folded, `&` as "and", punctuation as blanks (all
/// three by the one fold, [`super::fold::fold`]), "st" as "saint", "the" dropped, single
/// blanks.
fn normalise(raw: &str) -> String {
    let folded = super::fold::fold(raw);
    let mut key = String::with_capacity(folded.len());
    for word in folded.split_whitespace() {
        let word = match word {
            "the" => continue,
            "st" | "ste" => "saint",
            w => w,
        };
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(word);
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_are_consistent() {
        assert!(TABLES.conflicts.is_empty(), "{:#?}", TABLES.conflicts);
        // 249 ISO 3166-1 entries plus XK.
        assert_eq!(countries().len(), 250);
        assert!(
            countries()
                .iter()
                .all(|c| c.code.len() == 2 && c.code.bytes().all(|b| b.is_ascii_uppercase()))
        );
    }

    #[test]
    fn doj_spellings() {
        for (doj, code) in [
            ("GREAT BRITAIN", "GB"),
            ("UNITED KINGDOM", "GB"),
            ("SCOTLAND", "GB"),
            ("CONGO, DEMOCRATIC REPUBLIC OF THE", "CD"),
            ("CONGO, REPUBLIC OF THE", "CG"),
            ("ZAIRE", "CD"),
            ("KOREA, SOUTH", "KR"),
            ("KOREA, NORTH", "KP"),
            ("BOSNIA & HERZEGOVINA", "BA"),
            ("ANTIGUA & BARBUDA", "AG"),
            ("TAIWAN", "TW"),
            ("RUSSIA", "RU"),
            ("VIETNAM", "VN"),
            ("HONG KONG", "HK"),
            ("PALESTINE", "PS"),
            ("WEST BANK", "PS"),
            ("KOSOVA", "XK"),
            ("COTE D'IVOIRE (IVORY COAST)", "CI"),
            ("GAMBIA, THE", "GM"),
            ("GERMANY, FEDERAL REPUBLIC OF", "DE"),
            ("CEYLON (SRI LANKA)", "LK"),
            ("MYANMAR (BURMA)", "MM"),
            ("ST. KITTS AND NEVIS", "KN"),
            ("ST. BARTHELEMY", "BL"),
            ("COMORO  ISLANDS", "KM"),
            ("TURKEY", "TR"),
            ("CURACAO", "CW"),
            ("TIMOR-LESTE (EAST TIMOR)", "TL"),
            ("MACAU", "MO"),
            ("VATICAN CITY", "VA"),
            ("SWAZILAND", "SZ"),
            ("MACEDONIA", "MK"),
            ("CZECHIA", "CZ"),
            ("BRITISH VIRGIN ISLANDS", "VG"),
        ] {
            assert_eq!(country_code(doj), Some(code), "{doj}");
        }
    }

    #[test]
    fn names_and_codes_from_imports() {
        assert_eq!(country_code("Bolivia"), Some("BO"));
        assert_eq!(country_code("Plurinational State of Bolivia"), Some("BO"));
        assert_eq!(country_code("Bolivia, Plurinational State of"), Some("BO"));
        assert_eq!(country_code("United States"), Some("US"));
        assert_eq!(country_code("us"), Some("US"));
        assert_eq!(country_code(" RU "), Some("RU"));
        assert_eq!(country_code("RUS"), Some("RU"));
        assert_eq!(country_code("Côte d’Ivoire"), Some("CI"));
        assert_eq!(country_code("Türkiye"), Some("TR"));
        assert_eq!(country_code("Saint Kitts & Nevis"), Some("KN"));
        assert_eq!(country_code("the Netherlands"), Some("NL"));
        assert_eq!(country_code("XK"), Some("XK"));
        // São Tomé's code is ST, but "Saint" and "St." are not São Tomé.
        assert_eq!(country_code("ST"), Some("ST"));
        assert_eq!(country_code("Saint"), None);
        assert_eq!(country_code("St."), None);
    }

    #[test]
    fn non_countries_have_no_code() {
        for v in [
            "INTERNATIONAL",
            "UNKNOWN",
            "European Union",
            "USSR",
            "YUGOSLAVIA",
            "VIRGIN ISLANDS",
            "TIBET",
            "ST. MARTIN",
        ] {
            assert_eq!(country_code(v), None, "{v}");
            assert!(known_non_country(v).is_some(), "{v}");
        }
        assert_eq!(country_code(""), None);
        assert_eq!(country_code("Atlantis"), None);
        assert_eq!(known_non_country("Atlantis"), None);
        assert_eq!(known_non_country("FRANCE"), None);
        assert_eq!(country_code("EU"), None);
    }
}
