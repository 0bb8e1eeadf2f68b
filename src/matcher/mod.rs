//! The matcher: which FARA registrants, and which of their foreign principals, stand behind the
//! influence networks that platforms take down. Every link is scored (0..1) and explained.
//!
//! For: turning registrants, principals and takedowns (already in the database) into `links`
//! and `registrant_relations`. The matching itself ([`match_all`]) is pure: it takes [`Inputs`]
//! and returns links and relations, so it is tested and benchmarked without SQLite; [`store`]
//! reads the inputs and writes the outcome in one transaction; [`links`] reads them back. Not
//! for: presenting links (the `links` command, the dossier and the web pages format what
//! [`links::list_links`] returns) or normalising names ([`crate::text::fingerprint`]).
//!
//! # Link kinds
//! - `attribution`: a name the takedown is attributed to is the registrant's own name or one of
//!   its aliases (business, former and trade names). An initials match (4953 "Chlopak, Leonard,
//!   Schechter & Associates" → "CLS") is proposed with a low, fixed weight: never scored as a
//!   confirmed identity.
//! - `principal`: the attributed name is one of the registrant's foreign principals (a
//!   government, a ministry, a party), or an intermediary named inside a principal's name.
//! - `context` is no longer proposed. It meant only that a state or political principal's
//!   country was among a takedown's countries: at most 0.35, never a lead on its own, yet shown
//!   as 38 "leads" on Mercury Public Affairs' dossier (issue 17). Who represents a country is
//!   what `faralink country` answers. A `context` link a person judged under an older version
//!   keeps its row, id and verdict (the store never deletes a judged link).
//!
//! # Features and weights
//! Each feature adds its weight to the score and is one entry of `evidence`:
//! - `name`: token-aligned similarity of fingerprints (rare words weigh more than common ones,
//!   legal forms weigh little, numbers must agree), times [`NAME_WEIGHT`] or
//!   [`PRINCIPAL_NAME_WEIGHT`]; `initials` adds [`INITIALS_WEIGHT`].
//! - `time`: the registration (or the principal's registration) was active when the takedown
//!   was announced, or within a year of it.
//! - `country`: a principal's country is among the takedown's countries.
//!
//! # Blocking
//! Names are compared only when they share a token from an inverted index that leaves out very
//! common tokens ("government", "group"); a name made only of common tokens is looked up by its
//! rarest one. Cost grows with the number of takedown names times the postings of their rare
//! tokens, never with all pairs.
//!
//! # Where each step lives
//! - [`inputs`] and [`outcome`]: what a run reads and what it proposes (plain values).
//! - `blocking`: the name index and each name's candidates; `scoring`: name similarity and
//!   the evidence; `proposals`: the links of one takedown; `relations`: registrations of one
//!   firm ([`firms`]) and predecessors by initials. All pure: [`match_all`] runs them in order.
//! - [`store`]: the effectful half (read the inputs from SQLite, write links and relations);
//!   [`links`]: listing links and recording a person's verdict on one.

mod blocking;
pub mod error;
pub mod firms;
pub mod inputs;
pub mod links;
pub mod outcome;
mod proposals;
mod relations;
mod scoring;
pub mod store;

pub use error::MatchError;
pub use inputs::{Inputs, Principal, Registrant, Takedown, parse_date};
pub use outcome::{Evidence, Link, LinkKind, Outcome, Relation};
pub use scoring::{
    DEFAULT_MIN_SCORE, INITIALS_WEIGHT, MIN_NAME_SIMILARITY, NAME_WEIGHT, PRINCIPAL_NAME_WEIGHT,
};

use blocking::{Initials, NameIndex};
use proposals::Proposals;

