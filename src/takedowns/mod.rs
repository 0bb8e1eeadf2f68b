//! Platform takedown records: what a platform said it removed, when, where, how big, and who
//! it attributed the network to. Parsers here are pure (bytes in, [`Takedown`]s out); storing
//! them is `takedowns::store`'s job.

pub mod meta;
pub mod newsroom;
mod phrases;
pub mod record;

pub use phrases::{AdSpend, SpendBound};
pub use record::Takedown;
