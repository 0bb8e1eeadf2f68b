//! Where upstream bytes come from: the FARA site over HTTP (through the one polite client), or
//! a local directory laid out like it (`sync --from DIR`, the mirror layout of the contract).
//! Callers ask for a path relative to the FARA base and get bytes, "not modified", or "not
//! there"; they never build URLs or file paths themselves.
//!
//! For: one file's bytes and what the server said about them. Not for: parsing (see `fara`) or
//! deciding what a missing file means (see `sync`).

use std::path::{Component, Path, PathBuf};

use bytes::Bytes;
use sha2::{Digest, Sha256};
use url::Url;

use crate::http::{FetchLogEntry, FetchOutcome, HttpError, PoliteClient, Validators};

/// What came back for one relative path.
#[derive(Debug)]
pub enum Fetched {
    /// The content, with what the server said about it.
    Body {
        /// The bytes, whole.
        bytes: Bytes,
        /// Their SHA-256, hex.
        sha256: String,
        /// The server's `ETag`, if any.
        etag: Option<String>,
        /// The server's `Last-Modified`, if any.
        last_modified: Option<String>,
    },
    /// The server answered 304 to our conditional request: nothing to download or parse.
    NotModified,
    /// A final HTTP status other than success (404, 403, ...), with its body.
    Status {
        /// The HTTP status code.
        status: u16,
        /// The body the server sent with it.
        body: Bytes,
    },
    /// `--from DIR` has no such file: the source is skipped, not failed.
    Missing,
}

/// Errors getting bytes.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// The HTTP request failed after its retries; the message names the URL.
    #[error(transparent)]
    Http(#[from] HttpError),
    /// A file under `--from DIR` exists but could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why it could not be read.
        source: std::io::Error,
    },
    /// A relative path that would escape the base (`..`, absolute); a bug or a hostile listing.
    #[error("refusing path {0:?}: it is not a plain relative path under the FARA base")]
    BadPath(String),
}

/// The two ways to reach the FARA site.
#[derive(Clone)]
pub enum Fetcher {
    /// Over HTTP, politely, from a base URL (`--fara-url`).
    Http {
        /// The rate-limited, retrying client.
        client: PoliteClient,
        /// The base every relative path is joined to.
        base: Url,
    },
    /// From a local mirror directory (`--from DIR`).
    Dir(PathBuf),
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

impl Fetcher {
    /// Where `rel` (e.g. `bulk/zip/FARA_All_Registrants.csv.zip`) lives, for messages and logs.
    pub fn location(&self, rel: &str) -> String {
        match self {
            Fetcher::Http { base, .. } => {
                join_url(base, rel).map_or_else(|_| format!("{base}{rel}"), |u| u.to_string())
            }
            Fetcher::Dir(dir) => dir.join(strip_query(rel)).display().to_string(),
        }
    }

    /// True when reading a local directory: no validators, no politeness needed.
    pub fn is_local(&self) -> bool {
        matches!(self, Fetcher::Dir(_))
    }

    /// Gets `rel`, conditionally when `validators` are given and we talk HTTP.
    pub async fn get(
        &self,
        rel: &str,
        validators: Option<&Validators>,
    ) -> Result<Fetched, FetchError> {
        check_relative(rel)?;
        match self {
            Fetcher::Http { client, base } => {
                let url = join_url(base, rel).map_err(|_| FetchError::BadPath(rel.to_string()))?;
                Ok(match client.get(&url, validators).await? {
                    FetchOutcome::Fetched(b) => Fetched::Body {
                        sha256: b.sha256,
                        bytes: b.body,
                        etag: b.etag,
                        last_modified: b.last_modified,
                    },
                    FetchOutcome::NotModified => Fetched::NotModified,
                    FetchOutcome::Status { status, body } => Fetched::Status { status, body },
                })
            }
            Fetcher::Dir(dir) => {
                // The mirror has no query strings: `New?from=..&to=..` is the file `New`.
                let path = dir.join(strip_query(rel));
                match std::fs::read(&path) {
                    Ok(v) => Ok(Fetched::Body {
                        sha256: sha256_hex(&v),
                        bytes: Bytes::from(v),
                        etag: None,
                        last_modified: None,
                    }),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Fetched::Missing),
                    Err(source) => Err(FetchError::Read {
                        path: path.display().to_string(),
                        source,
                    }),
                }
            }
        }
    }

    /// The requests made so far (HTTP only), for `fetch_log`.
    pub fn take_log(&self) -> Vec<FetchLogEntry> {
        match self {
            Fetcher::Http { client, .. } => client.take_log(),
            Fetcher::Dir(_) => Vec::new(),
        }
    }
}

fn strip_query(rel: &str) -> &str {
    rel.split('?').next().unwrap_or(rel)
}

fn check_relative(rel: &str) -> Result<(), FetchError> {
    let p = Path::new(strip_query(rel));
    if rel.is_empty() || p.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(FetchError::BadPath(rel.to_string()));
    }
    Ok(())
}

/// Joins a relative path to the base, keeping any path prefix the base has
/// (`http://127.0.0.1:8080/mirror` + `bulk/x` → `http://127.0.0.1:8080/mirror/bulk/x`).
pub fn join_url(base: &Url, rel: &str) -> Result<Url, url::ParseError> {
    let mut b = base.clone();
    if !b.path().ends_with('/') {
        let p = format!("{}/", b.path());
        b.set_path(&p);
    }
    b.join(rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_keep_the_base_prefix() {
        let base = Url::parse("http://127.0.0.1:9/mirror").unwrap();
        assert_eq!(
            join_url(&base, "bulk/zip/a.zip").unwrap().as_str(),
            "http://127.0.0.1:9/mirror/bulk/zip/a.zip"
        );
        let base = Url::parse("https://efile.fara.gov").unwrap();
        assert_eq!(
            join_url(
                &base,
                "api/v1/Registrants/json/New?from=01-01-2025&to=02-01-2025"
            )
            .unwrap()
            .as_str(),
            "https://efile.fara.gov/api/v1/Registrants/json/New?from=01-01-2025&to=02-01-2025"
        );
    }

    #[test]
    fn refuses_paths_that_escape() {
        assert!(check_relative("../etc/passwd").is_err());
        assert!(check_relative("/etc/passwd").is_err());
        assert!(check_relative("bulk/zip/FARA_All_Registrants.csv.zip").is_ok());
    }

    #[tokio::test]
    async fn dir_reads_files_and_reports_missing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("api/v1")).unwrap();
        std::fs::write(dir.path().join("api/v1/New"), b"{}").unwrap();
        let f = Fetcher::Dir(dir.path().to_path_buf());
        assert!(matches!(
            f.get("api/v1/New?from=1&to=2", None).await.unwrap(),
            Fetched::Body { .. }
        ));
        assert!(matches!(
            f.get("api/v1/Other", None).await.unwrap(),
            Fetched::Missing
        ));
    }
}
