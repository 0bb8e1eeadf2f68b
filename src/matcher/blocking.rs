//! Candidate generation: every name the registry gives a registrant or a principal, in one
//! index with token weights, so that a takedown's attributed name is compared only with the
//! names that share a rare token with it.
//!
//! A name made only of common tokens ("government", "group") is looked up by its rarest one.
//! Cost grows with the number of takedown names times the postings of their rare tokens, never
//! with all pairs.
//!
//! For: building the [`NameIndex`] from [`Inputs`], token weights, the candidates of one name,
//! and registrants by initials. Not for: deciding whether two names are the same (that is
//! [`super::scoring`]).

use std::collections::{HashMap as StdHashMap, HashSet as StdHashSet};

use crate::text::fingerprint::{Fingerprint, fingerprint, initials};

use super::inputs::Inputs;

/// The matcher's maps hash short strings millions of times: xxh3 instead of SipHash (no
/// untrusted keys here, so no need for DoS resistance).
pub(super) type HashMap<K, V> = StdHashMap<K, V, xxhash_rust::xxh3::Xxh3Builder>;
/// A set with the matcher's hasher (see [`HashMap`]).
pub(super) type HashSet<K> = StdHashSet<K, xxhash_rust::xxh3::Xxh3Builder>;

/// Weight of a legal-form token relative to the rarest possible word.
const LEGAL_FORM_WEIGHT: f64 = 0.3;
/// A token in more than this share of all names is not used for blocking.
const COMMON_TOKEN_SHARE: f64 = 0.005;

/// Who a name belongs to.
/// Who a name belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Owner {
    /// Registrant `usize` of [`Inputs::registrants`].
    Registrant(usize),
    /// Principal `usize` of [`Inputs::principals`].
    Principal(usize),
    /// An intermediary named inside principal `usize`'s name.
    Intermediary(usize),
}

/// One name in the index.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    pub(super) owner: Owner,
    /// `name`, `business_name`, `former`, `trade`, `intermediary`.
    pub(super) alias: &'static str,
    pub(super) text: String,
    pub(super) fp: Fingerprint,
}

/// Token weights (inverse document frequency over every indexed name) and the inverted index.
pub(super) struct NameIndex {
    pub(super) entries: Vec<Entry>,
    df: HashMap<String, u32>,
    pub(super) postings: HashMap<String, Vec<u32>>,
    n: f64,
    common_df: u32,
}

impl NameIndex {
    /// Every name of every registrant and principal, with its owner.
    ///
    /// Bracketed words in a filed name are part of it here ("Federacion Estudiantil
    /// Universitaria (of Cuba In Exile)" is not the Cuban state's federation), while a
    /// takedown's bracketed words are asides ("Internet Research Agency (IRA)", "Iran
    /// (potentially state-backed)") and are dropped by the fingerprint.
    pub(super) fn of(inputs: &Inputs) -> NameIndex {
        let filed = |text: &str| fingerprint(&text.replace(['(', ')', '[', ']'], " "));
        let mut entries = Vec::new();
        let mut push = |owner: Owner, alias: &'static str, text: &str| {
            let fp = filed(text);
            if !fp.is_empty() {
                entries.push(Entry {
                    owner,
                    alias,
                    text: text.to_string(),
                    fp,
                });
            }
        };
        for (i, r) in inputs.registrants.iter().enumerate() {
            push(Owner::Registrant(i), "name", &r.name);
            if let Some(b) = r.business_name.as_deref().filter(|b| !b.trim().is_empty()) {
                push(Owner::Registrant(i), "business_name", b);
            }
            for (kind, text) in &r.aliases {
                let alias = if kind == "former" { "former" } else { "trade" };
                push(Owner::Registrant(i), alias, text);
            }
        }
        for (i, p) in inputs.principals.iter().enumerate() {
            push(Owner::Principal(i), "name", &p.own_name);
            for f in &p.former_names {
                push(Owner::Principal(i), "former", f);
            }
            for t in &p.trade_names {
                push(Owner::Principal(i), "trade", t);
            }
            for m in &p.intermediaries {
                push(Owner::Intermediary(i), "intermediary", m);
            }
        }
        NameIndex::new(entries)
    }

    fn new(entries: Vec<Entry>) -> NameIndex {
        let mut df: HashMap<String, u32> = HashMap::default();
        for e in &entries {
            let mut seen = HashSet::default();
            for t in e.fp.name_tokens() {
                if seen.insert(t) {
                    *df.entry(t.to_string()).or_default() += 1;
                }
            }
        }
        let n = entries.len().max(1) as f64;
        let common_df = ((n * COMMON_TOKEN_SHARE) as u32).max(20);
        let mut postings: HashMap<String, Vec<u32>> = HashMap::default();
        for (i, e) in entries.iter().enumerate() {
            let mut seen = HashSet::default();
            for t in e.fp.name_tokens() {
                if seen.insert(t) {
                    postings.entry(t.to_string()).or_default().push(i as u32);
                }
            }
        }
        NameIndex {
            entries,
            df,
            postings,
            n,
            common_df,
        }
    }

    /// A token's weight: rare tokens weigh more; a token never seen weighs as the rarest.
    pub(super) fn weight(&self, token: &str, legal_form: bool) -> f64 {
        let df = self.df.get(token).copied().unwrap_or(0) as f64;
        let idf = (1.0 + self.n / (df + 1.0)).ln();
        if legal_form { LEGAL_FORM_WEIGHT } else { idf }
    }

    /// The entries that share a blocking token with `fp`: every token that is not common, or
    /// the rarest token when all are common.
    pub(super) fn candidates(&self, fp: &Fingerprint) -> Vec<u32> {
        let mut tokens: Vec<(&str, u32)> = fp
            .name_tokens()
            .map(|t| (t, self.df.get(t).copied().unwrap_or(0)))
            .filter(|(_, df)| *df > 0)
            .collect();
        tokens.sort_by_key(|(_, df)| *df);
        let mut picked: Vec<&str> = tokens
            .iter()
            .filter(|(_, df)| *df <= self.common_df)
            .map(|(t, _)| *t)
            .collect();
        if picked.is_empty()
            && let Some((t, _)) = tokens.first()
        {
            picked.push(t);
        }
        let mut out: Vec<u32> = picked
            .iter()
            .filter_map(|t| self.postings.get(*t))
            .flatten()
            .copied()
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The initials of registrant names (three letters or more, [`initials`]), by registrant, and
/// the registrants of each.
pub(super) struct Initials {
    /// One entry per registrant of [`Inputs::registrants`], in order.
    pub(super) of_registrant: Vec<Option<String>>,
    /// Initials → registrants (indices into [`Inputs::registrants`]).
    pub(super) registrants: HashMap<String, Vec<usize>>,
}

impl Initials {
    /// The initials of every registrant's name.
    pub(super) fn of(inputs: &Inputs) -> Initials {
        let of_registrant: Vec<Option<String>> = inputs
            .registrants
            .iter()
            .map(|r| initials(&r.name).filter(|s| s.len() >= 3))
            .collect();
        let mut registrants: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, ini) in of_registrant.iter().enumerate() {
            if let Some(ini) = ini {
                registrants.entry(ini.clone()).or_default().push(i);
            }
        }
        Initials {
            of_registrant,
            registrants,
        }
    }
}
