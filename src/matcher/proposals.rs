//! The links one takedown proposes: each name it is attributed to, looked up in the index and
//! scored against the registrants' and principals' names, and its acronyms against
//! registrants' initials.
//!
//! For: turning one takedown into links (`attribution` for a registrant's own name or alias,
//! or its initials; `principal` for a principal or an intermediary named in one), keeping the
//! best link per natural key. Not for: name similarity or evidence weights
//! ([`super::scoring`]), or relations between registrations ([`super::relations`]).

use jiff::civil::Date;

use crate::text::fingerprint::{Fingerprint, fingerprint};

use super::blocking::{Entry, HashMap, HashSet, Initials, NameIndex, Owner};
use super::inputs::{Inputs, Principal, Registrant, Takedown};
use super::outcome::{Evidence, Link, LinkKind};
use super::scoring::{
    INITIALS_WEIGHT, MIN_NAME_SIMILARITY, NAME_WEIGHT, PRINCIPAL_NAME_WEIGHT, Period,
    firm_time_and_country, is_written_as_acronym, make_link, principal_time_and_country, round,
    similarity,
};

/// The lookups a match run builds once, and the best link found so far per natural key.
pub(super) struct Proposals<'a> {
    inputs: &'a Inputs,
    index: &'a NameIndex,
    initials: &'a Initials,
    today: Option<Date>,
    /// Registrations by number.
    registrants: HashMap<i64, usize>,
    /// A registration's principals (indices into [`Inputs::principals`]), in input order.
    principals_of: HashMap<i64, Vec<usize>>,
    links: HashMap<String, Link>,
}

/// One name a takedown is attributed to, as written and fingerprinted.
struct Attributed<'t> {
    takedown: &'t Takedown,
    /// The takedown's origin and target countries.
    countries: &'t [&'t str],
    text: &'t str,
    fp: Fingerprint,
}

impl<'a> Proposals<'a> {
    /// Nothing proposed yet.
    pub(super) fn new(inputs: &'a Inputs, index: &'a NameIndex, initials: &'a Initials) -> Self {
        let registrants = inputs
            .registrants
            .iter()
            .enumerate()
            .map(|(i, r)| (r.registration_number, i))
            .collect();
        let mut principals_of: HashMap<i64, Vec<usize>> = HashMap::default();
        for (i, p) in inputs.principals.iter().enumerate() {
            principals_of
                .entry(p.registration_number)
                .or_default()
                .push(i);
        }
        Proposals {
            inputs,
            index,
            initials,
            today: inputs.today,
            registrants,
            principals_of,
            links: HashMap::default(),
        }
    }

    /// Adds the links takedown `t` proposes.
    pub(super) fn takedown(&mut self, t: &Takedown) {
        let countries: Vec<&str> = t
            .origin_countries
            .iter()
            .chain(&t.target_countries)
            .map(String::as_str)
            .collect();
        for text in &t.attributed_to {
            let fp = fingerprint(text);
            if fp.is_empty() {
                continue;
            }
            let a = Attributed {
                takedown: t,
                countries: &countries,
                text,
                fp,
            };
            let named = self.by_name(&a);
            self.by_initials(&a, &named);
        }
    }

