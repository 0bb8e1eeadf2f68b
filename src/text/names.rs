//! Splits a name as DOJ files it into the entity's own name and the other names packed into
//! the same field: former names (`f/k/a`), trade names (`d/b/a`) and the intermediaries a
//! principal is represented through (`... through Qorvis Holding Inc.`).
//!
//! For: registrant and foreign-principal names from the bulk files and the API, so the store
//! can index each part and the matcher can compare like with like. Not for: normalising names
//! for comparison (legal forms, accents, word order): that is the search/match stage's job;
//! here the parts keep their spelling as filed.

use serde::Serialize;

/// A filed name, taken apart.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NameParts {
    /// The name as it should display: the filed name without the parts below, trimmed, blanks
    /// collapsed, stray wrapping quotes removed.
    pub name: String,
    /// `f/k/a`, `fka`, `formerly`, `(Formerly: ...)`.
    pub former_names: Vec<String>,
    /// `d/b/a`, `dba`, `doing business as`, `t/a`, `trading as`, and also `a/k/a`/`aka`: an
    /// alias the entity currently goes by is, for finding it, the same thing as a trade name.
    pub trade_names: Vec<String>,
    /// `through`, `via`: the firm or body a principal acts through (`Government of Japan
    /// (through Dentsu Inc.) (through McBee Strategic Consulting, LLC)` has two).
    pub intermediaries: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Former,
    Trade,
    Intermediary,
}

/// The words that introduce another name, longest first so `formerly known as` wins over
/// `formerly`. Matched case-insensitively, as whole words.
const MARKERS: [(&str, Role); 16] = [
    ("formerly known as", Role::Former),
    ("doing business as", Role::Trade),
    ("also known as", Role::Trade),
    ("trading as", Role::Trade),
    ("formerly", Role::Former),
    ("through", Role::Intermediary),
    ("f.k.a.", Role::Former),
    ("d.b.a.", Role::Trade),
    ("f/k/a", Role::Former),
    ("d/b/a", Role::Trade),
    ("a/k/a", Role::Trade),
    ("fka", Role::Former),
    ("dba", Role::Trade),
    ("aka", Role::Trade),
    ("t/a", Role::Trade),
    ("via", Role::Intermediary),
];

/// Words between `through`/`via` and the intermediary's name that are not part of it:
/// `(Through firm of Patton Boggs, LLP)`, `via a contract with the Ukrainian Guild of
/// Activists`, `(Through its Representative J.F. van Hengel)`.
const INTERMEDIARY_FILLERS: [&str; 8] = [
    "a contract with ",
    "contract with ",
    "a subcontract with ",
    "subcontract with ",
    "a subcontract to ",
    "subcontract to ",
    "firm of ",
    "its representative ",
];

/// A quick, conservative test: false only when [`split_name`] would return `raw` itself with
/// no other parts (no marker word, no quote, no stray blanks). Lets the store skip the full
/// split for the ~95% of FARA names that carry nothing more.
pub fn may_carry_parts(raw: &str) -> bool {
    // What `tidy` would change at either end: blanks and punctuation.
    let edge = |c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–' | '/');
    if raw.starts_with(edge) || raw.ends_with(edge) {
        return true;
    }
    // Everything else in one pass: every marker word (as a substring, so `(FKA`, `d/b/a/` and
    // `f.k.a.` are caught; a false hit like "Bolivia" only costs a full split), quotes, and the
    // blanks and brackets `tidy` rewrites. This runs on every FARA name at every load.
    static TRIGGERS: std::sync::LazyLock<aho_corasick::AhoCorasick> =
        std::sync::LazyLock::new(|| {
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build([
                    "formerly", "doing", "also", "trading", "through", "fka", "f.k.a", "f/k/a",
                    "dba", "d.b.a", "d/b/a", "aka", "a.k.a", "a/k/a", "t/a", "via", "\"", "“", "”",
                    "'", "‘", "’", "  ", "()", " ,", " .", " )", "\t", "\r", "\n", "\u{a0}",
                ])
                .expect("fixed patterns build")
        });
    TRIGGERS.is_match(raw)
}

