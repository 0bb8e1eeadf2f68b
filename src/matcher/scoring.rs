//! Scoring: how alike two names are, and the evidence (name, time, country) that adds up to a
//! link's score. Each feature adds its weight and is one entry of the link's `evidence`.
//!
//! For: name similarity over the index's token weights, registration periods against a
//! takedown's date, the time and country evidence, and a link's score. Not for: finding the
//! names to compare ([`super::blocking`]) or deciding which links a takedown proposes
//! ([`super::proposals`]).

use jiff::civil::Date;

use crate::text::fingerprint::Fingerprint;

use super::blocking::NameIndex;
use super::inputs::{Principal, Registrant, Takedown};
use super::outcome::{Evidence, Link, LinkKind};

/// Links at or above this score are listed by default (`links --min-score` changes it).
pub const DEFAULT_MIN_SCORE: f64 = 0.5;

/// The name feature's weight for an attribution link with identical names.
pub const NAME_WEIGHT: f64 = 0.6;
/// The name feature's weight for a principal link with identical names: less than a firm's own
/// name, because a client named in a takedown says less about the firm. Without a time overlap
/// a principal link stays under [`DEFAULT_MIN_SCORE`].
pub const PRINCIPAL_NAME_WEIGHT: f64 = 0.35;
/// An initials match: a lead for review, far under the default threshold on its own.
pub const INITIALS_WEIGHT: f64 = 0.2;
/// Names must be at least this similar (0..1) to count as the same name.
pub const MIN_NAME_SIMILARITY: f64 = 0.85;
/// Days around a registration period that still count as "within a year".
const YEAR_DAYS: i64 = 366;

/// Token-aligned similarity of two fingerprints, 0..1.
///
/// Each token of `a` is aligned with an equal token of `b` (or one a single edit away, for
/// words of six letters or more, at 0.9); the score is the weighted Dice coefficient of the
/// aligned tokens, weighted by `index`'s token weights. Names whose numbers differ ("Studio 5"
/// / "Studio 7") score 0.
pub(super) fn similarity(index: &NameIndex, a: &Fingerprint, b: &Fingerprint) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if !numbers(a).eq(numbers(b)) {
        return 0.0;
    }
    let total = |f: &Fingerprint| -> f64 {
        f.tokens
            .iter()
            .map(|t| index.weight(&t.text, t.is_legal_form))
            .sum()
    };
    let (wa, wb) = (total(a), total(b));
    let mut used = vec![false; b.tokens.len()];
    let mut matched = 0.0;
    for ta in &a.tokens {
        let mut best: Option<(usize, f64)> = None;
        for (j, tb) in b.tokens.iter().enumerate() {
            if used[j] || ta.is_legal_form != tb.is_legal_form {
                continue;
            }
            let m = if ta.text == tb.text {
                1.0
            } else if ta.text.len() >= 6
                && tb.text.len() >= 6
                && within_one_edit(&ta.text, &tb.text)
            {
                0.9
            } else {
                0.0
            };
            if m > 0.0 && best.is_none_or(|(_, bm)| m > bm) {
                best = Some((j, m));
            }
        }
        if let Some((j, m)) = best {
            used[j] = true;
            let w = index
                .weight(&ta.text, ta.is_legal_form)
                .min(index.weight(&b.tokens[j].text, b.tokens[j].is_legal_form));
            matched += w * m;
        }
    }
    (2.0 * matched / (wa + wb)).clamp(0.0, 1.0)
}

/// The number tokens of a name, in order ("Studio 5" → "5").
fn numbers(f: &Fingerprint) -> impl Iterator<Item = &str> {
    f.tokens
        .iter()
        .filter(|t| t.text.bytes().all(|c| c.is_ascii_digit()))
        .map(|t| t.text.as_str())
}

/// True when `a` and `b` differ by at most one insertion, deletion or substitution.
fn within_one_edit(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        short[prefix + 1..] == long[prefix + 1..]
    } else {
        short[prefix..] == long[prefix + 1..]
    }
}

/// A period with open ends filled: from registration to termination (or today).
#[derive(Debug, Clone, Copy)]
pub(super) struct Period {
    start: Option<Date>,
    end: Option<Date>,
    /// No termination filed: `end` is today, and the evidence says "since", not "to <today>"
    /// (which would also change the evidence, and so the link, every day).
    open: bool,
}

/// How a takedown's date sits against a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Overlap {
    /// The takedown was announced within the period.
    Active,
    /// Within [`YEAR_DAYS`] of the period.
    WithinAYear,
    /// Further away, or the period is unknown.
    None,
}

impl Period {
    /// A registration's period: from registration to termination, or to `today`.
    pub(super) fn of_registrant(r: &Registrant, today: Option<Date>) -> Period {
        Period {
            start: r.registration_date,
            end: r.termination_date.or(today),
            open: r.termination_date.is_none(),
        }
    }

    /// A principal's period on its registration.
    pub(super) fn of_principal(p: &Principal, today: Option<Date>) -> Period {
        Period {
            start: p.registration_date,
            end: p.termination_date.or(today),
            open: p.termination_date.is_none(),
        }
    }

    /// How `day` sits against the period.
    fn overlap(&self, day: Date) -> Overlap {
        let (Some(start), Some(end)) = (self.start, self.end) else {
            return Overlap::None;
        };
        if start <= day && day <= end {
            return Overlap::Active;
        }
        let gap = if day < start {
            (start - day).get_days()
        } else {
            (day - end).get_days()
        };
        let gap = i64::from(gap.abs());
        // Spans are in days here: `Date - Date` gives days only.
        if gap <= YEAR_DAYS {
            Overlap::WithinAYear
        } else {
            Overlap::None
        }
    }

