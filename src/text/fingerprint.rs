//! Name fingerprints: one comparable form for every spelling of an organisation's name, in the
//! manner of OpenSanctions' `fingerprints`/`rigour`.
//!
//! For: the matcher (aliases, blocking, name similarity) and the search stage (fuzzy layer), so
//! both compare names the same way. A fingerprint is made by
//! 1. transliterating to ASCII (the one fold, [`super::fold::to_ascii`]: `Société` → `Societe`,
//!    `Газпром` → `Gazprom`),
//! 2. lowercasing, dropping bracketed text (`(IRA)`, `[formerly ...]`) and punctuation (dots
//!    vanish so `S.A.` is `sa`; other marks split words; `&` reads as `and`),
//! 3. joining runs of single letters (`S. A.` → `sa`, `L L C` → `llc`),
//! 4. canonicalising legal forms from `data/legal_forms.csv` (`Limited Liability Company`,
//!    `L.L.C.` → `llc`; `& Associates` → `associates`), which stay as tokens flagged
//!    [`Token::is_legal_form`] so callers can weigh them low instead of losing them,
//! 5. dropping the stop words `the`, `and`, `of`,
//! 6. sorting the tokens, so word order does not matter.
//!
//! Not for: splitting former/trade names out of a filed name (that is [`crate::text::names`]) or
//! deciding whether two names are the same entity (that is the matcher's scoring).

use std::collections::{HashMap as StdHashMap, HashSet as StdHashSet};

/// Legal forms are looked up for every word of every name: xxh3 instead of SipHash (the keys
/// are our own data file and names, no DoS concern).
type HashMap<K, V> = StdHashMap<K, V, xxhash_rust::xxh3::Xxh3Builder>;
type HashSet<K> = StdHashSet<K, xxhash_rust::xxh3::Xxh3Builder>;
use std::sync::LazyLock;

const LEGAL_FORMS_CSV: &str = include_str!("../../data/legal_forms.csv");

/// Words that carry nothing for identity and are dropped after legal forms are found (so that
/// `and associates` can still be read as one form first).
const STOP_WORDS: [&str; 3] = ["the", "and", "of"];

/// One word of a normalised name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Token {
    /// Lowercase ASCII letters and digits only; a legal form is its canonical spelling (`llc`).
    pub text: String,
    /// The word is a legal form (or `& Associates`) from `data/legal_forms.csv`.
    pub is_legal_form: bool,
}

/// A name's tokens, sorted by text. Two names with the same [`Fingerprint::key`] are the same
/// name up to spelling, accents, punctuation, word order and legal form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Fingerprint {
    /// Every token of the name, legal forms included, sorted by text.
    pub tokens: Vec<Token>,
}

impl Fingerprint {
    /// The sorted tokens that are not legal forms, joined by one space (`"cls strategies"`).
    /// Empty when the name is nothing but a legal form (or empty).
    pub fn key(&self) -> String {
        join(self.name_tokens())
    }

    /// Every token, legal forms included, joined by one space (`"cls llc strategies"`).
    pub fn full_key(&self) -> String {
        join(self.tokens.iter().map(|t| t.text.as_str()))
    }

    /// The tokens that are not legal forms, sorted.
    pub fn name_tokens(&self) -> impl Iterator<Item = &str> {
        self.tokens
            .iter()
            .filter(|t| !t.is_legal_form)
            .map(|t| t.text.as_str())
    }

    /// The canonical legal forms in the name, sorted (`["llc"]`).
    pub fn legal_forms(&self) -> impl Iterator<Item = &str> {
        self.tokens
            .iter()
            .filter(|t| t.is_legal_form)
            .map(|t| t.text.as_str())
    }

    /// No token that is not a legal form.
    pub fn is_empty(&self) -> bool {
        self.name_tokens().next().is_none()
    }
}

fn join<'a>(words: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for w in words {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// The fingerprint of a name (see the module doc for the steps).
///
/// `fingerprint("CLS Strategies, LLC")` and `fingerprint("Strategies CLS L.L.C.")` are equal.
pub fn fingerprint(name: &str) -> Fingerprint {
    let mut tokens = tokens_in_order(name);
    tokens.sort();
    Fingerprint { tokens }
}

/// Shorthand for `fingerprint(name).key()`: the sorted words of the name without legal forms.
pub fn key(name: &str) -> String {
    fingerprint(name).key()
}

