//! The scope: the paragraph that says what services the registrant provides.

use std::sync::LazyLock;

use regex::Regex;

use super::fee::FEE_WORD;
use super::money::MONEY;
use super::term::TERM_NOUN;
use super::text::{ceil_boundary, collapse, ends_sentence, is_break, page_at, regex, sentence};
use super::{Evidence, SCOPE_MAX_CHARS, Scope};

/// The form question: Exhibit B item 8 ("Describe fully the nature and method of performance of
/// the above indicated agreement"), the registration statement's "Describe in detail the
/// activities the registrant will engage in or the services it will render".
static SCOPE_QUESTION: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)describe\s+(?:fully\s+|in\s+detail\s+)?the\s+(?:nature\s+(?:and\s+method\s+of\s+performance\s+)?of\s+the\b|activities\s+(?:the\s+)?registrant\b|services\s+(?:the\s+)?registrant\b)",
    )
});
/// A contract or letter heading: "Scope of Services", "1. SERVICES.", "Services:", "ARTICLE 2 -
/// SCOPE OF SERVICES.", "Scope of Engagement" (centred on its own line, or after a sentence on
/// the same line), "Scope ofWork:" (OCR), "Nature of Our Engagement", "STATEMENT OF WORK",
/// "Purpose.".
static SCOPE_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?m)(?:^[ \t]*|[.:;)][ \t]+|[ \t]{3,})(?:(?:\d{1,2}\.|\(\d+\)|(?:ARTICLE|Article|SECTION|Section)[ \t]+\d+[ \t]*[-–.:]?)[ \t]*)?(?:[A-Za-z]+[ \t]*/[ \t]*)?(?:(?:Scope|SCOPE)[ \t]*(?:of|OF)[ \t]*(?:the[ \t]+|THE[ \t]+)?(?:Services|Work|Engagement|Representation|Retention|SERVICES|WORK|ENGAGEMENT|REPRESENTATION)|(?:Statement|STATEMENT)[ \t]+(?:of|OF)[ \t]+(?:Work|WORK)|(?:Nature|NATURE)[ \t]+(?:of|OF)[ \t]+(?:(?:[Oo]ur|the|OUR|THE)[ \t]+)?(?:[Ss]ervices|Engagement|Work|Representation|SERVICES|ENGAGEMENT|WORK)|(?:Description|DESCRIPTION)[ \t]+(?:of|OF)[ \t]+(?:(?:the|THE)[ \t]+)?(?:Services|SERVICES)|(?:Purpose|PURPOSE)(?:[ \t]+(?:of|OF)[ \t]+(?:the|this|THE|THIS)[ \t]+(?:Engagement|Agreement|ENGAGEMENT|AGREEMENT))?|Services|SERVICES|Subject Matter|SUBJECT MATTER|Scope|SCOPE)(?:[ \t]*[.:][ \t]*|[ \t]*\n|[ \t]{2,})",
    )
});
/// What the registrant does, as the scope sentences put it.
const SCOPE_VERBS: &str = r"(?:provide|advise|represent|promote|organi[sz]e|monitor|conduct|develop|identify|distribute|advocate|arrange|assist|prepare|lobby|manage|design|carry\s+out|perform|counsel|communicate|coordinate|draft|support|facilitate|research|produce|place|plan|handle|undertake|deliver|implement|create|write|educate|inform|publici[sz]e|maintain|analy[sz]e|negotiate|furnish|render|supply|offer|host|oversee|lead|run|help|serve|liaise|brief|meet|contact|engage|work|pitch|secure|seek|obtain|build|strengthen|improve|enhance|track|report)";
/// A sentence saying what the registrant will do: "will provide", "services will include",
/// "will be responsible for", "has retained us to provide", "has asked us to (i) provide",
/// "has agreed to provide", "our work will consist of", "our engagement is limited to", a
/// list's lead-in ("we will:", "the following services:"), "the purpose of this engagement is
/// to".
static SCOPE_SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"\b(?:(?:[Ss]ervices|[Ww]ork|[Ee]ngagement|[Rr]epresentation)(?:\s+of\s+[^.;]{{1,60}}?)?\s+(?:will\s+|shall\s+)?(?:include|consist\s+of|involve|comprise|encompass|cover|entail)|[Pp]urpose\s+of\s+(?:this|the)\s+(?:engagement|agreement|contract)\s+is\s+to|(?:[Ss]ervices|[Ww]ork|[Ee]ngagement|[Rr]epresentation)\s+(?:is|are|will\s+be)\s+limited\s+to|(?:will|shall)\s+(?:also\s+)?(?:be\s+responsible\s+for|consist\s+of|{SCOPE_VERBS})|(?:provides|represents|advises|promotes)|agreed\s+to\s+{SCOPE_VERBS}|(?:retain(?:ed|s)?|engag(?:ed|es)|asked|hired|commissioned|instructed)\b(?:[^.;]|\.\S|\.\s+[A-Z]\.){{0,120}}?\bto\s+(?:\([ivx\d]+\)\s*|\([a-z]\)\s*)?{SCOPE_VERBS})\b|\b(?:(?:will|shall)(?:\s+(?:also\s+)?(?:provide|perform|render)(?:\s+the\s+following(?:\s+services)?)?)?\s*:|following\s+services\s*:|as\s+follows\s*:)"
    ))
});
/// The registrant as the subject of "will"/"shall", and the verb.
static REGISTRANT_WILL: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:[Ww]e|(?:[Tt]he\s+)?(?:Firm|Consultant|Agency|Registrant|Contractor|Adviser|Advisor|Counsel))\s+(?:will|shall)\s+(?:also\s+)?([a-z]+)\b",
    )
});
/// Verbs of the paperwork around an engagement, not of its work.
const ADMIN_VERBS: &[&str] = &[
    "be", "bill", "invoice", "send", "submit", "keep", "comply", "notify", "charge", "require",
    "need", "have", "treat", "file", "register", "retain", "pay", "receive", "not", "sign",
    "return", "look", "continue", "remain", "use",
];

