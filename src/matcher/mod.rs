//! The matcher: which FARA registrants, and which of their foreign principals, stand behind the
//! influence networks that platforms take down. Every link is scored (0..1) and explained.
//!
//! For: turning registrants, principals and takedowns (already in the database) into `links`
//! and `registrant_relations`. The matching itself ([`match_all`]) is pure: it takes [`Inputs`]
//! and returns links and relations, so it is tested and benchmarked without SQLite; [`store`]
//! reads the inputs and writes the outcome in one transaction. Not for: presenting links (the
//! `links` command and the dossier do that) or normalising names ([`crate::text::fingerprint`]).
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

pub mod firms;
pub mod store;

use std::collections::{HashMap as StdHashMap, HashSet as StdHashSet};

use jiff::civil::Date;
use serde::Serialize;

use crate::text::fingerprint::{Fingerprint, fingerprint, initials};

/// The matcher's maps hash short strings millions of times: xxh3 instead of SipHash (no
/// untrusted keys here, so no need for DoS resistance).
type HashMap<K, V> = StdHashMap<K, V, xxhash_rust::xxh3::Xxh3Builder>;
type HashSet<K> = StdHashSet<K, xxhash_rust::xxh3::Xxh3Builder>;

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
/// Weight of a legal-form token relative to the rarest possible word.
const LEGAL_FORM_WEIGHT: f64 = 0.3;
/// A token in more than this share of all names is not used for blocking.
const COMMON_TOKEN_SHARE: f64 = 0.005;
/// Days around a registration period that still count as "within a year".
const YEAR_DAYS: i64 = 366;

/// A registrant with the names it goes by.
#[derive(Debug, Clone)]
pub struct Registrant {
    pub registration_number: i64,
    pub name: String,
    pub business_name: Option<String>,
    /// Former and trade names (`name_parts`), as `("former" | "trade", name)`.
    pub aliases: Vec<(String, String)>,
    pub registration_date: Option<Date>,
    pub termination_date: Option<Date>,
}

impl Registrant {
    /// A registrant from its row as filed: former and trade names are split out of `name`
    /// ([`crate::text::names::split_name`]), dates are ISO `YYYY-MM-DD` (anything else counts as
    /// unknown).
    pub fn from_filed(
        registration_number: i64,
        name: &str,
        business_name: Option<&str>,
        registration_date: Option<&str>,
        termination_date: Option<&str>,
    ) -> Registrant {
        let parts = crate::text::names::split_name(name);
        let aliases = parts
            .former_names
            .into_iter()
            .map(|f| ("former".to_string(), f))
            .chain(
                parts
                    .trade_names
                    .into_iter()
                    .map(|t| ("trade".to_string(), t)),
            )
            .collect();
        Registrant {
            registration_number,
            name: parts.name,
            business_name: business_name.map(str::to_string),
            aliases,
            registration_date: parse_date(registration_date),
            termination_date: parse_date(termination_date),
        }
    }
}

/// An ISO date at the start of `s`, if any.
pub fn parse_date(s: Option<&str>) -> Option<Date> {
    s.and_then(|s| s.get(..10)).and_then(|d| d.parse().ok())
}

/// A foreign principal of one registration.
#[derive(Debug, Clone)]
pub struct Principal {
    pub id: i64,
    pub registration_number: i64,
    /// As filed (the link names it so).
    pub name: String,
    /// Its own name without the parts below (`name_parts` kind `name`), else `name`.
    pub own_name: String,
    pub former_names: Vec<String>,
    pub trade_names: Vec<String>,
    pub intermediaries: Vec<String>,
    pub country_code: Option<String>,
    pub registration_date: Option<Date>,
    pub termination_date: Option<Date>,
}

impl Principal {
    /// A principal from its row as filed (see [`Registrant::from_filed`]).
    pub fn from_filed(
        id: i64,
        registration_number: i64,
        name: &str,
        country_code: Option<&str>,
        registration_date: Option<&str>,
        termination_date: Option<&str>,
    ) -> Principal {
        let parts = crate::text::names::split_name(name);
        Principal {
            id,
            registration_number,
            name: name.to_string(),
            own_name: parts.name,
            former_names: parts.former_names,
            trade_names: parts.trade_names,
            intermediaries: parts.intermediaries,
            country_code: country_code.map(str::to_string),
            registration_date: parse_date(registration_date),
            termination_date: parse_date(termination_date),
        }
    }
}

/// A takedown as the matcher needs it.
#[derive(Debug, Clone)]
pub struct Takedown {
    pub takedown_id: String,
    pub announced_on: Option<Date>,
    /// `attributed_to`, split on `;`.
    pub attributed_to: Vec<String>,
    pub origin_countries: Vec<String>,
    pub target_countries: Vec<String>,
}

