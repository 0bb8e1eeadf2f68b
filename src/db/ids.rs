//! Stable row ids for rows their source gives no id of its own (FARA's foreign principals and
//! short forms), and the one width every stored hash is cut to.
//!
//! An id is a hash of what identifies the row, its *natural key* (built by the domain: for a
//! FARA principal, `fara::store` joins the registration number, the name as a person would
//! compare it ([`name_key`]: quoting, spacing and letter case do not count) and the date). DOJ re-quotes and re-cases names between exports (`House of 4711""`
//! became `House of "4711"`, "WIse" became "Wise"); a key over the name as filed made such a
//! row look removed and added again, with its links and their reviews left behind. With the
//! name key the row keeps its id and the change is reported as what it is: a changed name.
//!
//! Several rows can share a natural key (a principal listed twice under one registration with
//! the same date, but different addresses: 4 pairs in DOJ's 2025 file). They are numbered in
//! the order of the hash of their settled columns (country and address, not the termination
//! date, so terminating one of them does not swap their ids), then of their whole content;
//! not in file order, so that a file DOJ re-sorted (the 2023 and 2025 files list principals in
//! different orders) gives every row the id it had, and the
//! migration that rewrote older ids (`migrations/0009_json_safe_ids.sql`, through the SQL
//! functions [`register_functions`] adds) computes exactly what a load computes.
//!
//! Every id and hash is cut to 53 bits: JavaScript, jq and Datasette read JSON numbers as
//! doubles, and 17,338 of the 17,358 63-bit principal ids came back changed from that trip.
//! 53-bit ids collide with probability ~2e-8 among FARA's ~20,000 rows; a collision within
//! one file is resolved deterministically by re-hashing.
//!
//! For: [`name_key`], [`assign`], [`json_safe`] and the SQL functions the migrations use.
//! Not for: which columns make a natural key (the domain's `store`), links (their ids are
//! SQLite's sequence; their natural key is `Link::key`) or documents (keyed by URL).

use std::collections::HashSet;

use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;
use rusqlite::types::Value;
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// The widest integer a JSON reader that uses doubles keeps exactly: 2^53 - 1.
pub const JSON_SAFE_MAX: i64 = (1 << 53) - 1;

/// Cuts a 64-bit hash to [`JSON_SAFE_MAX`].
pub fn json_safe(hash: u64) -> i64 {
    (hash & JSON_SAFE_MAX as u64) as i64
}

/// A name as row identity compares it: lower case, without blanks and without quote marks.
/// `House of 4711""`, `House of "4711"` and `house of 4711` are one name.
pub fn name_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace() && !is_quote(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '`' | '\u{2018}' | '\u{2019}' | '\u{201c}' | '\u{201d}' | '\u{201e}'
    )
}

/// The id of the `occurrence`-th (1-based) row with natural key `natural`, re-hashed with
/// `salt` after a collision.
pub fn stable_id(natural: &str, occurrence: u32, salt: u32) -> i64 {
    let seed = u64::from(occurrence) | (u64::from(salt) << 32);
    json_safe(xxh3_64_with_seed(natural.as_bytes(), seed))
}

/// The ids of rows given as (natural key, hash of the settled columns, content hash), in the
/// same order. Rows sharing a natural key are numbered by the two hashes, then by position
/// (identical rows are interchangeable).
pub fn assign(rows: &[(String, i64, i64)]) -> Vec<i64> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_unstable_by(|&a, &b| rows[a].cmp(&rows[b]).then(a.cmp(&b)));
    let mut ids = vec![0; rows.len()];
    let mut used = HashSet::with_capacity(rows.len());
    let mut occurrence = 0;
    let mut previous: Option<&str> = None;
    for i in order {
        let natural = rows[i].0.as_str();
        occurrence = if previous == Some(natural) {
            occurrence + 1
        } else {
            1
        };
        previous = Some(natural);
        let mut salt = 0;
        ids[i] = loop {
            let id = stable_id(natural, occurrence, salt);
            if used.insert(id) {
                break id;
            }
            salt += 1;
        };
    }
    ids
}

