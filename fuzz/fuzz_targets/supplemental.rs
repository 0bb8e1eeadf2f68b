//! The supplemental-statement reader (receipts, disbursements, contributions, the receipts
//! answer) on arbitrary document text.
#![no_main]

use faralink::documents::supplemental;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let s = supplemental::read_statement(&text);
    let _ = s.receipts_reported();
    for e in s.receipts.iter().chain(&s.disbursements).chain(&s.contributions) {
        assert!(e.amount.is_finite() && e.amount > 0.0);
        let _ = format!("{:?}", e.evidence);
    }
});
