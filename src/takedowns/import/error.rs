//! Why a takedown file, or one row of it, could not be read.
//!
//! For: [`ImportError`] (the whole file) and [`RowError`] (one row, which becomes a reject).
//! Not for: a value of a loaded row that could not be read
//! ([`crate::takedowns::normalize::ValueError`], kept in `import_notes`).

use crate::takedowns::normalize::ValueError;

/// A file that cannot be read at all. Rows with problems are [`Reject`](super::Reject)s instead.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// The bytes are not UTF-8; save the file as UTF-8 and import it again.
    #[error("{file}: line {line}: not UTF-8 text; save the file as UTF-8")]
    NotUtf8 {
        /// The file as named on the command line.
        file: String,
        /// The line of the first byte that is not UTF-8.
        line: u64,
    },
    /// The file has no header line.
    #[error("{file}: empty file, expected a header line")]
    Empty {
        /// The file as named on the command line.
        file: String,
    },
    /// The CSV could not be split into records.
    #[error("{file}: line {line}: {message}")]
    Csv {
        /// The file as named on the command line.
        file: String,
        /// The line the CSV reader stopped at.
        line: u64,
        /// What the CSV reader said.
        message: String,
    },
    /// The header lacks columns the format needs; the message lists what it expects.
    #[error("{file}: line 1: the header lacks {missing}; expected the columns {expected}")]
    MissingColumns {
        /// The file as named on the command line.
        file: String,
        /// The columns missing, comma-separated.
        missing: String,
        /// The columns the format needs, comma-separated.
        expected: String,
    },
    /// The JSON is malformed.
    #[error("{file}: line {line}, column {column}: not valid JSON: {message}")]
    Json {
        /// The file as named on the command line.
        file: String,
        /// The line of the error.
        line: usize,
        /// The column of the error.
        column: usize,
        /// What the JSON parser said.
        message: String,
    },
    /// The JSON is valid but is not an array of objects.
    #[error("{file}: expected a JSON array of takedown objects, found {found}")]
    NotArray {
        /// The file as named on the command line.
        file: String,
        /// What the file holds instead (`an object`).
        found: &'static str,
    },
}

/// Why one row was rejected; its message is the reject's `reason`. Only the required columns
/// reject a row: any other value faralink cannot read is kept and noted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RowError {
    /// A required column (`takedown_id`, `platform`, `announced_on`) is empty: fill it.
    #[error("missing {0}")]
    Missing(&'static str),
    /// `announced_on` is not a date faralink reads: write it as `YYYY-MM-DD`.
    #[error("bad date in announced_on: {0}")]
    BadDate(ValueError),
    /// Several of the above, each named, so one look at the reject says all that is wrong.
    #[error("{}", join(.0))]
    Several(Vec<RowError>),
    /// A DFRLab FIAT record whose `case_hash` is empty, so it has no takedown id.
    #[error("{0} (FIAT case_hash is empty)")]
    NoFiatCaseHash(Box<RowError>),
}

impl RowError {
    /// One problem as itself, several as [`RowError::Several`]; `None` when there is none.
    pub(super) fn of(mut problems: Vec<RowError>) -> Option<RowError> {
        match problems.len() {
            0 => None,
            1 => problems.pop(),
            _ => Some(RowError::Several(problems)),
        }
    }
}

/// The problems' messages joined by `; `.
fn join(problems: &[RowError]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}