/// A sentence that says what the registrant will not do: "we will provide no legal advice",
/// "will not include lobbying", "does not include litigation".
static NEGATED: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:will|shall|does|do|is|are|would|may)\s+not\b|\b(?:won't|doesn't|don't|cannot)\b|\b(?:provide|include|give|render|offer|undertake)s?\s+no\b|\bno\s+(?:legal\s+)?(?:advice|lobbying|services)\b|\bexclud(?:es?|ing)\b",
    )
});
/// A trailing item number cut from the next item: "... social media. 2."
static TRAILING_ITEM: LazyLock<Regex> = LazyLock::new(|| regex(r"\s+\d{1,2}\.$"));

/// Where the paragraph starting at `from` ends: a blank line, a page break (unless the
/// sentence runs on over it), or the next numbered item at a line start. A line ending in ':'
/// ("In this engagement, we will:", "the following services:") leads into a list, which is
/// part of the paragraph up to the next blank line.
fn paragraph_end(rest: &str) -> usize {
    let b = rest.as_bytes();
    let mut in_list = false;
    let mut i = 0;
    while i < b.len() {
        if b[i] == 0x0c || is_break(b, i) {
            let into_list = !in_list && rest[..i].trim_end().ends_with(':');
            if !runs_on_over_page(rest, i) && !into_list {
                return i;
            }
            in_list |= into_list;
            // Skip the break and go on with the sentence (or the list) after it.
            i += rest[i..].len() - rest[i..].trim_start().len();
            continue;
        }
        if b[i] == b'\n' {
            // The next numbered item ("9. Compensation"), unless it is an item of a list.
            let next = rest[i + 1..].trim_start_matches([' ', '\t']);
            let digits = next.bytes().take_while(|c| c.is_ascii_digit()).count();
            if digits > 0 && digits < 3 && next[digits..].starts_with(". ") {
                in_list |= rest[..i].trim_end().ends_with(':');
                if !in_list {
                    return i;
                }
            }
        }
        i += 1;
    }
    b.len()
}