/// Adds the SQL functions the migrations compute ids with: `faralink_name_key(name)`,
/// `faralink_row_id(natural_key, occurrence)`, `faralink_json_safe(integer)` and
/// `faralink_hash(value, ...)` (the hash a load computes over those values).
pub fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("faralink_name_key", 1, flags, |ctx| {
        Ok(ctx.get::<Option<String>>(0)?.map(|n| name_key(&n)))
    })?;
    conn.create_scalar_function("faralink_row_id", 2, flags, |ctx| {
        let natural: String = ctx.get(0)?;
        let occurrence: i64 = ctx.get(1)?;
        Ok(stable_id(
            &natural,
            u32::try_from(occurrence).unwrap_or(u32::MAX),
            0,
        ))
    })?;
    conn.create_scalar_function("faralink_json_safe", 1, flags, |ctx| {
        Ok(ctx.get::<Option<i64>>(0)?.map(|h| json_safe(h as u64)))
    })?;
    conn.create_scalar_function("faralink_hash", -1, flags, |ctx| {
        let values = (0..ctx.len())
            .map(|i| ctx.get::<rusqlite::types::Value>(i))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(hash_values(&values))
    })?;
    Ok(())
}

/// A hash of a row's content, to tell a changed row from an unchanged one without reading it
/// back. Stable across faralink versions (xxh3 is a fixed algorithm), unlike std's hasher: the
/// xxh3 of the values' bytes, each tagged with its type and, for text and blobs, its length,
/// cut to 53 bits like every stored integer ([`json_safe`]). The bytes go into one buffer
/// hashed at once (the same hash as feeding them to a streaming hasher piece by piece, at a
/// third of the cost: measured with callgrind).
pub fn hash_values(values: &[Value]) -> i64 {
    thread_local! {
        static BYTES: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BYTES.with_borrow_mut(|b| {
        b.clear();
        for v in values {
            match v {
                Value::Null => b.push(0),
                Value::Integer(i) => {
                    b.push(1);
                    b.extend_from_slice(&i.to_le_bytes());
                }
                Value::Real(r) => {
                    b.push(2);
                    b.extend_from_slice(&r.to_le_bytes());
                }
                Value::Text(t) => {
                    b.push(3);
                    b.extend_from_slice(&(t.len() as u64).to_le_bytes());
                    b.extend_from_slice(t.as_bytes());
                }
                Value::Blob(x) => {
                    b.push(4);
                    b.extend_from_slice(&(x.len() as u64).to_le_bytes());
                    b.extend_from_slice(x);
                }
            }
        }
        json_safe(xxh3_64(b))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn re_quoted_re_spaced_and_re_cased_names_are_one_key() {
        assert_eq!(name_key("House of 4711\"\""), name_key("House of \"4711\""));
        assert_eq!(name_key("WIse  Holdings "), name_key("Wise Holdings"));
        assert_eq!(name_key("‘Ministry’"), name_key("'Ministry'"));
        assert_ne!(
            name_key("Ministry of Trade"),
            name_key("Ministry of Tourism")
        );
    }

    #[test]
    fn ids_fit_in_53_bits_and_do_not_depend_on_file_order() {
        // Natural keys as `fara::store` builds a principal's: registration|name key|date.
        let rows = vec![
            (format!("7|{}|2020-01-01", name_key("A")), 5, 1),
            (format!("7|{}|2020-01-01", name_key("A")), 3, 2),
            (format!("7|{}|", name_key("B")), 9, 3),
        ];
        let ids = assign(&rows);
        assert!(ids.iter().all(|&i| (0..=JSON_SAFE_MAX).contains(&i)));
        let mut reversed = rows.clone();
        reversed.reverse();
        let mut again = assign(&reversed);
        again.reverse();
        assert_eq!(ids, again);
        // The lower hash of the settled columns is the first occurrence.
        assert_eq!(ids[1], stable_id(&rows[1].0, 1, 0));
        assert_eq!(ids[0], stable_id(&rows[0].0, 2, 0));
    }
}
