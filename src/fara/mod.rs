//! FARA data as DOJ publishes it, turned into typed records.
//!
//! For: the parse stage of the FARA source: the bulk CSV files ([`bulk`]), the JSON API ([`api`]) and the quoting
//! repairs they need ([`csvfix`]). Not for: fetching (no HTTP here) or storing (no SQLite
//! here); both live in their own stages and call into this one.

pub mod api;
pub mod bulk;
pub mod csvfix;