/// Splits a filed name into its parts. See [`NameParts`].
pub fn split_name(raw: &str) -> NameParts {
    let s = strip_stray_quotes(&collapse_blanks(raw));
    let mut parts = NameParts::default();
    let mut name = String::with_capacity(s.len());
    let mut pos = 0;
    while let Some(m) = next_marker(&s, pos, None) {
        name.push_str(&s[pos..m.outer_start]);
        let content_start = skip_separators(&s, m.end);
        let (content, next) = if m.in_paren {
            match closing_paren(&s, content_start) {
                Some(close) if s[content_start..close].trim().is_empty() => {
                    // `(formerly) Corporacion Bananera Nacional`: the name follows the paren.
                    let after = skip_separators(&s, close + 1);
                    let end = segment_end(&s, after, None);
                    (&s[after..end], end)
                }
                Some(close) => (&s[content_start..close], close + 1),
                // `(Formerly: Secretaria de Estado de Agricultura, ...` never closed.
                None => (&s[content_start..], s.len()),
            }
        } else {
            // `X through A DBA B`: the d/b/a is the intermediary's, so only another
            // `through` ends an intermediary.
            let only = (m.role == Role::Intermediary).then_some(Role::Intermediary);
            let end = segment_end(&s, content_start, only);
            (&s[content_start..end], end)
        };
        match m.role {
            Role::Former => push_part(&mut parts.former_names, content),
            Role::Trade => push_part(&mut parts.trade_names, content),
            Role::Intermediary => {
                // `(through OCP North America, Inc. through Cornerstone Government Affairs)`.
                let mut at = 0;
                loop {
                    let next_through = next_marker(content, at, Some(Role::Intermediary));
                    let end = next_through
                        .as_ref()
                        .map_or(content.len(), |n| n.outer_start);
                    let mut one = content[at..end].trim();
                    for filler in INTERMEDIARY_FILLERS {
                        if one.len() >= filler.len()
                            && one.is_char_boundary(filler.len())
                            && one[..filler.len()].eq_ignore_ascii_case(filler)
                        {
                            one = &one[filler.len()..];
                        }
                    }
                    push_part(&mut parts.intermediaries, one);
                    match next_through {
                        Some(n) => at = skip_separators(content, n.end),
                        None => break,
                    }
                }
            }
        }
        pos = next;
    }
    name.push_str(&s[pos..]);
    parts.name = tidy(&name);
    parts
}

fn push_part(list: &mut Vec<String>, text: &str) {
    let t = tidy(text);
    if !t.is_empty() && !list.contains(&t) {
        list.push(t);
    }
}

#[derive(Debug)]
struct Marker {
    /// Where the part starts, including an opening `(` and the blanks before the marker.
    outer_start: usize,
    /// Just past the marker word.
    end: usize,
    role: Role,
    in_paren: bool,
}

/// The next marker at or after `from` (of role `only`, if given). A marker at the very start
/// of the name is a word of the name: `VIA Rail Canada`.
fn next_marker(s: &str, from: usize, only: Option<Role>) -> Option<Marker> {
    let b = s.as_bytes();
    let mut i = from;
    while i < b.len() {
        let boundary_before = i == 0 || !is_word_byte(b[i - 1]);
        if boundary_before && b[i].is_ascii_alphabetic() {
            for (word, role) in MARKERS {
                if only.is_some_and(|r| r != role) {
                    continue;
                }
                let end = i + word.len();
                let matches = end <= b.len()
                    && b[i..end].eq_ignore_ascii_case(word.as_bytes())
                    && (end == b.len() || !is_word_byte(b[end]) || word.ends_with('.'));
                if !matches {
                    continue;
                }
                let before = s[..i].trim_end();
                let (outer_start, in_paren) = match before.strip_suffix('(') {
                    Some(rest) => (rest.trim_end().len(), true),
                    None => (before.len(), false),
                };
                // Only blanks, quotes or a paren before it: part of the name itself.
                if s[..outer_start].trim_matches(is_quote).trim().is_empty() {
                    break;
                }
                if role == Role::Intermediary && !names_an_intermediary(&s[end..]) {
                    break;
                }
                return Some(Marker {
                    outer_start,
                    end,
                    role,
                    in_paren,
                });
            }
        }
        i += 1;
    }
    None
}

