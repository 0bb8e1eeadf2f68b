//! The query as words: cut as SQLite's `unicode61` tokenizer cuts them, weighted by rarity,
//! and turned into FTS5 expressions built only from quoted words, so that nothing a user
//! types is FTS syntax.
//!
//! For: what a query is. Not for: running it (`lookup`) or scoring what it finds (`rank`).

use std::collections::HashMap;

use super::{CANDIDATES, MAX_WORD_CHARS, MAX_WORDS, SearchError, Searcher};
use crate::text::fingerprint;

/// A query, as FTS words and as fingerprint words.
#[derive(Debug, Clone)]
pub(super) struct Query {
    /// The words as the FTS indexes hold them.
    pub(super) fts: Vec<QueryWord>,
    /// The words as name fingerprints hold them, for re-ranking.
    pub(super) scoring: Vec<QueryWord>,
}

/// One word of the query.
#[derive(Debug, Clone)]
pub(super) struct QueryWord {
    /// The word.
    pub(super) text: String,
    /// Its weight from its rarity (see `Searcher::weight`), less for a minor word.
    pub(super) weight: f64,
    /// Rows of the name indexes holding the word (or its best correction).
    pub(super) df: u32,
    /// Indexed words close to a word no index knows: (word, edits, rows holding it).
    pub(super) corrections: Vec<(String, usize, u32)>,
}

impl Searcher<'_> {
    /// The query, twice: the words as the FTS indexes hold them (for the FTS expression) and
    /// as name fingerprints hold them (for re-ranking: legal forms canonical, `the`/`and`/`of`
    /// dropped, transliterated). Each with its weight and, for a word no index knows, its
    /// likely corrections.
    pub(super) fn query_words(&self, query: &str) -> Result<Query, SearchError> {
        let mut corrections: HashMap<String, Vec<(String, usize, u32)>> = HashMap::new();
        let mut freqs: HashMap<String, u32> = HashMap::new();
        let mut word = |text: String, minor: bool| -> Result<QueryWord, SearchError> {
            let mut df = match freqs.get(&text) {
                Some(n) => *n,
                None => {
                    let n = self.doc_freq(&text)?;
                    freqs.insert(text.clone(), n);
                    n
                }
            };
            let mut fixes = Vec::new();
            if df == 0 && text.chars().count() >= 4 {
                fixes = corrections
                    .entry(text.clone())
                    .or_insert_with(|| self.corrections(&text))
                    .clone();
                df = fixes.iter().map(|c| c.2).max().unwrap_or(0);
            }
            Ok(QueryWord {
                weight: self.weight(df) * if minor { 0.3 } else { 1.0 },
                df,
                text,
                corrections: fixes,
            })
        };
        let mut fts: Vec<QueryWord> = Vec::new();
        for w in initialisms_joined(words(query)) {
            if fts.len() == MAX_WORDS {
                break;
            }
            if fts.iter().any(|q| q.text == w) {
                continue;
            }
            let minor = fingerprint::tokens_in_order(&w)
                .iter()
                .all(|t| t.is_legal_form);
            fts.push(word(w, minor)?);
        }
        let mut scoring: Vec<QueryWord> = Vec::new();
        for t in fingerprint::tokens_in_order(query) {
            if scoring.len() == MAX_WORDS {
                break;
            }
            if scoring.iter().any(|q| q.text == t.text) {
                continue;
            }
            let t_text: String = t.text.chars().take(MAX_WORD_CHARS).collect();
            scoring.push(word(t_text, t.is_legal_form)?);
        }
        Ok(Query { fts, scoring })
    }
}

/// The FTS5 query for `words`, built only from quoted words so that nothing the user typed is
/// FTS syntax. Each word may match exactly, as a correction or (`prefix`) as the start of a
/// longer word; the words are joined by `op` (AND / OR). Minor words (legal forms, very common
/// words) are left out when the query has anything else.
pub(super) fn fts_expression(words: &[QueryWord], op: &str, prefix: bool) -> String {
    let informative: Vec<&QueryWord> = words.iter().filter(|w| w.weight >= 0.25).collect();
    let chosen: Vec<&QueryWord> = if informative.is_empty() {
        words.iter().collect()
    } else {
        informative
    };
    chosen
        .iter()
        .map(|w| word_group(w, prefix))
        .collect::<Vec<_>>()
        .join(&format!(" {op} "))
}

