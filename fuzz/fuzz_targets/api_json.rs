//! The FARA JSON API parsers on arbitrary response bodies (DOJ's `{Success:false}` pseudo-JSON,
//! HTML error pages, truncated JSON, odd shapes).
#![no_main]

use faralink::fara::api;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = api::is_no_rows_body(data);
    let _ = api::rows(data, "fuzz");
    let _ = api::parse_registrants(data, "fuzz");
    let _ = api::parse_foreign_principals(data, "fuzz", 6766);
    let _ = api::parse_registrant_docs(data, "fuzz", 6766);
});