impl Takedown {
    /// A takedown from its columns: `attributed_to` and the countries are `;`-separated.
    pub fn from_row(
        takedown_id: String,
        announced_on: Option<&str>,
        attributed_to: Option<&str>,
        origin_countries: Option<&str>,
        target_countries: Option<&str>,
    ) -> Takedown {
        let list = |s: Option<&str>| -> Vec<String> {
            s.unwrap_or_default()
                .split(';')
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(str::to_string)
                .collect()
        };
        Takedown {
            takedown_id,
            announced_on: parse_date(announced_on),
            attributed_to: list(attributed_to),
            origin_countries: list(origin_countries),
            target_countries: list(target_countries),
        }
    }
}

/// Everything one match run reads.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    pub registrants: Vec<Registrant>,
    pub principals: Vec<Principal>,
    pub takedowns: Vec<Takedown>,
    /// The end of a registration that has not ended.
    pub today: Option<Date>,
}

/// The kinds of link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkKind {
    Attribution,
    Principal,
    /// A country in common, no longer proposed (see the module doc); it names the judged rows
    /// older versions recorded.
    Context,
}

impl LinkKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Attribution => "attribution",
            LinkKind::Principal => "principal",
            LinkKind::Context => "context",
        }
    }
}

/// One entry of a link's `evidence`.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Evidence {
    pub feature: String,
    pub detail: String,
    pub weight: f64,
}

/// A link the matcher proposes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    pub registration_number: i64,
    /// The principal's name as filed, for `principal` and `context` links.
    pub foreign_principal: Option<String>,
    pub foreign_principal_id: Option<i64>,
    pub takedown_id: String,
    pub kind: LinkKind,
    /// The sum of the evidence weights, at most 1.
    pub score: f64,
    pub evidence: Vec<Evidence>,
}

impl Link {
    /// The natural key that keeps a link's id (and its reviews) across re-matches. The
    /// principal is named by its name key, as its row is (`store::ids`): a principal DOJ
    /// re-quoted or re-cased keeps its links.
    pub fn key(&self) -> String {
        format!(
            "{}|{}|{}|{}",
            self.registration_number,
            crate::store::ids::name_key(self.foreign_principal.as_deref().unwrap_or("")),
            self.takedown_id,
            self.kind.as_str()
        )
    }
}

/// Two registrations of the same firm, or a proposed predecessor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Relation {
    pub registration_number: i64,
    pub related_number: i64,
    /// `same_name` | `former_name` | `trade_name` | `business_name` | `extended_name` |
    /// `same_firm` (one firm: [`firms`]) | `initials` (a proposed predecessor, needing review).
    pub kind: &'static str,
    pub reason: String,
    pub score: f64,
}

/// What one match run found.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub links: Vec<Link>,
    pub relations: Vec<Relation>,
}

/// Who a name belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    Registrant(usize),
    Principal(usize),
    /// An intermediary named inside principal `usize`'s name.
    Intermediary(usize),
}

/// One name in the index.
#[derive(Debug, Clone)]
struct Entry {
    owner: Owner,
    /// `name`, `business_name`, `former`, `trade`, `intermediary`.
    alias: &'static str,
    text: String,
    fp: Fingerprint,
}

/// Token weights (inverse document frequency over every indexed name) and the inverted index.
struct NameIndex {
    entries: Vec<Entry>,
    df: HashMap<String, u32>,
    postings: HashMap<String, Vec<u32>>,
    n: f64,
    common_df: u32,
}

impl NameIndex {
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
    fn weight(&self, token: &str, legal_form: bool) -> f64 {
        let df = self.df.get(token).copied().unwrap_or(0) as f64;
        let idf = (1.0 + self.n / (df + 1.0)).ln();
        if legal_form { LEGAL_FORM_WEIGHT } else { idf }
    }

    /// The entries that share a blocking token with `fp`: every token that is not common, or
    /// the rarest token when all are common.
    fn candidates(&self, fp: &Fingerprint) -> Vec<u32> {
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

    /// Token-aligned similarity of two fingerprints, 0..1, and why.
    ///
    /// Each token of `a` is aligned with an equal token of `b` (or one a single edit away, for
    /// words of six letters or more, at 0.9); the score is the weighted Dice coefficient of the
    /// aligned tokens. Names whose numbers differ ("Studio 5" / "Studio 7") score 0.
    pub fn similarity(&self, a: &Fingerprint, b: &Fingerprint) -> f64 {
        if a.is_empty() || b.is_empty() {
            return 0.0;
        }
        if !numbers(a).eq(numbers(b)) {
            return 0.0;
        }
        let total = |f: &Fingerprint| -> f64 {
            f.tokens
                .iter()
                .map(|t| self.weight(&t.text, t.is_legal_form))
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
                let w = self
                    .weight(&ta.text, ta.is_legal_form)
                    .min(self.weight(&b.tokens[j].text, b.tokens[j].is_legal_form));
                matched += w * m;
            }
        }
        (2.0 * matched / (wa + wb)).clamp(0.0, 1.0)
    }
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
struct Period {
    start: Option<Date>,
    end: Option<Date>,
    /// No termination filed: `end` is today, and the evidence says "since", not "to <today>"
    /// (which would also change the evidence, and so the link, every day).
    open: bool,
}

/// How a takedown's date sits against a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Overlap {
    Active,
    WithinAYear,
    None,
}

