//! Finding firms, foreign principals, takedowns and document text by name, however a reporter
//! half-remembers it: typos ("CLS Stratgies"), legal forms ("cls strategies llc"), accents,
//! word order ("Chlopak Leonard"), a former or trade name ("weber shandwick" finds
//! "IPG DXTRA, Inc. d/b/a Weber Shandwick").
//!
//! How. The query is cut into words the way SQLite's `unicode61` tokenizer cuts them (lower
//! case, accents folded, anything not a letter or digit separates). Each word goes to the FTS5
//! indexes as a quoted string, so user text is never FTS syntax: quotes, `OR`, `NEAR`, `*`,
//! parentheses are just characters. A word also matches as a prefix, and a word no index
//! knows is replaced by the indexed words a small edit distance away. The candidates FTS5
//! returns are then re-ranked here by how well the query's words cover the name's words and
//! back, each query word weighted by its rarity, so a legal form or "of" counts little.
//!
//! For: the CLI's `search` and `show NAME`, and the web UI, in-process. Not for: matching
//! registrants to takedowns (the matcher), or reading a dossier (`dossier`).

use std::collections::HashMap;
use std::sync::Arc;

use rusqlite::{Connection, params};
use serde::Serialize;

use crate::text::fingerprint;

/// What a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    Registrant,
    ForeignPrincipal,
    Takedown,
    Document,
}

/// One search result. The first four fields are the contract's; the others say what matched
/// and where to go next.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub kind: HitKind,
    pub registration_number: Option<i64>,
    /// The registrant's, principal's or network's name; a document's registrant and type.
    pub name: String,
    /// 0..1, higher is better; comparable across kinds.
    pub score: f64,
    /// The name that matched when it is not `name` itself: a business, former or trade name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched: Option<String>,
    /// Which kind of name matched: name, business_name, former, trade, intermediary,
    /// attributed_to, text.
    pub matched_on: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registrant_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub foreign_principal_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registration_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub termination_date: Option<String>,
    /// A registrant's or principal's registration: not terminated (and not removed upstream).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// A registrant hit's firm ([`crate::matcher::firms`]): the registration `show` opens for
    /// it, the firm's active one or else its most recent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub firm: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub takedown_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub announced_on: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_stamped: Option<String>,
    /// A few words of document text around the match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
}

impl Hit {
    fn new(kind: HitKind, name: String) -> Hit {
        Hit {
            kind,
            registration_number: None,
            name,
            score: 0.0,
            matched: None,
            matched_on: "name",
            registrant_name: None,
            foreign_principal_id: None,
            country: None,
            country_code: None,
            registration_date: None,
            termination_date: None,
            active: None,
            firm: None,
            takedown_id: None,
            platform: None,
            announced_on: None,
            document_url: None,
            document_type: None,
            date_stamped: None,
            snippet: None,
        }
    }
}

/// Errors searching. User text never causes one: only a damaged or foreign database does.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SearchError {
    /// SQLite failed reading the indexes; `faralink sync` rebuilds them.
    #[error("search failed reading the database: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// Which kinds to look for, and how many hits to return.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    pub limit: usize,
    pub kinds: Vec<HitKind>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 20,
            kinds: vec![
                HitKind::Registrant,
                HitKind::ForeignPrincipal,
                HitKind::Takedown,
                HitKind::Document,
            ],
        }
    }
}

/// At most this many query words are used: a pasted paragraph is a query too, but its tail
/// adds nothing to finding a name.
const MAX_WORDS: usize = 12;
/// Longer "words" are cut: no name has one, and FTS and edit distance stay cheap.
const MAX_WORD_CHARS: usize = 40;
/// Candidates taken from each index before re-ranking.
const CANDIDATES: usize = 150;
/// The score of a document-text hit: below any name that covers the query well, since a
/// reporter typing a name wants the firm first and the filings that mention it after.
const DOCUMENT_SCORE: f64 = 0.35;
/// Hits scoring below this are noise (one common word of several matched).
const MIN_SCORE: f64 = 0.3;

/// Searches every index for `query`. Any text is accepted; an empty query has no hits.
pub fn search(
    conn: &Connection,
    query: &str,
    opts: &SearchOptions,
) -> Result<Vec<Hit>, SearchError> {
    Searcher::new(conn)?.search(query, opts)
}

/// A search session on one connection: the word statistics (row count, document frequencies,
/// vocabulary for corrections) either read from SQLite as each query needs them or taken from a
/// [`Vocabulary`] loaded once.
pub struct Searcher<'c> {
    conn: &'c Connection,
    total_docs: u32,
    vocabulary: Option<Arc<Vocabulary>>,
}

/// The FTS5 indexes of names, with their vocabulary tables (`fts5vocab`, created in the temp
/// schema so the database file is untouched).
const NAME_INDEXES: [&str; 4] = [
    "registrants_fts",
    "name_parts_fts",
    "foreign_principals_fts",
    "takedowns_fts",
];

fn create_vocabulary_tables(conn: &Connection) -> Result<(), SearchError> {
    let sql: String = NAME_INDEXES
        .iter()
        .map(|t| {
            format!(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.{t}_terms USING fts5vocab(main, {t}, row);"
            )
        })
        .collect();
    conn.execute_batch(&sql)?;
    Ok(())
}

/// One statement for a word's rows in every name index (one parse instead of four).
static DOC_FREQ_SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let parts: Vec<String> = NAME_INDEXES
        .iter()
        .map(|t| format!("coalesce((SELECT doc FROM temp.{t}_terms WHERE term = ?1), 0)"))
        .collect();
    format!("SELECT {}", parts.join(" + "))
});