/// The tokens of a name in the order they were written, after every step but the sort.
pub fn tokens_in_order(name: &str) -> Vec<Token> {
    let words = words(name);
    let forms = &*LEGAL_FORMS;
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        // Longest legal form starting here, if any (most words start none: one lookup).
        let starts_form = forms.first_words.contains(&words[i]);
        let longest = (1..=forms.max_len.min(words.len() - i))
            .filter(|_| starts_form)
            .rev()
            .find_map(|len| forms.by_words.get(&words[i..i + len]).map(|c| (len, c)));
        match longest {
            Some((len, canonical)) => {
                out.push(Token {
                    text: canonical.clone(),
                    is_legal_form: true,
                });
                i += len;
            }
            None => {
                if !STOP_WORDS.contains(&words[i].as_str()) {
                    out.push(Token {
                        text: words[i].clone(),
                        is_legal_form: false,
                    });
                }
                i += 1;
            }
        }
    }
    out
}

/// The initials of a name's words, in the order written, legal forms and stop words left out:
/// `"Chlopak, Leonard, Schechter & Associates"` → `Some("cls")`. `None` when fewer than two
/// words remain (one word has no useful initials). A number contributes its first digit.
///
/// An initials match between two names is a lead, never proof of identity: the matcher only
/// proposes it for review.
pub fn initials(name: &str) -> Option<String> {
    let words: Vec<Token> = tokens_in_order(name)
        .into_iter()
        .filter(|t| !t.is_legal_form)
        .collect();
    if words.len() < 2 {
        return None;
    }
    Some(words.iter().filter_map(|t| t.text.chars().next()).collect())
}

/// Steps 1–3 only: transliterated, lowercased, bracket- and punctuation-free text, single
/// letters joined, words separated by one space, in the order written. For matching free text
/// (a search query, a document) against fingerprints.
pub fn normalize_text(text: &str) -> String {
    words(text).join(" ")
}

/// Steps 1–3: the words of a text.
fn words(text: &str) -> Vec<String> {
    let ascii = super::fold::to_ascii(text);
    let mut flat = String::with_capacity(ascii.len() + 8);
    let mut depth: usize = 0;
    for c in ascii.chars() {
        match c {
            '(' | '[' | '{' => {
                depth += 1;
                flat.push(' ');
            }
            ')' | ']' | '}' => {
                depth = depth.saturating_sub(1);
                flat.push(' ');
            }
            _ if depth > 0 => {}
            // Dots and apostrophes join: `S.A.` → `sa`, `O'Brien` → `obrien`.
            '.' | '\'' | '`' => {}
            '&' => flat.push_str(" and "),
            c if c.is_ascii_alphanumeric() => flat.push(c.to_ascii_lowercase()),
            _ => flat.push(' '),
        }
    }
    // An unclosed bracket (`Acme (Formerly Foo`) would hide the rest: keep the text instead.
    if depth > 0 {
        return words_without_brackets(&ascii);
    }
    join_single_letters(flat.split_whitespace())
}

fn words_without_brackets(ascii: &str) -> Vec<String> {
    let cleaned: String = ascii
        .chars()
        .map(|c| match c {
            '(' | ')' | '[' | ']' | '{' | '}' => ' ',
            c => c,
        })
        .collect();
    words(&cleaned)
}

/// `s a de c v` → `sa de cv`: single letters next to each other are one abbreviation that was
/// written with spaces or dots between its letters.
fn join_single_letters<'a>(raw: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut previous_single = false;
    for w in raw {
        let single = w.len() == 1 && w.as_bytes()[0].is_ascii_alphabetic();
        match out.last_mut() {
            Some(last) if single && previous_single => last.push_str(w),
            _ => out.push(w.to_string()),
        }
        previous_single = single;
    }
    out
}

/// `data/legal_forms.csv`, each form as the words the normaliser makes of it.
struct LegalForms {
    by_words: HashMap<Vec<String>, String>,
    /// The first word of every form.
    first_words: HashSet<String>,
    max_len: usize,
    /// Every canonical form.
    canonical: Vec<String>,
}

static LEGAL_FORMS: LazyLock<LegalForms> = LazyLock::new(load_legal_forms);

fn load_legal_forms() -> LegalForms {
    let mut by_words = HashMap::default();
    let mut canonical: Vec<String> = Vec::new();
    let mut max_len = 0;
    let mut first_words = HashSet::default();
    // Plain `form,canonical,source` rows, no quoting: split by hand, since every faralink
    // process reads this before its first name (a CSV reader's set-up cost more than a short
    // search's own work).
    let rows = LEGAL_FORMS_CSV
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1);
    for (i, line) in rows {
        let mut fields = line.split(',');
        let (Some(form), Some(canon), Some(_source), None) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            panic!(
                "data/legal_forms.csv line {}: not form,canonical,source",
                i + 1
            );
        };
        let canon = canon.trim().to_string();
        let key = words(form);
        assert!(
            !key.is_empty(),
            "data/legal_forms.csv: {form:?} normalises to nothing"
        );
        max_len = max_len.max(key.len());
        first_words.insert(key[0].clone());
        by_words.insert(key, canon.clone());
        if !canonical.contains(&canon) {
            canonical.push(canon);
        }
    }
    LegalForms {
        by_words,
        first_words,
        max_len,
        canonical,
    }
}