/// `from`, moved past the sentences at its start that say what is not done ("Services do not
/// include legal advice or lobbying. Services include ...").
fn skip_negated(text: &str, mut from: usize) -> usize {
    let b = text.as_bytes();
    loop {
        let end = (from..b.len())
            .take_while(|&i| !is_break(b, i))
            .find(|&i| ends_sentence(b, i));
        match end {
            Some(e) if NEGATED.is_match(&text[from..e]) => from = skip_space(text, e + 1),
            _ => return from,
        }
    }
}

/// Whether the break at `i` is a page break inside a sentence: one form feed, no blank line on
/// this page before it, and the sentence before it unfinished ("including\n\u{c}drafting").
fn runs_on_over_page(rest: &str, i: usize) -> bool {
    let gap_end = i + (rest[i..].len() - rest[i..].trim_start().len());
    let gap = &rest[i..gap_end];
    let before = rest[..i].trim_end();
    gap.matches('\u{c}').count() == 1
        && !gap.split('\u{c}').next().unwrap_or("").contains("\n\n")
        && !before.ends_with(['.', ':', ';', '?', '!'])
        && !before.is_empty()
        && rest[gap_end..].starts_with(|c: char| c.is_lowercase())
}

/// The paragraph that starts at `from` (after any disclaimer, see [`skip_negated`]): up to
/// [`paragraph_end`], stopping before a sentence about money or the term or one that says
/// what is not done, at most [`SCOPE_MAX_CHARS`]
/// characters (cut at a word).
fn paragraph_from(text: &str, from: usize) -> Option<(String, usize, usize)> {
    let from = skip_negated(text, from);
    let rest = &text[from..];
    let b = rest.as_bytes();
    let mut end = paragraph_end(rest);
    // A paragraph that goes on to the fee or the term ("... communications counsel. The term
    // of this agreement is three months, for a fee of $90,000.") stops before it.
    let mut j = 0;
    while j < end {
        if ends_sentence(b, j) {
            let next_end = (j + 1..end).find(|&k| ends_sentence(b, k)).unwrap_or(end);
            let next = &rest[j + 1..next_end];
            if MONEY.is_match(next)
                || FEE_WORD.is_match(next)
                || TERM_NOUN.is_match(next)
                || NEGATED.is_match(next)
            {
                end = j + 1;
                break;
            }
            j = next_end;
        } else {
            j += 1;
        }
    }
    let mut para = collapse(&rest[..end].replace('\u{c}', " "));
    if para.chars().count() > SCOPE_MAX_CHARS {
        let cut: String = para.chars().take(SCOPE_MAX_CHARS).collect();
        para = match cut.rfind(' ') {
            Some(i) => cut[..i].to_string(),
            None => cut,
        };
    }
    let para = TRAILING_ITEM.replace(&para, "").into_owned();
    (para.split_whitespace().count() >= 4).then_some((para, from, from + end))
}

/// Finds the scope: the answer to the form's question, else the section under a scope
/// heading, else the paragraph of the first sentence saying what the registrant will do that
/// is not a disclaimer ("we will provide no legal advice on ..." is not scope).
pub(super) fn find_scope(text: &str) -> Option<Scope> {
    let make = |(para, s, e): (String, usize, usize), confidence: f64| Scope {
        evidence: Evidence {
            page: page_at(text, s),
            snippet: collapse(&text[s..e].replace('\u{c}', " ")),
        },
        text: para,
        confidence,
    };
    if let Some(p) = scope_after_question(text) {
        return Some(make(p, 0.9));
    }
    for m in SCOPE_HEADING.find_iter(text) {
        let from = skip_space(text, m.end());
        let labelled = m.as_str().trim_end().ends_with(['.', ':']) || m.as_str().ends_with('\n');
        let p = if labelled {
            paragraph_from(text, from)
        } else {
            table_value(text, m.start(), from)
        };
        if let Some(p) = p {
            return Some(make(p, 0.8));
        }
    }
    for m in SCOPE_SENTENCE.find_iter(text) {
        let s = skip_space(text, scope_sentence_start(text, m.start()));
        let negated = NEGATED.is_match(&text[s..ceil_boundary(text, m.end() + 4)]);
        if negated {
            continue;
        }
        if let Some(p) = paragraph_from(text, s) {
            return Some(make(p, 0.6));
        }
    }
    scope_from_registrant_will(text).map(|p| make(p, 0.4))
}

