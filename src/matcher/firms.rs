//! Which registrations are one firm. DOJ gives a firm a new registration number each time it
//! registers again, and the name drifts: "Hill & Knowlton, Inc." (2574, 2740) is now "Hill and
//! Knowlton Strategies, LLC" (3301); "Ketchum, Inc.", "Ketchum Inc. NY", "Ketchum Washington" and
//! "Ketchum Communications, Inc." are one agency; "S.G.R. LLC" is "SGR LLC".
//!
//! Two registrations are the same firm when (the direct reasons, strongest first):
//! - `same_name`: their names are equal after normalisation ([`crate::text::fingerprint`]: case,
//!   accents, punctuation, `&`/`and`, dotted initialisms, legal forms, word order);
//! - `former_name`, `trade_name`, `business_name`: a former name (f/k/a), trade name (d/b/a) or
//!   business name of one is the other's name;
//! - `extended_name`: one name is the other's with words added or dropped, its first word kept
//!   and in the same order ("Akin, Gump, Hauer & Feld" and "Akin, Gump, Strauss, Hauer & Feld";
//!   "Bryan Cave" and "Bryan Cave Leighton Paisner"), when the shorter name has two words or
//!   more, one of them distinctive (in few registrants' names); or the two names are the same
//!   once the words that describe a trade or an office are left out
//!   (`data/firm_descriptors.txt`: "APCO Associates" and "APCO Worldwide"; "Ketchum, Inc." and
//!   "Ketchum Washington"), a one-word core only when rarer still: "Rabinowitz & Boudin" is not
//!   "Rabinowitz, Inc.". A person's name ("Spencer, William") is never extended: "Spencer,
//!   William H." may be someone else.
//!
//! A firm is every registration reachable through these reasons; two registrations related only
//! through others are `same_firm`, the reason naming the registrations in between.
//!
//! Not here: proposed predecessors by initials (4953 "Chlopak, Leonard, Schechter & Associates"
//! for "CLS Strategies"): a lead for a person to review, never part of a firm (the matcher adds
//! them as `initials` relations beside these).

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use crate::text::fingerprint::tokens_in_order;

const DESCRIPTORS_TXT: &str = include_str!("../../data/firm_descriptors.txt");

static DESCRIPTORS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    DESCRIPTORS_TXT
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// A word in at most this many distinct registrant names is distinctive: "knowlton", "gump",
/// "ketchum" are; "capitol" (18 names), "hill" (15) and "global" are not, so "Capitol Hill
/// Strategies" is not "Capitol Hill Consulting Group".
const DISTINCTIVE_NAMES: usize = 12;
/// A one-word name stands for a firm only when rarer still.
const DISTINCTIVE_ONE_WORD: usize = 8;

/// One registration's names.
#[derive(Debug, Clone, Copy)]
pub struct Registration<'a> {
    pub registration_number: i64,
    /// The name without its former and trade names ([`crate::text::names::split_name`]).
    pub name: &'a str,
    pub business_name: Option<&'a str>,
    /// Former and trade names, as `("former" | "trade", name)`.
    pub aliases: &'a [(String, String)],
}

/// Two registrations of one firm (`registration_number < related_number`).
#[derive(Debug, Clone, PartialEq)]
pub struct SameFirm {
    pub registration_number: i64,
    pub related_number: i64,
    /// `same_name` | `former_name` | `trade_name` | `business_name` | `extended_name` |
    /// `same_firm`.
    pub kind: &'static str,
    pub reason: String,
    /// 1.0 for the same name, less for looser reasons.
    pub score: f64,
}

/// A name's words as the normaliser reads them, in order, legal forms left out.
fn name_words(name: &str) -> Vec<String> {
    tokens_in_order(name)
        .into_iter()
        .filter(|t| !t.is_legal_form)
        .map(|t| t.text)
        .collect()
}