impl Period {
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

    fn describe(&self) -> String {
        let d = |x: Option<Date>| x.map_or("?".to_string(), |d| d.to_string());
        if self.open {
            format!("since {}", d(self.start))
        } else {
            format!("{} to {}", d(self.start), d(self.end))
        }
    }
}

/// Runs the matcher over `inputs`.
pub fn match_all(inputs: &Inputs) -> Outcome {
    let t0 = std::time::Instant::now();
    let today = inputs.today;
    let reg_period = |r: &Registrant| Period {
        start: r.registration_date,
        end: r.termination_date.or(today),
        open: r.termination_date.is_none(),
    };
    let fp_period = |p: &Principal| Period {
        start: p.registration_date,
        end: p.termination_date.or(today),
        open: p.termination_date.is_none(),
    };
    let reg_by_number: HashMap<i64, usize> = inputs
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

    // Every name, with its owner. Bracketed words in a filed name are part of it here
    // ("Federacion Estudiantil Universitaria (of Cuba In Exile)" is not the Cuban state's
    // federation), while a takedown's bracketed words are asides ("Internet Research Agency
    // (IRA)", "Iran (potentially state-backed)") and are dropped by the fingerprint.
    let filed = |text: &str| fingerprint(&text.replace(['(', ')', '[', ']'], " "));
    let mut entries = Vec::new();
    for (i, r) in inputs.registrants.iter().enumerate() {
        let mut push = |alias: &'static str, text: &str| {
            let fp = filed(text);
            if !fp.is_empty() {
                entries.push(Entry {
                    owner: Owner::Registrant(i),
                    alias,
                    text: text.to_string(),
                    fp,
                });
            }
        };
        push("name", &r.name);
        if let Some(b) = r.business_name.as_deref().filter(|b| !b.trim().is_empty()) {
            push("business_name", b);
        }
        for (kind, text) in &r.aliases {
            push(if kind == "former" { "former" } else { "trade" }, text);
        }
    }
    for (i, p) in inputs.principals.iter().enumerate() {
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
    let index = NameIndex::new(entries);
    tracing::debug!(
        "matcher: {} names indexed in {:?}",
        index.entries.len(),
        t0.elapsed()
    );

    // Initials of registrant names (three letters or more) → registrants.
    let reg_initials: Vec<Option<String>> = inputs
        .registrants
        .iter()
        .map(|r| initials(&r.name).filter(|s| s.len() >= 3))
        .collect();
    let mut by_initials: HashMap<String, Vec<usize>> = HashMap::default();
    for (i, ini) in reg_initials.iter().enumerate() {
        if let Some(ini) = ini {
            by_initials.entry(ini.clone()).or_default().push(i);
        }
    }

    let mut links: HashMap<String, Link> = HashMap::default();
    let mut keep = |link: Link| {
        let key = link.key();
        match links.get(&key) {
            Some(old) if old.score >= link.score => {}
            _ => {
                links.insert(key, link);
            }
        }
    };

    for t in &inputs.takedowns {
        let countries: Vec<&str> = t
            .origin_countries
            .iter()
            .chain(&t.target_countries)
            .map(String::as_str)
            .collect();
        let where_ = |code: &str| {
            if t.target_countries.iter().any(|c| c == code) {
                "among the takedown's targets"
            } else {
                "among the takedown's origin countries"
            }
        };
        for attributed in &t.attributed_to {
            let afp = fingerprint(attributed);
            if afp.is_empty() {
                continue;
            }
            let mut named: HashSet<i64> = HashSet::default();
            for e in index.candidates(&afp) {
                let entry = &index.entries[e as usize];
                let sim = index.similarity(&afp, &entry.fp);
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
                        let alias = match entry.alias {
                            "name" => "registrant name".to_string(),
                            a => format!("registrant {} ", a.replace('_', " ")),
                        };
                        let mut ev = vec![Evidence {
                            feature: "name".into(),
                            detail: format!(
                                "attributed to \"{attributed}\"; {alias} \"{}\": {same}: {}",
                                entry.text,
                                afp.key()
                            ),
                            weight: round(NAME_WEIGHT * sim),
                        }];
                        firm_time_and_country(
                            t,
                            reg_period(r),
                            r.registration_number,
                            &principals_of,
                            inputs,
                            &countries,
                            today,
                            &mut ev,
                        );
                        keep(make_link(
                            r.registration_number,
                            None,
                            t,
                            LinkKind::Attribution,
                            ev,
                        ));
                    }
                    Owner::Principal(pi) | Owner::Intermediary(pi) => {
                        let p = &inputs.principals[pi];
                        if !reg_by_number.contains_key(&p.registration_number) {
                            continue;
                        }
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
                            t,
                            p,
                            fp_period(p),
                            &countries,
                            &where_,
                            &mut ev,
                        );
                        keep(make_link(
                            p.registration_number,
                            Some(p),
                            t,
                            LinkKind::Principal,
                            ev,
                        ));
                    }
                }
            }
            // Initials: an acronym written in capitals in the attribution ("CLS").
            for token in afp.name_tokens().filter(|t| t.len() >= 3) {
                if !is_written_as_acronym(attributed, token) {
                    continue;
                }
                for &ri in by_initials.get(token).into_iter().flatten() {
                    let r = &inputs.registrants[ri];
                    if named.contains(&r.registration_number) {
                        continue;
                    }
                    let letters: Vec<String> = token
                        .chars()
                        .map(|c| c.to_ascii_uppercase().to_string())
                        .collect();
                    let mut ev = vec![Evidence {
                        feature: "initials".into(),
                        detail: format!(
                            "attributed to \"{attributed}\"; initials {} of registrant name \"{}\" (proposed, needs review)",
                            letters.join("-"),
                            r.name
                        ),
                        weight: INITIALS_WEIGHT,
                    }];
                    firm_time_and_country(
                        t,
                        reg_period(r),
                        r.registration_number,
                        &principals_of,
                        inputs,
                        &countries,
                        today,
                        &mut ev,
                    );
                    keep(make_link(
                        r.registration_number,
                        None,
                        t,
                        LinkKind::Attribution,
                        ev,
                    ));
                }
            }
        }
    }

    tracing::debug!("matcher: names compared by {:?}", t0.elapsed());
    let mut links: Vec<Link> = links.into_values().collect();
    links.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.takedown_id.cmp(&b.takedown_id))
            .then(a.registration_number.cmp(&b.registration_number))
            .then(a.kind.cmp(&b.kind))
            .then_with(|| a.foreign_principal.cmp(&b.foreign_principal))
    });
    Outcome {
        links,
        relations: relations(inputs, &index, &reg_initials),
    }
}

