//! Why a match run, or a review of one link, failed.
//!
//! For: the matcher's one error type. Not for: a sync's failures (the sync's per-source error
//! wraps this one).

/// Errors of a match run or of a review.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MatchError {
    /// Reading the inputs or writing links failed; nothing was changed.
    #[error("database error while matching: {0}")]
    Db(#[from] rusqlite::Error),
    /// `review` named a link id that does not exist; `faralink links` lists the ids.
    #[error("no link with id {0}; `faralink links --min-score 0` lists every link id")]
    UnknownLink(i64),
}