/// The last resort: the first sentence in which the registrant ("we", "the Firm", "Agency",
/// "Registrant") will do something that is not about money, the term, reporting to DOJ or
/// not doing something ("Agency shall furnish Client with media relations").
fn scope_from_registrant_will(text: &str) -> Option<(String, usize, usize)> {
    for c in REGISTRANT_WILL.captures_iter(text) {
        let whole = c.get(0).expect("match");
        if ADMIN_VERBS.contains(&&c[1]) {
            continue;
        }
        let s = skip_space(text, scope_sentence_start(text, whole.start()));
        let (_, e) = sentence(text, whole.start(), whole.end(), 300);
        let said = &text[s..e.max(s)];
        if NEGATED.is_match(said)
            || MONEY.is_match(said)
            || FEE_WORD.is_match(said)
            || TERM_NOUN.is_match(said)
        {
            continue;
        }
        if let Some(p) = paragraph_from(text, s) {
            return Some(p);
        }
    }
    None
}

/// The value of a label/value table row ("Services        Government relations in Washington,
/// including meetings with\n                congressional offices"): the rest of the line and
/// the indented lines under it. Only for a label that starts its line and a value that is not
/// a title in capitals ("SERVICES     AGREEMENT").
fn table_value(text: &str, label_at: usize, from: usize) -> Option<(String, usize, usize)> {
    let line_start = text[..label_at].rfind('\n').map_or(0, |i| i + 1);
    let first_word = text[from..].split_whitespace().next().unwrap_or("");
    if !text[line_start..label_at].trim().is_empty()
        || text[label_at..from]
            .trim_start()
            .starts_with(['.', ':', ';', ')'])
        || first_word
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
    {
        return None;
    }
    let mut end = text[from..].find('\n').map_or(text.len(), |i| from + i);
    while end < text.len() {
        let next = text[end + 1..].split('\n').next().unwrap_or("");
        if next.trim().is_empty() || !next.starts_with([' ', '\t']) {
            break;
        }
        end += 1 + next.len();
    }
    let para = collapse(&text[from..end]);
    (para.split_whitespace().count() >= 4).then_some((para, from, end))
}

fn skip_space(text: &str, from: usize) -> usize {
    from + (text[from..].len() - text[from..].trim_start().len())
}

/// The answer to the form's question, which ends at its first sentence end, ':' or '?' (the
/// answer may follow on the same line: "... agreement or understanding. Registrant will").
fn scope_after_question(text: &str) -> Option<(String, usize, usize)> {
    let m = SCOPE_QUESTION.find(text)?;
    let b = text.as_bytes();
    let mut i = m.end();
    while i < b.len() && !(matches!(b[i], b':' | b'?') || ends_sentence(b, i)) {
        i += 1;
    }
    let from = skip_space(text, (i + 1).min(text.len()));
    paragraph_from(text, from)
}

/// Where the sentence holding byte `at` starts: after the previous sentence end, ':' (a label:
/// "EXHIBIT B: The registrant will provide"), blank line or page break; at most 400 bytes back.
fn scope_sentence_start(text: &str, at: usize) -> usize {
    let b = text.as_bytes();
    let lo = at.saturating_sub(400);
    let mut i = at;
    while i > lo {
        i -= 1;
        if b[i] == b':' || b[i] == 0x0c || ends_sentence(b, i) || (b[i] == b'\n' && is_break(b, i))
        {
            return ceil_boundary(text, i + 1);
        }
    }
    ceil_boundary(text, lo)
}