/// Time and country evidence for a firm's own link (attribution).
#[allow(clippy::too_many_arguments)]
fn firm_time_and_country(
    t: &Takedown,
    period: Period,
    registration_number: i64,
    principals_of: &HashMap<i64, Vec<usize>>,
    inputs: &Inputs,
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
    for &pi in principals_of
        .get(&registration_number)
        .into_iter()
        .flatten()
    {
        let p = &inputs.principals[pi];
        let Some(code) = p.country_code.as_deref() else {
            continue;
        };
        if !countries.contains(&code) {
            continue;
        }
        let pp = Period {
            start: p.registration_date,
            end: p.termination_date.or(today),
            open: p.termination_date.is_none(),
        };
        let place = if t.target_countries.iter().any(|c| c == code) {
            "among the takedown's targets"
        } else {
            "among the takedown's origin countries"
        };
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
fn principal_time_and_country(
    t: &Takedown,
    p: &Principal,
    period: Period,
    countries: &[&str],
    where_: &dyn Fn(&str) -> &'static str,
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
            detail: format!("principal represents {code}, {}", where_(code)),
            weight: 0.1,
        });
    }
}

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

fn make_link(
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

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// True when `token` (lowercase) is written in capitals as a whole word in `raw` ("CLS").
fn is_written_as_acronym(raw: &str, token: &str) -> bool {
    raw.split(|c: char| !c.is_alphanumeric()).any(|w| {
        w.len() == token.len()
            && w.eq_ignore_ascii_case(token)
            && w.chars().all(|c| c.is_ascii_uppercase())
    })
}

/// Registrations of the same firm ([`firms`]: the same name, former, trade and business names,
/// extended names, and every registration linked through those), and proposed predecessors by
/// initials. Both directions.
fn relations(inputs: &Inputs, index: &NameIndex, reg_initials: &[Option<String>]) -> Vec<Relation> {
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
    for (r, ini) in inputs.registrants.iter().zip(reg_initials) {
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

#[cfg(test)]
mod tests {
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