    /// `2019-12-11 to 2020-03-01`, or `since 2017-04-28` for an open period.
    fn describe(&self) -> String {
        let d = |x: Option<Date>| x.map_or("?".to_string(), |d| d.to_string());
        if self.open {
            format!("since {}", d(self.start))
        } else {
            format!("{} to {}", d(self.start), d(self.end))
        }
    }
}

/// Where a country code sits in a takedown: among its targets, else among its origins.
pub(super) fn place(t: &Takedown, code: &str) -> &'static str {
    if t.target_countries.iter().any(|c| c == code) {
        "among the takedown's targets"
    } else {
        "among the takedown's origin countries"
    }
}

/// Time and country evidence for a firm's own link (attribution): its registration's period,
/// and the best of its `principals` whose country is among the takedown's `countries`.
pub(super) fn firm_time_and_country<'a>(
    t: &Takedown,
    period: Period,
    registration_number: i64,
    principals: impl Iterator<Item = &'a Principal>,
    countries: &[&str],
    today: Option<Date>,
    ev: &mut Vec<Evidence>,
) {
    let Some(day) = t.announced_on else { return };
    let overlap = period.overlap(day);
    if overlap != Overlap::None {
        ev.push(time_evidence(
            overlap,
            &format!(
                "registration {registration_number} period {}",
                period.describe()
            ),
            day,
            0.25,
            0.2,
        ));
    }
    // The best principal of this registration whose country is among the takedown's.
    let mut best: Option<(f64, Evidence)> = None;
    for p in principals {
        let Some(code) = p.country_code.as_deref() else {
            continue;
        };
        if !countries.contains(&code) {
            continue;
        }
        let pp = Period::of_principal(p, today);
        let place = place(t, code);
        let (w, when) = match pp.overlap(day) {
            Overlap::None => (0.05, "not around the takedown's date"),
            _ => (0.15, "around the takedown's date"),
        };
        if best.as_ref().is_none_or(|(bw, _)| w > *bw) {
            best = Some((
                w,
                Evidence {
                    feature: "country".into(),
                    detail: format!(
                        "principal \"{}\" ({code}, registered {}, {when}) is {place}",
                        p.name,
                        pp.describe()
                    ),
                    weight: w,
                },
            ));
        }
    }
    if let Some((_, e)) = best {
        ev.push(e);
    }
}

/// Time and country evidence for a principal link.
pub(super) fn principal_time_and_country(
    t: &Takedown,
    p: &Principal,
    period: Period,
    countries: &[&str],
    ev: &mut Vec<Evidence>,
) {
    if let Some(day) = t.announced_on {
        let overlap = period.overlap(day);
        if overlap != Overlap::None {
            ev.push(time_evidence(
                overlap,
                &format!("principal registered {}", period.describe()),
                day,
                0.35,
                0.25,
            ));
        }
    }
    if let Some(code) = p.country_code.as_deref()
        && countries.contains(&code)
    {
        ev.push(Evidence {
            feature: "country".into(),
            detail: format!("principal represents {code}, {}", place(t, code)),
            weight: 0.1,
        });
    }
}

/// The `time` evidence: `active` weight when the takedown fell in the period, `near` within a
/// year of it.
fn time_evidence(overlap: Overlap, what: &str, day: Date, active: f64, near: f64) -> Evidence {
    match overlap {
        Overlap::Active => Evidence {
            feature: "time".into(),
            detail: format!("{what}; active when the takedown was announced on {day}"),
            weight: active,
        },
        _ => Evidence {
            feature: "time".into(),
            detail: format!("{what}; within a year of the takedown announced on {day}"),
            weight: near,
        },
    }
}

/// A link whose score is the sum of its evidence weights, at most 1.
pub(super) fn make_link(
    registration_number: i64,
    principal: Option<&Principal>,
    t: &Takedown,
    kind: LinkKind,
    evidence: Vec<Evidence>,
) -> Link {
    let score = round(evidence.iter().map(|e| e.weight).sum::<f64>().min(1.0));
    Link {
        registration_number,
        foreign_principal: principal.map(|p| p.name.clone()),
        foreign_principal_id: principal.map(|p| p.id),
        takedown_id: t.takedown_id.clone(),
        kind,
        score,
        evidence,
    }
}

/// Rounded to three decimals, so that a re-match compares scores exactly.
pub(super) fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// True when `token` (lowercase) is written in capitals as a whole word in `raw` ("CLS").
pub(super) fn is_written_as_acronym(raw: &str, token: &str) -> bool {
    raw.split(|c: char| !c.is_alphanumeric()).any(|w| {
        w.len() == token.len()
            && w.eq_ignore_ascii_case(token)
            && w.chars().all(|c| c.is_ascii_uppercase())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit() {
        assert!(within_one_edit("strategies", "strategis"));
        assert!(within_one_edit("strategies", "strategiez"));
        assert!(!within_one_edit("strategies", "strategy"));
    }

    #[test]
    fn acronyms_are_written_in_capitals() {
        assert!(is_written_as_acronym("CLS Strategies", "cls"));
        assert!(!is_written_as_acronym("Cls Strategies", "cls"));
        assert!(!is_written_as_acronym("New Waves", "new"));
    }
}
