#![warn(missing_docs)]
//! faralink: links Foreign Agents Registration Act (FARA) registrants and their foreign
//! principals to the influence networks that platforms take down.
//!
//! Data flows one way, and each module belongs to one stage:
//!
//! | stage | modules | what it does |
//! |---|---|---|
//! | fetch | [`http`], [`fetch`], [`sources`], [`lock`] | polite, resumable HTTP (or a `--from` mirror) for every remote source; one sync at a time |
//! | parse + store: FARA | [`fara`] | DOJ's bulk CSV zips and JSON API, read forgivingly; [`fara::store`] writes the FARA tables |
//! | parse + store: filings | [`documents`] | which filings to fetch, their files, text and OCR; [`documents::agreement`] (fee, term, scope, client) and [`documents::supplemental`] (receipts, disbursements, contributions) read them; [`documents::fields`] writes what they read |
//! | parse + store: takedowns | [`takedowns`] | platform reports (Meta, Google TAG, Twitter/X, researchers' files) normalised and stored |
//! | match | [`matcher`] | registrants and principals linked to takedowns, with a score and evidence; firms grouped across registrations; reviews kept |
//! | record | [`changes`], [`watch`] | what each sync changed, row by row; watchlists |
//! | orchestrate | [`sync`] | the stages in order: [`sync::policy`] decides (pure), the stages apply, [`sync::runs`] records |
//! | present | [`search`], [`dossier`], [`digest`], [`money`], [`country_view`], [`web`] | forgiving search, a firm's dossier, the changes digest, money totals, a country's representatives, the local web site |
//!
//! Under every stage: [`db`] (open, migrations, the reconcile engine every table is written
//! through) and [`text`] (pure helpers: name fingerprints, the one legal-form list and accent
//! fold, countries, DOJ's dates). The binary (`src/main.rs`, `src/cmd/`) parses the command
//! line, calls one entry point below, prints, and chooses the exit code; the library never
//! exits the process, and prints only the address [`web::serve`] announces.
//!
//! The entry points the binary uses most are re-exported here.

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

pub use db::{DbError, open, open_existing};
pub use dossier::{Dossier, DossierError};
pub use matcher::{DEFAULT_MIN_SCORE, MatchError};
pub use search::{SearchError, SearchOptions, Searcher};
pub use sync::{SyncError, SyncOptions, SyncSummary};
pub use web::{ServeError, serve};
