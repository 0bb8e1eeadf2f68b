//! The whole harvest of Meta's repository through a [`Fetcher`]: the listings, then each
//! listed file, a failed file recorded without stopping the others.
//!
//! For: [`fetch_meta`] and what it returns. Not for: parsing any one file (the sibling
//! modules) or storing the takedowns (`takedowns::store`).

use super::error::MetaError;
use super::index::{INDEX, IndexEntry, README, parse_index, parse_readme_index};
use super::indicator_csv::strip_bom;
use super::killchain::killchain_takedown;
use super::legacy::{legacy_from_json, legacy_takedown, parse_legacy_csv};
use super::summary::parse_summary_md;
use crate::fetch::{Fetched, Fetcher};
use crate::takedowns::Takedown;

/// Reads any indicator CSV named in `index.json`: the kill-chain layout gives counts, the
/// legacy layout a CIB marker.
fn index_csv_takedowns(
    entry: &IndexEntry,
    path: &str,
    bytes: &[u8],
) -> Result<Option<Takedown>, MetaError> {
    let first = String::from_utf8_lossy(strip_bom(bytes))
        .lines()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if first.starts_with("tactic") {
        let Some(mut t) = killchain_takedown(path, bytes)? else {
            return Ok(None);
        };
        t.takedown_id = entry.takedown_id();
        if let Some(d) = entry.announced_on() {
            t.announced_on = d;
        }
        t.source_url = Some(entry.source_url(path));
        return Ok(Some(t));
    }
    let ind = parse_legacy_csv(path, bytes)?;
    Ok(legacy_takedown(entry, &ind))
}

/// A file that could not be used, and why; the rest of the harvest is unaffected.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FileFailure {
    /// Path relative to the repository root.
    pub path: String,
    /// Why, naming the file (the error's message).
    pub reason: String,
}

/// Everything one [`fetch_meta`] run found.
#[derive(Debug, Default, serde::Serialize)]
pub struct MetaHarvest {
    /// The takedowns read, in listing order.
    pub takedowns: Vec<Takedown>,
    /// Files that failed (fetch error, layout change); nothing from them is in `takedowns`.
    pub failures: Vec<FileFailure>,
    /// Reports that are not influence-network takedowns (malware, hacking), with why.
    pub skipped: Vec<FileFailure>,
}

/// Reads Meta's repository through `fetcher` (base: the `meta` source, e.g.
/// `https://raw.githubusercontent.com/facebook/threat-research/main`): `index.json` and each
/// report's first CSV (or JSON), then `README.md`'s table and each network summary.
///
/// `index.json` is required: an error there (missing, HTTP error, layout change) is returned
/// and nothing is harvested. Any other file that fails is recorded in
/// [`MetaHarvest::failures`] with its path and reason, and the others continue.
pub async fn fetch_meta(fetcher: &Fetcher) -> Result<MetaHarvest, MetaError> {
    let index = get_body(fetcher, INDEX).await?;
    let entries = parse_index(&index)?;
    let mut h = MetaHarvest::default();
    for e in &entries {
        let (path, is_json) = match (e.csv_files.first(), e.json_files.first()) {
            (Some(p), _) => (p.clone(), false),
            (None, Some(p)) => (p.clone(), true),
            (None, None) => continue, // parse_index refuses these
        };
        let result = async {
            let bytes = get_body(fetcher, &path).await?;
            if is_json {
                legacy_from_json(e, &path, &bytes)
            } else {
                index_csv_takedowns(e, &path, &bytes)
            }
        }
        .await;
        match result {
            Ok(Some(t)) => h.takedowns.push(t),
            Ok(None) => h.skipped.push(FileFailure {
                path,
                reason: format!(
                    "{}: no indicator is marked CIB (not an influence-network takedown)",
                    e.id
                ),
            }),
            Err(err) => h.failures.push(FileFailure {
                path,
                reason: err.to_string(),
            }),
        }
    }
    let readme = match get_body(fetcher, README).await {
        Ok(b) => parse_readme_index(&String::from_utf8_lossy(&b)),
        Err(e) => Err(e),
    };
    match readme {
        Ok(list) => {
            for e in &list {
                let path = e.md_files[0].clone();
                let result = async {
                    let bytes = get_body(fetcher, &path).await?;
                    let text = std::str::from_utf8(&bytes).map_err(|err| MetaError::Malformed {
                        file: path.clone(),
                        message: format!("not UTF-8: {err}"),
                    })?;
                    parse_summary_md(text, e)
                }
                .await;
                match result {
                    Ok(ts) => h.takedowns.extend(ts),
                    Err(err) => h.failures.push(FileFailure {
                        path,
                        reason: err.to_string(),
                    }),
                }
            }
        }
        Err(err) => h.failures.push(FileFailure {
            path: README.into(),
            reason: err.to_string(),
        }),
    }
    Ok(h)
}

/// The body of `rel`, or why there is none.
async fn get_body(fetcher: &Fetcher, rel: &str) -> Result<bytes::Bytes, MetaError> {
    match fetcher.get(rel, None).await? {
        Fetched::Body { bytes, .. } => Ok(bytes),
        Fetched::Status { status, .. } => Err(MetaError::Status {
            location: fetcher.location(rel),
            status,
        }),
        Fetched::Missing => Err(MetaError::Missing {
            location: fetcher.location(rel),
        }),
        // We never send validators, so a 304 is a server bug; treat it as a failed fetch.
        Fetched::NotModified => Err(MetaError::Status {
            location: fetcher.location(rel),
            status: 304,
        }),
    }
}
