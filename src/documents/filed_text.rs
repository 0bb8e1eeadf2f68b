//! The text of a filed document made fit for reading fields out of it: what a reader skips
//! without noticing is removed or undone, and nothing else changes.
//!
//! For: the text `documents::text` (or OCR) returned for a FARA filing, before [`crate::documents::agreement`]
//! reads it. Pure, no I/O. Not for: display (the stored `documents.text` is kept as read).
//!
//! What [`readable`] does, each because real filings needed it:
//! - drops DOJ's stamp lines ("Received by NSD/FARA Registration Unit 06/03/2021 11:02:45 AM",
//!   on every page of every filing since about 2010) and page furniture ("Page 2 of 4", "- 3 -",
//!   "Firm LLP | 55 Water Street | Page 2", the form's "FORM NSD-3   Page 2 of 3" and "Revised
//!   05/2024"), so a paragraph that runs over a page reads on;
//! - joins a word hyphenated over a line end ("litiga-\ntion"), as pdftotext leaves it;
//! - undoes OCR confusions ("indude" for include, "rn" for m, "I", "1" or "|" for l, "0" for
//!   o, "b" for h as in "tbe", "ri" for n) in the few words the extractor looks for (a fixed vocabulary); other words are
//!   left as scanned, so a name or a quote is never "corrected" into something the filing does
//!   not say. A year scanned with a letter O ("2O14") reads as digits.
//!
//! Form feeds (page breaks) are kept, so evidence can still name its page.

use std::sync::LazyLock;

use regex::Regex;

/// DOJ's receipt stamp, the form's own footer ("FORM NSD-3      Page 2 of 3", "Revised
/// 05/2024", "Formerly CRM-155"), and page numbers alone or after a footer separator.
static FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^[ \t]*(?:received\s+by\s+nsd\s*/\s*fara\s+registration\s+unit\b.*|(?:form[ \t]+nsd-\d{1,2}|formerly[ \t]+crm-\d{1,4})(?:[ \t]+(?:page[ \t]+\d{1,3}(?:[ \t]*(?:of|/)[ \t]*\d{1,3})?|form[ \t]+nsd-\d{1,2}|revised[ \t]+\d{1,2}/\d{2,4}))*|revised[ \t]+\d{1,2}/\d{2,4}|-[ \t]*\d{1,3}[ \t]*-|page[ \t]+\d{1,3}(?:[ \t]*(?:of|/)[ \t]*\d{1,3})?|.{0,120}[|·–—-][ \t]*page[ \t]+\d{1,3}(?:[ \t]+of[ \t]+\d{1,3})?)[ \t]*$",
    )
    .expect("static pattern")
});

/// A lower-case word broken by a hyphen at a line end, continued in lower case.
static HYPHENATED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([a-z])-[ \t]*\n[ \t]*([a-z])").expect("static pattern"));

static WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[A-Za-z0-9|]+").expect("static pattern"));

/// The words OCR damage is undone in: those the agreement extractor's patterns rely on.
const VOCABULARY: &[&str] = &[
    "activities",
    "advice",
    "advise",
    "agreement",
    "annual",
    "asked",
    "assist",
    "beginning",
    "client",
    "commencing",
    "communications",
    "compensation",
    "confirm",
    "confirms",
    "consultant",
    "consulting",
    "describe",
    "effective",
    "ending",
    "engaged",
    "engagement",
    "engages",
    "fee",
    "fees",
    "foreign",
    "fully",
    "government",
    "hour",
    "hourly",
    "include",
    "includes",
    "including",
    "legal",
    "lobbying",
    "materials",
    "media",
    "method",
    "month",
    "monthly",
    "months",
    "name",
    "nature",
    "official",
    "officials",
    "performance",
    "period",
    "political",
    "principal",
    "provide",
    "public",
    "registrant",
    "relations",
    "represent",
    "retained",
    "retainer",
    "scope",
    "services",
    "shall",
    "term",
    "the",
    "this",
    "through",
    "two",
    "understanding",
    "until",
    "will",
    "with",
    "work",
    "year",
    "years",
];

/// OCR's usual misreadings, as (what was scanned, what was printed).
const CONFUSIONS: &[(&str, &str)] = &[
    ("rn", "m"),
    ("ri", "n"),
    ("d", "cl"),
    ("I", "l"),
    ("1", "l"),
    ("l", "i"),
    ("i", "l"),
    ("0", "o"),
    ("|", "l"),
    ("vv", "w"),
    ("b", "h"),
];

