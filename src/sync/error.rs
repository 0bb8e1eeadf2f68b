//! Why one source of a sync failed: one typed error per stage, each variant saying what
//! happened and what to do. A source's failure does not stop the run (the others go on); its
//! message goes to the summary and to `sync_runs.error`, and the variant lets the binary give
//! the right hint (a full disk) without reading the message.
//!
//! For: the failures of one source. Not for: errors that stop the whole run (see
//! [`super::SyncError`]).

use super::policy::Refused;

/// Why one source of a sync failed. Whatever the variant, the source's transaction rolled
/// back: it keeps the rows it had before this run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SourceError {
    /// The disk holding the database filled up while this source was read or stored. Free
    /// some space and run `sync` again; nothing is half-written.
    #[error("{context}{source}")]
    DiskFull {
        /// What was being done (`storing fara:registrants: `), or empty.
        context: String,
        /// SQLite's error (`SQLITE_FULL`).
        source: rusqlite::Error,
    },
    /// SQLite refused a read or a write of this source's rows (a locked, read-only or
    /// damaged database). Check the database with `faralink status` and run `sync` again.
    #[error("{context}{source}")]
    Database {
        /// What was being done (`committing fara:registrants: `), or empty.
        context: String,
        /// SQLite's error.
        source: rusqlite::Error,
    },
    /// A bulk file was refused before anything was written (no rows, too large a drop, or
    /// missing columns). If upstream really holds this, apply it with `sync --accept-drop`.
    #[error("{0}")]
    Refused(Refused),
    /// Upstream answered with a failure (an HTTP status, a file that cannot be read). Try
    /// again later; the message names the URL or the path.
    #[error("{0}")]
    Upstream(String),
    /// The request itself failed (network, timeout, `--from` file unreadable). Try again
    /// later; requests are retried before this is reported.
    #[error(transparent)]
    Fetch(#[from] crate::fetch::FetchError),
    /// A FARA API answer could not be parsed. DOJ may have changed its layout; the message
    /// names the URL.
    #[error(transparent)]
    Api(#[from] crate::fara::api::ApiError),
    /// The takedown records could not be stored.
    #[error(transparent)]
    Takedowns(#[from] crate::takedowns::store::StoreError),
    /// Meta's threat-research repository could not be read.
    #[error(transparent)]
    Meta(#[from] crate::takedowns::meta::MetaError),
    /// The matcher could not store its links; the links stay as they were.
    #[error(transparent)]
    Match(#[from] crate::matcher::MatchError),
    /// The documents stage failed (the variant says how). The documents already fetched
    /// are kept; the rest stay listed for the next sync.
    #[error(transparent)]
    Documents(#[from] crate::documents::DocumentsError),
}

impl SourceError {
    /// A database error, sorted into [`SourceError::DiskFull`] when SQLite says the disk is
    /// full. `context` is what was being done, or empty.
    pub fn db(context: impl Into<String>, e: rusqlite::Error) -> SourceError {
        let context = context.into();
        if is_disk_full(&e) {
            SourceError::DiskFull { context, source: e }
        } else {
            SourceError::Database { context, source: e }
        }
    }

    /// True when the disk holding the database is full, whichever stage found it.
    pub fn is_disk_full(&self) -> bool {
        match self {
            SourceError::DiskFull { .. } => true,
            SourceError::Documents(e) => e.is_disk_full(),
            other => {
                let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(other);
                while let Some(c) = cause {
                    if c.downcast_ref::<rusqlite::Error>()
                        .is_some_and(is_disk_full)
                    {
                        return true;
                    }
                    cause = c.source();
                }
                false
            }
        }
    }
}

impl From<rusqlite::Error> for SourceError {
    fn from(e: rusqlite::Error) -> SourceError {
        SourceError::db("", e)
    }
}

fn is_disk_full(e: &rusqlite::Error) -> bool {
    e.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull)
}
