//! Re-ranking: how well a query's words and a name cover each other, each query word weighted
//! by its rarity, and whether a query names one firm.
//!
//! For: pure scoring, no database. Not for: which candidates are read (`lookup`).

use super::query::QueryWord;
use crate::text::fingerprint;

/// How well `words` (the query) and `name` cover each other, 0..1: 70% how much of the query's
/// weight finds a word in the name, 30% how much of the name is accounted for by the query
/// (so "CLS Strategies" beats "CLS Strategies Group International" for "cls strategies").
pub(super) fn similarity(words: &[QueryWord], name: &str) -> f64 {
    // A bracketed part is often the entity's other name ("JETRO, Dallas (Japan External Trade
    // Organization)", "Birdwell, Voss & Associates, Inc. (\"BVA\")"): it is compared alone too.
    let mut best = similarity_of_words(words, name);
    for inner in bracketed(name) {
        best = best.max(0.97 * similarity_of_words(words, inner));
    }
    best
}

/// The texts inside (), [] or {} in `name`, outermost only.
fn bracketed(name: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in name.char_indices() {
        match c {
            '(' | '[' | '{' => {
                if depth == 0 {
                    start = i + 1;
                }
                depth += 1;
            }
            ')' | ']' | '}' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push(&name[start..i]);
                }
            }
            _ => {}
        }
    }
    out
}

fn similarity_of_words(words: &[QueryWord], name: &str) -> f64 {
    // The name's fingerprint words, legal forms weighing little in how much of the name the
    // query covers; then its plain words the fingerprint drops (bracketed text such as
    // `("BVA")`), which the query may match but which the name need not have covered.
    let mut name_words: Vec<(String, f64)> = fingerprint::tokens_in_order(name)
        .into_iter()
        .map(|t| (t.text, if t.is_legal_form { 0.2 } else { 1.0 }))
        .collect();
    for w in super::query::words(name) {
        if !name_words.iter().any(|(n, _)| *n == w) {
            name_words.push((w, 0.0));
        }
    }
    if name_words.is_empty() {
        return 0.0;
    }
    let mut got = 0.0;
    let mut total = 0.0;
    let mut used = vec![0.0f64; name_words.len()];
    for q in words {
        total += q.weight;
        let mut best = 0.0f64;
        let mut best_i = None;
        for (i, (n, _)) in name_words.iter().enumerate() {
            let m = word_match(q, n);
            if m > best {
                best = m;
                best_i = Some(i);
            }
        }
        if let Some(i) = best_i {
            used[i] = used[i].max(best);
        }
        got += q.weight * best;
    }
    let query_cover = if total > 0.0 { got / total } else { 0.0 };
    let (mut n_got, mut n_total) = (0.0, 0.0);
    for ((_, w), u) in name_words.iter().zip(&used) {
        n_total += w;
        n_got += w * u;
    }
    let name_cover = if n_total > 0.0 { n_got / n_total } else { 0.0 };
    0.7 * query_cover + 0.3 * name_cover
}

/// How well a query word matches one word of a name, 0..1.
fn word_match(q: &QueryWord, n: &str) -> f64 {
    if q.text == n {
        return 1.0;
    }
    if let Some(c) = q.corrections.iter().find(|c| c.0 == n) {
        return 1.0 - 0.1 * c.1 as f64;
    }
    let ql = q.text.chars().count();
    if ql >= 3 && n.starts_with(q.text.as_str()) {
        return 0.8;
    }
    // A misspelling on the filed side ("Chlopack"), when the query's word exists elsewhere.
    if ql >= 5 && q.text.len().abs_diff(n.len()) <= 1 && strsim::osa_distance(&q.text, n) == 1 {
        return 0.85;
    }
    0.0
}

/// A query word held by at most this many name rows is rare enough to name one firm.
const NAMING_DF: u32 = 100;

/// The query's words that name a firm (legal forms and common words left out), or none when
/// no word of the query is rare, or only one word is left: "Rabinowitz" begins both
/// "Rabinowitz & Boudin" and "Rabinowitz, Inc.", two firms.
pub(super) fn naming_words(words: &[QueryWord]) -> Vec<&QueryWord> {
    let named: Vec<&QueryWord> = words.iter().filter(|w| w.weight >= 0.35).collect();
    if named.len() >= 2 && named.iter().any(|w| w.df <= NAMING_DF) {
        named
    } else {
        Vec::new()
    }
}

/// Whether `name` starts with the first of `words` and holds the others after it, in order.
pub(super) fn begins_with_words(words: &[&QueryWord], name: &str) -> bool {
    let tokens = fingerprint::tokens_in_order(name);
    let mut it = tokens.iter().filter(|t| !t.is_legal_form);
    let Some(head) = it.next() else {
        return false;
    };
    let Some((first, rest)) = words.split_first() else {
        return false;
    };
    word_match(first, &head.text) >= 0.85
        && rest
            .iter()
            .all(|w| it.by_ref().any(|t| word_match(w, &t.text) >= 0.85))
}