/// Runs the matcher over `inputs`: index every name, propose each takedown's links, then
/// relate the registrations of one firm.
pub fn match_all(inputs: &Inputs) -> Outcome {
    let t0 = std::time::Instant::now();
    let index = NameIndex::of(inputs);
    tracing::debug!(
        "matcher: {} names indexed in {:?}",
        index.entries.len(),
        t0.elapsed()
    );
    let initials = Initials::of(inputs);
    let mut proposals = Proposals::new(inputs, &index, &initials);
    for t in &inputs.takedowns {
        proposals.takedown(t);
    }
    tracing::debug!("matcher: names compared by {:?}", t0.elapsed());
    Outcome {
        links: proposals.into_links(),
        relations: relations::relations(inputs, &index, &initials),
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::Date;

    use super::*;

    /// A date; "" is none (still registered).
    fn d(s: &str) -> Option<Date> {
        (!s.is_empty()).then(|| s.parse().unwrap())
    }

    fn reg(n: i64, name: &str, from: &str, to: &str) -> Registrant {
        Registrant {
            registration_number: n,
            name: name.into(),
            business_name: None,
            aliases: vec![],
            registration_date: d(from),
            termination_date: d(to),
        }
    }

    fn principal(id: i64, n: i64, name: &str, cc: &str, from: &str, to: &str) -> Principal {
        Principal {
            id,
            registration_number: n,
            name: name.into(),
            own_name: name.into(),
            former_names: vec![],
            trade_names: vec![],
            intermediaries: vec![],
            country_code: Some(cc.into()),
            registration_date: d(from),
            termination_date: d(to),
        }
    }

    fn cls_inputs() -> Inputs {
        Inputs {
            registrants: vec![
                reg(6766, "CLS Strategies", "2019-12-11", "2020-03-01"),
                reg(6523, "CLS Strategies", "2018-02-12", "2018-03-28"),
                reg(5774, "CLS Strategies", "2006-10-06", "2016-10-30"),
                reg(
                    4953,
                    "Chlopak, Leonard, Schechter & Associates, Inc.",
                    "1994-09-28",
                    "1999-12-31",
                ),
                reg(7000, "Strategies Group LLC", "2019-01-01", "2021-01-01"),
            ],
            principals: vec![
                principal(
                    1,
                    6766,
                    "Plurinational State of Bolivia",
                    "BO",
                    "2019-12-11",
                    "2020-03-01",
                ),
                principal(
                    2,
                    6523,
                    "Government of Peru",
                    "PE",
                    "2018-02-12",
                    "2018-03-28",
                ),
                principal(
                    3,
                    7000,
                    "Government of Bolivia",
                    "BO",
                    "2019-01-01",
                    "2021-01-01",
                ),
            ],
            takedowns: vec![Takedown {
                takedown_id: "meta-2020-09-cls-strategies".into(),
                announced_on: d("2020-09-01"),
                attributed_to: vec!["CLS Strategies".into()],
                origin_countries: vec!["US".into()],
                target_countries: vec!["VE".into(), "MX".into(), "BO".into()],
            }],
            today: d("2026-01-01"),
        }
    }

    #[test]
    fn cls_case() {
        let out = match_all(&cls_inputs());
        let top = &out.links[0];
        assert_eq!(top.registration_number, 6766);
        assert_eq!(top.kind, LinkKind::Attribution);
        let features: Vec<&str> = top.evidence.iter().map(|e| e.feature.as_str()).collect();
        assert_eq!(features, ["name", "time", "country"]);
        assert!(top.evidence[2].detail.contains("BO"));
        assert!(top.evidence[1].detail.contains("2019-12-11 to 2020-03-01"));
        let attribution = |n: i64| {
            out.links
                .iter()
                .find(|l| l.registration_number == n && l.kind == LinkKind::Attribution)
        };
        assert!(attribution(5774).unwrap().score >= DEFAULT_MIN_SCORE);
        assert!(attribution(6523).unwrap().score < top.score);
        let initials = attribution(4953).unwrap();
        assert!(initials.score < DEFAULT_MIN_SCORE);
        assert_eq!(initials.evidence[0].feature, "initials");
        // A firm sharing only a common word gets no attribution link.
        assert!(attribution(7000).is_none());
        // Nor through its Bolivian government client: a country in common is no link
        // (issue 17: 38 such "leads" on Mercury Public Affairs' dossier).
        assert!(
            out.links.iter().all(|l| l.registration_number != 7000),
            "{:?}",
            out.links
        );
        assert!(out.links.iter().all(|l| l.kind != LinkKind::Context));
        // Relations: same name both ways, initials proposed.
        let rel = |a: i64, b: i64| {
            out.relations
                .iter()
                .find(|r| r.registration_number == a && r.related_number == b)
        };
        assert_eq!(rel(6766, 5774).unwrap().kind, "same_name");
        assert_eq!(rel(5774, 6766).unwrap().kind, "same_name");
        assert_eq!(rel(4953, 6766).unwrap().kind, "initials");
        assert!(rel(4953, 6766).unwrap().reason.contains("C-L-S"));
    }

    /// A principal still registered reads "since <start>": "to <today>" was wrong the day
    /// after and changed the link's evidence (so the digest's "changed" links) every day.
    #[test]
    fn an_open_period_reads_since() {
        let inputs = |today: &str| Inputs {
            registrants: vec![reg(8000, "Invented Counsel LLC", "2015-01-01", "")],
            principals: vec![principal(
                1,
                8000,
                "Ministry of Tourism of Ruritania",
                "BO",
                "2017-04-28",
                "",
            )],
            takedowns: vec![Takedown {
                takedown_id: "t".into(),
                announced_on: d("2020-01-01"),
                attributed_to: vec!["Ministry of Tourism of Ruritania".into()],
                origin_countries: vec![],
                target_countries: vec![],
            }],
            today: d(today),
        };
        let a = match_all(&inputs("2026-01-01"));
        let link = &a.links[0];
        let time = link.evidence.iter().find(|e| e.feature == "time").unwrap();
        assert!(time.detail.contains("since 2017-04-28"), "{}", time.detail);
        assert!(!time.detail.contains("2026"), "{}", time.detail);
        assert_eq!(a.links, match_all(&inputs("2026-01-02")).links);
    }
}
