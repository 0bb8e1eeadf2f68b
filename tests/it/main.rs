//! One integration-test binary (as ripgrep's `tests/tests.rs`): the crate and its heavy
//! dependencies (axum, reqwest, pdf-extract, scraper) are linked once for every area's tests
//! instead of once per file. Each module is one area; `common` is their shared support.

mod agreement_labels;
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
mod hostile;
mod http_client;
mod links;
mod match_eval;
mod ocr;
mod real_bulk_parse;
mod real_fara;
mod real_meta;
mod regression;
mod search;
mod sync_http;
mod takedowns;
mod takedowns_meta;
mod takedowns_pages;
mod web;
mod web_browser;
