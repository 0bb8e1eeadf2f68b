//! Text helpers shared by the extractor's parts: sentences, pages, evidence snippets.
//!
//! For: cutting text into sentences and pages and quoting evidence. Not for: cleaning scanned
//! text (`documents::filed_text`).

use regex::Regex;

use super::Evidence;

pub(super) fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("static pattern")
}

/// The page of byte offset `at`, if the text marks pages.
pub(super) fn page_at(text: &str, at: usize) -> Option<u32> {
    if !text.contains('\u{c}') {
        return None;
    }
    Some(text[..at].matches('\u{c}').count() as u32 + 1)
}

pub(super) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(super) fn evidence(text: &str, start: usize, end: usize) -> Evidence {
    Evidence {
        page: page_at(text, start),
        snippet: collapse(&text[start..end]),
    }
}

pub(super) fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

pub(super) fn ceil_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Whether the '.' at byte `i` ends a sentence. "U.S." and "e.V." do not (an upper-case letter
/// before the dot), nor a title before a name ("Mr. Orvel", "Dr. Ilic"); "Inc." does, which
/// costs little.
pub(super) fn ends_sentence(b: &[u8], i: usize) -> bool {
    const TITLES: &[&[u8]] = &[
        b"mr", b"mrs", b"ms", b"dr", b"prof", b"messrs", b"hon", b"sen", b"rep", b"amb", b"gov",
    ];
    // The cheap tests first: this runs for every byte of a paragraph.
    let is_title = || {
        let word_start = b[..i]
            .iter()
            .rposition(|c| !c.is_ascii_alphabetic())
            .map_or(0, |p| p + 1);
        TITLES
            .iter()
            .any(|t| b[word_start..i].eq_ignore_ascii_case(t))
    };
    b[i] == b'.'
        && b.get(i + 1).is_none_or(|c| c.is_ascii_whitespace())
        && i > 0
        && (b[i - 1].is_ascii_lowercase() || b[i - 1].is_ascii_digit() || b[i - 1] == b')')
        && !is_title()
}

/// Whether a blank line or page break is at byte `i` (looking backward from a newline).
pub(super) fn is_break(b: &[u8], i: usize) -> bool {
    if b[i] == 0x0c {
        return true;
    }
    if b[i] != b'\n' {
        return false;
    }
    let mut j = i + 1;
    while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
        j += 1;
    }
    j < b.len() && (b[j] == b'\n' || b[j] == 0x0c)
}

/// The sentence around `start..end`: back to the previous sentence end or blank line, forward to
/// the next, each at most `reach` bytes away.
pub(super) fn sentence(text: &str, start: usize, end: usize, reach: usize) -> (usize, usize) {
    let b = text.as_bytes();
    let lo = start.saturating_sub(reach);
    let mut s = lo;
    let mut i = start;
    while i > lo {
        i -= 1;
        if ends_sentence(b, i) || b[i] == 0x0c || (b[i] == b'\n' && i > 0 && is_break(b, i - 1)) {
            s = i + 1;
            break;
        }
    }
    let hi = (end + reach).min(b.len());
    let mut e = hi;
    let mut j = end;
    while j < hi {
        if ends_sentence(b, j) {
            e = j + 1;
            break;
        }
        if is_break(b, j) {
            e = j;
            break;
        }
        j += 1;
    }
    let s = ceil_boundary(text, s);
    let e = floor_boundary(text, e);
    // Skip leading whitespace so the snippet starts at the sentence.
    let s = s + (text[s..start.max(s)].len() - text[s..start.max(s)].trim_start().len());
    (s, e)
}

/// The first `max` characters of `s`, cut at a word.
pub(super) fn cut_at_word(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    match cut.rfind(' ') {
        Some(i) => cut[..i].to_string(),
        None => cut,
    }
}
