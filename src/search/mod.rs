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
//! Where. `query` (the words and the FTS5 expressions), `vocabulary` (word rarity and typo
//! corrections), `lookup` (each index's candidates), `rank` (the re-ranking), `firms` (a
//! firm's registrations grouped under its lead); the final order is here, in
//! [`Searcher::search`].
//!
//! For: the CLI's `search` and `show NAME`, and the web UI, in-process. Not for: matching
//! registrants to takedowns (the matcher), or reading a dossier (`dossier`).

use std::collections::HashMap;
use std::sync::Arc;

use rusqlite::Connection;
use serde::Serialize;

mod firms;
mod lookup;
mod query;
mod rank;
mod vocabulary;

pub use query::words;
pub use vocabulary::Vocabulary;

use query::name_expressions;
use vocabulary::{count_name_rows, create_vocabulary_tables};

/// What a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    /// A FARA registration (a firm or person).
    Registrant,
    /// A registration's foreign principal.
    ForeignPrincipal,
    /// A platform takedown.
    Takedown,
    /// A filed document, by its text.
    Document,
}

/// One search result. The first four fields are the contract's; the others say what matched
/// and where to go next.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// What the hit is.
    pub kind: HitKind,
    /// The registration it is or belongs to.
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
    /// For a principal or a document: its registrant's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registrant_name: Option<String>,
    /// For a principal: its row id in `foreign_principals`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub foreign_principal_id: Option<i64>,
    /// For a principal: its country as filed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// For a principal: that country's ISO 3166-1 code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// When the registration (or the principal) began.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registration_date: Option<String>,
    /// When it ended, if it has.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub termination_date: Option<String>,
    /// A registrant's or principal's registration: not terminated (and not removed upstream).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// A registrant hit's firm ([`crate::matcher::firms`]): the registration `show` opens for
    /// it, the firm's active one or else its most recent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub firm: Option<i64>,
    /// For a takedown: its id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub takedown_id: Option<String>,
    /// For a takedown: the platform.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// For a takedown: when it was announced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub announced_on: Option<String>,
    /// For a document: the PDF's address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_url: Option<String>,
    /// For a document: its type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_type: Option<String>,
    /// For a document: DOJ's date stamp.
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
    /// At most this many hits.
    pub limit: usize,
    /// The kinds of hit wanted.
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
}

fn kind_order(k: HitKind) -> u8 {
    match k {
        HitKind::Registrant => 0,
        HitKind::ForeignPrincipal => 1,
        HitKind::Takedown => 2,
        HitKind::Document => 3,
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
