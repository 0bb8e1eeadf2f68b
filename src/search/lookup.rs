//! The candidates each index returns for a query (registrant names, name parts, foreign
//! principals, takedowns, document text), each scored by [`similarity`] as it is read.
//!
//! For: the FTS5 queries. Not for: how a name is scored (`rank`) or the final order (`search`).

use std::collections::HashMap;

use rusqlite::params;

use super::query::{QueryWord, fts_expression};
use super::rank::similarity;
use super::{CANDIDATES, DOCUMENT_SCORE, Hit, HitKind, SearchError, SearchOptions, Searcher};

/// An index query that returned this many candidates is not followed by the looser one.
const ENOUGH: usize = 40;

impl Searcher<'_> {
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

    /// Registrants and foreign principals whose name, or a part of it (a former, trade or
    /// business name, an intermediary), fits the query: the best hit of each.
    pub(super) fn names(
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
            self.registrant_names(words, exprs, &mut registrants)?;
        }
        self.name_parts(
            words,
            exprs,
            (wants_r, wants_p),
            &mut registrants,
            &mut principals,
        )?;
        if wants_p {
            self.principal_names(words, exprs, &mut principals)?;
        }
        hits.extend(registrants.into_values());
        hits.extend(principals.into_values());
        Ok(())
    }

    /// Registrants by their name or business name (`registrants_fts`).
    fn registrant_names(
        &self,
        words: &[QueryWord],
        exprs: &[String],
        registrants: &mut HashMap<i64, Hit>,
    ) -> Result<(), SearchError> {
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
                keep_best(registrants, h.registration_number.unwrap_or(0), h);
            }
            if n >= ENOUGH {
                break;
            }
        }
        Ok(())
    }

    /// Registrants and principals by a part of a name (`name_parts_fts`: a former, trade or
    /// business name, an intermediary), for the kinds wanted (registrants, principals).
    fn name_parts(
        &self,
        words: &[QueryWord],
        exprs: &[String],
        (wants_r, wants_p): (bool, bool),
        registrants: &mut HashMap<i64, Hit>,
        principals: &mut HashMap<i64, Hit>,
    ) -> Result<(), SearchError> {
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
                    Some(id) => keep_best(principals, id, h),
                    None => keep_best(registrants, h.registration_number.unwrap_or(0), h),
                }
            }
            if n >= ENOUGH {
                break;
            }
        }
        Ok(())
    }

    /// Foreign principals by their name (`foreign_principals_fts`), a little below a
    /// registrant of the same name.
    fn principal_names(
        &self,
        words: &[QueryWord],
        exprs: &[String],
        principals: &mut HashMap<i64, Hit>,
    ) -> Result<(), SearchError> {
        const SQL: &str =
            "SELECT fp.id, fp.registration_number, fp.name, coalesce(r.name, fp.registrant_name),
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
                keep_best(principals, id, h);
            }
            if n >= ENOUGH {
                break;
            }
        }
        Ok(())
    }

    /// Takedowns by network name or by whom the platform attributed them to.
    pub(super) fn takedowns(
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
    pub(super) fn documents(
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
