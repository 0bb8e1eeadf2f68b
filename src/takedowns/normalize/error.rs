//! Why a hand-written value could not be read.
//!
//! For: the one error type of the value readers (places, dates, counts, money); its message is
//! what a reject or `import_notes` says. Not for: a whole row or file (`takedowns::import`).

/// A value faralink could not read. Each message quotes the value; the caller keeps the rest
/// of the row (or rejects it when the value was required).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ValueError {
    /// Not a country, code, demonym or region faralink knows. Spell it as a country name or
    /// ISO code, or add it to `data/demonyms.csv` / `data/regions.csv`.
    #[error("unknown country {0:?}")]
    UnknownPlace(String),
    /// Not a date in a phrasing faralink reads; write it as `YYYY-MM-DD`.
    #[error("{0:?} is not a date (expected YYYY-MM-DD, MM/DD/YYYY or \"September 1, 2020\")")]
    NotADate(String),
    /// A year outside the years takedowns are reported in: a typo.
    #[error("{value:?} has year {year}, outside {min}..={max}")]
    YearOutOfRange {
        /// The date as written.
        value: String,
        /// The year read.
        year: i16,
        /// The earliest year accepted.
        min: i16,
        /// The latest year accepted.
        max: i16,
    },
    /// The day does not exist (`2020-02-30`).
    #[error("{0:?} is not a calendar date")]
    NotOnCalendar(String),
    /// A date with slashes that is not a US `MM/DD/YYYY` date; the message is
    /// [`crate::text::dates::us_date_to_iso`]'s, naming what is wrong.
    #[error(transparent)]
    NotUsDate(#[from] crate::text::dates::DateError),
    /// Not a count (`many`, `1,2`, `twenty-one`); write digits.
    #[error("{0:?} is not a count")]
    NotACount(String),
    /// Not an amount of money (`a lot`, `$`); write a number with its currency.
    #[error("{0:?} is not an amount of money")]
    NotMoney(String),
    /// Two different currencies in one amount (`$500 EUR`).
    #[error("{value:?} names two currencies ({first} and {second})")]
    TwoCurrencies {
        /// The amount as written.
        value: String,
        /// The currency before the number.
        first: &'static str,
        /// The currency after it.
        second: &'static str,
    },
}
