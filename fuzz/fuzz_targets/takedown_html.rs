//! The platforms' newsroom pages (Meta's CIB reports, Google TAG bulletins) as HTML.
#![no_main]

use faralink::takedowns::newsroom;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(html) = std::str::from_utf8(data) else {
        return;
    };
    let _ = newsroom::parse_newsroom_post(html, "https://about.fb.com/news/2020/09/fuzz/");
    let _ = newsroom::parse_tag_bulletin(html, "https://blog.google/threat-analysis-group/fuzz/");
});
