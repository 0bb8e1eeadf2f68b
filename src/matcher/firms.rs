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
//! For: [`same_firm`], pure, over the registrations' names. Not for: proposed predecessors by
//! initials (4953 "Chlopak, Leonard, Schechter & Associates" for "CLS Strategies"): a lead for
//! a person to review, never part of a firm (`relations` adds them as `initials` relations
//! beside these).

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
    /// The registration number.
    pub registration_number: i64,
    /// The name without its former and trade names ([`crate::text::names::split_name`]).
    pub name: &'a str,
    /// The business name filed beside the name, if any.
    pub business_name: Option<&'a str>,
    /// Former and trade names, as `("former" | "trade", name)`.
    pub aliases: &'a [(String, String)],
}

/// Two registrations of one firm (`registration_number < related_number`).
#[derive(Debug, Clone, PartialEq)]
pub struct SameFirm {
    /// The lower registration number.
    pub registration_number: i64,
    /// The higher registration number.
    pub related_number: i64,
    /// `same_name` | `former_name` | `trade_name` | `business_name` | `extended_name` |
    /// `same_firm`.
    pub kind: &'static str,
    /// Why, naming the names (or the registrations in between).
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
    let names = Names::of(registrations);
    let mut direct = Direct::default();
    direct.same_names(&names);
    direct.aliases(registrations, &names);
    direct.extended_names(registrations, &names);
    let mut out = firms(registrations, &direct.pairs);
    out.sort_by_key(|r| (r.registration_number, r.related_number));
    out
}

/// The registrations' names as compared: their words, their keys (the words sorted), and the
/// distinct names.
struct Names {
    /// Each registration's name words ([`name_words`]), by index.
    words: Vec<Vec<String>>,
    /// Each registration's key, by index.
    keys: Vec<String>,
    /// Distinct names (by key), each with its registrations.
    by_key: HashMap<String, Vec<usize>>,
    /// How many distinct names hold each word.
    names_with: HashMap<String, usize>,
}

impl Names {
    fn of(registrations: &[Registration<'_>]) -> Names {
        let words: Vec<Vec<String>> = registrations.iter().map(|r| name_words(r.name)).collect();
        let keys: Vec<String> = words.iter().map(|w| key_of(w)).collect();
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, k) in keys.iter().enumerate() {
            if !k.is_empty() {
                by_key.entry(k.clone()).or_default().push(i);
            }
        }
        let mut names_with: HashMap<String, usize> = HashMap::new();
        for k in by_key.keys() {
            let mut seen = HashSet::new();
            for w in k.split(' ') {
                if seen.insert(w) {
                    *names_with.entry(w.to_string()).or_default() += 1;
                }
            }
        }
        Names {
            words,
            keys,
            by_key,
            names_with,
        }
    }

    /// A word in at most `max` distinct names.
    fn distinctive(&self, w: &str, max: usize) -> bool {
        self.names_with.get(w).copied().unwrap_or(0) <= max
    }
}

/// A name's key: its words sorted, so that word order does not count.
fn key_of(w: &[String]) -> String {
    let mut s: Vec<&str> = w.iter().map(String::as_str).collect();
    s.sort_unstable();
    s.join(" ")
}

/// The direct reasons, by pair of indexes (lower first): kind, reason, score.
#[derive(Default)]
struct Direct {
    pairs: HashMap<(usize, usize), (&'static str, String, f64)>,
}

impl Direct {
    /// Keeps the reason unless the pair has one as strong.
    fn add(&mut self, a: usize, b: usize, kind: &'static str, reason: String, score: f64) {
        if a == b {
            return;
        }
        let pair = (a.min(b), a.max(b));
        match self.pairs.get(&pair) {
            Some(old) if old.2 >= score => {}
            _ => {
                self.pairs.insert(pair, (kind, reason, score));
            }
        }
    }