/// The number of rows the name indexes hold. Read from each FTS5 index's own totals record
/// (`{index}_data`, id 1: the row count as its first varint), a few bytes each: counting the
/// tables' rows read ~100 pages (1.6 MB) of the real registry, a third of what a whole
/// `faralink search` read from disk. Counted the slow way when a record is unreadable.
fn count_name_rows(conn: &Connection) -> Result<u32, SearchError> {
    let sql = format!(
        "SELECT {}",
        NAME_INDEXES
            .iter()
            .map(|t| format!("(SELECT block FROM {t}_data WHERE id = 1)"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let totals: Option<u64> = conn
        .query_row(&sql, [], |r| {
            let mut sum = 0u64;
            for i in 0..NAME_INDEXES.len() {
                match r.get_ref(i)? {
                    // An index that never held a row has no totals record, or an empty one.
                    rusqlite::types::ValueRef::Null => {}
                    rusqlite::types::ValueRef::Blob([]) => {}
                    rusqlite::types::ValueRef::Blob(b) => match sqlite_varint(b) {
                        Some(n) => sum += n,
                        None => return Ok(None),
                    },
                    _ => return Ok(None),
                }
            }
            Ok(Some(sum))
        })
        .unwrap_or(None);
    let n = match totals {
        Some(n) => n as i64,
        None => conn.query_row(
            "SELECT (SELECT count(*) FROM registrants) + (SELECT count(*) FROM name_parts)
                  + (SELECT count(*) FROM foreign_principals) + (SELECT count(*) FROM takedowns)",
            [],
            |r| r.get(0),
        )?,
    };
    Ok(n.clamp(1, i64::from(u32::MAX)) as u32)
}

/// SQLite's variable-length integer at the start of `b` (big-endian groups of 7 bits, the
/// ninth byte whole), as FTS5 writes its totals.
fn sqlite_varint(b: &[u8]) -> Option<u64> {
    let mut v = 0u64;
    for (i, &c) in b.iter().enumerate().take(9) {
        if i == 8 {
            return Some((v << 8) | u64::from(c));
        }
        v = (v << 7) | u64::from(c & 0x7f);
        if c & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

/// Every word of the name indexes with the number of name rows holding it (summed over the
/// indexes), sorted by the word's bytes as SQLite sorts text, and the number of name rows.
///
/// For: a long-running reader answering many searches (`faralink serve`): one read of the
/// vocabularies (~20 ms on the full registry) replaces a dozen `fts5vocab` lookups and range
/// scans per search. Not for: one search from the CLI, where reading it all costs more than
/// the few words asked. Valid for one database state: reload after a sync.
#[derive(Debug, Default)]
pub struct Vocabulary {
    total_docs: u32,
    terms: Vec<(String, u32)>,
    /// [`letters`] of each term, in the same order.
    letters: Vec<u64>,
}

impl Vocabulary {
    pub fn load(conn: &Connection) -> Result<Vocabulary, SearchError> {
        create_vocabulary_tables(conn)?;
        let mut terms: Vec<(String, u32)> = Vec::new();
        for t in NAME_INDEXES {
            let mut stmt = conn.prepare(&format!("SELECT term, doc FROM temp.{t}_terms"))?;
            let rows = stmt.query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?.max(0) as u32))
            })?;
            for row in rows {
                terms.push(row?);
            }
        }
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut merged: Vec<(String, u32)> = Vec::with_capacity(terms.len());
        for (term, df) in terms {
            match merged.last_mut() {
                Some(last) if last.0 == term => last.1 += df,
                _ => merged.push((term, df)),
            }
        }
        Ok(Vocabulary {
            total_docs: count_name_rows(conn)?,
            letters: merged.iter().map(|(t, _)| letters(t)).collect(),
            terms: merged,
        })
    }

    /// How many words it holds.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    fn doc_freq(&self, word: &str) -> u32 {
        self.terms
            .binary_search_by(|(t, _)| t.as_str().cmp(word))
            .map_or(0, |i| self.terms[i].1)
    }

    /// The words `w` with `lo <= w < hi`: (word, rows, letters).
    fn range(&self, lo: &str, hi: &str) -> impl Iterator<Item = (&str, u32, u64)> {
        let a = self.terms.partition_point(|(t, _)| t.as_str() < lo);
        let b = self.terms.partition_point(|(t, _)| t.as_str() < hi).max(a);
        self.terms[a..b]
            .iter()
            .zip(&self.letters[a..b])
            .map(|((t, df), l)| (t.as_str(), *df, *l))
    }
}

