//! Why the documents stage stopped: one typed error for the stage, each variant saying what
//! happened and what to do.
//!
//! For: the failures that end a step of the stage (fetching, reading text, OCR, reading
//! fields) and reach the sync's summary. Not for: why one document was skipped or could not
//! be read (see [`super::NotFaraDocument`] and [`super::text::ReadError`]): those are recorded
//! with that document and cost it alone.

use std::path::PathBuf;

/// Why a step of the documents stage stopped. Each document's outcome is committed on its
/// own, so whatever the variant, the documents already dealt with keep their rows; the rest
/// stay listed (or unread) for the next sync.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DocumentsError {
    /// The disk holding the database filled up while a document's outcome, text or fields
    /// were written. Free some space and run `sync` again; nothing is half-written.
    #[error("{context}{source}")]
    DiskFull {
        /// What was being done (`<url>: storing its receipts: `), or empty.
        context: String,
        /// SQLite's own error.
        source: rusqlite::Error,
    },
    /// SQLite refused a read or a write of `documents`, `agreements`, `payments`,
    /// `disbursements` or `contributions` (a locked, read-only or damaged database). Check the
    /// database with `faralink status` and run `sync` again.
    #[error("{context}{source}")]
    Database {
        /// What was being done (`<url>: storing its receipts: `), or empty.
        context: String,
        /// SQLite's own error.
        source: rusqlite::Error,
    },
    /// A downloaded PDF could not be written to the document store (`documents/` beside the
    /// database): a full disk, or a directory that cannot be written. Fix the directory named
    /// and run `sync` again; the document stays listed and is fetched again.
    #[error("storing {url} in {}: {source}", dir.display())]
    StoreFile {
        /// The document's listed URL.
        url: String,
        /// The document store.
        dir: PathBuf,
        /// The file system's error.
        source: std::io::Error,
    },
    /// Downloads failed on the network, after retries: the stage fails when no document
    /// could be fetched, and warns otherwise. Try again later: the documents stay listed and
    /// are retried by the next sync.
    #[error(
        "documents: {errors} downloads failed after retries; they stay listed and are retried next sync"
    )]
    DownloadsFailed {
        /// How many downloads failed.
        errors: u64,
    },
}

impl DocumentsError {
    /// A database error, sorted into [`DocumentsError::DiskFull`] when SQLite says the disk is
    /// full. `context` is what was being done, or empty.
    pub fn db(context: impl Into<String>, e: rusqlite::Error) -> DocumentsError {
        let context = context.into();
        if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull) {
            DocumentsError::DiskFull { context, source: e }
        } else {
            DocumentsError::Database { context, source: e }
        }
    }

    /// True when the disk holding the database or the document store is full.
    pub fn is_disk_full(&self) -> bool {
        match self {
            DocumentsError::DiskFull { .. } => true,
            DocumentsError::StoreFile { source, .. } => {
                source.kind() == std::io::ErrorKind::StorageFull
            }
            _ => false,
        }
    }
}

impl From<rusqlite::Error> for DocumentsError {
    fn from(e: rusqlite::Error) -> DocumentsError {
        DocumentsError::db("", e)
    }
}