/// How many of `words` make the legal form they start with (the longest one of
/// `data/legal_forms.csv`), or 0 when they start none. For callers that keep their own words
/// (the watchlist) but share the one list of legal forms.
///
/// `words` are lower-case ASCII as [`super::fold::fold`] cuts them, where a dot breaks a word,
/// so an abbreviation may come one letter per word: `["l", "l", "c", "x"]` gives 3,
/// `["s", "a", "de", "c", "v"]` 5, `["limited", "partners"]` 1, `["acme"]` 0.
pub fn legal_form_len(words: &[&str]) -> usize {
    candidate_forms(words)
        .filter_map(|form| match written(form, words) {
            Written::Whole(len) => Some(len),
            Written::Begun | Written::Not => None,
        })
        .max()
        .unwrap_or(0)
}

/// Whether `words`, all of them, begin a legal form that they do not finish: `["pty"]`
/// (`Pty Ltd`), `["joint", "stock"]` (`Joint Stock Company`), `["s", "a", "de"]`, `["and"]`
/// (`and Associates`). A name cut short in the middle of its legal form, as people type them.
pub fn begins_legal_form(words: &[&str]) -> bool {
    candidate_forms(words).any(|form| written(form, words) == Written::Begun)
}

/// The forms that `words` could start: those whose first word is `words[0]`, and, when
/// `words[0]` is a single letter, any (it may begin an abbreviation spelled letter by letter).
fn candidate_forms(words: &[&str]) -> impl Iterator<Item = &'static [String]> + use<> {
    let forms = &*LEGAL_FORMS;
    let possible = words
        .first()
        .is_some_and(|w| w.len() == 1 || forms.first_words.contains(*w));
    forms
        .by_words
        .keys()
        .filter(move |_| possible)
        .map(|form| form.as_slice())
}

#[derive(Debug, PartialEq, Eq)]
enum Written {
    /// The form is written out in this many of the words.
    Whole(usize),
    /// Every word so far follows the form, but the words end before it does.
    Begun,
    Not,
}

/// How `words` spell `form` from their start: each of its words as one word, or letter by
/// letter (`llc` as `l`, `l`, `c`). A form is begun only once one of its words of two letters
/// or more is complete: a lone letter (`James S.`, `U.S.`) begins nothing.
fn written(form: &[String], words: &[&str]) -> Written {
    let mut at = 0;
    let mut begun = false;
    for part in form {
        if at == words.len() {
            return if begun { Written::Begun } else { Written::Not };
        }
        if words[at] == part {
            at += 1;
        } else {
            for b in part.bytes() {
                match words.get(at) {
                    None if begun => return Written::Begun,
                    Some(w) if part.len() > 1 && w.as_bytes() == [b] => at += 1,
                    _ => return Written::Not,
                }
            }
        }
        begun |= part.len() > 1;
    }
    Written::Whole(at)
}

