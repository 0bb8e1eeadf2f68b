//! Grouping registrant hits into firms: a firm's registrations share its best score and are
//! listed under its lead (its active registration, else its most recent).
//!
//! For: registrant hits only. Not for: deciding which registrations are one firm (the
//! matcher's `registrant_relations` does; this reads them, and falls back on the name).

use std::collections::HashMap;

use super::query::QueryWord;
use super::rank::{begins_with_words, naming_words};
use super::{Hit, HitKind, SearchError, Searcher};
use crate::text::fingerprint;

/// A registration's facts: (name, registered, terminated, active).
type Facts = (String, Option<String>, Option<String>, bool);

impl Searcher<'_> {
    /// Groups the registrant hits by firm ([`crate::matcher::firms`], as the last match run
    /// stored it in `registrant_relations`, initials left out; and, for a database never
    /// matched, the same normalised name). A firm's hits all take its best score, the one
    /// whose own name scored less saying which registration matched (`matched_on:
    /// "same_firm"`), and each records the firm's lead: its active registration, else its most
    /// recent. A lead that did not match by its own name is added ("Hill & Knowlton" finds
    /// 2740 "Hill & Knowlton, Inc.", 1976-86, and so 3301 "Hill and Knowlton Strategies, LLC",
    /// active). Returns each lead's (active, registration date).
    pub(super) fn firms(
        &self,
        words: &[QueryWord],
        hits: &mut Vec<Hit>,
    ) -> Result<HashMap<i64, (bool, Option<String>)>, SearchError> {
        let (regs, mut facts) = registrant_facts(hits);
        if regs.is_empty() {
            return Ok(HashMap::new());
        }
        let mut firm = UnionFind::default();
        self.join_related(&regs, &mut firm, &mut facts)?;
        join_same_name(&regs, &facts, &mut firm);
        join_named(words, &regs, &facts, &mut firm);
        let lead_of = leads(hits, &facts, &mut firm);
        let best = best_per_firm(hits, &mut firm);
        Ok(share_firm_scores(hits, &facts, &mut firm, &lead_of, best))
    }

    /// Joins each registration to those the last match run related it to (initials left
    /// out), adding the related ones' facts.
    fn join_related(
        &self,
        regs: &[i64],
        firm: &mut UnionFind,
        facts: &mut HashMap<i64, Facts>,
    ) -> Result<(), SearchError> {
        let list = regs
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let mut stmt = self.conn.prepare_cached(
            "SELECT rr.registration_number, r.registration_number, r.name, r.registration_date,
                    r.termination_date,
                    r.removed_at IS NULL AND coalesce(r.termination_date, '') = ''
             FROM registrant_relations rr
             JOIN registrants r ON r.registration_number = rr.related_number
             WHERE rr.registration_number IN (SELECT value FROM json_each('[' || ?1 || ']'))
               AND rr.kind <> 'initials'",
        )?;
        let mut rows = stmt.query([&list])?;
        while let Some(r) = rows.next()? {
            let (a, b): (i64, i64) = (r.get(0)?, r.get(1)?);
            firm.union(a, b);
            if let std::collections::hash_map::Entry::Vacant(e) = facts.entry(b) {
                e.insert((r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?));
            }
        }
        Ok(())
    }
}

/// The registrant hits' registration numbers, and each one's facts.
fn registrant_facts(hits: &[Hit]) -> (Vec<i64>, HashMap<i64, Facts>) {
    let mut facts: HashMap<i64, Facts> = HashMap::new();
    let mut regs: Vec<i64> = Vec::new();
    for h in hits.iter().filter(|h| h.kind == HitKind::Registrant) {
        if let Some(n) = h.registration_number {
            regs.push(n);
            facts.insert(
                n,
                (
                    h.name.clone(),
                    h.registration_date.clone(),
                    h.termination_date.clone(),
                    h.active == Some(true),
                ),
            );
        }
    }
    (regs, facts)
}

/// Joins registrations with the same normalised name (a database never matched has no
/// relations).
fn join_same_name(regs: &[i64], facts: &HashMap<i64, Facts>, firm: &mut UnionFind) {
    let mut by_key: HashMap<String, i64> = HashMap::new();
    for &n in regs {
        let key = fingerprint::key(&facts[&n].0);
        if key.is_empty() {
            continue;
        }
        match by_key.get(&key) {
            Some(&other) => firm.union(n, other),
            None => {
                by_key.insert(key, n);
            }
        }
    }
}

/// Names that both begin with the query's words and hold the rest in order are the firm the
/// query names ("Arnold & Porter": 728 "Arnold, Fortas & Porter", 1952-57, and 1750 "Arnold &
/// Porter Kaye Scholer LLP"), when a word of it is rare: "Capitol Hill" names no one firm.
fn join_named(
    words: &[QueryWord],
    regs: &[i64],
    facts: &HashMap<i64, Facts>,
    firm: &mut UnionFind,
) {
    let named = naming_words(words);
    if named.is_empty() {
        return;
    }
    let mut first: Option<i64> = None;
    for &n in regs {
        if begins_with_words(&named, &facts[&n].0) {
            match first {
                Some(f) => firm.union(n, f),
                None => first = Some(n),
            }
        }
    }
}

