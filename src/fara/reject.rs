//! Why one FARA row could not be loaded. A rejected row is not a failed load: it goes to the
//! `rejects` table with its line (or index in an API response), its raw text and this reason
//! as text, and the rest of the file loads.
//!
//! For: [`RejectReason`], shared by the bulk files ([`super::bulk`], [`super::csvfix`]) and the
//! API ([`super::api`]). Not for: a file or response that cannot be read at all (see
//! [`super::bulk::BulkError`], [`super::api::ApiError`]).

/// Why a row was rejected. The message is what `rejects.reason` holds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RejectReason {
    /// The record's quoting is sound but it has another number of fields than the header:
    /// a line DOJ's exporter cut or glued. Read the raw text in `rejects`; the row is loaded
    /// once DOJ republishes it whole.
    #[error("expected {expected} fields, found {found}")]
    FieldCount {
        /// The header's number of columns.
        expected: usize,
        /// The fields the record splits into.
        found: usize,
    },
    /// A quote inside a field is not doubled and no repair (see `csvfix`) gives the header's
    /// number of fields between the `","` separators. Read the raw text in `rejects`.
    #[error(
        "unbalanced quotes; expected {expected} fields, found {found} between \",\" separators"
    )]
    UnbalancedSeparators {
        /// The header's number of columns.
        expected: usize,
        /// The pieces between `","` separators.
        found: usize,
    },
    /// A quote is never closed and the record is not quoted field by field: nothing tells
    /// where its fields are. Read the raw text in `rejects`.
    #[error("unbalanced quotes; could not find {expected} fields")]
    UnbalancedQuotes {
        /// The header's number of columns.
        expected: usize,
    },
    /// The row has no registration number, so it cannot be tied to a registrant. DOJ's own
    /// record is incomplete; nothing to do but report it.
    #[error("no registration number")]
    NoRegistrationNumber,
    /// The registration number is not a positive integer (`SPAIN` in the number column: a
    /// row whose columns DOJ shifted). Read the raw text in `rejects`.
    #[error("{column} {raw:?} is not a positive integer")]
    BadRegistrationNumber {
        /// The column as named in messages (`Registration Number`, `registration number`).
        column: &'static str,
        /// The value found.
        raw: String,
    },
    /// A value the row cannot be stored without is missing (an API principal without its
    /// name). DOJ's own record is incomplete; nothing to do but report it.
    #[error("no {field}")]
    Missing {
        /// What is missing, in words (`name`, `foreign principal name`).
        field: &'static str,
    },
    /// A date in an API row is neither `MM/DD/YYYY` nor `YYYY-MM-DD`: the API may have changed
    /// its date format. Read the raw row in `rejects`.
    #[error("{raw:?} is not a date (expected MM/DD/YYYY or YYYY-MM-DD)")]
    NotADate {
        /// The value found.
        raw: String,
    },
    /// A `MM/DD/YYYY` date in an API row that is no calendar date; `note` says why (from
    /// `dates`). Read the raw row in `rejects`.
    #[error(transparent)]
    BadDate(#[from] crate::text::dates::DateError),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `rejects.reason` stores these texts, and users filter on them: they are the strings
    /// earlier versions wrote, word for word.
    #[test]
    fn reasons_read_as_they_always_have() {
        let cases = [
            (
                RejectReason::FieldCount {
                    expected: 12,
                    found: 11,
                },
                "expected 12 fields, found 11",
            ),
            (
                RejectReason::UnbalancedSeparators {
                    expected: 12,
                    found: 13,
                },
                "unbalanced quotes; expected 12 fields, found 13 between \",\" separators",
            ),
            (
                RejectReason::UnbalancedQuotes { expected: 12 },
                "unbalanced quotes; could not find 12 fields",
            ),
            (RejectReason::NoRegistrationNumber, "no registration number"),
            (
                RejectReason::BadRegistrationNumber {
                    column: "Registration Number",
                    raw: "SPAIN".into(),
                },
                "Registration Number \"SPAIN\" is not a positive integer",
            ),
            (
                RejectReason::Missing {
                    field: "foreign principal name",
                },
                "no foreign principal name",
            ),
            (
                RejectReason::NotADate {
                    raw: "2026-13-01".into(),
                },
                "\"2026-13-01\" is not a date (expected MM/DD/YYYY or YYYY-MM-DD)",
            ),
        ];
        for (reason, text) in cases {
            assert_eq!(reason.to_string(), text);
        }
    }
}
