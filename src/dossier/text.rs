//! The wording every format of a dossier shares: periods, fees and terms as a reader says
//! them, and why a section is empty (with the command that fills it).
//!
//! For: text every format says the same way (terminal, Markdown, the web page). Not for:
//! layout or escaping, which each format does its own way.

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

/// An agreement's term as a reader says it: "2019-12-11 to 2020-03-01 (3 months)",
/// "from 2019-12-11, 3 months", "3 months" (a length with no dates read), "until 2020-03-01",
/// or "—" when nothing is known. Never "— to —".
pub(super) fn term_text(a: &Agreement) -> String {
    let months = a.term_months.map(|m| {
        if m == 1.0 {
            "1 month".to_string()
        } else {
            format!("{m} months")
        }
    });
    match (&a.term_start, &a.term_end, months) {
        (None, None, None) => "—".into(),
        (None, None, Some(m)) => m,
        (Some(s), Some(e), None) => format!("{s} to {e}"),
        (Some(s), Some(e), Some(m)) => format!("{s} to {e} ({m})"),
        (Some(s), None, None) => format!("from {s}"),
        (Some(s), None, Some(m)) => format!("from {s}, {m}"),
        (None, Some(e), None) => format!("until {e}"),
        (None, Some(e), Some(m)) => format!("until {e} ({m})"),
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
    fn a_term_reads_as_a_reader_says_it() {
        let t = |s: Option<&str>, e: Option<&str>, m: Option<f64>| {
            term_text(&Agreement {
                term_start: s.map(String::from),
                term_end: e.map(String::from),
                term_months: m,
                ..Agreement::default()
            })
        };
        assert_eq!(t(None, None, Some(3.0)), "3 months");
        assert_eq!(t(None, None, Some(1.0)), "1 month");
        assert_eq!(
            t(Some("2019-12-11"), None, Some(3.0)),
            "from 2019-12-11, 3 months"
        );
        assert_eq!(
            t(Some("2019-12-11"), Some("2020-03-01"), Some(3.0)),
            "2019-12-11 to 2020-03-01 (3 months)"
        );
        assert_eq!(t(None, Some("2020-03-01"), None), "until 2020-03-01");
        assert_eq!(t(None, None, None), "—");
    }

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
