//! Watchlists: the firms and countries a user follows, so the digest lists their changes first.
//!
//! A firm is matched forgivingly: case, accents, punctuation, blanks and legal forms ("LLC",
//! "Inc.", from the one list `data/legal_forms.csv` that the matcher uses too) do not matter,
//! and the watched name may be part of a longer one (`CLS` matches "CLS Strategies"), on word
//! boundaries. A country is kept as its ISO 3166-1 alpha-2 code
//! (resolved by `country`) and matches any change that names that country.
//!
//! For: the `watches` table and whether a change concerns a watch. Not for: linking names across
//! FARA and takedowns (the matcher's fingerprints do that) or writing the digest (`digest`).

use rusqlite::{Connection, params};
use serde::Serialize;

use crate::changes::ChangeRow;
use crate::text::{fingerprint, fold};

/// What a watch follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WatchKind {
    /// A registrant or takedown attribution, by name.
    Firm,
    /// A country, by ISO 3166-1 alpha-2 code.
    Country,
}

impl WatchKind {
    /// The kind as stored in `watches.kind` and shown to the user (`firm`, `country`).
    pub fn as_str(self) -> &'static str {
        match self {
            WatchKind::Firm => "firm",
            WatchKind::Country => "country",
        }
    }
}

/// One watch: a firm name as given, or a country's ISO code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Watch {
    /// What is followed.
    pub kind: WatchKind,
    /// The firm name as the user typed it, or the country's ISO code.
    pub value: String,
    /// The firm name as compared (empty for a country).
    #[serde(skip)]
    key: String,
}

impl std::fmt::Display for Watch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.kind.as_str(), self.value)
    }
}

/// Errors of the watchlist.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WatchError {
    /// `--country` was given something `country` cannot resolve; use a name or ISO code.
    #[error(
        "{0:?} is not a country faralink knows; give a country name or an ISO 3166-1 code (PE, PER)"
    )]
    UnknownCountry(String),
    /// The firm name has nothing left once punctuation and legal forms are dropped.
    #[error("{0:?} has no words to match once legal forms and punctuation are dropped")]
    EmptyFirm(String),
    /// SQLite failed.
    #[error("database error in the watchlist: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// A firm name as compared: folded by the one fold ([`crate::text::fold::fold`]: lower case,
/// accents and other scripts in ASCII, `&` as "and", punctuation as blanks), the legal forms
/// of the one list ([`fingerprint::legal_form_len`]: `LLC`, `L.L.C.`, `Inc.`, `S.A. de C.V.`)
/// and the word "the" dropped wherever they stand, single blanks, padded with one blank each
/// side for word-boundary matching.
///
/// Unlike a fingerprint, bracketed words, word order and apostrophes' word breaks are kept: a
/// watch of `IRA` must find `Internet Research Agency (IRA)`, and `McDonald` `McDonald's`.
pub fn firm_key(name: &str) -> String {
    key_of(name, false)
}

/// The key of a watched firm: [`firm_key`], and a legal form the user began but did not finish
/// at the end (`Minderoo Foundation Pty`, `Bannerman &`, `Aviastar Joint Stock`) is dropped
/// too, since the filed `Pty Ltd`, `& Associates` or `Joint Stock Company` is dropped whole.
fn watch_key(name: &str) -> String {
    key_of(name, true)
}

fn key_of(name: &str, watched: bool) -> String {
    let folded = fold::fold(name);
    let words: Vec<&str> = folded.split_whitespace().collect();
    let mut kept: Vec<&str> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let rest = &words[i..];
        if watched && !kept.is_empty() && fingerprint::begins_legal_form(rest) {
            break;
        }
        match fingerprint::legal_form_len(rest) {
            0 if words[i] == "the" => i += 1,
            0 => {
                kept.push(words[i]);
                i += 1;
            }
            form => i += form,
        }
    }
    if kept.is_empty() {
        return String::new();
    }
    format!(" {} ", kept.join(" "))
}

impl Watch {
    /// A watch of `value` (a firm name, or an ISO code for a country).
    pub fn new(kind: WatchKind, value: &str) -> Watch {
        let key = match kind {
            WatchKind::Firm => watch_key(value),
            WatchKind::Country => String::new(),
        };
        Watch {
            kind,
            value: value.to_string(),
            key,
        }
    }

    /// Resolves what a user typed: `kind` when given, else a country when `text` names one
    /// and a firm otherwise.
    pub fn parse(kind: Option<WatchKind>, text: &str) -> Result<Watch, WatchError> {
        let text = text.trim();
        let country = crate::text::country::country_code(text);
        match (kind, country) {
            (Some(WatchKind::Country), Some(code)) | (None, Some(code)) => {
                Ok(Watch::new(WatchKind::Country, code))
            }
            (Some(WatchKind::Country), None) => Err(WatchError::UnknownCountry(text.into())),
            (Some(WatchKind::Firm), _) | (None, None) => {
                if watch_key(text).is_empty() {
                    return Err(WatchError::EmptyFirm(text.into()));
                }
                Ok(Watch::new(WatchKind::Firm, text))
            }
        }
    }

