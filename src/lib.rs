//! faralink: links Foreign Agents Registration Act (FARA) registrants and their foreign
//! principals to the influence networks that platforms take down.
//!
//! Data flows one way: fetch (bytes) → parse (records) → store (SQLite) → match (links) →
//! present (CLI, web). Each module belongs to one of those stages.

pub mod agreement;
pub mod changes;
pub mod country;
pub mod country_view;
pub mod csvsafe;
pub mod dates;
pub mod db;
pub mod digest;
pub mod documents;
pub mod dossier;
pub mod fara;
pub mod fetch;
pub mod filed_text;
pub mod fingerprint;
pub mod http;
pub mod lock;
pub mod matcher;
pub mod money;
pub mod names;
pub mod pdftext;
pub mod search;
pub mod sources;
pub mod store;
pub mod supplemental;
pub mod sync;
pub mod takedowns;
pub mod watch;
pub mod web;
