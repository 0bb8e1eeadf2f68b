//! The wording every format of a dossier shares: periods, fees and terms as a reader says
//! them, and why a section is empty (with the command that fills it).
//!
//! For: text every format says the same way (terminal, Markdown, the web page). Not for:
//! layout or escaping, which each format does its own way.

use std::fmt::Write as _;

use super::{Agreement, Dossier};

/// The text, or "—" where there is none (or it is empty).
pub(super) fn or_dash(v: &Option<String>) -> String {
    v.as_deref()
        .filter(|s| !s.is_empty())
        .unwrap_or("—")
        .to_string()
}

/// Scraped text on one line (DOJ's names hold line breaks and runs of spaces).
pub(super) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An agreement's fee as a reader says it: "USD 90,000", "USD 15,000 per month".
pub(super) fn fee_text(a: &Agreement) -> String {
    match a.fee_amount {
        None => "—".into(),
        Some(f) => {
            let amount = if f.fract() == 0.0 {
                group_thousands(f as i64)
            } else {
                format!("{f:.2}")
            };
            let period = match a.fee_period.as_deref() {
                Some("total") | None => String::new(),
                Some(p) => format!(" per {p}"),
            };
            format!(
                "{} {amount}{period}",
                a.fee_currency.as_deref().unwrap_or("")
            )
            .trim()
            .to_string()
        }
    }
}

/// A whole amount with its thousands grouped: "1,500,000", "-950".
pub(super) fn group_thousands(n: i64) -> String {
    let grouped = crate::text::money::thousands(n.unsigned_abs());
    if n < 0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

/// An agreement's term: "2019-12-11 to — (3 months)", or "—" when nothing is known.
pub(super) fn term_text(a: &Agreement) -> String {
    match (&a.term_start, &a.term_end, a.term_months) {
        (None, None, None) => "—".into(),
        (s, e, m) => {
            let mut t = format!("{} to {}", or_dash(s), or_dash(e));
            if let Some(m) = m {
                let _ = write!(t, " ({m} months)");
            }
            t
        }
    }
}

/// A period as a reader says it: "2019-12-11 – 2020-03-01", "since 2017-04-28" while nothing
/// ends it (not "to today"), and an end DOJ filed before the start shown as filed, flagged.
pub fn period(from: &Option<String>, to: &Option<String>) -> String {
    match (
        from.as_deref().filter(|s| !s.is_empty()),
        to.as_deref().filter(|s| !s.is_empty()),
    ) {
        (None, None) => "—".into(),
        (Some(f), None) => format!("since {f}"),
        (None, Some(t)) => format!("— – {t}"),
        (Some(f), Some(t)) if t < f => {
            format!("{f} – {t} (as DOJ filed it: the end is before the start)")
        }
        (Some(f), Some(t)) => format!("{f} – {t}"),
    }
}

/// The parts of a dossier that can be empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// The firm's other registrations.
    Related,
    /// Its foreign principals.
    Principals,
    /// The agreements read from its Exhibits AB.
    Agreements,
    /// The takedowns linked to it.
    Takedowns,
    /// Its filings.
    Documents,
}

/// Documents downloaded (whether or not their text could be read).
fn fetched(d: &Dossier) -> usize {
    d.documents
        .iter()
        .filter(|x| matches!(x.status.as_str(), "fetched" | "needs_ocr"))
        .count()
}

/// Why a section is empty, or (for documents) why none of them was read yet: every format
/// says the same, with the command that fills it. None when there is nothing to explain.
pub fn empty_note(d: &Dossier, section: Section) -> Option<String> {
    let n = d.registrant.registration_number;
    let fetch =
        format!("no documents fetched yet: run `faralink sync --only documents --registrant {n}`");
    let list =
        "no documents listed yet: DOJ's list of filings comes with `faralink sync --only fara`";
    match section {
        Section::Related => d.related_registrations.is_empty().then(|| {
            "none found: no other registration under this name or its former, trade or business names".into()
        }),
        Section::Principals => d.foreign_principals.is_empty().then(|| {
            "none: DOJ's foreign principals file lists none for this registration".into()
        }),
        Section::Agreements => d.agreements.is_empty().then(|| {
            if d.documents.is_empty() {
                list.to_string()
            } else if fetched(d) == 0 {
                fetch.clone()
            } else if !d
                .documents
                .iter()
                .any(|x| x.document_type.as_deref() == Some("Exhibit AB"))
            {
                format!(
                    "none: no Exhibit AB among the {} documents listed",
                    d.documents.len()
                )
            } else {
                "none read: no fee, term or scope was found in the Exhibit AB text (see the PDFs under Documents)".into()
            }
        }),
        Section::Takedowns => d.takedowns.is_empty().then(|| {
            if d.unlisted_links > 0 {
                format!(
                    "no link at or above score {}; {} weaker {} not leads (`faralink links --registrant {n} --min-score 0` lists {})",
                    d.min_score,
                    d.unlisted_links,
                    if d.unlisted_links == 1 { "link is" } else { "links are" },
                    if d.unlisted_links == 1 { "it" } else { "them" },
                )
            } else {
                "none: no takedown in the database names this firm or one of its principals".into()
            }
        }),
        Section::Documents => {
            if d.documents.is_empty() {
                Some(list.to_string())
            } else if fetched(d) == 0 {
                Some(fetch)
            } else {
                None
            }
        }
    }
}

/// "not reviewed" for a link nobody judged.
pub(super) fn verdict_text(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("not reviewed")
}

/// Wraps `text` at word boundaries to lines of at most `width` characters; a word longer
/// than a line (a URL) gets a line of its own, whole.
pub(super) fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for w in text.split_whitespace() {
        let n = w.chars().count();
        if line > 0 && line + 1 + n > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(w);
        line += n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(group_thousands(1_500_000), "1,500,000");
        assert_eq!(group_thousands(950), "950");
    }

    #[test]
    fn periods_read_since_and_flag_an_end_before_the_start() {
        let s = |x: &str| Some(x.to_string());
        assert_eq!(period(&s("2017-04-28"), &None), "since 2017-04-28");
        assert_eq!(
            period(&s("2019-12-11"), &s("2020-03-01")),
            "2019-12-11 – 2020-03-01"
        );
        // European Centre For a Modern Ukraine, as DOJ filed it for Mercury (6170).
        assert_eq!(
            period(&s("2017-04-28"), &s("2014-05-08")),
            "2017-04-28 – 2014-05-08 (as DOJ filed it: the end is before the start)"
        );
    }
}
