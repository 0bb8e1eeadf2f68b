//! Platform takedown records: what a platform said it removed, when, where, how big, and who
//! it attributed the network to.
//!
//! For: the takedown domain, parse to table. The parsers are pure (bytes in, [`Takedown`]s
//! out): `normalize` reads one hand-written value, `import` a whole file a person hands over,
//! `meta` Meta's threat-research repository and `newsroom` the platforms' announcement pages
//! (these two also fetch their files through [`crate::fetch::Fetcher`]); `phrases` holds the
//! template sentences both read. `store` writes the `takedowns` table and reads it back. Not
//! for: linking takedowns to registrants (`matcher`) or presenting them (`cmd`, `web`).

pub mod import;
pub mod meta;
pub mod newsroom;
pub mod normalize;
mod phrases;
pub mod record;
pub mod store;

pub use phrases::{AdSpend, SpendBound};
pub use record::Takedown;