/// The text with stamps and page furniture dropped, hyphenated words joined and OCR damage in
/// the extractor's vocabulary undone; line breaks and form feeds otherwise as they were.
pub fn readable(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let mut kept = String::with_capacity(text.len());
    for (i, page) in text.split('\u{c}').enumerate() {
        if i > 0 {
            kept.push('\u{c}');
        }
        let lines: Vec<&str> = page
            .split('\n')
            .filter(|l| !FURNITURE.is_match(l))
            .collect();
        kept.push_str(&lines.join("\n"));
    }
    let joined = HYPHENATED.replace_all(&kept, "$1$2");
    WORD.replace_all(&joined, |c: &regex::Captures| repaired(&c[0]))
        .into_owned()
}

/// `word`, or the vocabulary word it is an OCR misreading of.
fn repaired(word: &str) -> String {
    // A year scanned with a letter O for a zero ("2O14").
    if word.len() == 4
        && word.starts_with(['1', '2'])
        && word.contains(['O', 'o'])
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || c == 'O' || c == 'o')
    {
        return word.replace(['O', 'o'], "0");
    }
    let lower = word.to_lowercase();
    if word.len() < 3 || VOCABULARY.contains(&lower.as_str()) {
        return word.to_string();
    }
    for (scanned, printed) in CONFUSIONS {
        let mut candidates = Vec::new();
        for base in [word, lower.as_str()] {
            if !base.contains(scanned) {
                continue;
            }
            candidates.push(base.replace(scanned, printed));
            for (at, _) in base.match_indices(scanned) {
                candidates.push(format!(
                    "{}{printed}{}",
                    &base[..at],
                    &base[at + scanned.len()..]
                ));
            }
        }
        for candidate in candidates {
            let lower = candidate.to_lowercase();
            if VOCABULARY.contains(&lower.as_str()) {
                return in_case_of(word, &lower);
            }
        }
    }
    word.to_string()
}

/// `fixed` in the case pattern of `original`: all capitals, capitalised, or lower case.
fn in_case_of(original: &str, fixed: &str) -> String {
    let letters: Vec<char> = original.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return fixed.to_uppercase();
    }
    if original.chars().next().is_some_and(char::is_uppercase) {
        let mut c = fixed.chars();
        return c
            .next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default();
    }
    fixed.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_and_page_numbers_are_dropped_and_pages_kept() {
        let text = "including\n\u{c}Received by NSD/FARA Registration Unit 09/14/2023 2:11:05 PM\nNorthgable Strategies LLC - Page 2\ndrafting\nPage 3 of 4\n- 4 -\nsee page 2 of the letter";
        assert_eq!(
            readable(text),
            "including\n\u{c}drafting\nsee page 2 of the letter"
        );
    }

    #[test]
    fn the_forms_own_footer_is_dropped() {
        // Found by a blind batch (363): an Exhibit AB whose items 15 and 16 were left blank
        // had the footer under them read as the scope.
        let text = "16. Describe fully the activities\n\nFORM NSD-3          Page 2 of 3\nRevised 05/2024\n      Formerly CRM-155  FORM NSD-4\nFORM NSD-3 describes the form";
        assert_eq!(
            readable(text),
            "16. Describe fully the activities\n\nFORM NSD-3 describes the form"
        );
    }

    #[test]
    fn hyphenated_words_are_joined() {
        assert_eq!(readable("will re-\n  ceive a fee"), "will receive a fee");
        assert_eq!(readable("U.S.-\nBased"), "U.S.-\nBased");
    }

    #[test]
    fn ocr_damage_is_undone_only_in_the_vocabulary() {
        assert_eq!(
            readable(
                "Services will indude monitoring; wiil pro-\nvide; Narne of Foreign Principal"
            ),
            "Services will include monitoring; will provide; Name of Foreign Principal"
        );
        assert_eq!(
            readable("$9,500 per rnonth. Scope ofWork"),
            "$9,500 per month. Scope ofWork"
        );
        assert_eq!(readable("AGREERNENT"), "AGREEMENT");
        assert_eq!(
            readable("September 15, 2O14, endirig"),
            "September 15, 2014, ending"
        );
        assert_eq!(readable("Tbis is tbe fee, witb"), "This is the fee, with");
        // Names and other words stay as scanned.
        assert_eq!(
            readable("Bern, rneetings, Ashcornbe"),
            "Bern, rneetings, Ashcornbe"
        );
    }
}