    /// True when `row` touches this watch. A firm is looked for in the registrant's name, the
    /// row's own name and a takedown's attribution; a country in the codes the row names.
    pub fn matches(&self, row: &ChangeRow) -> bool {
        match self.kind {
            WatchKind::Country => row
                .country_code
                .as_deref()
                .is_some_and(|c| c.split(';').any(|c| c.trim() == self.value)),
            WatchKind::Firm => {
                if self.key.is_empty() {
                    return false;
                }
                let attributed = row.detail.get("attributed_to").and_then(|v| v.as_str());
                [
                    row.registrant_name.as_deref(),
                    row.name.as_deref(),
                    attributed,
                ]
                .into_iter()
                .flatten()
                .flat_map(|s| s.split(';'))
                .any(|s| firm_key(s).contains(&self.key))
            }
        }
    }
}

/// For a firm watch: how many registrants' names, and takedowns' attributions, it matches
/// today (`(registrants, takedowns)`); a typo matches neither. None for a country.
pub fn firm_matches(conn: &Connection, w: &Watch) -> Result<Option<(u64, u64)>, WatchError> {
    if w.kind != WatchKind::Firm {
        return Ok(None);
    }
    let count = |sql: &str| -> Result<u64, WatchError> {
        let mut stmt = conn.prepare(sql)?;
        let mut rows = stmt.query([])?;
        let mut n = 0;
        while let Some(r) = rows.next()? {
            let text: String = r.get(0)?;
            if text.split(';').any(|s| firm_key(s).contains(&w.key)) {
                n += 1;
            }
        }
        Ok(n)
    };
    Ok(Some((
        count("SELECT name FROM registrants WHERE name IS NOT NULL")?,
        count("SELECT attributed_to FROM takedowns WHERE attributed_to IS NOT NULL")?,
    )))
}

/// Adds a watch; false when it was already there.
pub fn add(conn: &Connection, w: &Watch) -> Result<bool, WatchError> {
    let n = conn.execute(
        "INSERT OR IGNORE INTO watches (kind, value, added_at) VALUES (?1, ?2, ?3)",
        params![w.kind.as_str(), w.value, crate::db::now_rfc3339()],
    )?;
    Ok(n > 0)
}

/// Removes a watch; false when there was none. A firm is found whatever its spelling's case.
pub fn remove(conn: &Connection, w: &Watch) -> Result<bool, WatchError> {
    let existing = list(conn)?;
    let mut removed = false;
    for e in existing.iter().filter(|e| {
        e.kind == w.kind
            && match w.kind {
                WatchKind::Country => e.value == w.value,
                WatchKind::Firm => e.key == w.key,
            }
    }) {
        conn.execute(
            "DELETE FROM watches WHERE kind = ?1 AND value = ?2",
            params![e.kind.as_str(), e.value],
        )?;
        removed = true;
    }
    Ok(removed)
}

/// Every watch, in the order added.
pub fn list(conn: &Connection) -> Result<Vec<Watch>, WatchError> {
    let mut stmt = conn.prepare("SELECT kind, value FROM watches ORDER BY id")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for r in rows {
        let (kind, value) = r?;
        let kind = if kind == "country" {
            WatchKind::Country
        } else {
            WatchKind::Firm
        };
        out.push(Watch::new(kind, &value));
    }
    Ok(out)
}