/// Whether `token` is the canonical spelling of a legal form (`"llc"`, `"gmbh"`).
pub fn is_legal_form(token: &str) -> bool {
    LEGAL_FORMS.canonical.iter().any(|c| c == token)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(f: &Fingerprint) -> Vec<(&str, bool)> {
        f.tokens
            .iter()
            .map(|t| (t.text.as_str(), t.is_legal_form))
            .collect()
    }

    #[test]
    fn spelling_order_and_legal_form_do_not_matter() {
        let a = fingerprint("CLS Strategies, LLC");
        assert_eq!(a, fingerprint("Strategies CLS L.L.C."));
        assert_eq!(a, fingerprint("cls strategies limited liability company"));
        assert_eq!(a.key(), "cls strategies");
        assert_eq!(a.full_key(), "cls llc strategies");
        assert_eq!(
            texts(&a),
            [("cls", false), ("llc", true), ("strategies", false)]
        );
        assert_eq!(key("CLS Strategies"), "cls strategies");
    }

    #[test]
    fn accents_scripts_brackets_and_punctuation() {
        assert_eq!(key("Société Générale S.A."), "generale societe");
        assert_eq!(
            fingerprint("Société Générale S.A.")
                .legal_forms()
                .collect::<Vec<_>>(),
            ["sa"]
        );
        assert_eq!(key("Газпром"), "gazprom");
        assert_eq!(
            key("Internet Research Agency (IRA)"),
            "agency internet research"
        );
        assert_eq!(key("O'Brien & Partners"), "obrien partners");
        assert_eq!(key("Mercury Public Affairs, LLC"), "affairs mercury public");
        assert_eq!(key("The Podesta Group, Inc."), "group podesta");
        // An unclosed bracket does not swallow the whole name.
        assert_eq!(
            key("Acme (Formerly Foo Holdings"),
            "acme foo formerly holdings"
        );
    }

    #[test]
    fn multi_word_and_spaced_legal_forms() {
        assert_eq!(
            texts(&fingerprint("Grupo Ejemplo S. A. de C. V.")),
            [("ejemplo", false), ("grupo", false), ("sacv", true)]
        );
        assert_eq!(
            fingerprint("Acme Gesellschaft mit beschränkter Haftung")
                .legal_forms()
                .collect::<Vec<_>>(),
            ["gmbh"]
        );
        assert_eq!(
            fingerprint("Smith PLLC").legal_forms().collect::<Vec<_>>(),
            ["pllc"]
        );
    }

    #[test]
    fn associates_is_a_form_only_after_and() {
        let f = fingerprint("Chlopak, Leonard, Schechter & Associates");
        assert_eq!(f.key(), "chlopak leonard schechter");
        assert_eq!(f.legal_forms().collect::<Vec<_>>(), ["associates"]);
        assert_eq!(key("Project Associates"), "associates project");
    }

    #[test]
    fn initials_in_written_order() {
        assert_eq!(
            initials("Chlopak, Leonard, Schechter & Associates").as_deref(),
            Some("cls")
        );
        assert_eq!(initials("CLS Strategies, LLC").as_deref(), Some("cs"));
        assert_eq!(initials("Qorvis LLC"), None);
    }

    #[test]
    fn numbers_are_tokens() {
        assert_eq!(key("Studio 5 Media"), "5 media studio");
        assert_ne!(key("Studio 5 Media"), key("Studio 7 Media"));
    }

    #[test]
    fn only_legal_form_is_empty() {
        assert!(fingerprint("LLC").is_empty());
        assert!(fingerprint("").is_empty());
        assert!(is_legal_form("llc"));
        assert!(!is_legal_form("group"));
    }

    #[test]
    fn legal_forms_in_words_cut_at_dots() {
        assert_eq!(legal_form_len(&["l", "l", "c", "x"]), 3);
        assert_eq!(legal_form_len(&["llc"]), 1);
        assert_eq!(legal_form_len(&["s", "a", "de", "c", "v"]), 5);
        assert_eq!(legal_form_len(&["s", "a", "x"]), 2);
        assert_eq!(legal_form_len(&["limited", "liability", "company", "x"]), 3);
        assert_eq!(legal_form_len(&["limited", "partners"]), 1);
        assert_eq!(legal_form_len(&["pty", "ltd"]), 2);
        assert_eq!(legal_form_len(&["sp", "z", "o", "o"]), 4);
        assert_eq!(legal_form_len(&["acme", "llc"]), 0);
        assert_eq!(legal_form_len(&["s", "x"]), 0);
        assert_eq!(legal_form_len(&[]), 0);
    }

    #[test]
    fn legal_forms_cut_short() {
        assert!(begins_legal_form(&["pty"]));
        assert!(begins_legal_form(&["joint", "stock"]));
        assert!(begins_legal_form(&["s", "a", "de"]));
        assert!(begins_legal_form(&["s", "a", "de", "c"]));
        assert!(!begins_legal_form(&["s"]));
        assert!(!begins_legal_form(&["u", "s"]));
        assert!(!begins_legal_form(&["l", "l"]));
        assert!(begins_legal_form(&["and"]));
        assert!(!begins_legal_form(&["llc"]));
        assert!(!begins_legal_form(&["pty", "ltd"]));
        assert!(!begins_legal_form(&["acme"]));
        assert!(!begins_legal_form(&["joint", "venture"]));
        assert!(!begins_legal_form(&[]));
    }

    #[test]
    fn every_legal_form_line_loads() {
        assert!(LEGAL_FORMS.by_words.len() > 100);
        assert!(LEGAL_FORMS.max_len >= 4);
    }

    #[test]
    fn free_text() {
        assert_eq!(
            normalize_text("Removed by Facebook: \"CLS Strategies\" (U.S.)"),
            "removed by facebook cls strategies"
        );
    }
}
