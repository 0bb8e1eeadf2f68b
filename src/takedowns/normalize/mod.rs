//! The values takedown reports and datasets write by hand, turned into what the `takedowns`
//! table stores: places into ISO 3166-1 alpha-2 codes (or region text), dates into ISO 8601,
//! counts into integers and money into an amount, a currency and (for US dollars) USD.
//!
//! For: the cells of an import file or of a parsed platform report, one value at a time.
//! Pure: no I/O. Not for: splitting a whole row or deciding which column a value belongs to
//! (see `takedowns::import`), nor guessing: a value it cannot read is an `Err` with the reason
//! ([`ValueError`]), never a plausible default. A cell of places ([`places`]) never fails: what is not a place
//! faralink knows is kept as written, with the regions, and listed so the caller can warn.
//!
//! The facts live in data files, embedded at build time: `data/demonyms.csv` ("Iranian" → IR)
//! and `data/regions.csv` ("Latin America" is a region, not a country). Country names and
//! codes themselves come from [`crate::text::country::country_code`].
//!
//! Where each part lives: `place` (places and cells of places), `date`, `amount` (counts and
//! money), `error` ([`ValueError`]).

mod amount;
mod date;
mod error;
mod place;

pub use amount::{Money, count, money};
pub(crate) use date::MONTHS;
pub use date::date;
pub use error::ValueError;
pub use place::{Place, Places, place, places};