/// The watches `row` touches, as the digest names them (`firm: cls strategies llc`).
pub fn watched_by(watches: &[Watch], row: &ChangeRow) -> Vec<String> {
    watches
        .iter()
        .filter(|w| w.matches(row))
        .map(|w| w.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::changes::ChangeKind;
    use crate::changes::tests::row;
    use crate::digest::Digest;

    #[test]
    fn firm_keys_ignore_case_punctuation_and_legal_forms() {
        assert_eq!(firm_key("CLS Strategies, LLC"), " cls strategies ");
        assert_eq!(firm_key("cls  strategies"), " cls strategies ");
        assert_eq!(firm_key("Muñoz, Julián"), " munoz julian ");
        assert_eq!(firm_key("Acme Strategies L.L.C."), " acme strategies ");
        assert_eq!(firm_key("Inc."), "");
        // The one legal-form list: long forms whole, abbreviations letter by letter.
        assert_eq!(
            firm_key("CLS Strategies Limited Liability Company"),
            " cls strategies "
        );
        assert_eq!(firm_key("Hapag-Lloyd, A.G."), " hapag lloyd ");
        assert_eq!(firm_key("Hapag-Lloyd Aktiengesellschaft"), " hapag lloyd ");
        assert_eq!(firm_key("Ideal Standard, S.A. de C.V."), " ideal standard ");
        // The one fold: every script, not a table of Latin accents.
        assert_eq!(firm_key("Chłopak & Ćosić"), " chlopak and cosic ");
        assert_eq!(firm_key("Газпром"), " gazprom ");
        // Not a fingerprint: brackets, word order and apostrophes' word breaks are kept.
        assert_eq!(
            firm_key("Internet Research Agency (IRA)"),
            " internet research agency ira "
        );
        assert_eq!(firm_key("McDonald's"), " mcdonald s ");
    }

    #[test]
    fn a_watch_ending_in_an_unfinished_legal_form_drops_it() {
        let firm = |name: &str| Watch::new(WatchKind::Firm, name);
        assert_eq!(firm("Minderoo Foundation Pty").key, " minderoo foundation ");
        assert_eq!(firm("Ideal Standard, S.A. de").key, " ideal standard ");
        assert_eq!(firm("Bannerman &").key, " bannerman ");
        // A lone letter begins nothing; a form alone is not a firm.
        assert_eq!(firm("Smith, James S.").key, " smith james s ");
        assert_eq!(firm("Joint Stock").key, " joint stock ");
        assert!(Watch::parse(Some(WatchKind::Firm), "N.V.").is_err());
        // Names as filed keep the words: only what the user typed is cut.
        assert_eq!(firm_key("Minderoo Pty"), " minderoo pty ");
    }

    #[test]
    fn parse_resolves_countries_and_keeps_firms() {
        let w = Watch::parse(None, "Peru").unwrap();
        assert_eq!((w.kind, w.value.as_str()), (WatchKind::Country, "PE"));
        let w = Watch::parse(None, "CLS Strategies").unwrap();
        assert_eq!(w.kind, WatchKind::Firm);
        assert!(Watch::parse(Some(WatchKind::Country), "Atlantis").is_err());
        assert!(Watch::parse(Some(WatchKind::Firm), "LLC").is_err());
    }

    #[test]
    fn firm_matches_on_word_boundaries_only() {
        let row = |name: &str| ChangeRow {
            run_id: 1,
            source: "s".into(),
            table: "registrants".into(),
            key: "1".into(),
            change: crate::changes::ChangeKind::Added,
            registration_number: Some(1),
            registrant_name: Some(name.into()),
            name: None,
            country_code: None,
            detail: serde_json::Value::Null,
            recorded_at: String::new(),
        };
        let w = Watch::new(WatchKind::Firm, "CLS");
        assert!(w.matches(&row("CLS Strategies")));
        assert!(!w.matches(&row("Chlopak, Leonard, Schechter")));
        assert!(!w.matches(&row("CLSX Partners")));
    }

    #[test]
    fn watched_changes_come_first_then_tables_in_order() {
        let mut doc = row(
            "documents",
            ChangeKind::Added,
            "u",
            Some(6766),
            "CLS Strategies",
        );
        doc.name = Some("Exhibit AB".into());
        let mut fp = row(
            "foreign_principals",
            ChangeKind::Added,
            "9",
            Some(7000),
            "Other Firm",
        );
        fp.country_code = Some("PE".into());
        fp.name = Some("Government of Peru".into());
        let rows = vec![
            doc,
            row(
                "registrants",
                ChangeKind::Terminated,
                "7000",
                Some(7000),
                "Other Firm",
            ),
            row(
                "registrants",
                ChangeKind::Added,
                "7001",
                Some(7001),
                "New Firm",
            ),
            fp,
        ];
        let watches = vec![
            Watch::new(WatchKind::Firm, "cls strategies llc"),
            Watch::new(WatchKind::Country, "PE"),
        ];
        let d = Digest::build(vec![2], rows, |r| watched_by(&watches, r));
        let order: Vec<(&str, &str)> = d
            .entries
            .iter()
            .map(|e| (e.row.table.as_str(), e.row.key.as_str()))
            .collect();
        assert_eq!(
            order,
            [
                ("foreign_principals", "9"),
                ("documents", "u"),
                ("registrants", "7001"),
                ("registrants", "7000"),
            ]
        );
        assert_eq!(d.entries[1].watched, ["firm: cls strategies llc"]);
        assert_eq!(d.entries[0].watched, ["country: PE"]);
        let md = d.markdown();
        let watched = md.find("## Watched").unwrap();
        let new = md.find("## New registrants").unwrap();
        let terminated = md.find("## Terminated registrants").unwrap();
        assert!(watched < new && new < terminated, "{md}");
        assert_eq!(d.counts["registrants"]["added"], 1);
    }
}