impl<'c> Searcher<'c> {
    /// A searcher that reads word statistics from SQLite as queries need them.
    pub fn new(conn: &'c Connection) -> Result<Searcher<'c>, SearchError> {
        create_vocabulary_tables(conn)?;
        Ok(Searcher {
            conn,
            total_docs: count_name_rows(conn)?,
            vocabulary: None,
        })
    }

    /// A searcher using `vocabulary`, loaded from the same database (possibly a moment older:
    /// a stale vocabulary only weighs words slightly differently and misses corrections into
    /// words just added; the hits themselves always come from the indexes).
    pub fn with_vocabulary(conn: &'c Connection, vocabulary: Arc<Vocabulary>) -> Searcher<'c> {
        Searcher {
            conn,
            total_docs: vocabulary.total_docs.max(1),
            vocabulary: Some(vocabulary),
        }
    }

    /// Hits for `query`, best first, at most `opts.limit`.
    pub fn search(&self, query: &str, opts: &SearchOptions) -> Result<Vec<Hit>, SearchError> {
        let query = self.query_words(query)?;
        if query.fts.is_empty() || opts.limit == 0 {
            return Ok(Vec::new());
        }
        let exprs = name_expressions(&query.fts);
        let words = &query.scoring;
        let mut hits = Vec::new();
        let wants = |k| opts.kinds.contains(&k);
        if wants(HitKind::Registrant) || wants(HitKind::ForeignPrincipal) {
            self.names(words, &exprs, opts, &mut hits)?;
        }
        if wants(HitKind::Takedown) {
            self.takedowns(words, &exprs, &mut hits)?;
        }
        hits.retain(|h| h.score >= MIN_SCORE);
        let leads = if wants(HitKind::Registrant) {
            self.firms(words, &mut hits)?
        } else {
            HashMap::new()
        };
        if wants(HitKind::Document) {
            self.documents(&query.fts, opts.limit.min(10), &mut hits)?;
        }
        // A firm's registrations share its score; the firms are ordered by their leads
        // (active first, then the most recent), and within a firm the lead comes first.
        let firm_order = |h: &Hit| {
            h.firm.and_then(|f| {
                leads
                    .get(&f)
                    .map(|(active, date)| (*active, date.clone(), f))
            })
        };
        let in_firm = |h: &Hit| {
            (
                h.firm.is_some() && h.firm == h.registration_number,
                h.active == Some(true),
            )
        };
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(kind_order(a.kind).cmp(&kind_order(b.kind)))
                .then_with(|| firm_order(b).cmp(&firm_order(a)))
                .then_with(|| in_firm(b).cmp(&in_firm(a)))
                // Among equals, the most recent registration first.
                .then(b.registration_date.cmp(&a.registration_date))
                .then(b.registration_number.cmp(&a.registration_number))
                // Then a fixed order, so that the same query lists equals the same way each time.
                .then_with(|| a.name.cmp(&b.name))
                .then(a.foreign_principal_id.cmp(&b.foreign_principal_id))
                .then_with(|| a.takedown_id.cmp(&b.takedown_id))
                .then_with(|| a.document_url.cmp(&b.document_url))
        });
        // Each thing once: a takedown or name found by two of the FTS queries is one hit.
        let mut seen = std::collections::HashSet::new();
        hits.retain(|h| seen.insert(HitKey::of(h)));
        hits.truncate(opts.limit);
        Ok(hits)
    }