/// Each firm's lead, by the firm's root: active, and among several active registrations the
/// one whose own name matched best ("Vision Americas LLC" rather than "Vision Americas
/// International LLC"); then the most recent.
fn leads(hits: &[Hit], facts: &HashMap<i64, Facts>, firm: &mut UnionFind) -> HashMap<i64, i64> {
    let own_score: HashMap<i64, i64> = hits
        .iter()
        .filter(|h| h.kind == HitKind::Registrant)
        .filter_map(|h| Some((h.registration_number?, (h.score * 1000.0).round() as i64)))
        .collect();
    let rank = |n: i64, f: &Facts| {
        let score = if f.3 {
            own_score.get(&n).copied().unwrap_or(0)
        } else {
            0
        };
        (f.3, score, f.1.clone(), n)
    };
    let mut lead_of: HashMap<i64, i64> = HashMap::new();
    for (&n, f) in facts {
        let root = firm.find(n);
        let better = |m: i64| rank(n, f) > rank(m, &facts[&m]);
        match lead_of.get(&root) {
            Some(&m) if !better(m) => {}
            _ => {
                lead_of.insert(root, n);
            }
        }
    }
    lead_of
}

/// Each firm's best registrant hit (an index into `hits`), by the firm's root.
fn best_per_firm(hits: &[Hit], firm: &mut UnionFind) -> HashMap<i64, usize> {
    let mut best: HashMap<i64, usize> = HashMap::new();
    for (i, h) in hits.iter().enumerate() {
        if h.kind != HitKind::Registrant {
            continue;
        }
        let Some(n) = h.registration_number else {
            continue;
        };
        let root = firm.find(n);
        // The best score; among equals the most recent (hits come in no fixed order).
        let key = |h: &Hit| (h.score, h.registration_date.clone(), h.registration_number);
        match best.get(&root) {
            Some(&j) if key(&hits[j]) >= key(h) => {}
            _ => {
                best.insert(root, i);
            }
        }
    }
    best
}

/// Gives each registrant hit its firm's lead and best score, and adds each lead that did not
/// match by its own name. Returns each lead's (active, registration date).
fn share_firm_scores(
    hits: &mut Vec<Hit>,
    facts: &HashMap<i64, Facts>,
    firm: &mut UnionFind,
    lead_of: &HashMap<i64, i64>,
    best: HashMap<i64, usize>,
) -> HashMap<i64, (bool, Option<String>)> {
    let mut leads = HashMap::new();
    let mut present: std::collections::HashSet<i64> = std::collections::HashSet::new();
    let mut updates: Vec<(usize, f64, String, i64)> = Vec::new();
    for (i, h) in hits.iter().enumerate() {
        if h.kind != HitKind::Registrant {
            continue;
        }
        let Some(n) = h.registration_number else {
            continue;
        };
        present.insert(n);
        let root = firm.find(n);
        let b = &hits[best[&root]];
        updates.push((i, b.score, matched_text(b), lead_of[&root]));
    }
    for (i, score, matched, lead) in updates {
        let h = &mut hits[i];
        h.firm = Some(lead);
        // Its own name matched about as well ("King & Spalding, LLP" for "King &
        // Spalding"): no need to say which registration did.
        if h.score < score - 0.05 {
            h.matched = Some(matched);
            h.matched_on = "same_firm";
        }
        h.score = h.score.max(score);
    }
    for (root, i) in best {
        let lead = lead_of[&root];
        let f = &facts[&lead];
        leads.insert(lead, (f.3, f.1.clone()));
        if present.contains(&lead) {
            continue;
        }
        let b = &hits[i];
        let mut h = Hit::new(HitKind::Registrant, f.0.clone());
        h.registration_number = Some(lead);
        h.score = b.score;
        h.matched = Some(matched_text(b));
        h.matched_on = "same_firm";
        h.registration_date = f.1.clone();
        h.termination_date = f.2.clone();
        h.active = Some(f.3);
        h.firm = Some(lead);
        hits.push(h);
    }
    leads
}

/// What a firm's other registrations say matched: the name and its registration number.
fn matched_text(h: &Hit) -> String {
    let name = h.matched.as_deref().unwrap_or(&h.name);
    match h.registration_number {
        Some(n) => format!("{name} ({n})"),
        None => name.to_string(),
    }
}

/// Registrations joined into firms.
#[derive(Debug, Default)]
struct UnionFind {
    parent: HashMap<i64, i64>,
}

impl UnionFind {
    fn find(&mut self, x: i64) -> i64 {
        let mut root = x;
        while let Some(&p) = self.parent.get(&root) {
            if p == root {
                break;
            }
            root = p;
        }
        // Path compression.
        let mut y = x;
        while y != root {
            let next = self.parent.get(&y).copied().unwrap_or(root);
            self.parent.insert(y, root);
            y = next;
        }
        root
    }

    fn union(&mut self, a: i64, b: i64) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.parent.insert(ra.max(rb), ra.min(rb));
        }
    }
}
