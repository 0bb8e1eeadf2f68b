//! What went wrong reading Meta's repository.
//!
//! For: the one error type of the `meta` parsers and fetch. Not for: how a sync reports it
//! (the sync's per-source error wraps it).

use crate::fetch::FetchError;

/// What went wrong reading Meta's repository.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MetaError {
    /// A file is not valid in its own format (JSON that does not parse, a broken CSV). The
    /// message names the file; re-run later or report it if upstream stays broken.
    #[error("{file}: {message}")]
    Malformed {
        /// The file, relative to the repository root.
        file: String,
        /// What the format's parser said.
        message: String,
    },
    /// A file parsed but lacks something we rely on: Meta changed the layout. Nothing from
    /// the file is used; the parser needs updating for the new layout.
    #[error("{file}: layout changed: {element} is missing")]
    Layout {
        /// The file, relative to the repository root.
        file: String,
        /// What is missing (a heading, a column, a table row's cell).
        element: String,
    },
    /// The request failed after its retries (network, timeouts, 5xx).
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// The server answered with a final non-success status.
    #[error("{location}: HTTP {status}")]
    Status {
        /// The URL (or path) asked for.
        location: String,
        /// The HTTP status.
        status: u16,
    },
    /// `--from DIR` has no such file: the source (or this network) is skipped, not failed.
    #[error("{location}: no such file in the local directory")]
    Missing {
        /// The path asked for.
        location: String,
    },
}