    /// Groups the registrant hits by firm ([`crate::matcher::firms`], as the last match run
    /// stored it in `registrant_relations`, initials left out; and, for a database never
    /// matched, the same normalised name). A firm's hits all take its best score, the one
    /// whose own name scored less saying which registration matched (`matched_on:
    /// "same_firm"`), and each records the firm's lead: its active registration, else its most
    /// recent. A lead that did not match by its own name is added ("Hill & Knowlton" finds
    /// 2740 "Hill & Knowlton, Inc.", 1976-86, and so 3301 "Hill and Knowlton Strategies, LLC",
    /// active). Returns each lead's (active, registration date).
    fn firms(
        &self,
        words: &[QueryWord],
        hits: &mut Vec<Hit>,
    ) -> Result<HashMap<i64, (bool, Option<String>)>, SearchError> {
        // The registrations involved: number → (name, registered, terminated, active).
        type Facts = (String, Option<String>, Option<String>, bool);
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
        let mut leads = HashMap::new();
        if regs.is_empty() {
            return Ok(leads);
        }
        let mut firm = UnionFind::default();
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
        let mut by_key: HashMap<String, i64> = HashMap::new();
        for &n in &regs {
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
        // Names that both begin with the query's words and hold the rest in order are the firm
        // the query names ("Arnold & Porter": 728 "Arnold, Fortas & Porter", 1952-57, and 1750
        // "Arnold & Porter Kaye Scholer LLP"), when a word of it is rare: "Capitol Hill" names
        // no one firm.
        let named = naming_words(words);
        if !named.is_empty() {
            let mut first: Option<i64> = None;
            for &n in &regs {
                if begins_with_words(&named, &facts[&n].0) {
                    match first {
                        Some(f) => firm.union(n, f),
                        None => first = Some(n),
                    }
                }
            }
        }
        // Each firm's lead: active, and among several active registrations the one whose own
        // name matched best ("Vision Americas LLC" rather than "Vision Americas International
        // LLC"); then the most recent.
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
        for (&n, f) in &facts {
            let root = firm.find(n);
            let better = |m: i64| rank(n, f) > rank(m, &facts[&m]);
            match lead_of.get(&root) {
                Some(&m) if !better(m) => {}
                _ => {
                    lead_of.insert(root, n);
                }
            }
        }
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
        Ok(leads)
    }

    /// The query, twice: the words as the FTS indexes hold them (for the FTS expression) and
    /// as name fingerprints hold them (for re-ranking: legal forms canonical, `the`/`and`/`of`
    /// dropped, transliterated). Each with its weight and, for a word no index knows, its
    /// likely corrections.
    fn query_words(&self, query: &str) -> Result<Query, SearchError> {
        let mut corrections: HashMap<String, Vec<(String, usize, u32)>> = HashMap::new();
        let mut freqs: HashMap<String, u32> = HashMap::new();
        let mut word = |text: String, minor: bool| -> Result<QueryWord, SearchError> {
            let mut df = match freqs.get(&text) {
                Some(n) => *n,
                None => {
                    let n = self.doc_freq(&text)?;
                    freqs.insert(text.clone(), n);
                    n
                }
            };
            let mut fixes = Vec::new();
            if df == 0 && text.chars().count() >= 4 {
                fixes = corrections
                    .entry(text.clone())
                    .or_insert_with(|| self.corrections(&text))
                    .clone();
                df = fixes.iter().map(|c| c.2).max().unwrap_or(0);
            }
            Ok(QueryWord {
                weight: self.weight(df) * if minor { 0.3 } else { 1.0 },
                df,
                text,
                corrections: fixes,
            })
        };
        let mut fts: Vec<QueryWord> = Vec::new();
        for w in initialisms_joined(words(query)) {
            if fts.len() == MAX_WORDS {
                break;
            }
            if fts.iter().any(|q| q.text == w) {
                continue;
            }
            let minor = fingerprint::tokens_in_order(&w)
                .iter()
                .all(|t| t.is_legal_form);
            fts.push(word(w, minor)?);
        }
        let mut scoring: Vec<QueryWord> = Vec::new();
        for t in fingerprint::tokens_in_order(query) {
            if scoring.len() == MAX_WORDS {
                break;
            }
            if scoring.iter().any(|q| q.text == t.text) {
                continue;
            }
            let t_text: String = t.text.chars().take(MAX_WORD_CHARS).collect();
            scoring.push(word(t_text, t.is_legal_form)?);
        }
        Ok(Query { fts, scoring })
    }

    /// How many rows of the name indexes hold `word`.
    fn doc_freq(&self, word: &str) -> Result<u32, SearchError> {
        if let Some(v) = &self.vocabulary {
            return Ok(v.doc_freq(word));
        }
        let n: i64 = self
            .conn
            .prepare_cached(&DOC_FREQ_SQL)?
            .query_row([word], |r| r.get(0))?;
        Ok(n.clamp(0, i64::from(u32::MAX)) as u32)
    }

    /// A word's weight from its rarity: 1 for a word in one name, about 0.5 for "llc".
    fn weight(&self, df: u32) -> f64 {
        let n = f64::from(self.total_docs) + 1.0;
        let idf = (n / (f64::from(df) + 0.5)).ln() / n.ln();
        idf.clamp(0.05, 1.0).sqrt()
    }

    /// The indexed words within a small edit distance of `word`: one edit for words of up to
    /// six letters, two for longer ones ("stratgies" → "strategies"), the closest first.
    /// Only words starting with the word's first or second letter are read (a range scan of
    /// each index's vocabulary, not all of it): a typo in the first letter that is not a swap
    /// with the second is not corrected, the price of staying fast on the full registry.
    fn corrections(&self, word: &str) -> Vec<(String, usize, u32)> {
        let len = word.chars().count();
        let max = if len <= 6 { 1 } else { 2 };
        let mut starts: Vec<char> = word.chars().take(2).collect();
        starts.dedup();
        let mut found: HashMap<String, (usize, u32)> = HashMap::new();
        for first in starts {
            let lo = first.to_string();
            let hi = char::from_u32(first as u32 + 1)
                .map(|c| c.to_string())
                .unwrap_or_else(|| format!("{first}\u{10ffff}"));
            if let Some(v) = &self.vocabulary {
                near_words(word, max, v.range(&lo, &hi), &mut found);
                continue;
            }
            for t in NAME_INDEXES {
                let rows = self
                    .conn
                    .prepare_cached(&format!(
                        "SELECT term, doc FROM temp.{t}_terms WHERE term >= ?1 AND term < ?2"
                    ))
                    .and_then(|mut s| {
                        s.query_map(params![lo, hi], |r| {
                            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
                        })?
                        .collect::<Result<Vec<_>, _>>()
                    });
                let rows = match rows {
                    Ok(rows) => rows,
                    Err(e) => {
                        // No corrections is a worse search, not a failed one.
                        tracing::warn!("search vocabulary of {t} unreadable: {e}");
                        continue;
                    }
                };
                let terms = rows
                    .iter()
                    .map(|(t, df)| (t.as_str(), (*df).max(0) as u32, letters(t)));
                near_words(word, max, terms, &mut found);
            }
        }
        let mut found: Vec<(String, usize, u32)> =
            found.into_iter().map(|(t, (d, df))| (t, d, df)).collect();
        found.sort_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
        found.truncate(5);
        found
    }

    /// The rows of `select` (ending with its `MATCH ?1`) for `expr`, each mapped by `map`: all
    /// of them when at most [`CANDIDATES`] match, as they come, since they are all re-ranked
    /// here anyway and ranking them in SQLite (bm25 reads and tokenizes every matching row)
    /// would only cost time; only a larger set is ordered by bm25 to choose which to take.
    fn candidates<T>(
        &self,
        select: &str,
        expr: &str,
        mut map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, SearchError> {
        let mut stmt = self.conn.prepare_cached(&format!("{select} LIMIT ?2"))?;
        let rows = stmt
            .query_map(params![expr, CANDIDATES as i64 + 1], &mut map)?
            .collect::<Result<Vec<T>, _>>()?;
        if rows.len() <= CANDIDATES {
            return Ok(rows);
        }
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{select} ORDER BY f.rank LIMIT ?2"))?;
        let rows = stmt
            .query_map(params![expr, CANDIDATES as i64], &mut map)?
            .collect::<Result<Vec<T>, _>>()?;
        Ok(rows)
    }

    fn names(
        &self,
        words: &[QueryWord],
        exprs: &[String],
        opts: &SearchOptions,
        hits: &mut Vec<Hit>,
    ) -> Result<(), SearchError> {
        // registration_number → best registrant hit; principal id → best principal hit.
        let mut registrants: HashMap<i64, Hit> = HashMap::new();
        let mut principals: HashMap<i64, Hit> = HashMap::new();
        let wants_r = opts.kinds.contains(&HitKind::Registrant);
        let wants_p = opts.kinds.contains(&HitKind::ForeignPrincipal);
        if wants_r {
            const SQL: &str = "SELECT r.registration_number, r.name, r.business_name, r.registration_date, r.termination_date,
                        r.removed_at IS NULL AND coalesce(r.termination_date, '') = ''
                 FROM registrants_fts f JOIN registrants r ON r.registration_number = f.rowid
                 WHERE registrants_fts MATCH ?1";
            for expr in exprs {
                let rows = self.candidates(SQL, expr, |r| {
                    let mut h = Hit::new(HitKind::Registrant, r.get(1)?);
                    h.registration_number = Some(r.get(0)?);
                    h.registration_date = r.get(3)?;
                    h.termination_date = r.get(4)?;
                    h.active = Some(r.get(5)?);
                    Ok((h, r.get::<_, Option<String>>(2)?))
                })?;
                let n = rows.len();
                for (mut h, business) in rows {
                    h.score = similarity(words, &h.name);
                    if let Some(b) = business.filter(|b| !b.trim().is_empty()) {
                        let s = similarity(words, &b);
                        if s > h.score {
                            h.score = s;
                            h.matched = Some(b);
                            h.matched_on = "business_name";
                        }
                    }
                    keep_best(&mut registrants, h.registration_number.unwrap_or(0), h);
                }
                if n >= ENOUGH {
                    break;
                }
            }
        }
        {
            const SQL: &str =
                "SELECT np.registration_number, np.foreign_principal_id, np.part, np.kind,
                        coalesce(fp.name, r.name), r.name, fp.country, fp.country_code,
                        coalesce(fp.registration_date, r.registration_date),
                        coalesce(fp.termination_date, r.termination_date),
                        r.removed_at IS NULL AND coalesce(r.termination_date, '') = ''
                          AND (fp.id IS NULL OR (fp.removed_at IS NULL
                               AND coalesce(fp.termination_date, '') = ''))
                 FROM name_parts_fts f JOIN name_parts np ON np.id = f.rowid
                 LEFT JOIN registrants r ON r.registration_number = np.registration_number
                 LEFT JOIN foreign_principals fp ON fp.id = np.foreign_principal_id
                 WHERE name_parts_fts MATCH ?1";
            for expr in exprs {
                // (hit, the part matched, its kind); None for a row of a kind not wanted.
                let rows = self.candidates(SQL, expr, |r| {
                    let fp_id: Option<i64> = r.get(1)?;
                    if (fp_id.is_some() && !wants_p) || (fp_id.is_none() && !wants_r) {
                        return Ok(None);
                    }
                    let Some(name) = r.get::<_, Option<String>>(4)? else {
                        return Ok(None);
                    };
                    let kind_of = match fp_id {
                        Some(_) => HitKind::ForeignPrincipal,
                        None => HitKind::Registrant,
                    };
                    let mut h = Hit::new(kind_of, name);
                    h.registration_number = Some(r.get(0)?);
                    h.foreign_principal_id = fp_id;
                    if fp_id.is_some() {
                        h.registrant_name = r.get(5)?;
                        h.country = r.get(6)?;
                        h.country_code = r.get(7)?;
                    }
                    h.registration_date = r.get(8)?;
                    h.termination_date = r.get(9)?;
                    h.active = Some(r.get(10)?);
                    Ok(Some((h, r.get::<_, String>(2)?, r.get::<_, String>(3)?)))
                })?;
                let n = rows.len();
                for (mut h, part, kind) in rows.into_iter().flatten() {
                    let fp_id = h.foreign_principal_id;
                    // A principal's intermediary is another firm ("... through Cassidy &
                    // Associates"): a match on it ranks below that firm's own name.
                    let discount = if kind == "intermediary" { 0.85 } else { 1.0 };
                    h.score = similarity(words, &part) * discount;
                    h.matched_on = match kind.as_str() {
                        "former" => "former",
                        "trade" => "trade",
                        "intermediary" => "intermediary",
                        "business_name" => "business_name",
                        _ => "name",
                    };
                    if part != h.name {
                        h.matched = Some(part);
                    }
                    match fp_id {
                        Some(id) => keep_best(&mut principals, id, h),
                        None => keep_best(&mut registrants, h.registration_number.unwrap_or(0), h),
                    }
                }
                if n >= ENOUGH {
                    break;
                }
            }
        }
        if wants_p {
            const SQL: &str = "SELECT fp.id, fp.registration_number, fp.name, coalesce(r.name, fp.registrant_name),
                        fp.country, fp.country_code, fp.registration_date, fp.termination_date,
                        fp.removed_at IS NULL AND coalesce(fp.termination_date, '') = ''
                          AND coalesce(r.termination_date, '') = ''
                 FROM foreign_principals_fts f JOIN foreign_principals fp ON fp.id = f.rowid
                 LEFT JOIN registrants r ON r.registration_number = fp.registration_number
                 WHERE foreign_principals_fts MATCH ?1";
            for expr in exprs {
                let rows = self.candidates(SQL, expr, |r| {
                    let mut h = Hit::new(HitKind::ForeignPrincipal, r.get(2)?);
                    h.registration_number = Some(r.get(1)?);
                    h.foreign_principal_id = Some(r.get(0)?);
                    h.registrant_name = r.get(3)?;
                    h.country = r.get(4)?;
                    h.country_code = r.get(5)?;
                    h.registration_date = r.get(6)?;
                    h.termination_date = r.get(7)?;
                    h.active = Some(r.get(8)?);
                    Ok(h)
                })?;
                let n = rows.len();
                for mut h in rows {
                    h.score = similarity(words, &h.name) * 0.98;
                    let id = h.foreign_principal_id.unwrap_or(0);
                    keep_best(&mut principals, id, h);
                }
                if n >= ENOUGH {
                    break;
                }
            }
        }
        hits.extend(registrants.into_values());
        hits.extend(principals.into_values());
        Ok(())
    }

    fn takedowns(
        &self,
        words: &[QueryWord],
        exprs: &[String],
        hits: &mut Vec<Hit>,
    ) -> Result<(), SearchError> {
        const SQL: &str =
            "SELECT t.takedown_id, t.platform, t.announced_on, t.network_name, t.attributed_to
             FROM takedowns_fts f JOIN takedowns t ON t.rowid = f.rowid
             WHERE takedowns_fts MATCH ?1";
        for expr in exprs {
            // (hit, attributed to)
            let rows = self.candidates(SQL, expr, |r| {
                let id: String = r.get(0)?;
                let name = r.get::<_, Option<String>>(3)?.unwrap_or_else(|| id.clone());
                let mut h = Hit::new(HitKind::Takedown, name);
                h.takedown_id = Some(id);
                h.platform = r.get(1)?;
                h.announced_on = r.get(2)?;
                Ok((h, r.get::<_, Option<String>>(4)?))
            })?;
            let n = rows.len();
            for (mut h, attributed) in rows {
                h.score = similarity(words, &h.name) * 0.97;
                for a in attributed.iter().flat_map(|a| a.split(';')) {
                    let a = a.trim();
                    let s = similarity(words, a) * 0.97;
                    if !a.is_empty() && s > h.score {
                        h.score = s;
                        h.matched = Some(a.to_string());
                        h.matched_on = "attributed_to";
                    }
                }
                hits.push(h);
            }
            if n >= ENOUGH {
                break;
            }
        }
        Ok(())
    }

    /// Documents whose text holds every informative word of the query. Newest listed first
    /// rather than ranked: ranking would score every match, and a common word is in tens of
    /// thousands of filings.
    fn documents(
        &self,
        words: &[QueryWord],
        limit: usize,
        hits: &mut Vec<Hit>,
    ) -> Result<(), SearchError> {
        let inner = fts_expression(words, "AND", false);
        if inner.is_empty() {
            return Ok(());
        }
        let expr = format!("text : ({inner})");
        // The FTS table alone in the inner query, so SQLite walks its matches in rowid order
        // and stops at the limit instead of collecting them all.
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.url, d.registration_number, d.registrant_name, d.document_type, d.date_stamped, f.snip
             FROM (SELECT rowid, snippet(documents_fts, 3, '', '', ' … ', 12) AS snip
                   FROM documents_fts WHERE documents_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?2) f
             JOIN documents d ON d.rowid = f.rowid
             ORDER BY f.rowid DESC",
        )?;
        let mut rows = stmt.query(params![expr, limit as i64])?;
        let mut i = 0.0;
        while let Some(r) = rows.next()? {
            let registrant: Option<String> = r.get(2)?;
            let doc_type: Option<String> = r.get(3)?;
            let name = [registrant.as_deref(), doc_type.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" — ");
            let mut h = Hit::new(HitKind::Document, name);
            h.document_url = r.get(0)?;
            h.registration_number = r.get(1)?;
            h.registrant_name = registrant;
            h.document_type = doc_type;
            h.date_stamped = r.get(4)?;
            h.snippet = r.get::<_, Option<String>>(5)?.map(|s| squeeze(&s));
            h.matched_on = "text";
            // Keep the listing order among documents.
            h.score = DOCUMENT_SCORE - i * 1e-4;
            i += 1.0;
            hits.push(h);
        }
        Ok(())
    }
}

/// Adds to `found` each of `terms` (word, rows holding it, its [`letters`]) within `max` edits
/// of `word`: its distance, and its row count summed over the indexes it is in. Words with
/// digits are never corrections.
fn near_words<'t>(
    word: &str,
    max: usize,
    terms: impl Iterator<Item = (&'t str, u32, u64)>,
    found: &mut HashMap<String, (usize, u32)>,
) {
    let of_word = letters(word);
    for (term, df, of_term) in terms {
        // Each letter one word has and the other lacks takes at least one edit: most of the
        // vocabulary is ruled out here without computing a distance.
        if term.len().abs_diff(word.len()) > max
            || (of_word & !of_term).count_ones() as usize > max
            || (of_term & !of_word).count_ones() as usize > max
            || term.chars().any(|c| c.is_ascii_digit())
        {
            continue;
        }
        let d = strsim::osa_distance(word, term);
        if d <= max {
            let e = found.entry(term.to_string()).or_insert((d, 0));
            e.1 += df;
        }
    }
}

/// The set of characters in `word` as bits: a-z and 0-9 one bit each, any other character one
/// of the remaining 28 bits by its code (two characters may share a bit: the set can only be
/// smaller, so a test on it never rules out a word that is close).
fn letters(word: &str) -> u64 {
    word.chars().fold(0u64, |acc, c| {
        let bit = match c {
            'a'..='z' => c as u32 - 'a' as u32,
            '0'..='9' => 26 + c as u32 - '0' as u32,
            _ => 36 + c as u32 % 28,
        };
        acc | 1 << bit
    })
}

fn kind_order(k: HitKind) -> u8 {
    match k {
        HitKind::Registrant => 0,
        HitKind::ForeignPrincipal => 1,
        HitKind::Takedown => 2,
        HitKind::Document => 3,
    }
}

/// A query word held by at most this many name rows is rare enough to name one firm.
const NAMING_DF: u32 = 100;

/// The query's words that name a firm (legal forms and common words left out), or none when
/// no word of the query is rare, or only one word is left: "Rabinowitz" begins both
/// "Rabinowitz & Boudin" and "Rabinowitz, Inc.", two firms.
fn naming_words(words: &[QueryWord]) -> Vec<&QueryWord> {
    let named: Vec<&QueryWord> = words.iter().filter(|w| w.weight >= 0.35).collect();
    if named.len() >= 2 && named.iter().any(|w| w.df <= NAMING_DF) {
        named
    } else {
        Vec::new()
    }
}

/// Whether `name` starts with the first of `words` and holds the others after it, in order.
fn begins_with_words(words: &[&QueryWord], name: &str) -> bool {
    let tokens = fingerprint::tokens_in_order(name);
    let mut it = tokens.iter().filter(|t| !t.is_legal_form);
    let Some(head) = it.next() else {
        return false;
    };
    let Some((first, rest)) = words.split_first() else {
        return false;
    };
    word_match(first, &head.text) >= 0.85
        && rest
            .iter()
            .all(|w| it.by_ref().any(|t| word_match(w, &t.text) >= 0.85))
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

/// What makes two hits the same thing.
#[derive(Debug, PartialEq, Eq, Hash)]
struct HitKey {
    kind: u8,
    registration_number: Option<i64>,
    foreign_principal_id: Option<i64>,
    takedown_id: Option<String>,
    document_url: Option<String>,
}

impl HitKey {
    fn of(h: &Hit) -> HitKey {
        HitKey {
            kind: kind_order(h.kind),
            registration_number: h.registration_number,
            foreign_principal_id: h.foreign_principal_id,
            takedown_id: h.takedown_id.clone(),
            document_url: h.document_url.clone(),
        }
    }
}

fn keep_best(map: &mut HashMap<i64, Hit>, key: i64, h: Hit) {
    match map.get(&key) {
        Some(old) if old.score >= h.score => {}
        _ => {
            map.insert(key, h);
        }
    }
}

/// Whitespace runs (a PDF's line breaks) as one space.
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A query, as FTS words and as fingerprint words.
#[derive(Debug, Clone)]
struct Query {
    fts: Vec<QueryWord>,
    scoring: Vec<QueryWord>,
}

/// One word of the query.
#[derive(Debug, Clone)]
struct QueryWord {
    text: String,
    weight: f64,
    /// Rows of the name indexes holding the word (or its best correction).
    df: u32,
    /// Indexed words close to a word no index knows: (word, edits, rows holding it).
    corrections: Vec<(String, usize, u32)>,
}

/// The FTS5 query for `words`, built only from quoted words so that nothing the user typed is
/// FTS syntax. Each word may match exactly, as a correction or (`prefix`) as the start of a
/// longer word; the words are joined by `op` (AND / OR). Minor words (legal forms, very common
/// words) are left out when the query has anything else.
fn fts_expression(words: &[QueryWord], op: &str, prefix: bool) -> String {
    let informative: Vec<&QueryWord> = words.iter().filter(|w| w.weight >= 0.25).collect();
    let chosen: Vec<&QueryWord> = if informative.is_empty() {
        words.iter().collect()
    } else {
        informative
    };
    chosen
        .iter()
        .map(|w| word_group(w, prefix))
        .collect::<Vec<_>>()
        .join(&format!(" {op} "))
}

/// One word's alternatives: `("word" OR "word"* OR "correction")`.
fn word_group(w: &QueryWord, prefix: bool) -> String {
    let mut alts = vec![quote(&w.text)];
    // A two-letter prefix would match half the index.
    if prefix && w.text.chars().count() >= 3 {
        alts.push(format!("{}*", quote(&w.text)));
    }
    alts.extend(w.corrections.iter().map(|c| quote(&c.0)));
    // "SGR", a word no index holds, as the phrase "s g r": the indexes split "S.G.R. LLC" into
    // letters. (Only then: spelling out a known word costs a phrase look-up of single letters
    // in every index, for a match it already has.)
    let letters = w.text.chars().count();
    if (2..=5).contains(&letters) && w.df == 0 && w.text.chars().all(|c| c.is_ascii_lowercase()) {
        let spelled: Vec<String> = w.text.chars().map(String::from).collect();
        alts.push(quote(&spelled.join(" ")));
    }
    format!("({})", alts.join(" OR "))
}

/// Runs of single letters as one word, as the fingerprint reads them: "S.G.R. LLC" (the
/// indexes' words `s g r llc`) is `sgr llc`.
fn initialisms_joined(words: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut previous_single = false;
    for w in words {
        let single = w.chars().count() == 1 && w.chars().all(|c| c.is_ascii_lowercase());
        match out.last_mut() {
            Some(last) if single && previous_single => last.push_str(&w),
            _ => out.push(w),
        }
        previous_single = single;
    }
    out
}

/// A word held by more name rows than this is not used alone to find candidates: ranking all
/// its rows ("government": thousands of principals) costs more than it finds.
const RARE_DF: u32 = 400;
/// An index query that returned this many candidates is not followed by the looser one.
const ENOUGH: usize = 40;

/// The FTS5 queries for the name indexes, strictest first: every informative word, then any of
/// the rarer ones (a name that has only some of the query's words, such as "Squire Patton
/// Boggs, LLP" for "Patton Boggs Squire L.L.P.").
fn name_expressions(words: &[QueryWord]) -> Vec<String> {
    let mut out = vec![fts_expression(words, "AND", true)];
    let mut rare: Vec<&QueryWord> = words
        .iter()
        .filter(|w| w.df <= RARE_DF && w.weight >= 0.25)
        .collect();
    // The rarest first, and only as many as stay within the candidates taken: a name that has
    // the query's rarest word is the likeliest one meant, and a set this small needs no
    // ranking (see `Searcher::candidates`).
    rare.sort_by_key(|w| w.df);
    let mut rows = 0;
    let rare: Vec<String> = rare
        .into_iter()
        .take_while(|w| {
            rows += w.df;
            rows == w.df || rows <= CANDIDATES as u32
        })
        .map(|w| word_group(w, true))
        .collect();
    if !rare.is_empty() {
        let any = rare.join(" OR ");
        if !out.contains(&any) {
            out.push(any);
        }
    }
    out
}

/// An FTS5 string: double quotes, inner quotes doubled. Everything inside is literal text.
fn quote(word: &str) -> String {
    format!("\"{}\"", word.replace('"', "\"\""))
}

/// How well `words` (the query) and `name` cover each other, 0..1: 70% how much of the query's
/// weight finds a word in the name, 30% how much of the name is accounted for by the query
/// (so "CLS Strategies" beats "CLS Strategies Group International" for "cls strategies").
fn similarity(words: &[QueryWord], name: &str) -> f64 {
    // A bracketed part is often the entity's other name ("JETRO, Dallas (Japan External Trade
    // Organization)", "Birdwell, Voss & Associates, Inc. (\"BVA\")"): it is compared alone too.
    let mut best = similarity_of_words(words, name);
    for inner in bracketed(name) {
        best = best.max(0.97 * similarity_of_words(words, inner));
    }
    best
}

/// The texts inside (), [] or {} in `name`, outermost only.
fn bracketed(name: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in name.char_indices() {
        match c {
            '(' | '[' | '{' => {
                if depth == 0 {
                    start = i + 1;
                }
                depth += 1;
            }
            ')' | ']' | '}' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push(&name[start..i]);
                }
            }
            _ => {}
        }
    }
    out
}

