//! Word statistics of the name indexes: how many rows hold a word (its weight) and which
//! indexed words are a small edit away from one no index knows (typo corrections), read from
//! SQLite's `fts5vocab` tables per query or from a [`Vocabulary`] loaded once.
//!
//! For: word statistics. Not for: finding or ranking names (`lookup`, `rank`).

use std::collections::HashMap;

use rusqlite::{Connection, params};

use super::{SearchError, Searcher};

/// The FTS5 indexes of names, with their vocabulary tables (`fts5vocab`, created in the temp
/// schema so the database file is untouched).
pub(super) const NAME_INDEXES: [&str; 4] = [
    "registrants_fts",
    "name_parts_fts",
    "foreign_principals_fts",
    "takedowns_fts",
];

pub(super) fn create_vocabulary_tables(conn: &Connection) -> Result<(), SearchError> {
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
pub(super) fn count_name_rows(conn: &Connection) -> Result<u32, SearchError> {
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
    /// The number of name rows, as [`count_name_rows`] reads it.
    pub(super) total_docs: u32,
    terms: Vec<(String, u32)>,
    /// [`letters`] of each term, in the same order.
    letters: Vec<u64>,
}

impl Vocabulary {
    /// Reads every word of the name indexes, and the number of name rows.
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

    /// Whether it holds no word (an empty database).
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

impl Searcher<'_> {
    /// How many rows of the name indexes hold `word`.
    pub(super) fn doc_freq(&self, word: &str) -> Result<u32, SearchError> {
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
    pub(super) fn weight(&self, df: u32) -> f64 {
        let n = f64::from(self.total_docs) + 1.0;
        let idf = (n / (f64::from(df) + 0.5)).ln() / n.ln();
        idf.clamp(0.05, 1.0).sqrt()
    }

    /// The indexed words within a small edit distance of `word`: one edit for words of up to
    /// six letters, two for longer ones ("stratgies" → "strategies"), the closest first.
    /// Only words starting with the word's first or second letter are read (a range scan of
    /// each index's vocabulary, not all of it): a typo in the first letter that is not a swap
    /// with the second is not corrected, the price of staying fast on the full registry.
    pub(super) fn corrections(&self, word: &str) -> Vec<(String, usize, u32)> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_read_as_sqlite_writes_them() {
        assert_eq!(sqlite_varint(&[0x7f]), Some(127));
        assert_eq!(sqlite_varint(&[0xb6, 0x10, 0x81]), Some(6928));
        assert_eq!(sqlite_varint(&[0x81, 0x87, 0x4e]), Some(17358));
        assert_eq!(sqlite_varint(&[0x80]), None);
        assert_eq!(sqlite_varint(&[0xff; 9]), Some(u64::MAX));
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
