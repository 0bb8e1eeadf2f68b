//! Platform takedown records: what a platform said it removed, when, where, how big, and who
//! it attributed the network to. Parsers here are pure (bytes in, [`Takedown`]s out:
//! `normalize`, `import`); storing them is `takedowns::store`'s job.

pub mod import;
pub mod normalize;
pub mod record;
pub mod store;

pub use record::Takedown;