fn similarity_of_words(words: &[QueryWord], name: &str) -> f64 {
    // The name's fingerprint words, legal forms weighing little in how much of the name the
    // query covers; then its plain words the fingerprint drops (bracketed text such as
    // `("BVA")`), which the query may match but which the name need not have covered.
    let mut name_words: Vec<(String, f64)> = fingerprint::tokens_in_order(name)
        .into_iter()
        .map(|t| (t.text, if t.is_legal_form { 0.2 } else { 1.0 }))
        .collect();
    for w in self::words(name) {
        if !name_words.iter().any(|(n, _)| *n == w) {
            name_words.push((w, 0.0));
        }
    }
    if name_words.is_empty() {
        return 0.0;
    }
    let mut got = 0.0;
    let mut total = 0.0;
    let mut used = vec![0.0f64; name_words.len()];
    for q in words {
        total += q.weight;
        let mut best = 0.0f64;
        let mut best_i = None;
        for (i, (n, _)) in name_words.iter().enumerate() {
            let m = word_match(q, n);
            if m > best {
                best = m;
                best_i = Some(i);
            }
        }
        if let Some(i) = best_i {
            used[i] = used[i].max(best);
        }
        got += q.weight * best;
    }
    let query_cover = if total > 0.0 { got / total } else { 0.0 };
    let (mut n_got, mut n_total) = (0.0, 0.0);
    for ((_, w), u) in name_words.iter().zip(&used) {
        n_total += w;
        n_got += w * u;
    }
    let name_cover = if n_total > 0.0 { n_got / n_total } else { 0.0 };
    0.7 * query_cover + 0.3 * name_cover
}