    /// `same_name`: the registrations of one distinct name.
    fn same_names(&mut self, names: &Names) {
        for (key, regs) in &names.by_key {
            for (n, &i) in regs.iter().enumerate() {
                for &j in &regs[n + 1..] {
                    self.add(
                        i,
                        j,
                        "same_name",
                        format!("same name after normalisation: {key}"),
                        1.0,
                    );
                }
            }
        }
    }

    /// `former_name`, `trade_name`, `business_name`: an alias of one is the other's name.
    fn aliases(&mut self, registrations: &[Registration<'_>], names: &Names) {
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
                for &j in names.by_key.get(k.as_str()).into_iter().flatten() {
                    self.add(
                        i,
                        j,
                        kind,
                        format!(
                            "{label} \"{text}\" of {} is the name of {}",
                            r.registration_number, registrations[j].registration_number
                        ),
                        0.9,
                    );
                }
            }
        }
    }

    /// `extended_name`: one name is the other's with words added, or both have the same core.
    /// Only names sharing their first word are compared.
    fn extended_names(&mut self, registrations: &[Registration<'_>], names: &Names) {
        let words = &names.words;
        let num = |i: usize| registrations[i].registration_number;
        let distinctive = |w: &str, max: usize| names.distinctive(w, max);
        let mut by_first: HashMap<&str, Vec<usize>> = HashMap::new();
        for regs in names.by_key.values() {
            let i = regs[0];
            if !looks_like_person(registrations[i].name) {
                by_first.entry(words[i][0].as_str()).or_default().push(i);
            }
        }
        for first in by_first.values_mut() {
            // In registration order, not the map's: of two names of one length, the earlier
            // is the one "extended", the same way on every run (the reason is stored).
            first.sort_unstable();
            for (n, &a) in first.iter().enumerate() {
                for &b in &first[n + 1..] {
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
                    for &i in &names.by_key[names.keys[s].as_str()] {
                        for &j in &names.by_key[names.keys[l].as_str()] {
                            self.add(i, j, "extended_name", reason.clone(), 0.8);
                        }
                    }
                }
            }
        }
    }
}

/// Firms: the connected registrations. Each pair of a firm gets its direct reason, or the
/// registrations in between.
fn firms(
    registrations: &[Registration<'_>],
    direct: &HashMap<(usize, usize), (&'static str, String, f64)>,
) -> Vec<SameFirm> {
    let num = |i: usize| registrations[i].registration_number;
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
        let mut firm = firm_of(start, &adjacent);
        firm.sort_unstable_by_key(|&i| num(i));
        done.extend(firm.iter().copied());
        for &a in &firm {
            // Shortest paths from a, for the reason of pairs without a direct one.
            let parent = paths_from(a, &adjacent);
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
    out
}

/// Every registration reachable from `start`, `start` first.
fn firm_of(start: usize, adjacent: &HashMap<usize, Vec<usize>>) -> Vec<usize> {
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
    firm
}

/// Breadth first from `a`: each reachable registration's parent on a shortest path (`a`'s is
/// itself).
fn paths_from(a: usize, adjacent: &HashMap<usize, Vec<usize>>) -> HashMap<usize, usize> {
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
    parent
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

    /// Two names of one length with one core: which "extends" which came from the order of a
    /// `HashMap` (seeded anew for each map), so the stored reason could read either way from
    /// one sync to the next (about 30 pairs on the real registry, e.g. APCO's and Ogilvy's).
    #[test]
    fn the_reason_for_names_of_one_length_is_the_same_every_time() {
        let regs = [
            Registration {
                registration_number: 1,
                name: "Varnholt Washington",
                business_name: None,
                aliases: &[],
            },
            Registration {
                registration_number: 2,
                name: "Varnholt Communications",
                business_name: None,
                aliases: &[],
            },
        ];
        for _ in 0..40 {
            let got: Vec<String> = same_firm(&regs).into_iter().map(|r| r.reason).collect();
            assert_eq!(
                got,
                [
                    "same firm: \"Varnholt Communications\" (2) extends the name \"Varnholt Washington\" (1)"
                ]
            );
        }
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
