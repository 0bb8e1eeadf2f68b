//! The agreement field extractor (client, fee, term, scope) and the supplemental-statement
//! reader on arbitrary document text.
#![no_main]

use faralink::documents::{agreement, supplemental};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let fields = agreement::extract_agreement(&text);
    let _ = fields.evidence_json();
    let _ = fields.confidence();
    let _ = supplemental::read_statement(&text);
});