/// How well a query word matches one word of a name, 0..1.
fn word_match(q: &QueryWord, n: &str) -> f64 {
    if q.text == n {
        return 1.0;
    }
    if let Some(c) = q.corrections.iter().find(|c| c.0 == n) {
        return 1.0 - 0.1 * c.1 as f64;
    }
    let ql = q.text.chars().count();
    if ql >= 3 && n.starts_with(q.text.as_str()) {
        return 0.8;
    }
    // A misspelling on the filed side ("Chlopack"), when the query's word exists elsewhere.
    if ql >= 5 && q.text.len().abs_diff(n.len()) <= 1 && strsim::osa_distance(&q.text, n) == 1 {
        return 0.85;
    }
    0.0
}

/// The words of `text` as SQLite's unicode61 tokenizer indexes them: split at anything that is
/// not a letter or digit, lower case, accents removed ("Muñoz" → "munoz").
pub fn words(text: &str) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization;
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            if cur.chars().count() < MAX_WORD_CHARS {
                cur.extend(c.to_lowercase());
            }
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_case_accents_and_punctuation() {
        assert_eq!(words("Muñoz, Julián"), ["munoz", "julian"]);
        assert_eq!(words("\"CLS\" OR (NEAR*)"), ["cls", "or", "near"]);
        assert!(words("  --  ").is_empty());
    }

    #[test]
    fn varints_read_as_sqlite_writes_them() {
        assert_eq!(sqlite_varint(&[0x7f]), Some(127));
        assert_eq!(sqlite_varint(&[0xb6, 0x10, 0x81]), Some(6928));
        assert_eq!(sqlite_varint(&[0x81, 0x87, 0x4e]), Some(17358));
        assert_eq!(sqlite_varint(&[0x80]), None);
        assert_eq!(sqlite_varint(&[0xff; 9]), Some(u64::MAX));
    }

    #[test]
    fn expressions_quote_every_word() {
        let w = vec![QueryWord {
            text: "near".into(),
            weight: 1.0,
            df: 3,
            corrections: vec![],
        }];
        assert_eq!(fts_expression(&w, "AND", true), "(\"near\" OR \"near\"*)");
        assert_eq!(fts_expression(&w, "AND", false), "(\"near\")");
        assert_eq!(name_expressions(&w), ["(\"near\" OR \"near\"*)"]);
        // A word no index holds is also looked up spelled out ("SGR" for "S.G.R.").
        let sgr = vec![QueryWord {
            text: "sgr".into(),
            weight: 1.0,
            df: 0,
            corrections: vec![],
        }];
        assert_eq!(fts_expression(&sgr, "AND", false), "(\"sgr\" OR \"s g r\")");
    }

    #[test]
    fn the_letter_test_never_rules_out_a_close_word() {
        // Every pair among real-looking words, typos and non-Latin words: the words
        // `near_words` finds are exactly those within the distance, as if compared one by one.
        let vocab = [
            "strategies",
            "stratgies",
            "strategy",
            "stategies",
            "sratgies",
            "affairs",
            "afairs",
            "fairs",
            "affair",
            "mercury",
            "mercer",
            "shandwick",
            "shandwik",
            "weber",
            "webber",
            "qorvis",
            "qorvus",
            "govt",
            "government",
            "governmnt",
            "munoz",
            "muñoz",
            "müller",
            "müler",
            "ålesund",
            "москва",
            "москвa",
            "北京",
            "北京市",
            "abc",
            "acb",
            "ca",
            "b2b",
        ];
        for word in vocab {
            for max in [1, 2] {
                let mut found = HashMap::new();
                let terms = vocab.iter().map(|t| (*t, 1, letters(t)));
                near_words(word, max, terms, &mut found);
                let want: Vec<&str> = vocab
                    .iter()
                    .copied()
                    .filter(|t| {
                        t.len().abs_diff(word.len()) <= max
                            && !t.chars().any(|c| c.is_ascii_digit())
                            && strsim::osa_distance(word, t) <= max
                    })
                    .collect();
                let mut got: Vec<&str> = found.keys().map(String::as_str).collect();
                got.sort();
                let mut want = want;
                want.sort();
                assert_eq!(got, want, "{word} within {max}");
            }
        }
    }
}
