//! Platform takedown records: what a platform said it removed, when, where, how big, and who
//! it attributed the network to. Parsers here are pure (bytes in, [`Takedown`]s out:
//! `normalize`, `import` for files, `meta` and `newsroom` for the platforms' own
//! publications); storing them is `takedowns::store`'s job.

pub mod import;
pub mod meta;
pub mod newsroom;
pub mod normalize;
mod phrases;
pub mod record;
pub mod store;

pub use phrases::{AdSpend, SpendBound};
pub use record::Takedown;