/// One word's alternatives: `("word" OR "word"* OR "correction")`.
fn word_group(w: &QueryWord, prefix: bool) -> String {
    let mut alts = vec![quote(&w.text)];
    // A two-letter prefix would match half the index.
    if prefix && w.text.chars().count() >= 3 {
        alts.push(format!("{}*", quote(&w.text)));
    }
    alts.extend(w.corrections.iter().map(|c| quote(&c.0)));
    // "SGR", a word no index holds, as the phrase "s g r": the indexes split "S.G.R. LLC" into
    // letters. (Only then: spelling out a known word costs a phrase look-up of single letters
    // in every index, for a match it already has.)
    let letters = w.text.chars().count();
    if (2..=5).contains(&letters) && w.df == 0 && w.text.chars().all(|c| c.is_ascii_lowercase()) {
        let spelled: Vec<String> = w.text.chars().map(String::from).collect();
        alts.push(quote(&spelled.join(" ")));
    }
    format!("({})", alts.join(" OR "))
}

/// Runs of single letters as one word, as the fingerprint reads them: "S.G.R. LLC" (the
/// indexes' words `s g r llc`) is `sgr llc`.
fn initialisms_joined(words: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut previous_single = false;
    for w in words {
        let single = w.chars().count() == 1 && w.chars().all(|c| c.is_ascii_lowercase());
        match out.last_mut() {
            Some(last) if single && previous_single => last.push_str(&w),
            _ => out.push(w),
        }
        previous_single = single;
    }
    out
}

/// A word held by more name rows than this is not used alone to find candidates: ranking all
/// its rows ("government": thousands of principals) costs more than it finds.
const RARE_DF: u32 = 400;

/// The FTS5 queries for the name indexes, strictest first: every informative word, then any of
/// the rarer ones (a name that has only some of the query's words, such as "Squire Patton
/// Boggs, LLP" for "Patton Boggs Squire L.L.P.").
pub(super) fn name_expressions(words: &[QueryWord]) -> Vec<String> {
    let mut out = vec![fts_expression(words, "AND", true)];
    let mut rare: Vec<&QueryWord> = words
        .iter()
        .filter(|w| w.df <= RARE_DF && w.weight >= 0.25)
        .collect();
    // The rarest first, and only as many as stay within the candidates taken: a name that has
    // the query's rarest word is the likeliest one meant, and a set this small needs no
    // ranking (see `Searcher::candidates`).
    rare.sort_by_key(|w| w.df);
    let mut rows = 0;
    let rare: Vec<String> = rare
        .into_iter()
        .take_while(|w| {
            rows += w.df;
            rows == w.df || rows <= CANDIDATES as u32
        })
        .map(|w| word_group(w, true))
        .collect();
    if !rare.is_empty() {
        let any = rare.join(" OR ");
        if !out.contains(&any) {
            out.push(any);
        }
    }
    out
}

/// An FTS5 string: double quotes, inner quotes doubled. Everything inside is literal text.
fn quote(word: &str) -> String {
    format!("\"{}\"", word.replace('"', "\"\""))
}

/// The words of `text` as SQLite's unicode61 tokenizer indexes them: split at anything that is
/// not a letter or digit, lower case, accents removed ("Muñoz" → "munoz").
pub fn words(text: &str) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization;
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            if cur.chars().count() < MAX_WORD_CHARS {
                cur.extend(c.to_lowercase());
            }
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_case_accents_and_punctuation() {
        assert_eq!(words("Muñoz, Julián"), ["munoz", "julian"]);
        assert_eq!(words("\"CLS\" OR (NEAR*)"), ["cls", "or", "near"]);
        assert!(words("  --  ").is_empty());
    }

    #[test]
    fn expressions_quote_every_word() {
        let w = vec![QueryWord {
            text: "near".into(),
            weight: 1.0,
            df: 3,
            corrections: vec![],
        }];
        assert_eq!(fts_expression(&w, "AND", true), "(\"near\" OR \"near\"*)");
        assert_eq!(fts_expression(&w, "AND", false), "(\"near\")");
        assert_eq!(name_expressions(&w), ["(\"near\" OR \"near\"*)"]);
        // A word no index holds is also looked up spelled out ("SGR" for "S.G.R.").
        let sgr = vec![QueryWord {
            text: "sgr".into(),
            weight: 1.0,
            df: 0,
            corrections: vec![],
        }];
        assert_eq!(fts_expression(&sgr, "AND", false), "(\"sgr\" OR \"s g r\")");
    }
}
