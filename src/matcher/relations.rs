//! Relations between registrations: the registrations of one firm ([`super::firms`]), and
//! predecessors proposed by initials ("Chlopak, Leonard, Schechter & Associates" for "CLS
//! Strategies"), which need a person's review.
//!
//! For: the `registrant_relations` a match run proposes, both directions, the strongest reason
//! per pair. Not for: links to takedowns ([`super::proposals`]).

use super::blocking::{HashMap, Initials, NameIndex, Owner};
use super::firms;
use super::inputs::Inputs;
use super::outcome::Relation;
use super::scoring::is_written_as_acronym;

/// Registrations of the same firm ([`firms`]: the same name, former, trade and business names,
/// extended names, and every registration linked through those), and proposed predecessors by
/// initials. Both directions.
pub(super) fn relations(inputs: &Inputs, index: &NameIndex, initials: &Initials) -> Vec<Relation> {
    let mut out: HashMap<(i64, i64), Relation> = HashMap::default();
    let mut add = |a: i64, b: i64, kind: &'static str, reason: String, score: f64| {
        if a == b {
            return;
        }
        for (x, y) in [(a, b), (b, a)] {
            let rel = Relation {
                registration_number: x,
                related_number: y,
                kind,
                reason: reason.clone(),
                score,
            };
            match out.get(&(x, y)) {
                Some(old) if old.score >= score => {}
                _ => {
                    out.insert((x, y), rel);
                }
            }
        }
    };
    let registrations: Vec<firms::Registration<'_>> = inputs
        .registrants
        .iter()
        .map(|r| firms::Registration {
            registration_number: r.registration_number,
            name: &r.name,
            business_name: r.business_name.as_deref(),
            aliases: &r.aliases,
        })
        .collect();
    for f in firms::same_firm(&registrations) {
        add(
            f.registration_number,
            f.related_number,
            f.kind,
            f.reason,
            f.score,
        );
    }
    // Initials: registrant A's initials are an acronym word in registrant B's name.
    for (r, ini) in inputs.registrants.iter().zip(&initials.of_registrant) {
        let Some(ini) = ini else {
            continue;
        };
        let Some(postings) = index.postings.get(ini) else {
            continue;
        };
        for &e in postings {
            let entry = &index.entries[e as usize];
            let Owner::Registrant(j) = entry.owner else {
                continue;
            };
            let other = &inputs.registrants[j];
            if other.registration_number == r.registration_number
                || !is_written_as_acronym(&entry.text, ini)
            {
                continue;
            }
            let letters: Vec<String> = ini
                .chars()
                .map(|c| c.to_ascii_uppercase().to_string())
                .collect();
            add(
                r.registration_number,
                other.registration_number,
                "initials",
                format!(
                    "initials {} of {} (proposed, needs review)",
                    letters.join("-"),
                    r.name
                ),
                0.3,
            );
        }
    }
    let mut out: Vec<Relation> = out.into_values().collect();
    out.sort_by_key(|r| (r.registration_number, r.related_number));
    out
}