    /// Every link proposed, best first (then by takedown, registration, kind, principal).
    pub(super) fn into_links(self) -> Vec<Link> {
        let mut links: Vec<Link> = self.links.into_values().collect();
        links.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.takedown_id.cmp(&b.takedown_id))
                .then(a.registration_number.cmp(&b.registration_number))
                .then(a.kind.cmp(&b.kind))
                .then_with(|| a.foreign_principal.cmp(&b.foreign_principal))
        });
        links
    }

    /// Keeps `link` unless a link with its key already scores as high.
    fn keep(&mut self, link: Link) {
        let key = link.key();
        match self.links.get(&key) {
            Some(old) if old.score >= link.score => {}
            _ => {
                self.links.insert(key, link);
            }
        }
    }

    /// The links of the names similar enough to `a`; returns the registrations named.
    fn by_name(&mut self, a: &Attributed<'_>) -> HashSet<i64> {
        let mut named: HashSet<i64> = HashSet::default();
        let (index, inputs) = (self.index, self.inputs);
        for e in index.candidates(&a.fp) {
            let entry = &index.entries[e as usize];
            let sim = similarity(index, &a.fp, &entry.fp);
            if sim < MIN_NAME_SIMILARITY {
                continue;
            }
            let same = if sim >= 0.999 {
                "same name after normalisation".to_string()
            } else {
                format!("similar name ({:.0}% of weighted words)", sim * 100.0)
            };
            match entry.owner {
                Owner::Registrant(ri) => {
                    let r = &inputs.registrants[ri];
                    named.insert(r.registration_number);
                    self.registrant_link(a, r, entry, sim, &same);
                }
                Owner::Principal(pi) | Owner::Intermediary(pi) => {
                    let p = &inputs.principals[pi];
                    if self.registrants.contains_key(&p.registration_number) {
                        self.principal_link(a, p, entry, sim, &same);
                    }
                }
            }
        }
        named
    }

    /// An `attribution` link: `a` is registrant `r`'s name or one of its aliases (`entry`).
    fn registrant_link(
        &mut self,
        a: &Attributed<'_>,
        r: &Registrant,
        entry: &Entry,
        sim: f64,
        same: &str,
    ) {
        let alias = match entry.alias {
            "name" => "registrant name".to_string(),
            other => format!("registrant {} ", other.replace('_', " ")),
        };
        let ev = vec![Evidence {
            feature: "name".into(),
            detail: format!(
                "attributed to \"{}\"; {alias} \"{}\": {same}: {}",
                a.text,
                entry.text,
                a.fp.key()
            ),
            weight: round(NAME_WEIGHT * sim),
        }];
        self.firm_link(a.takedown, a.countries, r, ev);
    }

    /// A `principal` link: `a` is principal `p`'s name, a former or trade name of it, or an
    /// intermediary named in it (`entry`).
    fn principal_link(
        &mut self,
        a: &Attributed<'_>,
        p: &Principal,
        entry: &Entry,
        sim: f64,
        same: &str,
    ) {
        let attributed = a.text;
        let detail = if matches!(entry.owner, Owner::Intermediary(_)) {
            format!(
                "attributed to \"{attributed}\"; intermediary \"{}\" named in principal \"{}\": {same}",
                entry.text, p.name
            )
        } else {
            let alias = match entry.alias {
                "name" => "principal",
                "former" => "principal's former name",
                _ => "principal's trade name",
            };
            format!(
                "attributed to \"{attributed}\"; {alias} \"{}\": {same}",
                entry.text
            )
        };
        let mut ev = vec![Evidence {
            feature: "name".into(),
            detail,
            weight: round(PRINCIPAL_NAME_WEIGHT * sim),
        }];
        principal_time_and_country(
            a.takedown,
            p,
            Period::of_principal(p, self.today),
            a.countries,
            &mut ev,
        );
        self.keep(make_link(
            p.registration_number,
            Some(p),
            a.takedown,
            LinkKind::Principal,
            ev,
        ));
    }

    /// Initials: an acronym written in capitals in the attribution ("CLS") is the initials of
    /// a registrant's name. Registrations already `named` by name get no initials link.
    fn by_initials(&mut self, a: &Attributed<'_>, named: &HashSet<i64>) {
        let (initials, inputs) = (self.initials, self.inputs);
        for token in a.fp.name_tokens().filter(|t| t.len() >= 3) {
            if !is_written_as_acronym(a.text, token) {
                continue;
            }
            for &ri in initials.registrants.get(token).into_iter().flatten() {
                let r = &inputs.registrants[ri];
                if named.contains(&r.registration_number) {
                    continue;
                }
                let letters: Vec<String> = token
                    .chars()
                    .map(|c| c.to_ascii_uppercase().to_string())
                    .collect();
                let ev = vec![Evidence {
                    feature: "initials".into(),
                    detail: format!(
                        "attributed to \"{}\"; initials {} of registrant name \"{}\" (proposed, needs review)",
                        a.text,
                        letters.join("-"),
                        r.name
                    ),
                    weight: INITIALS_WEIGHT,
                }];
                self.firm_link(a.takedown, a.countries, r, ev);
            }
        }
    }

    /// Adds the firm's time and country evidence to `ev` and keeps the `attribution` link.
    fn firm_link(
        &mut self,
        t: &Takedown,
        countries: &[&str],
        r: &Registrant,
        mut ev: Vec<Evidence>,
    ) {
        let principals = self
            .principals_of
            .get(&r.registration_number)
            .into_iter()
            .flatten()
            .map(|&pi| &self.inputs.principals[pi]);
        firm_time_and_country(
            t,
            Period::of_registrant(r, self.today),
            r.registration_number,
            principals,
            countries,
            self.today,
            &mut ev,
        );
        self.keep(make_link(
            r.registration_number,
            None,
            t,
            LinkKind::Attribution,
            ev,
        ));
    }
}
