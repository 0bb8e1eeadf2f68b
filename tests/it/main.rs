//! One integration-test binary (as ripgrep's `tests/tests.rs`): the crate and its heavy
//! dependencies (axum, reqwest, pdf-extract, scraper) are linked once for every area's tests
//! instead of once per file. Each module is one area; `common` is their shared support.

mod agreement_labels;
mod agreement_rows;
mod backfill;
mod changes;
mod cli;
mod common;
mod concurrency;
mod crash;
mod curated_takedowns;
mod disk_full;
mod document_text;
mod documents;
mod faults;
mod firms;
mod honest_ci;
mod hostile;
mod http_client;
mod identity;
mod leads;
mod links;
mod match_eval;
mod money;
mod ocr;
mod politeness;
mod real_bulk_parse;
mod real_fara;
mod real_meta;
mod regression;
mod search;
mod supplemental;
mod supplemental_labels;
mod sync_http;
mod takedowns;
mod takedowns_messy;
mod takedowns_meta;
mod takedowns_pages;
mod upstream_guard;
mod watch_names;
mod web;
mod web_browser;
