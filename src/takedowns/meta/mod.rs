//! Meta's threat-research repository (github.com/facebook/threat-research): which networks Meta
//! took down, when, how big, and whom it attributed them to, read from the files the
//! repository publishes.
//!
//! The repository has three kinds of files we use, and two ways of listing them:
//! - `index.json` lists the 2020–2023 reports (id, `reported_ds`, the about.fb.com post, the
//!   indicator CSV/JSON paths). Its CSVs are plain indicator lists
//!   (`indicator_type,indicator_value,comment,ds`) with no counts; only the reports whose
//!   indicators are marked "CIB" are takedowns of influence networks (the rest are malware and
//!   hacking reports, reported as skipped).
//! - `README.md`'s "Published Threat Indicators" table lists the H2 2025+ network summaries
//!   (`indicators/meta-h1-2026-*.md`): Meta's own "Network Summary" paragraph, with the
//!   template sentences for counts, followers, ad spend and attribution.
//! - The Q1 2023 – H1 2026 kill-chain CSVs (`Tactic,Technique,Procedure,Indicator[,Notes]`)
//!   carry counts as rows ("0.9.1 Acquiring Facebook assets,21 accounts"). No file in the
//!   repository lists them, so [`fetch_meta`] reads one only when `index.json` names it;
//!   [`parse_killchain_csv`] and [`killchain_takedown`] read any you have.
//!
//! For: pure parsers (bytes in, [`Takedown`](crate::takedowns::Takedown)s out) and one fetch
//! through [`Fetcher`](crate::fetch::Fetcher). Not for: storing (`takedowns::store`), deciding
//! how a harvest's failures end a sync (`sync`), or matching takedowns to FARA registrants.
//!
//! Where each part lives: `index` (the two listings, [`IndexEntry`], [`Period`]), `summary`
//! (the Markdown network summaries), `killchain` (the kill-chain CSVs), `legacy` (the
//! 2020–2023 indicator files), `indicator_csv` (the CSV reading both layouts share), `fetch`
//! ([`fetch_meta`]: the whole harvest) and `error` ([`MetaError`]).

mod error;
mod fetch;
mod index;
mod indicator_csv;
mod killchain;
mod legacy;
mod summary;

pub use error::MetaError;
pub use fetch::{FileFailure, MetaHarvest, fetch_meta};
pub use index::{IndexEntry, PLATFORM, Period, REPO_BLOB_URL, parse_index, parse_readme_index};
pub use killchain::{KillchainFigures, killchain_takedown, parse_killchain_csv};
pub use legacy::{LegacyIndicators, legacy_takedown, parse_legacy_csv};
pub use summary::parse_summary_md;