/// "Spencer, William Byron", "Keene Jr., John Macauley": a surname, a comma, given names, and no
/// legal form or `&` (which "Arnold, Fortas & Porter" has).
fn looks_like_person(name: &str) -> bool {
    let Some((surname, rest)) = name.split_once(',') else {
        return false;
    };
    let all = tokens_in_order(name);
    surname.split_whitespace().count() <= 2
        && !rest.trim().is_empty()
        && !name.contains('&')
        && !all.iter().any(|t| t.is_legal_form || t.text == "and")
        && all.len() <= 5
}

/// The words of a name that are not trade or office words ("Ketchum Communications Holdings"
/// → "Ketchum"; "APCO Worldwide" and "APCO Associates" → "APCO"); equal cores are one firm when
/// the core is distinctive: a word in few names, or one rarer still and of four letters or
/// more when the core is that word alone.
fn same_core(a: &[String], b: &[String], distinctive: &dyn Fn(&str, usize) -> bool) -> bool {
    let core = |w: &[String]| -> Vec<String> {
        w.iter()
            .filter(|w| !DESCRIPTORS.contains(w.as_str()))
            .cloned()
            .collect()
    };
    let (ca, cb) = (core(a), core(b));
    if ca.is_empty() || ca != cb || (ca.len() == a.len() && cb.len() == b.len()) {
        return false;
    }
    match ca.as_slice() {
        [one] => one.len() >= 4 && distinctive(one, DISTINCTIVE_ONE_WORD),
        more => more.iter().any(|w| distinctive(w, DISTINCTIVE_NAMES)),
    }
}

/// Whether `short` (in order) is a subsequence of `long`.
fn is_subsequence(short: &[String], long: &[String]) -> bool {
    let mut it = long.iter();
    short.iter().all(|w| it.any(|l| l == w))
}

