//! faralink: links Foreign Agents Registration Act (FARA) registrants and their foreign
//! principals to the influence networks that platforms take down.
//!
//! Data flows one way: fetch (bytes) → parse (records) → store (SQLite) → match (links) →
//! present (CLI, web). Each module belongs to one of those stages.

pub mod changes;
pub mod country_view;
pub mod db;
pub mod digest;
pub mod documents;
pub mod dossier;
pub mod fara;
pub mod fetch;
pub mod http;
pub mod lock;
pub mod matcher;
pub mod money;
pub mod search;
pub mod sources;
pub mod sync;
pub mod takedowns;
pub mod text;
pub mod watch;
pub mod web;
