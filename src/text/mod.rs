//! Text helpers: the pure functions that turn the way people write names, countries and dates
//! into one comparable or storable form, and the one rule for text written out to CSV.
//!
//! For: every stage that reads or compares what someone else typed. The parsers (FARA bulk and
//! API, takedown imports) call [`dates`], [`country`] and [`names`]; the store indexes the
//! [`names`] parts; the matcher, search and watchlists compare names through [`fingerprint`];
//! every CSV faralink writes goes through [`csvsafe`]. Each fact lives here once: the
//! legal-form list (`data/legal_forms.csv`, read by [`fingerprint`]) and the country list
//! (`data/countries.csv`, read by [`country`]).
//!
//! Not for: anything that knows a table, a file or a network: nothing here does I/O or knows
//! a FARA record. Deciding whether two records are the same entity is the matcher's job;
//! these functions only put names in a form where that question can be asked.

pub mod country;
pub mod csvsafe;
pub mod dates;
pub mod fingerprint;
pub mod fold;
pub mod money;
pub mod names;