/// Whether the words after `through`/`via` name someone else. `(The organization through
/// which COECE is funded.)` is a description, and in `Cayman Islands Government Acting
/// through its Department of Tourism` the body is the principal's own; but `(Through its
/// Representative J.F. van Hengel)` does name a person.
fn names_an_intermediary(after: &str) -> bool {
    let after = after.trim_start().to_ascii_lowercase();
    let first = after
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or("");
    match first {
        "which" | "whom" => false,
        "its" => after.starts_with("its representative "),
        _ => true,
    }
}

/// Letters, digits and any byte of a non-ASCII character count as "inside a word".
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// Skips blanks and the punctuation that follows a marker (`Formerly:  X`, `DBA - X`).
fn skip_separators(s: &str, from: usize) -> usize {
    let rest = &s[from..];
    from + (rest.len()
        - rest
            .trim_start_matches([' ', ':', '-', '–', ',', '/'])
            .len())
}

/// Index of the `)` closing a paren opened just before `from`, allowing nested parens.
fn closing_paren(s: &str, from: usize) -> Option<usize> {
    let mut depth = 1;
    for (i, c) in s[from..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(from + i);
                }
            }
            _ => {}
        }
    }
    None
}

/// End of a part that is not in its own parens: the next marker (of role `only`, if given),
/// a `)` that closes a paren opened before the part, or the end.
fn segment_end(s: &str, from: usize, only: Option<Role>) -> usize {
    let marker = next_marker(s, from, only).map_or(s.len(), |m| m.outer_start);
    let mut depth = 0i32;
    for (i, c) in s[from..marker].char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return from + i,
            ')' => depth -= 1,
            _ => {}
        }
    }
    marker
}

fn collapse_blanks(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '\'' | '‘' | '’')
}

fn is_double_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”')
}

/// Quotes of `c`'s family (double or single) in `s`, not counting apostrophes inside words
/// (`His Majesty's Treasury`).
fn quotes_like(s: &str, c: char) -> usize {
    let chars: Vec<char> = s.chars().collect();
    (0..chars.len())
        .filter(|&i| is_quote(chars[i]) && is_double_quote(chars[i]) == is_double_quote(c))
        .filter(|&i| {
            let inside_word = i > 0
                && i + 1 < chars.len()
                && chars[i - 1].is_alphanumeric()
                && chars[i + 1].is_alphanumeric();
            is_double_quote(chars[i]) || !inside_word
        })
        .count()
}

/// Removes quotes that wrap the whole name or are left over on one side: DOJ files
/// `'His Majesty's Treasury'`, `"Ukrainian PR Army"`, `'V.S. VisitSweden AB'.` and
/// `'The Kingdom of Saudi Arabia (through Qorvis Holding Inc.`. Quotes around part of the
/// name stay: `"Trud" (Newspaper)`, `Newspaper "Izvestia"`.
fn strip_stray_quotes(s: &str) -> String {
    let mut s = s.trim();
    while let Some(first) = s.chars().next() {
        let last = s.chars().next_back().unwrap_or(first);
        let body_end = if last == '.' && s.len() > 2 {
            s[..s.len() - 1]
                .chars()
                .next_back()
                .filter(|c| is_quote(*c))
                .map(|c| s.len() - 1 - c.len_utf8())
        } else if is_quote(last) {
            Some(s.len() - last.len_utf8())
        } else {
            None
        };
        if is_quote(first) && s.len() > first.len_utf8() {
            let same_family = |c: char| is_double_quote(c) == is_double_quote(first);
            if let Some(end) = body_end
                && end > first.len_utf8()
                && s[end..].chars().next().is_some_and(same_family)
                && quotes_like(s, first) == 2
            {
                s = s[first.len_utf8()..end].trim();
                continue;
            }
            if quotes_like(s, first) == 1 {
                s = s[first.len_utf8()..].trim();
                continue;
            }
        }
        if is_quote(last) && quotes_like(s, last) == 1 {
            s = s[..s.len() - last.len_utf8()].trim();
            continue;
        }
        break;
    }
    s.to_owned()
}

