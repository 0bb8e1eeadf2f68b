//! FARA data as DOJ publishes it: parsed into typed records, then stored in the FARA tables.
//!
//! For: the FARA source's parse stage, pure and free of HTTP and SQLite: the bulk CSV files
//! ([`bulk`]), the JSON API ([`api`]) and the quoting repairs they need ([`csvfix`]); and its
//! store stage ([`store`]): every write to `registrants`, `foreign_principals`, `short_forms`,
//! `documents` and `name_parts`. Not for: fetching (see `fetch`, `sync`), the generic
//! reconcile engine the store uses (see `db::reconcile`), or what is read out of the filed
//! documents (see `documents`, `agreement`).

pub mod api;
pub mod bulk;
pub mod csvfix;
mod reject;
pub mod store;

pub use reject::RejectReason;