/// Every pair of registrations that are one firm, with the strongest reason for each.
pub fn same_firm(registrations: &[Registration<'_>]) -> Vec<SameFirm> {
    let words: Vec<Vec<String>> = registrations.iter().map(|r| name_words(r.name)).collect();
    let key_of = |w: &[String]| {
        let mut s: Vec<&str> = w.iter().map(String::as_str).collect();
        s.sort_unstable();
        s.join(" ")
    };
    let keys: Vec<String> = words.iter().map(|w| key_of(w)).collect();
    // Distinct names (by key), each with its registrations and the words of its first one.
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        if !k.is_empty() {
            by_key.entry(k.as_str()).or_default().push(i);
        }
    }
    // How many distinct names hold each word.
    let mut names_with: HashMap<&str, usize> = HashMap::new();
    for k in by_key.keys() {
        let mut seen = HashSet::new();
        for w in k.split(' ') {
            if seen.insert(w) {
                *names_with.entry(w).or_default() += 1;
            }
        }
    }
    let distinctive = |w: &str, max: usize| names_with.get(w).copied().unwrap_or(0) <= max;

    // Direct reasons, by pair of indexes (lower first).
    let mut direct: HashMap<(usize, usize), (&'static str, String, f64)> = HashMap::new();
    let mut add = |a: usize, b: usize, kind: &'static str, reason: String, score: f64| {
        if a == b {
            return;
        }
        let pair = (a.min(b), a.max(b));
        match direct.get(&pair) {
            Some(old) if old.2 >= score => {}
            _ => {
                direct.insert(pair, (kind, reason, score));
            }
        }
    };
    let num = |i: usize| registrations[i].registration_number;
    for (key, regs) in &by_key {
        for (n, &i) in regs.iter().enumerate() {
            for &j in &regs[n + 1..] {
                add(
                    i,
                    j,
                    "same_name",
                    format!("same name after normalisation: {key}"),
                    1.0,
                );
            }
        }
    }
    for (i, r) in registrations.iter().enumerate() {
        let aliases = r
            .aliases
            .iter()
            .map(|(kind, text)| {
                if kind == "former" {
                    ("former_name", "former name", text.as_str())
                } else {
                    ("trade_name", "trade name", text.as_str())
                }
            })
            .chain(
                r.business_name
                    .filter(|b| !b.trim().is_empty())
                    .map(|b| ("business_name", "business name", b)),
            );
        for (kind, label, text) in aliases {
            let k = key_of(&name_words(text));
            for &j in by_key.get(k.as_str()).into_iter().flatten() {
                add(
                    i,
                    j,
                    kind,
                    format!(
                        "{label} \"{text}\" of {} is the name of {}",
                        r.registration_number,
                        num(j)
                    ),
                    0.9,
                );
            }
        }
    }
    // Extended names: only names sharing their first word are compared.
    let mut by_first: HashMap<&str, Vec<usize>> = HashMap::new();
    for regs in by_key.values() {
        let i = regs[0];
        if !looks_like_person(registrations[i].name) {
            by_first.entry(words[i][0].as_str()).or_default().push(i);
        }
    }
    for names in by_first.values() {
        for (n, &a) in names.iter().enumerate() {
            for &b in &names[n + 1..] {
                let (s, l) = if words[a].len() <= words[b].len() {
                    (a, b)
                } else {
                    (b, a)
                };
                let (short, long) = (&words[s], &words[l]);
                let grouped = (short.len() >= 2
                    && short.len() < long.len()
                    && is_subsequence(short, long)
                    && short.iter().any(|w| distinctive(w, DISTINCTIVE_NAMES)))
                    || same_core(short, long, &distinctive);
                if !grouped {
                    continue;
                }
                let reason = format!(
                    "same firm: \"{}\" ({}) extends the name \"{}\" ({})",
                    registrations[l].name,
                    num(l),
                    registrations[s].name,
                    num(s)
                );
                // Every registration of both names.
                for &i in &by_key[keys[s].as_str()] {
                    for &j in &by_key[keys[l].as_str()] {
                        add(i, j, "extended_name", reason.clone(), 0.8);
                    }
                }
            }
        }
    }

    // Firms: the connected registrations. Each pair of a firm gets its direct reason, or the
    // registrations in between.
    let mut adjacent: HashMap<usize, Vec<usize>> = HashMap::new();
    for &(a, b) in direct.keys() {
        adjacent.entry(a).or_default().push(b);
        adjacent.entry(b).or_default().push(a);
    }
    for list in adjacent.values_mut() {
        list.sort_unstable();
    }
    let mut out = Vec::new();
    let mut done: HashSet<usize> = HashSet::new();
    let mut starts: Vec<usize> = adjacent.keys().copied().collect();
    starts.sort_unstable();
    for start in starts {
        if done.contains(&start) {
            continue;
        }
        // The firm of `start`.
        let mut firm = vec![start];
        let mut seen: HashSet<usize> = HashSet::from([start]);
        let mut k = 0;
        while k < firm.len() {
            for &n in &adjacent[&firm[k]] {
                if seen.insert(n) {
                    firm.push(n);
                }
            }
            k += 1;
        }
        firm.sort_unstable_by_key(|&i| num(i));
        done.extend(firm.iter().copied());
        for &a in &firm {
            // Shortest paths from a (breadth first), for the reason of pairs without a direct one.
            let mut parent: HashMap<usize, usize> = HashMap::from([(a, a)]);
            let mut queue = std::collections::VecDeque::from([a]);
            while let Some(x) = queue.pop_front() {
                for &n in &adjacent[&x] {
                    if let std::collections::hash_map::Entry::Vacant(e) = parent.entry(n) {
                        e.insert(x);
                        queue.push_back(n);
                    }
                }
            }
            for &b in &firm {
                if num(b) <= num(a) {
                    continue;
                }
                let (kind, reason, score) = match direct.get(&(a.min(b), a.max(b))) {
                    Some((kind, reason, score)) => (*kind, reason.clone(), *score),
                    None => {
                        let mut via = Vec::new();
                        let mut x = parent[&b];
                        while x != a {
                            via.push(format!("{} \"{}\"", num(x), registrations[x].name));
                            x = parent[&x];
                        }
                        via.reverse();
                        (
                            "same_firm",
                            format!("same firm, through {}", via.join(", then ")),
                            0.7,
                        )
                    }
                };
                out.push(SameFirm {
                    registration_number: num(a),
                    related_number: num(b),
                    kind,
                    reason,
                    score,
                });
            }
        }
    }
    out.sort_by_key(|r| (r.registration_number, r.related_number));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn firm_of(names: &[(i64, &str)]) -> Vec<(i64, i64, &'static str)> {
        let regs: Vec<Registration<'_>> = names
            .iter()
            .map(|(n, name)| Registration {
                registration_number: *n,
                name,
                business_name: None,
                aliases: &[],
            })
            .collect();
        same_firm(&regs)
            .into_iter()
            .map(|r| (r.registration_number, r.related_number, r.kind))
            .collect()
    }

    #[test]
    fn normalised_names_and_extensions_are_one_firm() {
        // Invented firms, in the shapes of the real registry's.
        let got = firm_of(&[
            (1, "Quill & Pemberton, Inc."),
            (2, "Quill and Pemberton Strategies, LLC"),
            (3, "QUILL & PEMBERTON INC"),
            (4, "Z.Q.X. LLC Government Relations"),
            (5, "ZQX LLC Government Relations"),
        ]);
        assert_eq!(
            got,
            [
                (1, 2, "extended_name"),
                (1, 3, "same_name"),
                (2, 3, "extended_name"),
                (4, 5, "same_name"),
            ]
        );
    }

    #[test]
    fn one_word_names_extend_only_by_descriptors() {
        let got = firm_of(&[
            (1, "Varnholt, Inc."),
            (2, "Varnholt Washington"),
            (3, "Varnholt Communications Holdings, Inc."),
            (4, "Varnholt & Ostrow"),
            (5, "Varnholt, Alexander"),
        ]);
        assert_eq!(
            got,
            [
                (1, 2, "extended_name"),
                (1, 3, "extended_name"),
                (2, 3, "extended_name"),
            ]
        );
    }

    #[test]
    fn partners_added_or_dropped_and_common_words() {
        let got = firm_of(&[
            (1, "Brill, Gosset, Hauer & Feld"),
            (2, "Brill, Gosset, Strauss, Hauer & Feld, LLP"),
            (3, "Brill Gosset Partners"),
            (4, "Brill & Ostrow"),
        ]);
        // The partners' names in order, one more: the same firm. Other words after the first
        // partner's name are another firm.
        assert_eq!(got, [(1, 2, "extended_name")]);
    }

    #[test]
    fn people_are_not_extended() {
        let got = firm_of(&[(1, "Spencer, William"), (2, "Spencer, William H.")]);
        assert!(got.is_empty());
    }

    #[test]
    fn aliases_join_firms_and_transitive_reasons_name_the_way() {
        let aliases = vec![("former".to_string(), "Old Quarry Partners".to_string())];
        let regs = [
            Registration {
                registration_number: 10,
                name: "Old Quarry Partners",
                business_name: None,
                aliases: &[],
            },
            Registration {
                registration_number: 11,
                name: "Bellweather Group",
                business_name: None,
                aliases: &aliases,
            },
            Registration {
                registration_number: 12,
                name: "Bellweather Group",
                business_name: None,
                aliases: &[],
            },
        ];
        let got = same_firm(&regs);
        let kinds: Vec<(i64, i64, &str)> = got
            .iter()
            .map(|r| (r.registration_number, r.related_number, r.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                (10, 11, "former_name"),
                (10, 12, "same_firm"),
                (11, 12, "same_name")
            ]
        );
        assert!(got[1].reason.contains("11 \"Bellweather Group\""));
    }
}