/// Final clean-up of a name or part: blanks collapsed, no blank before `,` `.` `)`, no empty
/// parens, no dangling separator at either end (`Saudi Arabia Railways ("SAR") ,`,
/// `... of Argentina-`), no stray quotes.
fn tidy(s: &str) -> String {
    let mut t = collapse_blanks(s).replace("()", "");
    for p in [" ,", " .", " )"] {
        while t.contains(p) {
            t = t.replace(p, &p[1..]);
        }
    }
    let t = t.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–' | '/')
    });
    collapse_blanks(&strip_stray_quotes(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn may_carry_parts_never_hides_a_part() {
        for raw in [
            "CLS Strategies",
            "Government of Peru",
            "Hill and Knowlton Strategies, LLC",
            "Prosek LLC d/b/a Prosek Partners",
            "Acme LLC (FKA FGH Holdings LLC)",
            "'The Kingdom of Saudi Arabia (through Qorvis Holding Inc.",
            "National Media Council of UAE (via Project Associates)",
            "\"Ukrainian PR Army\"",
            "Two  spaces",
        ] {
            let p = split_name(raw);
            let plain = p.name == raw
                && p.former_names.is_empty()
                && p.trade_names.is_empty()
                && p.intermediaries.is_empty();
            assert!(
                plain || may_carry_parts(raw),
                "{raw:?} carries parts but the quick test says no"
            );
        }
        assert!(!may_carry_parts("CLS Strategies"));
    }

    fn parts(raw: &str) -> (String, Vec<String>, Vec<String>, Vec<String>) {
        let p = split_name(raw);
        (p.name, p.former_names, p.trade_names, p.intermediaries)
    }

    fn v(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn plain_names_are_only_tidied() {
        let p = split_name("  Earhart   Turner LLC ");
        assert_eq!(
            p,
            NameParts {
                name: "Earhart Turner LLC".into(),
                ..NameParts::default()
            }
        );
        assert_eq!(split_name("VIA Rail Canada").name, "VIA Rail Canada");
        assert_eq!(
            split_name("Breakthrough Strategies").name,
            "Breakthrough Strategies"
        );
        assert_eq!(split_name("Osaka Prefecture").name, "Osaka Prefecture");
        assert!(split_name("").name.is_empty());
    }

    #[test]
    fn former_names() {
        assert_eq!(
            parts("FGH Global LLC (FKA FGH Holdings LLC)"),
            (
                "FGH Global LLC".into(),
                v(&["FGH Holdings LLC"]),
                v(&[]),
                v(&[])
            )
        );
        assert_eq!(
            parts("Ministry of Foreign Affairs (Formerly:  Colombian Ministry of Foreign Affairs)")
                .1,
            v(&["Colombian Ministry of Foreign Affairs"])
        );
        assert_eq!(
            parts(
                "Small Business Corporation (f/k/a Small & Medium Industry Promotion Corporation \"SMIPC\")"
            ),
            (
                "Small Business Corporation".into(),
                v(&["Small & Medium Industry Promotion Corporation \"SMIPC\""]),
                v(&[]),
                v(&[])
            )
        );
        assert_eq!(
            parts("ISAGRO, S.R.L. Formerly Agrimont, S.R.L."),
            (
                "ISAGRO, S.R.L.".into(),
                v(&["Agrimont, S.R.L."]),
                v(&[]),
                v(&[])
            )
        );
        // Never closed, with a nested paren.
        assert_eq!(
            parts(
                "Vickers Defence Systems   (formerly: Thompson Defence Projects or NEI Thompson (a Subsidiary of Rolls-Royce, Inc.)"
            ),
            (
                "Vickers Defence Systems".into(),
                v(&[
                    "Thompson Defence Projects or NEI Thompson (a Subsidiary of Rolls-Royce, Inc.)"
                ]),
                v(&[]),
                v(&[])
            )
        );
        // The marker alone in parens, the former name after it.
        assert_eq!(
            parts(
                "Ministry of Foreign Trade, c/o Embassy of Costa Rica, (formerly) Corporacion Bananera Nacional"
            ),
            (
                "Ministry of Foreign Trade, c/o Embassy of Costa Rica".into(),
                v(&["Corporacion Bananera Nacional"]),
                v(&[]),
                v(&[])
            )
        );
        assert_eq!(
            parts("Abaco Independence Movement (Formerly)").0,
            "Abaco Independence Movement"
        );
        assert_eq!(
            parts(
                "Alberta Department of Energy (formerly: Alberta Petroleum Marketing Commission (APMC))."
            ),
            (
                "Alberta Department of Energy.".into(),
                v(&["Alberta Petroleum Marketing Commission (APMC)"]),
                v(&[]),
                v(&[])
            )
        );
    }

    #[test]
    fn trade_names() {
        assert_eq!(
            parts("Sonoran Policy Group, LLC D/B/A Stryk Global Diplomacy"),
            (
                "Sonoran Policy Group, LLC".into(),
                v(&[]),
                v(&["Stryk Global Diplomacy"]),
                v(&[])
            )
        );
        assert_eq!(
            parts("Prosek LLC d/b/a Prosek Partners").2,
            v(&["Prosek Partners"])
        );
        assert_eq!(parts("SS KS, LLC dba Sunshine Sachs").0, "SS KS, LLC");
        assert_eq!(
            parts("Ethos Foundation (DBA - Bharati Foundation)").2,
            v(&["Bharati Foundation"])
        );
        assert_eq!(
            parts("Constituency Management Group doing business as Weber Shandwick").2,
            v(&["Weber Shandwick"])
        );
        assert_eq!(
            parts("Lordum International, B.V. (d/b/a Aviation Ventures International (\"AVI\"))"),
            (
                "Lordum International, B.V.".into(),
                v(&[]),
                v(&["Aviation Ventures International (\"AVI\")"]),
                v(&[])
            )
        );
        assert_eq!(
            parts("Toyo Kogyo, Ltd. (Mazda Motor Corporation) a/k/a Mazda Motor Corporation"),
            (
                "Toyo Kogyo, Ltd. (Mazda Motor Corporation)".into(),
                v(&[]),
                v(&["Mazda Motor Corporation"]),
                v(&[])
            )
        );
        assert_eq!(
            parts("U.S.S.R. Company for Foreign Travel t/a Intourist").2,
            v(&["Intourist"])
        );
        assert_eq!(
            parts("Deutsch Lufthansa Aktiegesellschaft a/k/a/ Lufthansa German Airlines"),
            (
                "Deutsch Lufthansa Aktiegesellschaft".into(),
                v(&[]),
                v(&["Lufthansa German Airlines"]),
                v(&[])
            )
        );
        assert_eq!(
            parts("GP International LLC/ DBA GlobalPoint International"),
            (
                "GP International LLC".into(),
                v(&[]),
                v(&["GlobalPoint International"]),
                v(&[])
            )
        );
    }

    #[test]
    fn intermediaries() {
        assert_eq!(
            parts("Embassy of Japan through Akin Gump Strauss Hauer & Feld LLP"),
            (
                "Embassy of Japan".into(),
                v(&[]),
                v(&[]),
                v(&["Akin Gump Strauss Hauer & Feld LLP"])
            )
        );
        assert_eq!(
            parts("Ministry of Foreign Affairs of the Republic of Azerbaijan through the Livingston Group").3,
            v(&["the Livingston Group"])
        );
        assert_eq!(
            parts("National Media Council of UAE (via Project Associates)"),
            (
                "National Media Council of UAE".into(),
                v(&[]),
                v(&[]),
                v(&["Project Associates"])
            )
        );
        assert_eq!(
            parts("Republic of Turkey, Embassy, through Trout Cacheris PLLC"),
            (
                "Republic of Turkey, Embassy".into(),
                v(&[]),
                v(&[]),
                v(&["Trout Cacheris PLLC"])
            )
        );
        assert_eq!(
            parts(
                "Presidency of the Republic of Senegal (through Kirjas Global Ltd.) (\"Senegal\")"
            ),
            (
                "Presidency of the Republic of Senegal (\"Senegal\")".into(),
                v(&[]),
                v(&[]),
                v(&["Kirjas Global Ltd."])
            )
        );
        assert_eq!(
            parts("Government of Japan (through Dentsu Inc.) (through McBee Strategic Consulting, LLC)").3,
            v(&["Dentsu Inc.", "McBee Strategic Consulting, LLC"])
        );
        assert_eq!(
            parts(
                "OCP S.A. (through OCP North America, Inc. through Cornerstone Government Affairs, Inc.)"
            ),
            (
                "OCP S.A.".into(),
                v(&[]),
                v(&[]),
                v(&[
                    "OCP North America, Inc.",
                    "Cornerstone Government Affairs, Inc."
                ])
            )
        );
        assert_eq!(
            parts(
                "Sinopec Group through Sinopec D.C., LLC through Global Strategies, Ltd. (Sinopec)"
            )
            .3,
            v(&["Sinopec D.C., LLC", "Global Strategies, Ltd. (Sinopec)"])
        );
        assert_eq!(
            parts(
                "Republic of Turkey (Prime Minister Mesut Yilmaz) (Through firm of Patton Boggs, LLP)"
            ),
            (
                "Republic of Turkey (Prime Minister Mesut Yilmaz)".into(),
                v(&[]),
                v(&[]),
                v(&["Patton Boggs, LLP"])
            )
        );
        assert_eq!(
            parts("Delegation of Ukrainian officials via a contract with the Ukrainian Guild of Activists").3,
            v(&["the Ukrainian Guild of Activists"])
        );
        assert_eq!(
            parts("INPROTUR, Instituto Nacional de Promocion Turistica of Argentina- via Interamerican Network").0,
            "INPROTUR, Instituto Nacional de Promocion Turistica of Argentina"
        );
        assert_eq!(
            parts(
                "Embassy of Qatar (through contract with Nelson, Mullins, Riley & Scarborough LLP"
            )
            .3,
            v(&["Nelson, Mullins, Riley & Scarborough LLP"])
        );
    }

    #[test]
    fn through_that_names_no_one_else() {
        for raw in [
            "Coordinadora de Organizaciones Empresariales de Comercio Exterior (The organization through which COECE is funded.)",
            "Cayman Islands Government Acting through its Department of Tourism",
            "Government of Greece (Through its Embassy in Washington, D.C.)",
        ] {
            assert_eq!(
                split_name(raw),
                NameParts {
                    name: raw.into(),
                    ..NameParts::default()
                }
            );
        }
        assert_eq!(
            parts("Embassy of Bahrain (via subcontract to SAPRAC)").3,
            v(&["SAPRAC"])
        );
        assert_eq!(
            parts("Netherlands Minister of Social Affairs (Through its Representative J.F. van Hengel)").3,
            v(&["J.F. van Hengel"])
        );
    }

    #[test]
    fn a_dba_after_through_belongs_to_the_intermediary() {
        assert_eq!(
            parts("'PETRÓLEOS MEXICANOS (\"PEMEX\"), THROUGH PEMEX DEER PARK DBA DEER PARK"),
            (
                "PETRÓLEOS MEXICANOS (\"PEMEX\")".into(),
                v(&[]),
                v(&[]),
                v(&["PEMEX DEER PARK DBA DEER PARK"])
            )
        );
        assert_eq!(
            parts("Saudi Arabia Railways (\"SAR\") , through HIll +Knowlton Strategies GMBH"),
            (
                "Saudi Arabia Railways (\"SAR\")".into(),
                v(&[]),
                v(&[]),
                v(&["HIll +Knowlton Strategies GMBH"])
            )
        );
    }

    #[test]
    fn stray_quotes() {
        assert_eq!(
            parts("'The Kingdom of Saudi Arabia (through Qorvis Holding Inc."),
            (
                "The Kingdom of Saudi Arabia".into(),
                v(&[]),
                v(&[]),
                v(&["Qorvis Holding Inc."])
            )
        );
        assert_eq!(
            split_name("'His Majesty's Treasury'").name,
            "His Majesty's Treasury"
        );
        assert_eq!(
            split_name("'V.S. VisitSweden AB'.").name,
            "V.S. VisitSweden AB"
        );
        assert_eq!(
            split_name("\"Ukrainian PR Army\"").name,
            "Ukrainian PR Army"
        );
        assert_eq!(
            split_name("‘Council for Trade and Economic Cooperation").name,
            "Council for Trade and Economic Cooperation"
        );
        assert_eq!(
            split_name("\"Trud\" (Newspaper)").name,
            "\"Trud\" (Newspaper)"
        );
        assert_eq!(
            split_name("Newspaper \"Izvestia\"").name,
            "Newspaper \"Izvestia\""
        );
        assert_eq!(
            split_name("NGO “Free and Faithful\"").name,
            "NGO “Free and Faithful\""
        );
    }
}
